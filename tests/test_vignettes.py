"""The clinical vignette suite: typed conversations with what a careful clinician expects.

Each file under ``tests/data/vignettes`` holds vignettes as data: a locale, the person's
turns as they would type them, the expected outcome (urgency, red flag, causes, warnings,
reasons to see a doctor), text the final reply must and must not say, and a rationale naming
its source. Every turn goes through the local understanding and the core, as in the chat.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from skill.core.dialog import Reply
from skill.core.knowledge import knowledge
from skill.text_session import TextSession
from tests.support import missing_understanding

VIGNETTE_DIR = Path(__file__).parent / "data" / "vignettes"
LEVELS = ("emergency", "same_day", "see_doctor_soon", "self_care")


def load_vignettes() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted(VIGNETTE_DIR.glob("*.json")):
        for vignette in json.loads(path.read_text(encoding="utf-8"))["vignettes"]:
            found.append({**vignette, "file": path.name})
    return found


VIGNETTES = load_vignettes()


def run(vignette: dict[str, Any]) -> tuple[list[Reply], Reply]:
    session = TextSession(vignette["locale"])
    replies = [session.start()]
    turns = list(vignette["turns"])
    for index, text in enumerate(turns):
        _, reply = session.say(text)
        replies.append(reply)
        if reply.outcome is not None or reply.end_session:
            assert index == len(turns) - 1, (
                f"the conversation ended after turn {index + 1} of {len(turns)}: {text!r}"
            )
    return replies, replies[-1]


def covers_everything(vignettes: list[dict[str, Any]]) -> None:
    """Every level, every red flag reached in its own right, every cause."""
    assert {v["expect"]["urgency"] for v in vignettes} == set(LEVELS)
    flags = {v["expect"].get("red_flag") for v in vignettes}
    assert flags >= set(knowledge().flags) - {"urine_cramp_injury"}
    causes = {c for v in vignettes for c in v["expect"].get("causes", [])}
    assert causes == {cause.id for cause in knowledge().causes}
    assert all(v["rationale"].strip() and v["source"] in knowledge().sources for v in vignettes)


def test_the_suite_is_large_and_covers_every_level_and_locale() -> None:
    english = [v for v in VIGNETTES if v["locale"].startswith("en")]
    assert len(english) >= 60
    assert {v["locale"] for v in english} == {"en-US", "en-GB", "en-CA", "en-AU", "en-IN"}
    covers_everything(english)


SPANISH = [v for v in VIGNETTES if v["locale"].startswith("es")]
NUMBERS = {"es-US": "911", "es-MX": "911", "es-ES": "112"}


def test_the_spanish_vignettes_cover_every_level_cause_and_country() -> None:
    """Checked as data, so it holds before the Spanish understanding is merged too."""
    assert len(SPANISH) >= 30
    assert {v["locale"] for v in SPANISH} == set(NUMBERS)
    covers_everything(SPANISH)
    for locale, number in NUMBERS.items():
        emergencies = [v for v in SPANISH if v["locale"] == locale and
                       v["expect"]["urgency"] == "emergency"]  # fmt: skip
        assert emergencies
        for vignette in emergencies:
            assert f"llamar al {number} ahora" in vignette.get("must_say", []), vignette["id"]
    assert any(v["expect"].get("warnings") for v in SPANISH), "unknowns"
    assert any(v.get("must_not_say") for v in SPANISH), "false alarms"
    assert any(v["expect"].get("red_flag") == "ambulance" and len(v["turns"]) > 5
               for v in SPANISH), "emergency words mid-way"  # fmt: skip


def test_vignette_ids_are_unique() -> None:
    ids = [v["id"] for v in VIGNETTES]
    assert len(ids) == len(set(ids))


def params() -> list[Any]:
    """One case per vignette; a language whose understanding is not in this checkout yet is
    skipped with the reason, never silently passed."""
    cases = []
    for vignette in VIGNETTES:
        why = missing_understanding(vignette["locale"])
        marks = [pytest.mark.skip(reason=why)] if why else []
        cases.append(pytest.param(vignette, id=vignette["id"], marks=marks))
    return cases


@pytest.mark.parametrize("vignette", params())
def test_vignette(vignette: dict[str, Any]) -> None:
    replies, final = run(vignette)
    expect = vignette["expect"]
    why = f"{vignette['id']}: {vignette['rationale']}"
    assert final.outcome is not None, f"no result or red flag reached; last: {final.speech}"
    outcome = final.outcome
    assert outcome.urgency == expect["urgency"], why
    assert outcome.red_flag == expect.get("red_flag"), why
    assert final.end_session == (expect["urgency"] in ("emergency", "same_day")), why
    spoken = [cause for cause, _ in outcome.causes]
    for cause in expect.get("causes", []):
        assert cause in spoken, (why, spoken)
    for cause in expect.get("not_causes", []):
        assert cause not in spoken, (why, spoken)
    ratings = dict(outcome.causes)
    for cause in expect.get("likely", []):
        assert ratings.get(cause) == "likely", (why, outcome.causes)
    for cause in expect.get("not_likely", []):
        assert ratings.get(cause) != "likely", (why, outcome.causes)
    if "warnings" in expect:
        assert list(outcome.warnings) == expect["warnings"], why
    for reason in expect.get("doctor_reasons", []):
        assert reason in outcome.doctor_reasons, (why, outcome.doctor_reasons)
    said = final.speech.lower()
    for text in vignette.get("must_say", []):
        assert text.lower() in said, (why, final.speech)
    for reply in replies[1:]:
        for text in vignette.get("must_not_say", []):
            assert text.lower() not in reply.speech.lower(), (why, reply.speech)
