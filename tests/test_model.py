"""The interaction model and the handlers agree, and the model follows Alexa's basic rules."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from skill.core.knowledge import knowledge
from skill.intent_names import INTENT_ROUTES

MODEL_PATH = Path(__file__).parent.parent / "skill" / "data" / "interaction_models" / "en-US.json"
CUSTOM_INTENTS = (
    "StartAssessmentIntent",
    "DontKnowIntent",
    "WaterIntakeIntent",
    "ExplainCauseIntent",
    "PreventionIntent",
    "ReliefIntent",
    "CausesOverviewIntent",
)


@pytest.fixture(scope="module")
def language_model() -> dict[str, Any]:
    return json.loads(MODEL_PATH.read_text())["interactionModel"]["languageModel"]


def intents(model: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["name"]: entry for entry in model["intents"]}


def test_every_model_intent_has_a_handler_and_every_handler_is_in_the_model(
    language_model: dict[str, Any],
) -> None:
    assert set(intents(language_model)) == set(INTENT_ROUTES)


def test_invocation_name_follows_alexa_rules(language_model: dict[str, Any]) -> None:
    name = language_model["invocationName"]
    assert name == "thigh cramp helper"
    assert len(name.split()) >= 2 and re.fullmatch(r"[a-z .']+", name)
    assert not set(name.split()) & {"ask", "open", "alexa", "amazon", "echo", "skill", "launch"}


@pytest.mark.parametrize("name", CUSTOM_INTENTS)
def test_each_custom_intent_has_twenty_varied_samples(
    language_model: dict[str, Any], name: str
) -> None:
    samples = intents(language_model)[name]["samples"]
    assert len(samples) >= 20
    assert len(set(samples)) == len(samples)


def test_no_sample_is_shared_by_two_intents(language_model: dict[str, Any]) -> None:
    owner: dict[str, str] = {}
    for entry in language_model["intents"]:
        for sample in entry.get("samples", []):
            assert sample not in owner, f"{sample!r} in {owner.get(sample)} and {entry['name']}"
            owner[sample] = entry["name"]


def test_samples_use_only_declared_slots(language_model: dict[str, Any]) -> None:
    for entry in language_model["intents"]:
        declared = {slot["name"] for slot in entry.get("slots", [])}
        for sample in entry.get("samples", []):
            assert set(re.findall(r"{(\w+)}", sample)) <= declared, sample
            assert re.fullmatch(r"[a-z{}' .]+", sample), sample


def test_slots_are_the_ones_the_handlers_read(language_model: dict[str, Any]) -> None:
    model = intents(language_model)
    assert {s["name"]: s["type"] for s in model["WaterIntakeIntent"]["slots"]} == {
        "amount": "AMAZON.NUMBER",
        "unit": "DRINK_UNIT",
    }
    assert model["ExplainCauseIntent"]["slots"] == [{"name": "cause", "type": "CAUSE"}]


def test_cause_slot_ids_are_exactly_the_knowledge_base_causes(
    language_model: dict[str, Any],
) -> None:
    types = {t["name"]: t for t in language_model["types"]}
    ids = {value["id"] for value in types["CAUSE"]["values"]}
    assert ids == {cause.id for cause in knowledge().causes}


def test_drink_unit_ids_all_convert_to_glasses(language_model: dict[str, Any]) -> None:
    types = {t["name"]: t for t in language_model["types"]}
    ids = {value["id"] for value in types["DRINK_UNIT"]["values"]}
    assert ids == set(knowledge().glasses_per_unit)
