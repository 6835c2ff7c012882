"""Raw request envelope (a dict) -> response envelope (a dict), without ever raising.

Alexa, test tools and attackers send envelopes the SDK's strict deserialiser rejects: unknown
request types, epoch-number timestamps, enum fields holding "string". A LaunchRequest or
IntentRequest still deserves a spoken answer, so it is rebuilt from its safe parts; anything
else gets a minimal silent response that ends the session.

Hostile or broken input is bounded here too, because Lambda has no web layer in front:

* an event nested too deeply or too large (``skill.alexa.bounds``) is rebuilt from its safe,
  shallow parts without its session attributes, so the assessment starts again, with speech;
* the locale is resolved to a supported one (``skill.locales``) before the core sees it, so
  the core's per-locale caches cannot grow with every distinct string sent;
* an IntentRequest without an intent is treated as Alexa's FallbackIntent (re-ask);
* only spoken replies carry session attributes (the ones the core wrote); anything else
  never echoes what came in, and every reply is strict JSON within Alexa's 24 KB.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from itertools import islice
from typing import Any

from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope

from skill.alexa.bounds import deliverable, shape_problem
from skill.alexa.logs import log
from skill.alexa.serializer import Serializer
from skill.alexa.ssml import to_ssml
from skill.core.dialog import error_text
from skill.locales import wording_locale

SPOKEN_TYPES = ("LaunchRequest", "IntentRequest")
SILENT_END: dict[str, Any] = {"version": "1.0", "response": {"shouldEndSession": True}}
CANNOT_FULFILL: dict[str, Any] = {
    "version": "1.0",
    "response": {"canFulfillIntent": {"canFulfill": "NO"}},
}
MAX_SLOTS = 16
FALLBACK_INTENT = {"name": "AMAZON.FallbackIntent", "confirmationStatus": "NONE", "slots": {}}
_SERIALIZER = Serializer()


def configured_skill_ids() -> frozenset[str]:
    """The skill ids in the ``SKILL_ID`` environment variable (comma-separated), if any."""
    return _parse_skill_ids(os.environ.get("SKILL_ID", ""))


@lru_cache(maxsize=8)
def _parse_skill_ids(raw: str) -> frozenset[str]:
    return frozenset(part.strip() for part in raw.split(",") if part.strip())


def application_id(event: Mapping[str, Any]) -> str | None:
    """The skill id the request is addressed to (context first, as Alexa documents it)."""
    for path in (("context", "System", "application"), ("session", "application")):
        node: Any = event
        for key in path:
            node = node.get(key) if isinstance(node, Mapping) else None
        value = node.get("applicationId") if isinstance(node, Mapping) else None
        if isinstance(value, str):
            return value
    return None


def answer(
    event: Any, skill: CustomSkill, allowed_skill_ids: Collection[str] = ()
) -> dict[str, Any]:
    """The response envelope for ``event``; requests for other skills get the silent response."""
    if not isinstance(event, Mapping) or not isinstance(event.get("request"), Mapping):
        return dict(SILENT_END)
    if allowed_skill_ids and application_id(event) not in allowed_skill_ids:
        log("warning", "refused a request addressed to another skill id")
        return dict(SILENT_END)
    request_type = event["request"].get("type")
    problem = shape_problem(event)
    if problem is not None:
        log("warning", "dropped the attributes of an unfit event: %s", problem)
        envelope = _try_deserialise(_rebuilt(event, keep_attributes=False))
    else:
        envelope = _deserialise(event, request_type)
    if envelope is None:
        return _unanswerable(request_type)
    try:
        response = _SERIALIZER.serialize(skill.invoke(envelope, None))
    except Exception as error:  # the SDK's own exception handler should have caught it
        log("error", "skill failed outside the handlers: %s", type(error).__name__)
        response = None
    return _checked(response if isinstance(response, dict) else None, request_type,
                    event["request"])  # fmt: skip


def _checked(
    response: dict[str, Any] | None, request_type: Any, request: Mapping[str, Any]
) -> dict[str, Any]:
    """The reply as sent: attributes only on spoken replies, strict JSON, within 24 KB."""
    if isinstance(response, dict) and request_type not in SPOKEN_TYPES:
        response.pop("sessionAttributes", None)  # the SDK echoes what came in
    if isinstance(response, dict) and deliverable(response):
        return response
    if response is not None:
        log("error", "refused to send a reply that is not strict JSON within 24 KB")
    if request_type in SPOKEN_TYPES:
        return apology(_locale(request))
    return _unanswerable(request_type)


def _unanswerable(request_type: Any) -> dict[str, Any]:
    """A CanFulfillIntentRequest still wants a verdict; anything else a silent ending."""
    if request_type == "CanFulfillIntentRequest":
        return copy.deepcopy(CANNOT_FULFILL)
    return dict(SILENT_END)


def apology(locale: str) -> dict[str, Any]:
    text = f"<speak>{to_ssml(error_text(locale))}</speak>"
    return {
        "version": "1.0",
        "response": {"outputSpeech": {"type": "SSML", "ssml": text}, "shouldEndSession": True},
    }


def _deserialise(event: Mapping[str, Any], request_type: Any) -> RequestEnvelope | None:
    """The SDK's envelope; a Launch or Intent request it cannot parse is rebuilt, only then."""
    envelope = _try_deserialise(_normalised(event))
    if envelope is None and request_type in SPOKEN_TYPES:
        envelope = _try_deserialise(_rebuilt(event))
    return envelope


