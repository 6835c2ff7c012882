"""The assessment as Home Assistant drives it, with no Home Assistant import: loaded once,
then one turn at a time from the state the caller holds.

Everything here reads files or does CPU work (building the understanding, matching a
sentence), so Home Assistant calls it in an executor, never on its event loop. It keeps
nothing itself: a turn takes the conversation's state and returns the new one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .assessment.core import TEXT, Card, Reply, error_text, languages, preload
from .assessment.core.locale import DEFAULT_LANGUAGE, parse_tag
from .assessment.intent_names import INTENT_ROUTES
from .assessment.nlu import (
    LanguageUnderstanding,
    UnsupportedLanguage,
    for_locale,
    understood_languages,
)
from .assessment.text_session import TextSession

# What a first utterance may ask for straight away; anything else ("hello", "my thigh keeps
# cramping") starts the assessment with its welcome. A danger sign is always heard at once.
ANSWERED_AT_ONCE = frozenset({"relief", "overview", "explain_cause", "prevention", "sign", "stop"})


@dataclass(frozen=True)
class Said:
    """One reply, as Home Assistant needs it."""

    speech: str  # as spoken: the emergency number digit by digit
    reprompt: str | None
    card: Card | None  # shown as written, digits and all
    ended: bool
    attributes: dict[str, Any]  # the whole state of the assessment; {} once it has ended


def spoken(text: str, number: str | None, name: str | None) -> str:
    """``text`` as a speech engine should read it. Home Assistant speaks plain text, and
    engines read "911" as "nine hundred eleven": the digits are spaced out ("9 1 1") so they
    are read one by one; where the number is said by name ("triple zero (000)") the name
    alone is spoken, as Alexa's markup does."""
    if not number:
        return text
    if name:
        return text.replace(f"{name} ({number})", name)
    return re.sub(rf"(?<!\d){re.escape(number)}(?!\d)", " ".join(number), text)


class Assistant:
    """The packaged data and understanding, read once; ``turn`` keeps nothing itself, so any
    executor thread may run it."""

    def __init__(self, supported: tuple[str, ...], apology: str) -> None:
        self.languages = supported
        self._apology = apology

    @classmethod
    def load(cls, language: str, country: str | None) -> Assistant:
        """Reads every data file and builds the understanding for each supported language
        (and Home Assistant's own language and country), so no turn waits for a file."""
        preload()
        supported = []
        for spoken_language in sorted(languages() & understood_languages()):
            try:
                for_locale(spoken_language)
            except UnsupportedLanguage:  # wording and phrasings, but no interaction model yet
                continue
            supported.append(spoken_language)
        household = _nlu_tag(language, country)
        for_locale(household if parse_tag(household)[0] in supported else DEFAULT_LANGUAGE)
        return cls(tuple(supported), error_text(language, country))

    def turn(
        self,
        attributes: Mapping[str, Any] | None,
        text: str,
        language: str,
        country: str | None,
    ) -> Said:
        """One utterance. ``attributes`` None: a new conversation, which starts the
        assessment unless the first words already ask for something it answers."""
        tag = language if parse_tag(language)[0] in self.languages else DEFAULT_LANGUAGE
        nlu = self._understanding(tag, country)
        session = TextSession(tag, dict(attributes) if attributes else None, nlu, country, TEXT)
        if attributes is None and not _answered_at_once(nlu, text):
            reply = session.start()
        else:
            _, reply = session.say(text)
        return _said(reply)

    def apology(self, language: str, country: str | None) -> Said:
        """The skill's own error, spoken when a turn failed; it ends the conversation."""
        try:
            text = error_text(language, country)
        except Exception:  # the data itself is at fault: the apology read at start-up
            text = self._apology
        return Said(text, None, None, True, {})

    def _understanding(self, tag: str, country: str | None) -> LanguageUnderstanding:
        return for_locale(_nlu_tag(tag, country))


def _nlu_tag(language: str, country: str | None) -> str:
    """The tag whose interaction model reads this household best: the pipeline's language,
    with Home Assistant's country where the pipeline names none ("en" in Britain: en-GB)."""
    spoken_language, region = parse_tag(language)
    if spoken_language is None:
        return DEFAULT_LANGUAGE
    if region is None and isinstance(country, str) and re.fullmatch(r"[A-Za-z]{2}", country):
        region = country.upper()
    return f"{spoken_language}-{region}" if region else spoken_language


def _answered_at_once(nlu: LanguageUnderstanding, text: str) -> bool:
    return INTENT_ROUTES.get(nlu.understand(text).intent) in ANSWERED_AT_ONCE


def _said(reply: Reply) -> Said:
    number, name = reply.emergency_number, reply.emergency_name
    return Said(
        spoken(reply.speech, number, name),
        spoken(reply.reprompt, number, name) if reply.reprompt else None,
        reply.card,
        reply.end_session,
        {} if reply.end_session else dict(reply.attributes),
    )
