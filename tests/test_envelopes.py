"""Raw envelopes, including real ones from another project, never crash lambda_handler."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import lambda_handler
from skill.alexa import handlers
from skill.core.dialog import Reply
from tests.support import (
    SKILL_ID,
    Conversation,
    check_invariants,
    intent,
    launch,
    session_ended,
    speech_text,
)

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "alexa-app").glob("*.json"))
SILENT_TYPES = (
    "SessionEndedRequest",
    "AudioPlayer.",
    "PlaybackController.",
    "GameEngine.",
    "Display.",
    "UnknownRequest",
)


def test_the_fixture_set_is_complete() -> None:
    assert len(FIXTURES) == 22
    assert (FIXTURES[0].parent / "LICENSE.md").read_text().startswith("The MIT License")


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_every_fixture_is_answered_by_the_rules(path: Path) -> None:
    event = json.loads(path.read_text())
    response = lambda_handler.handler(copy.deepcopy(event), None)
    check_invariants(event, response)
    request_type = event["request"]["type"]
    if request_type.startswith(SILENT_TYPES):
        assert "outputSpeech" not in response["response"]
        assert response["response"]["shouldEndSession"] is True
    else:
        assert speech_text(response)


def test_foreign_session_attributes_restart_at_the_red_flags() -> None:
    event = json.loads(
        (FIXTURES[0].parent / "intent_request_airport_info_with_attributes.json").read_text()
    )
    reply = speech_text(lambda_handler.handler(event, None))
    assert reply.startswith("Sorry, I lost track of where we were")
    assert reply.endswith(
        "do you have chest pain, new trouble breathing, or are you coughing up blood?"
    )


@pytest.mark.parametrize("timestamp", [1764072000, 1764072000123, "1764072000", None, "string"])
def test_odd_timestamps_on_a_launch_still_get_the_welcome(timestamp: Any) -> None:
    event = launch()
    event["request"]["timestamp"] = timestamp
    reply = speech_text(lambda_handler.handler(event, None))
    assert reply.startswith("Hi, I'll ask a few quick questions")


def test_an_intent_request_the_sdk_cannot_parse_still_gets_a_spoken_reply() -> None:
    event = intent("AMAZON.HelpIntent")
    event["request"]["dialogState"] = "NOT_A_STATE"
    event["request"]["intent"]["slots"] = {
        "amount": {"name": "amount", "value": "3", "confirmationStatus": "MAYBE"}
    }
    response = lambda_handler.handler(event, None)
    check_invariants(event, response)
    assert "I can ask a few quick questions" in speech_text(response)


@pytest.mark.parametrize(
    "event", [None, [], "launch", 42, {}, {"request": "x"}, {"request": {"type": 7}}]
)
def test_garbage_gets_a_silent_ending_response(event: Any) -> None:
    response = lambda_handler.handler(event, None)
    assert response["response"] == {"shouldEndSession": True}


def test_session_ended_gets_no_speech() -> None:
    event = session_ended(attributes={"v": 1, "ph": "ask", "dc": 1})
    response = lambda_handler.handler(event, None)
    check_invariants(event, response)
    assert "outputSpeech" not in response["response"]


def test_skill_id_is_enforced_when_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKILL_ID", f"amzn1.ask.skill.other, {SKILL_ID}")
    assert speech_text(lambda_handler.handler(launch(), None)).startswith("Hi")
    refused = lambda_handler.handler(launch(skill_id="amzn1.ask.skill.someone-else"), None)
    assert refused["response"] == {"shouldEndSession": True}
    monkeypatch.delenv("SKILL_ID")
    assert speech_text(lambda_handler.handler(launch(skill_id="amzn1.ask.skill.x"), None))


def test_text_is_escaped_into_valid_ssml(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_respond(*_: Any, **__: Any) -> Reply:
        return Reply("Salt & water <b>now</b>?", "Ready & waiting?", False, None, {})

    monkeypatch.setattr(handlers, "respond", fake_respond)
    response = lambda_handler.handler(launch(), None)
    check_invariants(launch(), response)
    ssml = response["response"]["outputSpeech"]["ssml"]
    assert ssml == "<speak>Salt &amp; water &lt;b&gt;now&lt;/b&gt;?</speak>"
    assert speech_text(response) == "Salt & water <b>now</b>?"


def test_a_failing_handler_apologises_and_keeps_the_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    c = Conversation()
    c.launch()
    c.no()
    saved = dict(c.attributes)
    real = handlers.respond
    calls = {"n": 0}

    def flaky(*args: Any, **kwargs: Any) -> Reply:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("boom")
        return real(*args, **kwargs)

    monkeypatch.setattr(handlers, "respond", flaky)
    reply = c.yes()
    assert reply.startswith("Sorry, something went wrong on my side.")
    assert reply.endswith("both legs getting weaker or numb?")
    assert not c.ended and c.attributes == saved


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_the_faster_serializer_reads_every_envelope_as_the_sdk_does(path: Path) -> None:
    """Remembering model classes must never change what a request is read as."""
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope

    from skill.alexa.serializer import Serializer

    text = path.read_text()
    try:
        expected = DefaultSerializer().deserialize(text, RequestEnvelope)
    except Exception as error:  # the SDK cannot read a few of them: neither may ours
        with pytest.raises(type(error)):
            Serializer().deserialize(text, RequestEnvelope)
        return
    ours = Serializer().deserialize(text, RequestEnvelope)
    assert ours == expected
    assert type(ours.request) is type(expected.request)
