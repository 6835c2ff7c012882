"""The knowledge base and the per-locale wording, loaded once from the package's data files.

The files are found relative to the package, never the working directory, so the skill works
from a wheel, a Lambda zip or a checkout alike. Validation against the JSON Schemas lives in
``skill.validate``: it needs ``jsonschema``, which the Lambda cold path must not pay for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache, cached_property
from pathlib import Path
from typing import Any, NamedTuple

DEFAULT_LOCALE = "en-US"


# The package that holds ``core`` and ``data``: ``skill`` in this repository, or wherever a
# front end vendors it (``custom_components.thigh_cramp_helper.assessment`` in Home Assistant),
# so the same file finds its data under either name.
PACKAGE = __name__.rsplit(".", 2)[0]


def data_file(*parts: str) -> Any:
    """A traversable for a file under the package's ``data`` (works inside zips too)."""
    node = _data_root()
    for part in parts:
        node = node.joinpath(part)
    return node


@cache
def _data_root() -> Any:
    """The ``data`` folder. Installed as files (a wheel, Lambda, Home Assistant), that is the
    very ``pathlib.Path`` that ``importlib.resources.files`` would return; only a package
    imported from a zip needs ``importlib.resources`` itself, whose imports (zipfile,
    tempfile, lzma, bz2: about 3 ms) every Lambda cold start would otherwise pay."""
    folder = Path(__file__).resolve().parent.parent / "data"
    if folder.is_dir():
        return folder
    from importlib import resources

    return resources.files(PACKAGE).joinpath("data")


def read_json(node: Any) -> Any:
    with node.open("r", encoding="utf-8") as handle:
        return json.load(handle)


Conditions = Mapping[str, tuple[str, ...]]  # question id -> the answer categories that fit


class Step(NamedTuple):
    """A prevention step; ``only_if`` keeps advice such as "replace salt" to those it fits."""

    text: str
    only_if: Conditions
    unless_mentioned: tuple[str, ...] = ()  # "drink more" is no advice on dialysis


class Cause(NamedTuple):
    id: str
    name: str
    short: str
    long: str
    prevention: tuple[Step, ...]
    sources: tuple[str, ...]
    see_doctor: bool
    contributing_only: bool  # weak evidence: "might add to", never "most likely"


class Flag(NamedTuple):
    """A red flag: its urgency, and the screening question that asks about it (if any)."""

    id: str
    level: str
    question: str | None


class Condition(NamedTuple):
    """Something a person may mention (pregnancy, kidney disease): a reason to see a doctor."""

    id: str
    weights: Mapping[str, float]


class Question(NamedTuple):
    """One question of the flow; ``only_if`` and ``ends`` speak in answer categories."""

    id: str
    stage: str
    answer: str
    recheck: bool
    only_if: Conditions
    ends: Mapping[str, str]
    unknown_warning: str | None
    weights: Mapping[str, Mapping[str, float]]
    doctor: Mapping[str, str]  # answer category -> a reason to see a doctor soon
    level: str | None = None  # the urgency of a screening question whose "yes" asks more


class Knowledge:
    """Read-only once built. A plain class, not a frozen dataclass: building that class costs
    every Lambda cold start about a millisecond."""

    def __init__(
        self,
        *,
        causes: tuple[Cause, ...],
        questions: tuple[Question, ...],
        flags: Mapping[str, Flag],
        conditions: Mapping[str, Condition],
        sources: Mapping[str, Mapping[str, str]],
        likely: float,
        possible: float,
        max_causes: int,
        low_below_glasses: float,
        max_glasses: float,
        glasses_per_unit: Mapping[str, float],
        general_prevention: tuple[str, ...],
        relief_steps: tuple[str, ...],
        relief_notes: tuple[str, ...],
        relief_sources: tuple[str, ...],
        see_doctor_text: str,
        see_doctor_sources: tuple[str, ...],
    ) -> None:
        self.causes = causes
        self.questions = questions
        self.flags = flags
        self.conditions = conditions
        self.sources = sources
        self.likely = likely
        self.possible = possible
        self.max_causes = max_causes
        self.low_below_glasses = low_below_glasses
        self.max_glasses = max_glasses
        self.glasses_per_unit = glasses_per_unit
        self.general_prevention = general_prevention
        self.relief_steps = relief_steps
        self.relief_notes = relief_notes
        self.relief_sources = relief_sources
        self.see_doctor_text = see_doctor_text
        self.see_doctor_sources = see_doctor_sources

    def cause(self, cause_id: str | None) -> Cause | None:
        return self._causes_by_id.get(cause_id or "")

    def question(self, question_id: str) -> Question:
        return self._questions_by_id[question_id]

    @property
    def questions_by_id(self) -> Mapping[str, Question]:
        return self._questions_by_id

    def has_question(self, question_id: str) -> bool:
        return question_id in self._questions_by_id

    @cached_property
    def _causes_by_id(self) -> dict[str, Cause]:
        return {cause.id: cause for cause in self.causes}

    @cached_property
    def question_levels(self) -> dict[str, str]:
        """The urgency a "yes" carries, for each red-flag question."""
        levels = {q.id: self.flags[q.ends["yes"]].level for q in self.questions if "yes" in q.ends}
        levels.update({q.id: q.level for q in self.questions if q.level})
        return levels

    @cached_property
    def _questions_by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions}


