"""Incoming locales made safe to hand to the core and the NLU, at the platform's edge.

The core (``skill.core.locale``) and the language understanding (``skill.nlu.model_key``)
key their caches by what a tag resolves to (a wording file, a country's number, a model
file), so any number of distinct tags keeps them small. Here:

* ``wording_locale`` passes on a readable tag in one spelling (``en_gb`` -> ``en-GB``), and
  turns anything unreadable into ``UNKNOWN_REGION``, ``en-ZZ`` (CLDR's "unknown region"):
  English wording with "your local emergency number", never another country's number.
* ``model_locale`` names the interaction model for a tag (its own, or its language's), and
  refuses other languages with a message that lists the supported locales.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from skill.core.knowledge import available_locales, data_file
from skill.core.locale import parse_tag

DEFAULT_LOCALE = "en-US"
UNKNOWN_REGION = "en-ZZ"


class UnsupportedLocale(ValueError):
    """A locale the simulator cannot understand (there is no language model for it)."""


@cache
def supported_locales() -> tuple[str, ...]:
    """The locales a person can take the assessment in by text: a wording overlay of their
    own and an understanding of their language (``skill/data/nlu/<language>.json``), sorted.
    Wording can arrive before its understanding (Spanish did): such a locale is offered once
    both are there, never as a choice that answers "unsupported"."""
    return tuple(
        sorted(
            locale
            for locale in available_locales()
            if data_file("nlu", f"{locale.split('-')[0]}.json").is_file()
        )
    )


def wording_locale(raw: Any) -> str:
    """The locale the skill should speak for ``raw``: its language tag as the core reads it
    ("en-NZ" has no wording of its own but a known number), else ``en-ZZ``. The core's
    caches are keyed by what the tag resolves to, so any number of tags keeps them small."""
    language, country = parse_tag(raw)
    if language is None:
        return UNKNOWN_REGION
    return f"{language}-{country}" if country else language


def model_locale(raw: Any) -> str:
    """The interaction model for ``raw``: its own if supported, en-US for other English tags.

    Raises ``UnsupportedLocale`` for malformed tags and other languages.
    """
    from skill.nlu import UnsupportedLanguage, model_key  # the understanding: not on Lambda

    language, _ = parse_tag(raw)
    if language is None:
        raise UnsupportedLocale("locale must look like en-US")
    try:
        return model_key(raw)  # "en_GB", "en-gb" and "en" read as people write them
    except UnsupportedLanguage:
        supported = ", ".join(supported_locales())
        raise UnsupportedLocale(f"unsupported locale; supported: {supported}") from None
