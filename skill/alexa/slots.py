"""Reading slots defensively: values may be missing, '?', unresolved or of the wrong shape."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Slot
from ask_sdk_model.slu.entityresolution import StatusCode


def _slot(handler_input: HandlerInput, name: str) -> Slot | None:
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slots = getattr(intent, "slots", None) or {}
    slot = slots.get(name) if isinstance(slots, dict) else None
    return slot if isinstance(slot, Slot) else None


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
        if status != StatusCode.ER_SUCCESS_MATCH:
            continue
        for wrapper in getattr(authority, "values", None) or []:
            value_id = getattr(getattr(wrapper, "value", None), "id", None)
            if isinstance(value_id, str) and value_id:
                return value_id
    return None
