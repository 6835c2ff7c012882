"""Spanish through Home Assistant (issue 13): Assist lists the agent for Spanish pipelines,
and a Spanish-speaking household goes through the whole assessment, or names a danger sign,
hearing the number of the country Home Assistant is set up in (911 in the United States and
Mexico, 112 in Spain, "the local emergency number" elsewhere), spoken digit by digit.

A pipeline passes the language as Home Assistant has it: "es", or with a region ("es-ES",
"es-MX", "es-419"). Each turn must say what the text session says for the same words.
"""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant

from ha_support import AGENT, WAYS, agent_entity, assert_same, converse, process, set_up

SCREEN = 5  # danger-sign questions when every answer is no
LOCAL = "número de emergencias de su zona"


def reference_session(language: str, country: str | None) -> Any:
    """The vendored text session, for the same language and country."""
    from custom_components.thigh_cramp_helper.assessment.text_session import TextSession

    return TextSession(language, None, None, country)


async def agents_for(client: Any, language: str, country: str) -> list[dict[str, Any]]:
    await client.send_json_auto_id(
        {"type": "conversation/agent/list", "language": language, "country": country}
    )
    listed = await client.receive_json()
    assert listed["success"], listed
    agents: list[dict[str, Any]] = listed["result"]["agents"]
    return agents


async def test_spanish_is_among_the_agents_languages(
    hass: HomeAssistant, hass_ws_client: Any
) -> None:
    await set_up(hass)
    assert "es" in agent_entity(hass).supported_languages
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "conversation/agent/list"})
    listed = await client.receive_json()
    (agent,) = [a for a in listed["result"]["agents"] if a["id"] == AGENT]
    assert {"en", "es"} <= set(agent["supported_languages"])
    # A Spanish pipeline in Spain, Mexico or the US finds the agent, offered in Spanish.
    for language, country in (("es", "US"), ("es-ES", "ES"), ("es-MX", "MX"), ("es-419", "MX")):
        found = [a for a in await agents_for(client, language, country) if a["id"] == AGENT]
        assert [a["supported_languages"] for a in found] == [["es"]], language


@pytest.mark.parametrize(
    ("language", "country", "number", "way"),
    [
        ("es", "US", "9 1 1", "async_converse"),
        ("es", "MX", "9 1 1", "async_converse"),
        ("es", "ES", "1 1 2", "conversation.process"),
        ("es-ES", "ES", "1 1 2", "async_converse"),
        ("es-MX", "MX", "9 1 1", "async_converse"),
        ("es-ES", "US", "9 1 1", "async_converse"),  # Home Assistant's country, not the tag's
    ],
)
async def test_a_whole_spanish_assessment_from_the_welcome_to_the_result(
    hass: HomeAssistant, language: str, country: str, number: str, way: str
) -> None:
    hass.config.language, hass.config.country = language, country
    await set_up(hass)
    talk = WAYS[way]
    reference = reference_session(language, country)
    first = await talk(hass, "hola", language=language)
    assert_same(first, reference.start(), "hola")
    assert first.continues and "No soy médico" in first.speech
    assert f"llame al {number}" in first.speech and "¿tiene dolor en el pecho" in first.speech
    conversation_id = first.conversation_id
    answers = ["no"] * SCREEN + ["unos dos vasos", "no", "sí", "no sé", "no", "no", "no"]
    for answer in answers:
        turn = await talk(hass, answer, conversation_id, language=language)
        _, reply = reference.say(answer)
        assert turn.conversation_id == conversation_id
        assert_same(turn, reply, f"{answer!r} -> {turn.speech!r}")
        assert turn.continues, f"{answer!r}: still asking"
    assert "cansancio muscular" in turn.speech and number in turn.speech  # the result
    turn = await talk(hass, "no, gracias", conversation_id, language=language)
    _, reply = reference.say("no, gracias")
    assert_same(turn, reply, "no, gracias")
    assert not turn.continues and number in turn.speech
    assert agent_entity(hass).open_conversations == 0, "its answers go when it ends"


@pytest.mark.parametrize(
    ("language", "country", "heard", "written"),
    [
        ("es", "US", "llamar al 9 1 1 ahora", "911"),
        ("es-MX", "MX", "llamar al 9 1 1 ahora", "911"),
        ("es", "MX", "llamar al 9 1 1 ahora", "911"),
        ("es-ES", "ES", "llamar al 1 1 2 ahora", "112"),
        ("es", "ES", "llamar al 1 1 2 ahora", "112"),
    ],
)
async def test_chest_pain_in_spanish_is_an_emergency_with_the_countrys_number(
    hass: HomeAssistant, language: str, country: str, heard: str, written: str
) -> None:
    hass.config.country = country
    await set_up(hass)
    # Mid-way: after the screening and the first hydration answer.
    first = await converse(hass, "hola", language=language)
    for answer in ["no"] * SCREEN + ["dos vasos"]:
        turn = await converse(hass, answer, first.conversation_id, language=language)
        assert turn.continues
    turn = await converse(hass, "me duele el pecho", first.conversation_id, language=language)
    assert "coágulo en los pulmones" in turn.speech and heard in turn.speech
    assert not turn.continues and turn.reprompt is None
    assert turn.card is not None and f"llame al {written}" in turn.card[1]
    # As the first words: heard at once, without the welcome.
    at_once = await process(hass, "me duele el pecho y no puedo respirar", language=language)
    assert heard in at_once.speech and not at_once.continues
    assert "Hola" not in at_once.speech
    assert agent_entity(hass).open_conversations == 0


@pytest.mark.parametrize(
    ("language", "country"),
    [("es", None), ("es-419", None)]
    + [(language, country) for language in ("es", "es-ES", "es-MX") for country in ("BR", "AR")],
)
async def test_a_spanish_household_elsewhere_hears_the_local_emergency_number(
    hass: HomeAssistant, language: str, country: str | None
) -> None:
    hass.config.country = country
    await set_up(hass)
    first = await converse(hass, "hola", language=language)
    assert f"llame al {LOCAL}" in first.speech
    emergency = await converse(hass, "me duele el pecho", first.conversation_id, language)
    assert f"llamar al {LOCAL} ahora" in emergency.speech and not emergency.continues
    for turn in (first, emergency):
        assert not [n for n in ("911", "9 1 1", "112", "1 1 2") if n in turn.speech]


@pytest.mark.parametrize(("language", "heard"), [("es-ES", "1 1 2"), ("es-MX", "9 1 1")])
async def test_without_a_country_the_pipelines_region_names_the_number(
    hass: HomeAssistant, language: str, heard: str
) -> None:
    """As in English ("en-GB": 999): Home Assistant without a country, a Spanish pipeline
    with one, and the number of that region."""
    hass.config.country = None
    await set_up(hass)
    first = await converse(hass, "hola", language=language)
    assert f"llame al {heard}" in first.speech and LOCAL not in first.speech
