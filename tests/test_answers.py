"""Answers as people give them, read in the context of the pending question.

The labelled sets under ``tests/data/answers`` were written by people who had not seen the
understanding's code: each item is the question pending, what was said and what it means.
The ``*-found.json`` sets are different: readings found wrong in use, kept as regressions.
The safety targets come first: no reported danger sign is ever missed or read as "no", and
at most 1% of negative answers are read as a red flag.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from skill.core.knowledge import knowledge
from skill.intent_names import INTENT_ROUTES
from skill.nlu import for_locale

ANSWER_DIR = Path(__file__).parent / "data" / "answers"
LANGUAGE_LOCALE = {"en": "en-US", "es": "es-US"}
# How many answers each language's sets hold at least: (all, negatives, hedges).
MINIMUM = {"en": (300, 150, 40), "es": (200, 80, 20)}
# The core's intent names are the labels the corpus uses ("yes", "stop", "courtesy", ...).
INTENT_MEANING = INTENT_ROUTES
# Readings the dialog treats alike: a bare yes or no to "how many glasses" is re-asked exactly
# as an utterance not understood is; after the result, "no" and "stop" both say goodbye.
SAME_OUTCOME = {("amount", "fallback"): {"yes", "no"}, ("result", "no"): {"stop"}}


def load(language: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for path in sorted(ANSWER_DIR.glob(f"{language}*.json")):
        for item in json.loads(path.read_text(encoding="utf-8"))["answers"]:
            items.append({**item, "file": path.name, "language": language})
    return items


ANSWERS = [item for language in LANGUAGE_LOCALE for item in load(language)]


def reading(item: dict[str, Any]) -> tuple[str, float | None]:
    """What the understanding made of the item: a label like the corpus's, and glasses."""
    nlu = for_locale(LANGUAGE_LOCALE[item["language"]])
    pending = None if item["pending"] == "result" else item["pending"]
    understood = nlu.understand(item["text"], pending)
    slots = understood.slots
    if understood.intent == "ReportSignIntent":
        return f"sign:{slots['sign'].id}", None
    if understood.intent == "MentionConditionIntent":
        return f"mention:{slots['condition'].id}", None
    if understood.intent == "WaterIntakeIntent":
        amount = float(slots["amount"].value) if "amount" in slots else 1.0
        unit = slots["unit"].id if "unit" in slots else "glass"
        return "amount", amount * knowledge().glasses_per_unit[unit or "glass"]
    return INTENT_MEANING[understood.intent], None


def level(label: str) -> str | None:
    if not label.startswith("sign:"):
        return None
    return knowledge().flags[label.removeprefix("sign:")].level


def correct(item: dict[str, Any], label: str, glasses: float | None) -> bool:
    expect = item["expect"]
    if expect == "amount":
        low, high = item["glasses"]
        return label == "amount" and glasses is not None and low - 0.5 <= glasses <= high + 0.5
    if label == expect:
        return True
    kind = "amount" if item["pending"] == "hydration" else item["pending"]
    if label in SAME_OUTCOME.get((kind, expect), set()):
        return True
    # a sign read as another sign of the same level gets the same advice level
    return level(expect) is not None and level(label) == level(expect)


def results() -> Iterator[tuple[dict[str, Any], str, float | None]]:
    for item in ANSWERS:
        label, glasses = reading(item)
        yield item, label, glasses


RESULTS = list(results())


@pytest.mark.parametrize("language", sorted(LANGUAGE_LOCALE))
def test_the_corpus_is_large_and_varied(language: str) -> None:
    mine = [item for item in ANSWERS if item["language"] == language]
    assert len(mine) >= MINIMUM[language][0]
    expected = {item["expect"].split(":")[0] for item in mine}
    assert expected >= {"yes", "no", "dont_know", "amount", "sign", "mention", "courtesy", "skip"}
    signs = {item["expect"] for item in mine if item["expect"].startswith("sign:")}
    assert signs == {f"sign:{flag}" for flag in knowledge().flags} - {"sign:urine_cramp_injury"}
    keys = [(item["pending"], item["text"]) for item in mine]
    assert len(keys) == len(set(keys))


def test_no_reported_danger_sign_is_ever_missed_or_read_as_no() -> None:
    missed = [
        (item["file"], item["pending"], item["text"], label)
        for item, label, _ in RESULTS
        if item["expect"].startswith("sign:")
        and (
            level(label) is None
            or (level(label), level(item["expect"])) == ("same_day", "emergency")
        )
    ]
    assert not missed


@pytest.mark.parametrize("language", sorted(LANGUAGE_LOCALE))
def test_at_most_one_percent_of_negative_answers_are_read_as_a_red_flag(language: str) -> None:
    negatives = [
        (item, label)
        for item, label, _ in RESULTS
        if item["expect"] == "no" and item["language"] == language
    ]
    false_alarms = [
        (item["pending"], item["text"], label)
        for item, label in negatives
        if label.startswith("sign:")
        or (label == "yes" and knowledge().question(item["pending"]).ends
            if item["pending"] != "result" else False)
    ]  # fmt: skip
    assert len(negatives) >= MINIMUM[language][1]
    assert len(false_alarms) <= 0.01 * len(negatives), false_alarms


@pytest.mark.parametrize("language", sorted(LANGUAGE_LOCALE))
def test_hedges_and_unchecked_signs_are_never_heard_as_no(language: str) -> None:
    unsure = [
        (item, label)
        for item, label, _ in RESULTS
        if item["expect"] == "dont_know" and item["language"] == language
    ]
    assert len(unsure) >= MINIMUM[language][2]
    assert not [(i["text"], label) for i, label in unsure if label == "no"]


@pytest.mark.parametrize("language", sorted(LANGUAGE_LOCALE))
def test_answers_are_understood_in_context(language: str) -> None:
    mine = [(i, label, g) for i, label, g in RESULTS if i["language"] == language]
    wrong = [(i["pending"], i["text"], i["expect"], label) for i, label, g in mine
             if not correct(i, label, g)]  # fmt: skip
    assert len(wrong) <= 0.03 * len(mine), wrong


def test_answers_once_read_wrongly_stay_read_as_labelled() -> None:
    """The ``*-found.json`` sets hold readings that were wrong in use: each must stay fixed,
    where the blind sets only have to meet the targets above."""
    found = [(i, label, g) for i, label, g in RESULTS if i["file"].endswith("-found.json")]
    assert found
    wrong = [(i["pending"], i["text"], i["expect"], label) for i, label, g in found
             if not correct(i, label, g)]  # fmt: skip
    assert not wrong
