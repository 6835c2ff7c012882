"""The assessment core: knowledge base, dialog state machine, scoring and wording.

Standard library only, so any front end (Alexa, Home Assistant, OpenVoiceOS, a terminal) can
drive it. The public API is what this module exports: ``respond`` is one turn, from the
state the caller keeps (a small flat dict) and what the person said (a ``UserInput`` with a
core ``Intent``) to a ``Reply`` (speech, reprompt, end of session, card, the new state, and
the ``Outcome`` when there is one). ``preload`` loads every data file once, before traffic;
``error_text`` is the apology a front end speaks when it fails itself.
"""

from __future__ import annotations

from .channel import ALEXA, TEXT, Channel
from .dialog import (
    INTENTS,
    Intent,
    Outcome,
    Reply,
    Screen,
    UserInput,
    error_text,
    pending_question,
    respond,
)
from .knowledge import available_locales, knowledge, knowledge_for, wording
from .locale import EmergencyNumber, Locale, languages, resolve
from .render import Card, phrases_for

__all__ = [
    "ALEXA",
    "INTENTS",
    "TEXT",
    "Card",
    "Channel",
    "EmergencyNumber",
    "Intent",
    "Locale",
    "Outcome",
    "Reply",
    "Screen",
    "UserInput",
    "error_text",
    "languages",
    "pending_question",
    "preload",
    "resolve",
    "respond",
]


def preload() -> None:
    """Read and parse every data file now (at start-up, or in an executor), not on a turn."""
    knowledge()
    for key in sorted(available_locales() | languages()):
        wording(key)
        knowledge_for(key)
        phrases_for(key)