def conditions_of(raw: Mapping[str, Any] | None) -> Conditions:
    """``{"q": "yes"}`` or ``{"q": ["no", "unknown"]}``: each as a tuple of categories."""
    return {
        key: (value,) if isinstance(value, str) else tuple(value)
        for key, value in (raw or {}).items()
    }


def _step(raw: str | Mapping[str, Any], texts: Mapping[str, str] | None) -> Step:
    """A prevention step by its id; its words come from the language's wording."""
    spec: Mapping[str, Any] = {"id": raw} if isinstance(raw, str) else raw
    return Step(
        texts[spec["id"]] if texts is not None else spec["id"],
        conditions_of(spec.get("only_if")),
        tuple(spec.get("unless_mentioned", ())),
    )


def _shown(
    source_ids: Any, sources: Mapping[str, Mapping[str, str]], language: str | None
) -> tuple[str, ...]:
    """The sources for one language's readers: those in every language, and that language's own
    (MedlinePlus en español beside the English sources that the Spanish text also follows)."""
    return tuple(
        sid
        for sid in source_ids
        if language is None or sources[sid].get("language") in (None, language)
    )


def build_knowledge(
    raw: Mapping[str, Any], text: Mapping[str, Any] | None = None, language: str | None = None
) -> Knowledge:
    """Turn the parsed ``knowledge.json`` into immutable objects (the schema has vouched for it).

    ``knowledge.json`` holds what every language shares: ids, branches, weights, sources. The
    words (cause names and explanations, steps, relief, when to see a doctor) are the
    ``knowledge`` section of a language's wording, passed as ``text``. Without it the texts
    are the ids themselves: the structure, never meant to be spoken.
    """
    sources: Mapping[str, Mapping[str, str]] = raw["sources"]
    words: Mapping[str, Any] = text or {}
    cause_words: Mapping[str, Any] = words.get("causes", {})

    def said(cause_id: str, key: str) -> str:
        return str(cause_words[cause_id][key]) if text is not None else cause_id

    causes = tuple(
        Cause(
            id=c["id"],
            name=said(c["id"], "name"),
            short=said(c["id"], "short"),
            long=said(c["id"], "long"),
            prevention=tuple(
                _step(step, cause_words[c["id"]]["prevention"] if text is not None else None)
                for step in c["prevention"]
            ),
            sources=_shown(c["sources"], sources, language),
            see_doctor=bool(c["see_doctor"]),
            contributing_only=bool(c.get("contributing_only", False)),
        )
        for c in raw["causes"]
    )
    questions = tuple(
        Question(
            id=q["id"],
            stage=q["stage"],
            answer=q["answer"],
            recheck=bool(q.get("recheck", False)),
            only_if=conditions_of(q.get("only_if")),
            ends=dict(q.get("ends", {})),
            unknown_warning=q.get("unknown_warning"),
            weights={k: dict(v) for k, v in q.get("weights", {}).items()},
            doctor=dict(q.get("doctor", {})),
            level=q.get("level"),
        )
        for q in raw["questions"]
    )
    scoring = raw["scoring"]
    hydration = raw["hydration"]
    relief = words.get("relief", {})
    return Knowledge(
        causes=causes,
        questions=questions,
        flags={f["id"]: Flag(f["id"], f["level"], f.get("question")) for f in raw["red_flags"]},
        conditions={
            c["id"]: Condition(c["id"], dict(c.get("weights", {}))) for c in raw["conditions"]
        },
        sources=sources,
        likely=float(scoring["likely"]),
        possible=float(scoring["possible"]),
        max_causes=int(scoring["max_causes"]),
        low_below_glasses=float(hydration["low_below_glasses"]),
        max_glasses=float(hydration["max_glasses"]),
        glasses_per_unit=dict(hydration["glasses_per_unit"]),
        general_prevention=tuple(words.get("general_prevention", ())),
        relief_steps=tuple(relief.get("steps", ())),
        relief_notes=tuple(relief.get("notes", ())),
        relief_sources=_shown(raw["relief"]["sources"], sources, language),
        see_doctor_text=str(words.get("see_doctor", "")),
        see_doctor_sources=_shown(raw["see_doctor"]["sources"], sources, language),
    )


