"""Shared test helpers: real Alexa envelopes, a multi-turn conversation, response invariants."""

from __future__ import annotations

import ast
import copy
import json
import sys
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

import lambda_handler
from skill.core.knowledge import data_file

# `python -m skill` with Ctrl-C (SIGINT) handled as at a terminal. A test run started in the
# background (`make test &`) passes SIGINT on as ignored, and Python keeps ignoring it.
PYTHON_M_SKILL_WITH_CTRL_C = [
    sys.executable, "-c",
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('skill', run_name='__main__', alter_sys=True)",
]  # fmt: skip
SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
USER_ID = "amzn1.ask.account.TESTUSER"
ALLOWED_SSML_TAGS = {
    "speak", "p", "s", "break", "emphasis", "prosody", "say-as", "phoneme", "sub", "w",
    "audio", "voice", "lang", "mark", "amazon:effect", "amazon:domain", "amazon:emotion",
}  # fmt: skip


def missing_understanding(locale: str) -> str | None:
    """Why typed text in ``locale`` cannot be understood in this checkout, or None.

    The wording of a language can arrive before its understanding (Spanish did, from two
    branches): tests that type in that language say so and skip until both are there.
    """
    language = locale.split("-")[0]
    if data_file("nlu", f"{language}.json").is_file():
        return None
    return (
        f"no local understanding of {language!r} in this checkout "
        f"(skill/data/nlu/{language}.json): its typed turns run once it is merged"
    )


def slot(name: str, value: str | None, value_id: str | None = None) -> dict[str, Any]:
    """A slot as Alexa sends it; with ``value_id`` it carries a successful entity resolution."""
    result: dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
    if value is not None:
        result["value"] = value
    if value_id is not None:
        result["resolutions"] = {
            "resolutionsPerAuthority": [
                {
                    "authority": f"amzn1.er-authority.echo-sdk.{SKILL_ID}.TYPE",
                    "status": {"code": "ER_SUCCESS_MATCH"},
                    "values": [{"value": {"name": value, "id": value_id}}],
                }
            ]
        }
    return result


def envelope(
    request: Mapping[str, Any],
    attributes: Mapping[str, Any] | None = None,
    new: bool = False,
    locale: str = "en-US",
    skill_id: str = SKILL_ID,
) -> dict[str, Any]:
    application = {"applicationId": skill_id}
    body = {
        "type": request["type"],
        "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
        "timestamp": "2026-11-25T12:00:00Z",
        "locale": locale,
        **{k: v for k, v in request.items() if k != "type"},
    }
    return {
        "version": "1.0",
        "session": {
            "new": new,
            "sessionId": "amzn1.echo-api.session.test",
            "application": application,
            "attributes": dict(attributes or {}),
            "user": {"userId": USER_ID},
        },
        "context": {
            "System": {
                "application": application,
                "user": {"userId": USER_ID},
                "device": {"deviceId": "device", "supportedInterfaces": {}},
                "apiEndpoint": "https://api.amazonalexa.com",
            }
        },
        "request": body,
    }


def with_apl(event: dict[str, Any]) -> dict[str, Any]:
    """The same request from a device with a screen (Echo Show, Echo Spot)."""
    event["context"]["System"]["device"]["supportedInterfaces"] = {
        "Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.3"}}
    }
    return event


def launch(**kwargs: Any) -> dict[str, Any]:
    return envelope({"type": "LaunchRequest"}, new=True, **kwargs)


def intent(name: str, slots: Mapping[str, dict[str, Any]] | None = None, **kwargs: Any):
    request = {
        "type": "IntentRequest",
        "dialogState": "COMPLETED",
        "intent": {"name": name, "confirmationStatus": "NONE", "slots": dict(slots or {})},
    }
    return envelope(request, **kwargs)


def session_ended(**kwargs: Any) -> dict[str, Any]:
    return envelope({"type": "SessionEndedRequest", "reason": "USER_INITIATED"}, **kwargs)


def speech_text(response: Mapping[str, Any]) -> str:
    """The spoken text with SSML markup removed (what a listener hears)."""
    ssml = response["response"].get("outputSpeech", {}).get("ssml", "")
    return "".join(ET.fromstring(_namespaced(ssml)).itertext()) if ssml else ""


def reprompt_text(response: Mapping[str, Any]) -> str:
    reprompt = response["response"].get("reprompt") or {}
    ssml = reprompt.get("outputSpeech", {}).get("ssml", "")
    return "".join(ET.fromstring(_namespaced(ssml)).itertext()) if ssml else ""


