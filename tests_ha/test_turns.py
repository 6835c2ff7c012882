"""Turns as a household meets them: the first words, the end, two people at once, a pause
that outlasts the conversation, the country's emergency number, and a failure."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from ha_support import OPENER, agent_entity, converse, process, set_up


def welcome(country: str | None = "US", language: str = "en") -> str:
    from custom_components.thigh_cramp_helper.assessment.text_session import TextSession
    from custom_components.thigh_cramp_helper.assistant import spoken

    reply = TextSession(language, None, None, country).start()
    return spoken(reply.speech, reply.emergency_number, reply.emergency_name)


async def started(hass: HomeAssistant, conversation_id: str = "kitchen") -> None:
    turn = await converse(hass, OPENER, conversation_id)
    assert turn.continues and turn.conversation_id == conversation_id


@pytest.mark.parametrize("words", ["hello", "thigh cramp helper", OPENER, "start", "yes"])
async def test_a_first_utterance_that_asks_nothing_starts_the_assessment(
    hass: HomeAssistant, words: str
) -> None:
    hass.config.country = "US"
    await set_up(hass)
    turn = await converse(hass, words)
    assert turn.speech == welcome()
    assert turn.continues and turn.reprompt
    assert turn.conversation_id, "Home Assistant names a new conversation"


@pytest.mark.parametrize(
    ("words", "heard"),
    [
        ("how do I stop a cramp", "stretch the muscle gently"),
        ("what causes thigh cramps?", "tired or overworked muscles"),
    ],
)
async def test_a_first_utterance_that_asks_for_something_gets_it_at_once(
    hass: HomeAssistant, words: str, heard: str
) -> None:
    await set_up(hass)
    turn = await converse(hass, words)
    assert heard in turn.speech
    assert "I'm not a doctor" in turn.speech, "the disclaimer comes with the first answer"
    assert turn.speech != welcome() and turn.continues, "then it offers the assessment"
    follow = await converse(hass, "yes", turn.conversation_id)
    assert follow.continues and "chest pain" in follow.speech


async def test_danger_in_the_first_words_is_heard_at_once(hass: HomeAssistant) -> None:
    hass.config.country = "US"
    await set_up(hass)
    turn = await converse(hass, "I have chest pain and I can't breathe")
    assert "call 9 1 1 now" in turn.speech
    assert not turn.continues and turn.card is not None and "911" in turn.card[1]


async def test_the_end_drops_the_answers_and_the_next_words_start_afresh(
    hass: HomeAssistant,
) -> None:
    hass.config.country = "US"
    await set_up(hass)
    await started(hass)
    assert agent_entity(hass).open_conversations == 1
    ended = await converse(hass, "yes, my chest hurts", "kitchen")
    assert not ended.continues and agent_entity(hass).open_conversations == 0
    again = await converse(hass, "no", "kitchen")
    assert again.speech == welcome(), "a new assessment, not the old one's answers"


async def test_stop_ends_at_any_question(hass: HomeAssistant) -> None:
    await set_up(hass)
    await started(hass)
    for words in ("no", "no"):
        assert (await converse(hass, words, "kitchen")).continues
    stopped = await process(hass, "stop", "kitchen")
    assert not stopped.continues and stopped.reprompt is None
    assert agent_entity(hass).open_conversations == 0


async def test_two_conversations_at_once_keep_their_own_answers(hass: HomeAssistant) -> None:
    hass.config.country = "US"
    await set_up(hass)
    await asyncio.gather(started(hass, "kitchen"), started(hass, "bedroom"))
    kitchen, bedroom = await asyncio.gather(
        converse(hass, "no", "kitchen"), converse(hass, "yes, my chest hurts", "bedroom")
    )
    assert kitchen.continues and "groin" in kitchen.speech
    assert not bedroom.continues and "9 1 1" in bedroom.speech
    for _ in range(4):  # the rest of the five danger-sign questions
        kitchen = await converse(hass, "no", "kitchen")
    assert kitchen.continues and "how many glasses" in kitchen.speech
    assert agent_entity(hass).open_conversations == 1


async def test_many_turns_at_once_in_one_conversation_are_taken_in_turn(
    hass: HomeAssistant,
) -> None:
    await set_up(hass)
    await started(hass)
    turns = await asyncio.gather(*(converse(hass, "no", "kitchen") for _ in range(5)))
    assert [t.continues for t in turns] == [True] * 5
    assert "how many glasses" in turns[-1].speech, "five answers, five questions on"


async def test_an_idle_conversation_is_forgotten_when_its_session_expires(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    hass.config.country = None
    await set_up(hass)
    await started(hass)
    await converse(hass, "no", "kitchen")
    freezer.tick(timedelta(minutes=4))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert agent_entity(hass).open_conversations == 1, "four quiet minutes are a pause"
    freezer.tick(timedelta(minutes=2, seconds=5))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert agent_entity(hass).open_conversations == 0
    turn = await converse(hass, "no", "kitchen")
    assert turn.speech == welcome(None), "the old answers are gone"


async def test_home_assistants_chat_session_expiry_alone_forgets_it(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from custom_components.thigh_cramp_helper import conversation as agent_module

    monkeypatch.setattr(agent_module, "async_call_later", lambda *_: lambda: None)
    await set_up(hass)
    await started(hass)
    freezer.tick(timedelta(minutes=5, seconds=2))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert agent_entity(hass).open_conversations == 0


async def test_the_agents_own_timer_forgets_it_if_the_chat_session_lingers(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from homeassistant.helpers import chat_session

    monkeypatch.setattr(chat_session.SessionCleanup, "schedule", lambda self: None)
    await set_up(hass)
    await started(hass)
    freezer.tick(timedelta(minutes=5, seconds=2))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert agent_entity(hass).open_conversations == 0
    turn = await converse(hass, "no", "kitchen")
    assert turn.conversation_id == "kitchen", "Home Assistant still had the session"
    assert "I'm not a doctor" in turn.speech, "but the assessment starts afresh"


@pytest.mark.parametrize(
    ("country", "heard", "written", "never"),
    [
        ("US", "call 9 1 1", "911", ["999", "9 9 9", "1 1 2"]),
        ("GB", "call 9 9 9", "999", ["911", "9 1 1", "1 1 2"]),
        ("AU", "call triple zero", "000", ["911", "9 1 1", "0 0 0", "(000)"]),
        ("IN", "call 1 1 2", "112", ["911", "9 1 1", "999"]),
        (None, "your local emergency number", "your local emergency number", ["911", "9 1 1"]),
        ("FR", "your local emergency number", "your local emergency number", ["911", "9 1 1"]),
    ],
)
async def test_each_household_hears_its_own_emergency_number(
    hass: HomeAssistant, country: str | None, heard: str, written: str, never: list[str]
) -> None:
    hass.config.country = country
    await set_up(hass)
    first = await process(hass, OPENER)
    emergency = await process(hass, "yes, my chest hurts", first.conversation_id)
    for turn in (first, emergency):
        assert heard in turn.speech
        assert not [number for number in never if number in turn.speech]
    assert not emergency.continues and emergency.card is not None
    assert written in emergency.card[1], "the card shows the number as written"


async def test_a_british_pipeline_hears_british_wording(hass: HomeAssistant) -> None:
    hass.config.country = "GB"
    await set_up(hass)
    turn = await converse(hass, OPENER, language="en-GB")
    assert turn.speech == welcome("GB", "en-GB")


async def test_a_language_the_data_lacks_gets_english_not_an_error(hass: HomeAssistant) -> None:
    hass.config.country = "US"
    await set_up(hass)
    turn = await process(hass, "hallo", language="de")
    assert turn.speech == welcome() and turn.continues


async def test_a_failing_turn_speaks_the_apology_and_never_raises(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from custom_components.thigh_cramp_helper.assessment.core import error_text
    from custom_components.thigh_cramp_helper.assistant import Assistant

    def broken(self: Assistant, attributes: Any, text: str, *_: Any) -> None:
        raise RuntimeError(f"the person said: {text}")  # a message holding their words

    await set_up(hass)
    await started(hass)
    monkeypatch.setattr(Assistant, "turn", broken)
    caplog.set_level(logging.DEBUG)
    for talk in (converse, process):
        turn = await talk(hass, "my chest hurts", "kitchen")
        assert turn.speech == error_text("en", None)
        assert not turn.continues
    assert agent_entity(hass).open_conversations == 0
    ours = [r for r in caplog.records if r.name.startswith("custom_components.thigh_cramp_helper")]
    assert ours and all("RuntimeError" in r.getMessage() for r in ours)
    told = [r for r in caplog.records if "chest" in r.getMessage()]
    # Home Assistant's conversation component logs what it is given at DEBUG level, for
    # whoever turns that on; nothing else does, at any level.
    assert not [r for r in told if r.levelno > logging.DEBUG or "thigh_cramp" in r.name]