@cache
def _raw_knowledge() -> Mapping[str, Any]:
    raw: Mapping[str, Any] = read_json(data_file("knowledge.json"))
    return raw


@cache
def knowledge() -> Knowledge:
    """The structure every language shares (ids, branches, weights, sources), parsed on first
    use; its texts are ids. What is spoken comes from ``knowledge_for(locale)``."""
    return build_knowledge(_raw_knowledge())


_COUNTRY_FILE = re.compile(r"^[a-z]{2}-[A-Z]{2}\.json$")


@cache
def available_locales() -> frozenset[str]:
    """Locales with a country overlay (``en-GB.json``); the language file alone is no locale."""
    return frozenset(
        entry.name.removesuffix(".json")
        for entry in data_file("wording").iterdir()
        if _COUNTRY_FILE.match(entry.name)
    )


def merge(base: Mapping[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    """``overlay`` over ``base``, object by object: a country file holds only what differs."""
    merged = dict(base)
    for key, value in overlay.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), Mapping):
            merged[key] = merge(base[key], value)
        else:
            merged[key] = value
    return merged


@cache
def wording_keys() -> frozenset[str]:
    """What wording exists: languages (``en``) and country overlays (``en-GB``)."""
    return frozenset(
        entry.name.removesuffix(".json")
        for entry in data_file("wording").iterdir()
        if entry.name.endswith(".json")
    )


def resolve_locale(locale: str | None) -> str:
    """A wording key as it is ("en", "en-GB"), else en-US; ``skill.core.locale.resolve``
    reads every other way of writing a language tag."""
    if isinstance(locale, str) and locale in wording_keys():
        return locale
    return DEFAULT_LOCALE


def wording(locale: str = DEFAULT_LOCALE) -> Mapping[str, Any]:
    """Spoken text for a wording key; anything else gets en-US rather than an error."""
    return _wording(resolve_locale(locale))


@cache
def _wording(key: str) -> Mapping[str, Any]:
    """Cached by the wording key only, so raw input cannot grow the cache. A country
    overlay also carries its country's emergency number (``countries.json``)."""
    language, _, country = key.partition("-")
    merged = read_json(data_file("wording", f"{language}.json"))
    if country:
        merged = merge(merged, read_json(data_file("wording", f"{key}.json")))
        number = read_json(data_file("countries.json"))["countries"].get(country)
        if number is not None:
            merged["emergency_number"] = number["number"]
    spelled: Mapping[str, Any] = respelled(merged, merged.get("spelling") or {})
    return spelled


def respelled(value: Any, spelling: Mapping[str, str]) -> Any:
    """Every spoken text of the wording in the country's spelling ("diarrhoea")."""
    if not spelling:
        return value
    if isinstance(value, str):
        return respell(value, spelling)
    if isinstance(value, list):
        return [respelled(item, spelling) for item in value]
    if isinstance(value, Mapping):
        return {
            key: item if key == "spelling" else respelled(item, spelling)
            for key, item in value.items()
        }
    return value


def respell(text: str, spelling: Mapping[str, str]) -> str:
    """Local spelling ("diarrhea" -> "diarrhoea"), keeping a capital first letter."""
    for word, local in spelling.items():
        text = re.sub(rf"\b{word}\b", local, text)
        text = re.sub(rf"\b{word.capitalize()}\b", local.capitalize(), text)
    return text


def knowledge_for(locale: str) -> Knowledge:
    """The knowledge base in a wording key's language: the same medical content everywhere,
    in that language's words (already in the country's spelling), with the sources its
    readers are shown."""
    return _knowledge_for(resolve_locale(locale))


@cache
def _knowledge_for(key: str) -> Knowledge:
    return build_knowledge(_raw_knowledge(), wording(key)["knowledge"], key.split("-")[0])