def _namespaced(ssml: str) -> str:
    return ssml.replace("<speak>", '<speak xmlns:amazon="urn:amazon">', 1)


def check_invariants(request: Mapping[str, Any], response: Mapping[str, Any]) -> None:
    """What every response must satisfy, whatever was asked."""
    body = response["response"]
    raw = json.dumps(response)
    assert len(raw.encode()) < 24 * 1024, "response over 24 KB"
    body_in = request.get("request") if isinstance(request, dict) else None
    request_type = body_in.get("type") if isinstance(body_in, dict) else None
    speech = body.get("outputSpeech")
    if request_type in ("LaunchRequest", "IntentRequest"):
        assert speech, f"a {request_type} must get a spoken reply"
    elif request_type is not None:
        assert not speech, f"{request_type} must get no speech"
        assert "reprompt" not in body
    if speech:
        for ssml in (
            speech["ssml"],
            (body.get("reprompt") or {}).get("outputSpeech", {}).get("ssml", "<speak></speak>"),
        ):
            assert len(ssml) < 8000
            root = ET.fromstring(_namespaced(ssml))
            for element in root.iter():
                tag = element.tag.replace("{urn:amazon}", "amazon:")
                assert tag in ALLOWED_SSML_TAGS, f"tag {tag!r} is not Alexa SSML"
    if request_type == "CanFulfillIntentRequest":
        assert set(body) == {"canFulfillIntent"}, "CanFulfillIntentRequest gets only a verdict"
        return
    end = body.get("shouldEndSession")
    if end is True:
        assert "reprompt" not in body or body["reprompt"] is None
    else:
        assert end is False, "a response must either end the session or ask a question"
        assert reprompt_text(response).strip(), "an open session needs a reprompt"
        assert speech_text(response).rstrip().endswith("?"), "an open turn must end in a question"


class Conversation:
    """Talks to ``lambda_handler.handler`` turn by turn, carrying session attributes."""

    def __init__(self, locale: str = "en-US") -> None:
        self.locale = locale
        self.attributes: dict[str, Any] = {}
        self.last: dict[str, Any] = {}
        self.ended = False
        self.cards: list[dict[str, Any]] = []

    def send(self, event: dict[str, Any]) -> str:
        assert not self.ended, "the session has ended"
        response = lambda_handler.handler(copy.deepcopy(event), None)
        check_invariants(event, response)
        self.last = response
        self.attributes = response.get("sessionAttributes") or {}
        assert len(json.dumps(self.attributes)) < 1024, "session state must stay well under 1 KB"
        self.ended = response["response"].get("shouldEndSession") is True
        if response["response"].get("card"):
            self.cards.append(response["response"]["card"])
        return speech_text(response)

    def launch(self) -> str:
        return self.send(launch(locale=self.locale))

    def say(self, intent_name: str, **slots: Any) -> str:
        """Send an intent; slot kwargs are a value or a (value, resolved id) pair."""
        built = {}
        for name, value in slots.items():
            text, value_id = value if isinstance(value, tuple) else (value, None)
            built[name] = slot(name, text, value_id)
        return self.send(intent(intent_name, built, attributes=self.attributes, locale=self.locale))

    def yes(self) -> str:
        return self.say("AMAZON.YesIntent")

    def no(self) -> str:
        return self.say("AMAZON.NoIntent")

    def dont_know(self) -> str:
        return self.say("DontKnowIntent")

    def glasses(self, amount: str, unit: tuple[str, str] | None = None) -> str:
        return self.say("WaterIntakeIntent", amount=amount, **({"unit": unit} if unit else {}))

    @property
    def reprompt(self) -> str:
        return reprompt_text(self.last)

    @property
    def ssml(self) -> str:
        """The last reply's speech as SSML, markup included."""
        return str(self.last["response"]["outputSpeech"]["ssml"])

    @property
    def card_text(self) -> str:
        card = self.last["response"].get("card") or {}
        return f"{card.get('title', '')}\n{card.get('content', '')}"


def third_party_imports(
    paths: Iterable[Path], root: Path, ours: Collection[str]
) -> dict[str, set[str]]:
    """Top-level module -> the files (relative to ``root``) that import it, for modules that
    are neither the standard library's nor ``ours``: what an install must provide."""
    found: dict[str, set[str]] = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ours and top != "__future__":
                    found.setdefault(top, set()).add(str(path.relative_to(root)))
    return found
