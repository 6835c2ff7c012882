"""The interaction models and the handlers agree, and every model follows Alexa's basic rules."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_smapi_model.v1.skill.interaction_model.interaction_model_data import (
    InteractionModelData,
)

from skill.core.knowledge import knowledge
from skill.intent_names import INTENT_ROUTES

MODEL_DIR = Path(__file__).parent.parent / "skill" / "data" / "interaction_models"
LOCALES = sorted(path.stem for path in MODEL_DIR.glob("*.json"))
SPANISH = [locale for locale in LOCALES if locale.startswith("es-")]
INVOCATION = {"en": "thigh cramp helper", "es": "calambres musculares"}
# Letters Alexa takes in samples: lower-case, with the Spanish ones in Spanish models.
LETTERS = {"en": "a-z", "es": "a-záéíóúüñ"}
CUSTOM_INTENTS = (
    "StartAssessmentIntent",
    "DontKnowIntent",
    "WaterIntakeIntent",
    "ExplainCauseIntent",
    "PreventionIntent",
    "ReliefIntent",
    "CausesOverviewIntent",
)


def language_model(locale: str) -> dict[str, Any]:
    model = json.loads((MODEL_DIR / f"{locale}.json").read_text(encoding="utf-8"))
    found: dict[str, Any] = model["interactionModel"]["languageModel"]
    return found


def intents(model: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["name"]: entry for entry in model["intents"]}


def types(model: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["name"]: entry for entry in model["types"]}


def value_ids(locale: str) -> dict[str, set[str]]:
    return {
        name: {value["id"] for value in slot_type["values"]}
        for name, slot_type in types(language_model(locale)).items()
    }


def test_there_are_english_and_spanish_models() -> None:
    assert {"en-US", "es-US", "es-MX", "es-ES"} <= set(LOCALES)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_model_intent_has_a_handler_and_every_handler_is_in_the_model(locale: str) -> None:
    assert set(intents(language_model(locale))) == set(INTENT_ROUTES)


@pytest.mark.parametrize("locale", LOCALES)
def test_invocation_name_follows_alexa_rules(locale: str) -> None:
    language = locale.split("-")[0]
    name = language_model(locale)["invocationName"]
    assert name == INVOCATION[language]
    assert len(name.split()) >= 2 and re.fullmatch(rf"[{LETTERS[language]} .']+", name)
    launch = {"ask", "open", "alexa", "amazon", "echo", "skill", "launch", "abre", "pregunta",
              "dile", "pide", "inicia", "empieza", "para", "que"}  # fmt: skip
    assert not set(name.split()) & launch


@pytest.mark.parametrize("name", CUSTOM_INTENTS)
@pytest.mark.parametrize("locale", LOCALES)
def test_each_custom_intent_has_twenty_varied_samples(locale: str, name: str) -> None:
    samples = intents(language_model(locale))[name]["samples"]
    assert len(samples) >= 20
    assert len(set(samples)) == len(samples)


@pytest.mark.parametrize("locale", LOCALES)
def test_no_sample_is_shared_by_two_intents(locale: str) -> None:
    owner: dict[str, str] = {}
    for entry in language_model(locale)["intents"]:
        for sample in entry.get("samples", []):
            assert sample not in owner, f"{sample!r} in {owner.get(sample)} and {entry['name']}"
            owner[sample] = entry["name"]


@pytest.mark.parametrize("locale", LOCALES)
def test_samples_use_only_declared_slots_and_letters_alexa_takes(locale: str) -> None:
    letters = LETTERS[locale.split("-")[0]]
    for entry in language_model(locale)["intents"]:
        declared = {slot["name"] for slot in entry.get("slots", [])}
        for sample in entry.get("samples", []):
            assert set(re.findall(r"{(\w+)}", sample)) <= declared, sample
            assert re.fullmatch(rf"[{letters}{{}}' .]+", sample), sample


@pytest.mark.parametrize("locale", LOCALES)
def test_slots_are_the_ones_the_handlers_read(locale: str) -> None:
    model = intents(language_model(locale))
    assert {s["name"]: s["type"] for s in model["WaterIntakeIntent"]["slots"]} == {
        "amount": "AMAZON.NUMBER",
        "unit": "DRINK_UNIT",
    }
    assert model["ExplainCauseIntent"]["slots"] == [{"name": "cause", "type": "CAUSE"}]


@pytest.mark.parametrize("locale", LOCALES)
def test_cause_slot_ids_are_exactly_the_knowledge_base_causes(locale: str) -> None:
    ids = {value["id"] for value in types(language_model(locale))["CAUSE"]["values"]}
    assert ids == {cause.id for cause in knowledge().causes}


@pytest.mark.parametrize("locale", LOCALES)
def test_drink_unit_ids_all_convert_to_glasses(locale: str) -> None:
    ids = {value["id"] for value in types(language_model(locale))["DRINK_UNIT"]["values"]}
    assert ids == set(knowledge().glasses_per_unit)


@pytest.mark.parametrize("locale", SPANISH)
def test_spanish_models_have_the_english_slot_types_and_value_ids(locale: str) -> None:
    """The handlers read slot ids, not words: "pierna hinchada" must arrive as leg_clot."""
    assert value_ids(locale) == value_ids("en-US")


@pytest.mark.parametrize("locale", SPANISH)
def test_spanish_models_round_trip_through_the_official_smapi_classes(locale: str) -> None:
    serializer = DefaultSerializer()
    raw = json.loads((MODEL_DIR / f"{locale}.json").read_text(encoding="utf-8"))
    parsed = serializer.deserialize(json.dumps(raw), InteractionModelData)
    assert parsed.interaction_model.language_model.invocation_name == INVOCATION["es"]
    assert serializer.serialize(parsed) == raw


def test_country_models_differ_where_the_countries_talk_differently() -> None:
    """Spain's "vale" and Mexico's "sale" are thanks-and-okay, never an answer."""
    courtesy = {
        locale: set(intents(language_model(locale))["CourtesyIntent"]["samples"])
        for locale in SPANISH
    }
    assert "vale" in courtesy["es-ES"] and "vale" not in courtesy["es-MX"]
    assert "sale" in courtesy["es-MX"] and "sale" not in courtesy["es-ES"]
