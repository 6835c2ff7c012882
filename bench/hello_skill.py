"""The baseline: a bare ask-sdk-core hello-world skill, as small as a Lambda skill gets."""

from __future__ import annotations

from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response


class HelloHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input) or is_request_type("IntentRequest")(
            handler_input
        )

    def handle(self, handler_input: HandlerInput) -> Response:
        return (
            handler_input.response_builder.speak("Hello world. What next?")
            .ask("What next?")
            .set_should_end_session(False)
            .response
        )


class EndedHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        return handler_input.response_builder.response


_builder = SkillBuilder()
_builder.add_request_handler(HelloHandler())
_builder.add_request_handler(EndedHandler())
_lambda = _builder.lambda_handler()


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    return _lambda(event, context)
