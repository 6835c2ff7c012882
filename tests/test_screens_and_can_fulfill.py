"""Screens only for devices that have one; CanFulfillIntentRequest answered without speech."""

from __future__ import annotations

import json
from typing import Any

import pytest

import lambda_handler
from tests.support import check_invariants, intent, launch, slot, with_apl


def directives(response: dict[str, Any]) -> list[dict[str, Any]]:
    return response["response"].get("directives") or []


def test_apl_device_sees_the_question() -> None:
    response = lambda_handler.handler(with_apl(launch()), None)
    (directive,) = directives(response)
    assert directive["type"] == "Alexa.Presentation.APL.RenderDocument"
    assert directive["document"]["type"] == "APL"
    screen = directive["datasources"]["screen"]
    assert (
        screen["text"]
        == "Do you have chest pain, new trouble breathing, or are you coughing up blood?"
    )
    assert "yes, no, or I don" in screen["hint"]


def test_apl_device_sees_the_result_with_line_breaks_and_escaping() -> None:
    attributes: dict[str, Any] = {}
    event = with_apl(launch())
    for said in ["AMAZON.NoIntent"] * 5 + ["WaterIntakeIntent"] + ["AMAZON.NoIntent"] * 6:
        response = lambda_handler.handler(event, None)
        attributes = response["sessionAttributes"]
        slots = {"amount": slot("amount", "2")} if said == "WaterIntakeIntent" else None
        event = with_apl(intent(said, slots, attributes=attributes))
    response = lambda_handler.handler(event, None)
    screen = directives(response)[0]["datasources"]["screen"]
    assert screen["title"] == "Your thigh cramp check"
    assert "<br>" in screen["text"] and "Dehydration (possible)" in screen["text"]
    assert "<" not in screen["text"].replace("<br>", ""), "only line-break markup reaches APL"


@pytest.mark.parametrize("event", [launch(), intent("AMAZON.HelpIntent"), intent("ReliefIntent")])
def test_devices_without_apl_never_get_apl_directives(event: dict[str, Any]) -> None:
    response = lambda_handler.handler(event, None)
    assert not any("APL" in d["type"] for d in directives(response))


def can_fulfill(name: str, slots: dict[str, Any] | None = None,
                attributes: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    event = intent(name, slots, attributes=attributes)
    event["request"]["type"] = "CanFulfillIntentRequest"
    event["request"].pop("dialogState")
    response = lambda_handler.handler(event, None)
    check_invariants(event, response)
    return response


@pytest.mark.parametrize(
    ("name", "slots", "verdict"),
    [
        ("StartAssessmentIntent", None, "YES"),
        ("ReliefIntent", None, "YES"),
        ("ExplainCauseIntent", {"cause": slot("cause", "sciatica", "nerve_compression")}, "YES"),
        ("ExplainCauseIntent", {"cause": slot("cause", "hiccups")}, "NO"),
        ("ExplainCauseIntent", {"cause": slot("cause", None)}, "MAYBE"),
        ("AMAZON.YesIntent", None, "NO"),
        ("WaterIntakeIntent", {"amount": slot("amount", "3")}, "NO"),
        ("OrderPizzaIntent", None, "NO"),
    ],
)
def test_can_fulfill_verdicts_carry_no_speech(
    name: str, slots: dict[str, Any] | None, verdict: str
) -> None:
    response = can_fulfill(name, slots)
    assert response["response"]["canFulfillIntent"]["canFulfill"] == verdict
    assert "outputSpeech" not in response["response"]


def test_can_fulfill_changes_no_state() -> None:
    attributes = {"v": 2, "ph": "ask", "dc": 1, "rf_chest": "no"}
    response = can_fulfill("ReliefIntent", attributes=attributes)
    # Nothing written, nothing echoed: incoming attributes are never sent back unchecked
    # (issue 14: NaN or 30 KB of them would make the reply invalid).
    assert "sessionAttributes" not in response
    slots = can_fulfill(
        "ExplainCauseIntent", {"cause": slot("cause", "sciatica", "nerve_compression")}
    )
    assert json.dumps(slots["response"]["canFulfillIntent"]["slots"]) == json.dumps(
        {"cause": {"canUnderstand": "YES", "canFulfill": "YES"}}
    )
