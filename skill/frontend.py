"""What the text front ends share: the locale a person asked for, and one turn as JSON.

The terminal chat and the browser simulator both take a locale from a person. Each must
either have a language model for it or say, in one line, which locales there are; neither
may fail with a traceback or a 500. ``turn_json`` is the shape of the chat's ``--json``
lines (and the simulator's ``turn``), whichever way the reply was made.
"""

from __future__ import annotations

from typing import Any

from skill.core.dialog import Reply
from skill.locales import UnsupportedLocale, model_locale, supported_locales
from skill.nlu import Understanding


def unsupported_locale_message(raw: object) -> str:
    """One line naming the supported locales, for a locale there is no language model for."""
    shown = repr(raw) if isinstance(raw, str) else "that"
    return (
        f"unsupported locale {shown}: supported locales are {', '.join(supported_locales())}"
        " (another English one, such as en-NZ, uses the en-US language model)"
    )


def language_model_locale(raw: object) -> str:
    """The interaction model's locale for ``raw``; raises ``UnsupportedLocale`` with a
    message that names the supported locales."""
    try:
        return model_locale(raw)
    except UnsupportedLocale:
        raise UnsupportedLocale(unsupported_locale_message(raw)) from None


def turn_json(
    heard: str | None, understanding: Understanding | None, reply: Reply
) -> dict[str, Any]:
    """One turn as the chat prints it with ``--json``: heard, understood, said and shown."""
    return {
        "heard": heard,
        "intent": understanding.intent if understanding else None,
        "slots": understanding.slots_json() if understanding else {},
        "speech": reply.speech,
        "reprompt": reply.reprompt,
        "card": {"title": reply.card.title, "text": reply.card.text} if reply.card else None,
        "end_session": reply.end_session,
    }
