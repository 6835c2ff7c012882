"""A conversation with the real skill from typed text, shaped exactly as Alexa would send it.

Used by the text chat (and the browser simulator): each line goes through the local NLU,
becomes a real IntentRequest envelope carrying the session attributes, and is answered by
``lambda_handler.handler``, the same entry point Lambda calls.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import lambda_handler
from skill.alexa.envelope import configured_skill_ids
from skill.core.dialog import pending_question
from skill.nlu import LanguageUnderstanding, Understanding, for_locale

LOCAL_SKILL_ID = "amzn1.ask.skill.local-chat"
LOCAL_USER_ID = "amzn1.ask.account.LOCAL"


def plain_text(ssml: str | None) -> str | None:
    """What a listener hears: the SSML's text with markup removed."""
    if not ssml:
        return None
    try:
        return "".join(ET.fromstring(ssml).itertext()).strip()
    except ET.ParseError:
        return re.sub(r"<[^>]+>", "", ssml).strip()


@dataclass(frozen=True)
class Turn:
    heard: str | None
    intent: str | None
    slots: dict[str, dict[str, str | None]]
    speech: str | None
    reprompt: str | None
    card: dict[str, str] | None
    end_session: bool
    request: dict[str, Any]
    response: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The chat's ``--json`` line: what was heard, understood, said and shown."""
        return {
            "heard": self.heard,
            "intent": self.intent,
            "slots": self.slots,
            "speech": self.speech,
            "reprompt": self.reprompt,
            "card": self.card,
            "end_session": self.end_session,
        }


class LocalSession:
    def __init__(
        self,
        locale: str = "en-US",
        nlu: LanguageUnderstanding | None = None,
        attributes: dict[str, Any] | None = None,
    ) -> None:
        """A new session, or (with ``attributes``) one a stateless caller carries on."""
        self.locale = locale
        self.nlu = nlu or for_locale(locale)
        self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
        self.attributes: dict[str, Any] = dict(attributes or {})
        self.new = attributes is None
        self.ended = False
        ids = sorted(configured_skill_ids())
        self.skill_id = ids[0] if ids else LOCAL_SKILL_ID

    def start(self) -> Turn:
        """Opens the session as "Alexa, open thigh cramp helper" does."""
        return self._send({"type": "LaunchRequest"}, None, None)

    def say(self, text: str) -> Turn:
        pending = pending_question(self.attributes, self.locale)
        understanding = self.nlu.understand(text, pending)
        return self._send(self._intent_request(understanding), text, understanding)

    def _intent_request(self, understanding: Understanding) -> dict[str, Any]:
        slots: dict[str, Any] = {}
        for name in self.nlu.declared_slots(understanding.intent):
            slot: dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
            heard = understanding.slots.get(name)
            if heard is not None:
                slot["value"] = heard.value
                if heard.id is not None:
                    slot["resolutions"] = {
                        "resolutionsPerAuthority": [
                            {
                                "authority": f"amzn1.er-authority.echo-sdk.{self.skill_id}",
                                "status": {"code": "ER_SUCCESS_MATCH"},
                                "values": [{"value": {"name": heard.value, "id": heard.id}}],
                            }
                        ]
                    }
            slots[name] = slot
        return {
            "type": "IntentRequest",
            "dialogState": "COMPLETED",
            "intent": {"name": understanding.intent, "confirmationStatus": "NONE", "slots": slots},
        }

    def _envelope(self, request: dict[str, Any]) -> dict[str, Any]:
        application = {"applicationId": self.skill_id}
        user = {"userId": LOCAL_USER_ID}
        return {
            "version": "1.0",
            "session": {
                "new": self.new,
                "sessionId": self.session_id,
                "application": application,
                "attributes": dict(self.attributes),
                "user": user,
            },
            "context": {
                "System": {
                    "application": application,
                    "user": user,
                    "device": {"deviceId": "local", "supportedInterfaces": {}},
                    "apiEndpoint": "https://api.amazonalexa.com",
                }
            },
            "request": {
                "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
                "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "locale": self.locale,
                **request,
            },
        }

    def _send(
        self, request: dict[str, Any], heard: str | None, understanding: Understanding | None
    ) -> Turn:
        envelope = self._envelope(request)
        response = lambda_handler.handler(envelope, None)
        body = response.get("response", {})
        self.attributes = response.get("sessionAttributes") or {}
        self.new = False
        self.ended = body.get("shouldEndSession") is True
        card = body.get("card")
        reprompt = ((body.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml")
        return Turn(
            heard=heard,
            intent=understanding.intent if understanding else None,
            slots=understanding.slots_json() if understanding else {},
            speech=plain_text((body.get("outputSpeech") or {}).get("ssml")),
            reprompt=plain_text(reprompt),
            card={"title": card["title"], "text": card["content"]} if card else None,
            end_session=self.ended,
            request=envelope,
            response=response,
        )
