"""The knowledge base and the per-locale wording, loaded once from the package's data files.

The files are read through ``importlib.resources`` so the skill works from a wheel, a Lambda
zip or a checkout alike. Validation against the JSON Schemas lives in ``skill.validate``:
it needs ``jsonschema``, which the Lambda cold path must not pay for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache, cached_property
from importlib import resources
from typing import Any, NamedTuple

DEFAULT_LOCALE = "en-US"


def data_file(*parts: str) -> Any:
    """A traversable for a file under ``skill/data`` (works inside zips too)."""
    node = resources.files("skill").joinpath("data")
    for part in parts:
        node = node.joinpath(part)
    return node


def read_json(node: Any) -> Any:
    with node.open("r", encoding="utf-8") as handle:
        return json.load(handle)


class Cause(NamedTuple):
    id: str
    name: str
    short: str
    long: str
    prevention: tuple[str, ...]
    sources: tuple[str, ...]
    see_doctor: bool


class Question(NamedTuple):
    """One question of the flow; ``only_if`` and ``ends`` speak in answer categories."""

    id: str
    stage: str
    answer: str
    recheck: bool
    only_if: Mapping[str, str]
    ends: Mapping[str, str]
    unknown_warning: str | None
    weights: Mapping[str, Mapping[str, float]]


@dataclass(frozen=True)
class Knowledge:
    causes: tuple[Cause, ...]
    questions: tuple[Question, ...]
    red_flag_levels: Mapping[str, str]
    sources: Mapping[str, Mapping[str, str]]
    likely: float
    possible: float
    max_causes: int
    low_below_glasses: float
    max_glasses: float
    glasses_per_unit: Mapping[str, float]
    general_prevention: tuple[str, ...]
    relief_steps: tuple[str, ...]
    relief_notes: tuple[str, ...]
    relief_sources: tuple[str, ...]
    see_doctor_text: str
    see_doctor_sources: tuple[str, ...]

    def cause(self, cause_id: str | None) -> Cause | None:
        return self._causes_by_id.get(cause_id or "")

    def question(self, question_id: str) -> Question:
        return self._questions_by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._questions_by_id

    @cached_property
    def _causes_by_id(self) -> dict[str, Cause]:
        return {cause.id: cause for cause in self.causes}

    @cached_property
    def _questions_by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions}


def build_knowledge(raw: Mapping[str, Any]) -> Knowledge:
    """Turn the parsed ``knowledge.json`` into immutable objects (the schema has vouched for it)."""
    causes = tuple(
        Cause(
            id=c["id"],
            name=c["name"],
            short=c["short"],
            long=c["long"],
            prevention=tuple(c["prevention"]),
            sources=tuple(c["sources"]),
            see_doctor=bool(c["see_doctor"]),
        )
        for c in raw["causes"]
    )
    questions = tuple(
        Question(
            id=q["id"],
            stage=q["stage"],
            answer=q["answer"],
            recheck=bool(q.get("recheck", False)),
            only_if=dict(q.get("only_if", {})),
            ends=dict(q.get("ends", {})),
            unknown_warning=q.get("unknown_warning"),
            weights={k: dict(v) for k, v in q.get("weights", {}).items()},
        )
        for q in raw["questions"]
    )
    scoring = raw["scoring"]
    hydration = raw["hydration"]
    return Knowledge(
        causes=causes,
        questions=questions,
        red_flag_levels={flag["id"]: flag["level"] for flag in raw["red_flags"]},
        sources=raw["sources"],
        likely=float(scoring["likely"]),
        possible=float(scoring["possible"]),
        max_causes=int(scoring["max_causes"]),
        low_below_glasses=float(hydration["low_below_glasses"]),
        max_glasses=float(hydration["max_glasses"]),
        glasses_per_unit=dict(hydration["glasses_per_unit"]),
        general_prevention=tuple(raw["general_prevention"]),
        relief_steps=tuple(raw["relief"]["steps"]),
        relief_notes=tuple(raw["relief"]["notes"]),
        relief_sources=tuple(raw["relief"]["sources"]),
        see_doctor_text=raw["see_doctor"]["text"],
        see_doctor_sources=tuple(raw["see_doctor"]["sources"]),
    )


@cache
def knowledge() -> Knowledge:
    """The packaged knowledge base, parsed on first use and shared by every request."""
    return build_knowledge(read_json(data_file("knowledge.json")))


@cache
def available_locales() -> frozenset[str]:
    return frozenset(
        entry.name.removesuffix(".json")
        for entry in data_file("wording").iterdir()
        if entry.name.endswith(".json")
    )


def resolve_locale(locale: str | None) -> str:
    """The wording locale for a request: exact match, else en-US (any other English too)."""
    if isinstance(locale, str) and locale in available_locales():
        return locale
    return DEFAULT_LOCALE


@cache
def wording(locale: str = DEFAULT_LOCALE) -> Mapping[str, Any]:
    """Spoken text for one locale; unknown locales get en-US rather than an error."""
    return read_json(data_file("wording", f"{resolve_locale(locale)}.json"))


def respell(text: str, spelling: Mapping[str, str]) -> str:
    """Local spelling ("diarrhea" -> "diarrhoea"), keeping a capital first letter."""
    for word, local in spelling.items():
        text = re.sub(rf"\b{word}\b", local, text)
        text = re.sub(rf"\b{word.capitalize()}\b", local.capitalize(), text)
    return text


@cache
def knowledge_for(locale: str) -> Knowledge:
    """The knowledge base in the locale's spelling; the medical content is the same."""
    spelling = wording(locale).get("spelling") or {}
    kb = knowledge()
    if not spelling:
        return kb

    def local(texts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(respell(text, spelling) for text in texts)

    causes = tuple(
        cause._replace(
            name=respell(cause.name, spelling),
            short=respell(cause.short, spelling),
            long=respell(cause.long, spelling),
            prevention=local(cause.prevention),
        )
        for cause in kb.causes
    )
    return replace(
        kb,
        causes=causes,
        general_prevention=local(kb.general_prevention),
        relief_steps=local(kb.relief_steps),
        relief_notes=local(kb.relief_notes),
        see_doctor_text=respell(kb.see_doctor_text, spelling),
    )
