"""CanFulfillIntentRequest: can this skill answer a name-free request? No speech, no state.

The ``ask_sdk_model.canfulfill`` classes are imported when such a request arrives, not on
every cold start.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from skill.alexa.slots import slot_id, slot_text
from skill.core.knowledge import knowledge

# Intents that make sense as a first request: the assessment and the general answers.
ANSWERS_ON_ITS_OWN = ("StartAssessmentIntent", "ReliefIntent", "PreventionIntent",
                      "CausesOverviewIntent")  # fmt: skip


def _slots(handler_input: HandlerInput) -> dict[str, Any]:
    from ask_sdk_model.canfulfill import (
        CanFulfillSlot,
        CanFulfillSlotValues,
        CanUnderstandSlotValues,
    )

    intent = getattr(handler_input.request_envelope.request, "intent", None)
    result = {}
    for name in (intent.slots or {}) if intent else {}:
        understood = slot_id(handler_input, name) is not None
        heard = slot_text(handler_input, name) is not None
        result[name] = CanFulfillSlot(
            can_understand=CanUnderstandSlotValues.YES if understood
            else CanUnderstandSlotValues.MAYBE if heard else CanUnderstandSlotValues.NO,
            can_fulfill=CanFulfillSlotValues.YES if understood else CanFulfillSlotValues.NO,
        )  # fmt: skip
    return result


def verdict(handler_input: HandlerInput) -> Any:
    from ask_sdk_model.canfulfill import CanFulfillIntentValues

    intent = getattr(handler_input.request_envelope.request, "intent", None)
    name = getattr(intent, "name", None)
    if name in ANSWERS_ON_ITS_OWN:
        return CanFulfillIntentValues.YES
    if name == "ExplainCauseIntent":
        cause = knowledge().cause(slot_id(handler_input, "cause"))
        if cause is not None:
            return CanFulfillIntentValues.YES
        heard = slot_text(handler_input, "cause") is not None
        return CanFulfillIntentValues.NO if heard else CanFulfillIntentValues.MAYBE
    return CanFulfillIntentValues.NO  # answers to questions, built-ins, other skills' intents


class CanFulfillIntentRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("CanFulfillIntentRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        from ask_sdk_model.canfulfill import CanFulfillIntent

        builder = handler_input.response_builder
        builder.set_can_fulfill_intent(
            CanFulfillIntent(can_fulfill=verdict(handler_input), slots=_slots(handler_input))
        )
        return builder.response
