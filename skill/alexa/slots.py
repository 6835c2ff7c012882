"""Reading slots defensively: values may be missing, '?', unresolved or of the wrong shape.

The status is compared by value so this module need not import the entity-resolution
models (about 10 ms of cold start); the SDK loads them only for requests that carry them.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Slot


def _slot(handler_input: HandlerInput, name: str) -> Slot | None:
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slots = getattr(intent, "slots", None) or {}
    slot = slots.get(name) if isinstance(slots, dict) else None
    return slot if isinstance(slot, Slot) else None


def has_slots(handler_input: HandlerInput) -> bool:
    """Whether the intent carries any slot at all."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    return bool(getattr(intent, "slots", None))


def slot_text(handler_input: HandlerInput, name: str) -> str | None:
    """What Alexa heard for a slot, or None when it heard nothing usable."""
    slot = _slot(handler_input, name)
    value = getattr(slot, "value", None)
    if not isinstance(value, str) or not value.strip() or value.strip() == "?":
        return None
    return value.strip()


def slot_id(handler_input: HandlerInput, name: str) -> str | None:
    """The custom slot value id that entity resolution matched, or None."""
    slot = _slot(handler_input, name)
    resolutions = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None)
    for authority in resolutions or []:
        status = getattr(getattr(authority, "status", None), "code", None)
        if getattr(status, "value", status) != "ER_SUCCESS_MATCH":  # the enum, by value
            continue
        for wrapper in getattr(authority, "values", None) or []:
            value_id = getattr(getattr(wrapper, "value", None), "id", None)
            if isinstance(value_id, str) and value_id:
                return value_id
    return None