def _try_deserialise(candidate: Mapping[str, Any] | None) -> RequestEnvelope | None:
    if candidate is None:
        return None
    try:
        envelope = _SERIALIZER.deserialize(json.dumps(candidate), RequestEnvelope)
    except Exception:
        return None
    return envelope if envelope is not None and envelope.request is not None else None


def epoch_seconds(value: Any) -> float | None:
    """Seconds since the epoch for a number or a string of digits, in seconds or in
    milliseconds (test tools send both); None for anything else, such as ISO 8601 text."""
    if isinstance(value, str) and value.strip().isdigit():
        try:
            value = int(value.strip())
        except ValueError:  # more digits than Python will convert
            return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number / 1000 if number > 1e11 else number


def _timestamp(value: Any) -> str:
    """ISO 8601 for what the SDK can parse: epoch numbers converted, other text kept."""
    seconds = epoch_seconds(value)
    if seconds is None and isinstance(value, str) and not value.strip().isdigit():
        return value
    try:
        when = datetime.fromtimestamp(seconds, UTC) if seconds is not None else datetime.now(UTC)
    except (ValueError, OverflowError, OSError):
        when = datetime.now(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _normalised(event: Mapping[str, Any]) -> Mapping[str, Any]:
    """The event with what the SDK cannot read put right; as it came when nothing is wrong."""
    request = event["request"]
    timestamp, locale = request.get("timestamp"), _locale(request)
    if (
        isinstance(timestamp, str)
        and not timestamp.strip().isdigit()
        and request.get("locale") == locale
        and (request.get("type") != "IntentRequest" or _has_intent_name(request.get("intent")))
    ):
        return event
    copy = dict(event)
    request = dict(event["request"])
    request["timestamp"] = _timestamp(request.get("timestamp"))
    request["locale"] = locale
    if request.get("type") == "IntentRequest" and not _has_intent_name(request.get("intent")):
        request["intent"] = dict(FALLBACK_INTENT)  # heard nothing usable: re-ask
    copy["request"] = request
    return copy


def _has_intent_name(intent: Any) -> bool:
    return isinstance(intent, Mapping) and isinstance(intent.get("name"), str)


def _locale(request: Mapping[str, Any]) -> str:
    return wording_locale(request.get("locale"))


def _text(value: Any, default: str) -> str:
    return value if isinstance(value, str) else default


def _rebuilt(event: Mapping[str, Any], keep_attributes: bool = True) -> dict[str, Any] | None:
    """A minimal, well-formed copy of a Launch or Intent request, keeping only safe parts."""
    request = event["request"]
    if request.get("type") not in SPOKEN_TYPES:
        return None
    raw_session = event.get("session")
    session: Mapping[str, Any] = raw_session if isinstance(raw_session, Mapping) else {}
    attributes = session.get("attributes") if keep_attributes else None
    app = {"applicationId": application_id(event) or "unknown"}
    raw_user = session.get("user")
    user: Mapping[str, Any] = raw_user if isinstance(raw_user, Mapping) else {}
    user_id = _text(user.get("userId"), "unknown")
    rebuilt_request: dict[str, Any] = {
        "type": request["type"],
        "requestId": _text(request.get("requestId"), "unknown"),
        "timestamp": _timestamp(None),
        "locale": _locale(request),
    }
    if request["type"] == "IntentRequest":
        raw_intent = request.get("intent")
        intent: Mapping[str, Any] = raw_intent if isinstance(raw_intent, Mapping) else {}
        found_slots = intent.get("slots")
        raw_slots: Mapping[Any, Any] = found_slots if isinstance(found_slots, Mapping) else {}
        slots = {
            name: {"name": name, "value": slot["value"]}
            for name, slot in islice(raw_slots.items(), MAX_SLOTS)
            if isinstance(name, str) and isinstance(slot, Mapping)
            and isinstance(slot.get("value"), str)
        }  # fmt: skip
        rebuilt_request["intent"] = {
            "name": _text(intent.get("name"), "AMAZON.FallbackIntent"),
            "confirmationStatus": "NONE",
            "slots": slots,
        }
    return {
        "version": "1.0",
        "session": {
            "new": session.get("new") is True,
            "sessionId": _text(session.get("sessionId"), "unknown"),
            "application": app,
            "attributes": attributes if isinstance(attributes, Mapping) else {},
            "user": {"userId": user_id},
        },
        "context": {"System": {"application": app, "user": {"userId": user_id}}},
        "request": rebuilt_request,
    }
