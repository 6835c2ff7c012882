"""Request handlers: each maps a request onto a core intent and renders the core's reply.

No wording and no medical logic lives here; it is all in ``skill.core`` and the data files.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.dispatch_components import (
    AbstractExceptionHandler,
    AbstractRequestHandler,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, get_locale, is_request_type
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard

from skill.alexa.apl import render_directive, supports_apl
from skill.alexa.logs import log
from skill.alexa.slots import has_slots, slot_id, slot_text
from skill.alexa.ssml import to_ssml
from skill.core.channel import Channel
from skill.core.dialog import Reply, UserInput, error_text, respond
from skill.core.render import sentences
from skill.intent_names import INTENT_ROUTES


def session_attributes(handler_input: HandlerInput) -> dict[str, Any] | None:
    """The session attributes, or None for out-of-session requests (they have no state)."""
    if handler_input.request_envelope.session is None:
        return None
    return handler_input.attributes_manager.session_attributes


def locale_of(handler_input: HandlerInput) -> str | None:
    locale = get_locale(handler_input)
    return locale if isinstance(locale, str) else None


def render(handler_input: HandlerInput, reply: Reply) -> Response:
    builder = handler_input.response_builder
    number = (reply.emergency_number, reply.emergency_name)
    builder.speak(to_ssml(reply.speech, *number))
    if reply.reprompt:
        builder.ask(to_ssml(reply.reprompt, *number))
    if reply.card:
        builder.set_card(SimpleCard(title=reply.card.title, content=reply.card.text))
    if reply.screen is not None:  # asked for only when the device supports APL
        builder.add_directive(render_directive(reply.screen))
    builder.set_should_end_session(reply.end_session)
    if handler_input.request_envelope.session is not None:
        handler_input.attributes_manager.session_attributes = reply.attributes
    return builder.response


def run_core(handler_input: HandlerInput, said: UserInput) -> Response:
    reply = respond(
        session_attributes(handler_input), said, locale_of(handler_input) or "",
        Channel(app="alexa", screen=supports_apl(handler_input)),
    )  # fmt: skip
    return render(handler_input, reply)


class LaunchRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return run_core(handler_input, UserInput("launch"))


class IntentHandler(AbstractRequestHandler):
    """Every IntentRequest: the skill's intents route to the core's by ``INTENT_ROUTES``;
    another skill's or a stale model's intent is a fallback, so the question is asked again.

    One handler with a table rather than one per intent: the SDK asks each handler in turn
    whether it can handle a request, and that dispatch was a fifth of every turn's time.
    """

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("IntentRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        name = get_intent_name(handler_input)
        core_intent = INTENT_ROUTES.get(name, "fallback") if isinstance(name, str) else "fallback"
        if not has_slots(handler_input):  # yes, no, help...: most turns carry none
            return run_core(handler_input, UserInput(core_intent))
        said = UserInput(
            core_intent,
            amount=slot_text(handler_input, "amount"),
            unit=slot_id(handler_input, "unit"),
            cause=slot_id(handler_input, "cause"),
            sign=slot_id(handler_input, "sign"),
            condition=slot_id(handler_input, "condition"),
        )
        return run_core(handler_input, said)


class SilentRequestHandler(AbstractRequestHandler):
    """SessionEnded, AudioPlayer, PlaybackController, skill events and anything else: no speech."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        builder = handler_input.response_builder
        builder.set_should_end_session(True)
        return builder.response


class SafeExceptionHandler(AbstractExceptionHandler):
    """Apologise and ask the pending question again, keeping the session and its state."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log("error", "handler failed: %s", type(exception).__name__)
        spoken = is_request_type("LaunchRequest")(handler_input) or is_request_type(
            "IntentRequest"
        )(handler_input)
        if not spoken:
            return SilentRequestHandler().handle(handler_input)
        locale = locale_of(handler_input) or ""
        apology = error_text(locale)
        try:
            reply = respond(session_attributes(handler_input), UserInput("repeat"), locale)
        except Exception:  # the state itself is what broke: start clean, red flags first
            reply = respond(None, UserInput("start"), locale)
        reply = Reply(
            sentences(apology, reply.speech),
            reply.reprompt,
            reply.end_session,
            None,
            reply.attributes,
        )
        return render(handler_input, reply)
