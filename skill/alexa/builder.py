"""Assembles the ask-sdk skill object shared by Lambda, the web endpoint and the text chat."""

from __future__ import annotations

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder

from skill.alexa.can_fulfill import CanFulfillIntentRequestHandler
from skill.alexa.handlers import (
    IntentHandler,
    LaunchRequestHandler,
    SafeExceptionHandler,
    SilentRequestHandler,
)


def build_skill() -> CustomSkill:
    builder = SkillBuilder()
    builder.add_request_handler(LaunchRequestHandler())
    builder.add_request_handler(IntentHandler())
    builder.add_request_handler(CanFulfillIntentRequestHandler())
    builder.add_request_handler(SilentRequestHandler())  # must stay last: it takes anything
    builder.add_exception_handler(SafeExceptionHandler())
    return builder.create()
