"""A conversation from typed or transcribed text, straight into the core: no ask-sdk.

Any front end that has text (the terminal chat, the tests, a local voice assistant) holds the
session's small flat state itself and passes it back each turn; this module only reads the
text in the context of the pending question and turns it into the core's input.
"""

from __future__ import annotations

from typing import Any

from .core.channel import TEXT, Channel
from .core.dialog import Reply, UserInput, pending_question, respond
from .intent_names import INTENT_ROUTES
from .nlu import LanguageUnderstanding, Understanding, for_locale


def user_input(understanding: Understanding) -> UserInput:
    """The core's input for what was understood; slot ids are checked by the core."""
    slots = understanding.slots

    def value(name: str) -> str | None:
        slot = slots.get(name)
        return slot.value if slot is not None else None

    def slot_id(name: str) -> str | None:
        slot = slots.get(name)
        return slot.id if slot is not None else None

    return UserInput(
        INTENT_ROUTES.get(understanding.intent, "fallback"),
        amount=value("amount"),
        unit=slot_id("unit"),
        cause=slot_id("cause"),
        sign=slot_id("sign"),
        condition=slot_id("condition"),
    )


class TextSession:
    """One person's assessment; ``attributes`` is the whole state, safe to hand back later."""

    def __init__(
        self,
        locale: str = "en-US",
        attributes: dict[str, Any] | None = None,
        nlu: LanguageUnderstanding | None = None,
        country: str | None = None,
        channel: Channel = TEXT,
    ) -> None:
        """``locale`` is a language tag in any common form ("en", "en_GB"); ``country``, where
        the platform knows it, decides the emergency number; ``channel`` what it can show."""
        self.locale = locale
        self.country = country
        self.channel = channel
        self.nlu = nlu or for_locale(locale)
        self.attributes: dict[str, Any] | None = attributes
        self.ended = False

    def start(self) -> Reply:
        return self._turn(UserInput("launch"))

    def say(self, text: str) -> tuple[Understanding, Reply]:
        pending = pending_question(self.attributes, self.locale, self.country)
        understanding = self.nlu.understand(text, pending)
        return understanding, self._turn(user_input(understanding))

    def _turn(self, said: UserInput) -> Reply:
        reply = respond(self.attributes, said, self.locale, self.channel, self.country)
        self.attributes = reply.attributes
        self.ended = reply.end_session
        return reply
