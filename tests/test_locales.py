"""Five English locales: their own models, spelling, drink units and emergency numbers."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_smapi_model.v1.skill.interaction_model.interaction_model_data import (
    InteractionModelData,
)

from skill.core.channel import ALEXA, TEXT
from skill.core.dialog import UserInput, respond
from skill.nlu import for_locale
from skill.validate import validate_files
from tests.support import Conversation

ROOT = Path(__file__).parent.parent
MODELS = ROOT / "skill" / "data" / "interaction_models"
NUMBERS = {"en-US": "911", "en-GB": "999", "en-CA": "911", "en-AU": "000", "en-IN": "112"}
LOCALES = list(NUMBERS)


def model(locale: str) -> dict[str, Any]:
    return json.loads((MODELS / f"{locale}.json").read_text())


@pytest.mark.parametrize("locale", LOCALES)
def test_each_locale_has_a_valid_model_and_wording(locale: str) -> None:
    path = MODELS / f"{locale}.json"
    assert validate_files(model_paths=[path]) == []
    assert (ROOT / "skill" / "data" / "wording" / f"{locale}.json").is_file()


@pytest.mark.parametrize("locale", LOCALES)
def test_each_model_round_trips_through_the_official_smapi_classes(locale: str) -> None:
    serializer = DefaultSerializer()
    raw = model(locale)
    parsed = serializer.deserialize(json.dumps(raw), InteractionModelData)
    assert parsed.interaction_model.language_model.invocation_name == "thigh cramp helper"
    assert serializer.serialize(parsed) == raw


def spoken_on_paths(locale: str) -> list[str]:
    """Speech from a launch, each red-flag ending, a result, help, stop and general answers."""
    texts = []
    for answers in (
        ["yes", "yes"],
        ["yes", "no"],
        ["no", "yes"],
        ["no", "no", "yes", "yes"],
        ["no", "no", "yes", "no"],
        ["no", "no", "no"] + ["no"] * 9,
    ):
        attributes = None
        for said in ["launch", *answers]:
            reply = respond(attributes, UserInput(said), locale)
            attributes = reply.attributes
            texts.append(reply.speech)
    for intent in ("relief", "prevention", "overview", "help", "stop"):
        texts.append(respond(None, UserInput(intent), locale).speech)
    return texts


@pytest.mark.parametrize("locale", LOCALES)
def test_red_flag_path_speaks_the_locale_emergency_number(locale: str) -> None:
    c = Conversation(locale)
    c.launch()
    reply = c.yes()
    assert NUMBERS[locale] in reply and "use your phone to call" in reply
    digits = f'<say-as interpret-as="digits">{NUMBERS[locale]}</say-as>'
    spoken_by_name = f'<sub alias="triple zero">triple zero ({NUMBERS[locale]})</sub>'
    assert (spoken_by_name if locale == "en-AU" else digits) in c.ssml


@pytest.mark.parametrize("locale", LOCALES)
def test_no_locale_ever_speaks_another_locales_number(locale: str) -> None:
    others = set(NUMBERS.values()) - {NUMBERS[locale]}
    for text in spoken_on_paths(locale):
        found = set(re.findall(r"\b\d{3}\b", text))
        assert not found & others, (locale, text)


def test_other_english_locales_get_us_wording_but_no_foreign_number() -> None:
    for locale in ("en-ZA", "en-ZZ", "", "fr-FR"):
        for text in spoken_on_paths(locale):
            assert not re.search(r"\b(911|999|000|112)\b", text), text
        welcome = respond(None, UserInput("launch"), locale).speech
        assert "in an emergency call your local emergency number" in welcome


def test_local_spelling_and_drink_units() -> None:
    us = respond(None, UserInput("explain_cause", cause="dehydration"), "en-US").speech
    gb = respond(None, UserInput("explain_cause", cause="dehydration"), "en-GB").speech
    assert "diarrhea" in us and "diarrhoea" in gb and "diarrhea" not in gb
    c = Conversation("en-GB")
    c.launch()
    for _ in range(4):
        c.no()
    assert "mugs of water, tea" in c.no()
    assert for_locale("en-GB").understand("three cuppas").to_json()["slots"]["unit"]["id"] == "cup"
    assert (
        for_locale("en-IN").understand("two tumblers").to_json()["slots"]["unit"]["id"] == "glass"
    )


BROKEN_MODELS = {
    "one-word invocation": (
        lambda lm: lm.update(invocationName="cramps"), "$.interactionModel.languageModel."
        "invocationName: must have at least two words"),
    "launch word in invocation": (
        lambda lm: lm.update(invocationName="ask thigh cramps"),
        "must not contain the launch or wake word 'ask'"),
    "wake word in invocation": (
        lambda lm: lm.update(invocationName="alexa cramp helper"),
        "must not contain the launch or wake word 'alexa'"),
    "capitals in invocation": (
        lambda lm: lm.update(invocationName="Thigh Cramp Helper"),
        "only lowercase letters, spaces, apostrophes and periods"),
    "bad sample characters": (
        lambda lm: lm["intents"][0]["samples"].append("why do 2 thighs cramp?"),
        "has characters or spacing Alexa rejects"),
    "undeclared slot in sample": (
        lambda lm: lm["intents"][0]["samples"].append("tell me about {leg}"),
        "{leg} is not a slot of StartAssessmentIntent"),
    "undefined slot type": (
        lambda lm: lm["intents"][2]["slots"].append({"name": "when", "type": "TIME_OF_DAY"}),
        "undefined slot type 'TIME_OF_DAY'"),
    "sample shared by two intents": (
        lambda lm: lm["intents"][1]["samples"].append("why do my thighs cramp"),
        "'why do my thighs cramp' is also a sample of StartAssessmentIntent"),
    "missing built-in intent": (
        lambda lm: lm.update(intents=[i for i in lm["intents"]
                                      if i["name"] != "AMAZON.NavigateHomeIntent"]),
        "missing required built-in intent AMAZON.NavigateHomeIntent"),
    "forbidden slot value characters": (
        lambda lm: lm["types"][1]["values"][0]["name"]["synonyms"].append("glass!"),
        "slot value 'glass!' has forbidden characters"),
    "cause missing from the cause slot": (
        lambda lm: lm["types"][0].update(values=lm["types"][0]["values"][1:]),
        "cause 'muscle_fatigue' is not a value id"),
}  # fmt: skip


@pytest.mark.parametrize("rule", list(BROKEN_MODELS))
def test_each_broken_model_fails_with_a_precise_message(tmp_path: Path, rule: str) -> None:
    mutate, expected = BROKEN_MODELS[rule]
    broken = copy.deepcopy(model("en-US"))
    mutate(broken["interactionModel"]["languageModel"])
    path = tmp_path / "en-US.json"
    path.write_text(json.dumps(broken))
    problems = [str(p) for p in validate_files(model_paths=[path])]
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(f"{path}: $.interactionModel.languageModel") for p in problems)


@pytest.mark.parametrize(
    ("tag", "country", "number"),
    [("en", None, None), ("en-us", None, "911"), ("en_US", None, "911"), ("EN-gb", None, "999"),
     ("en_GB.UTF-8", None, "999"), ("en", "AU", "000"), ("en-US", "GB", "999"),
     ("en-NZ", None, "111"), ("en", "ZA", None), ("de-DE", None, None)],
)  # fmt: skip
def test_language_tags_in_any_common_form_resolve_by_language_and_country(
    tag: str, country: str | None, number: str | None
) -> None:
    reply = respond(None, UserInput("launch"), tag, country=country)
    assert reply.emergency_number == number
    if number is None:
        assert "your local emergency number" in reply.speech
    else:
        assert number in reply.speech
    assert not re.search(r"\b(911|999|000|112|111)\b", reply.speech.replace(number or "-", ""))


def test_only_a_channel_with_a_companion_app_hears_about_it() -> None:
    said = [UserInput("launch"), UserInput("yes")]  # chest pain: a red flag and its card
    for channel, mentioned in ((ALEXA, True), (TEXT, False)):
        attributes = None
        for user_input in said:
            reply = respond(attributes, user_input, "en-GB", channel)
            attributes = reply.attributes
        assert ("Alexa app" in reply.speech) is mentioned
        assert reply.card is not None, "the card's text is there for any front end to show"
