"""Incoming locales resolved to what the skill supports, before they reach the core or the NLU.

The core's wording and the local language understanding cache per locale string. Handing
them raw input (any of 676 ``en-??`` tags, or any string at all on Lambda) would build and
keep one entry per distinct value; these functions reduce every input to one of a handful of
values first, so those caches hold at most ``len(supported_locales()) + 1`` entries.

* A supported locale (one with ``skill/data/wording/<locale>.json``) stays itself.
* Anything else becomes ``UNKNOWN_REGION``, ``en-ZZ`` (``ZZ`` is CLDR's "unknown region"):
  no wording file has that name, so the core speaks en-US wording with "your local emergency
  number" instead of a number that may be wrong where the person is, exactly as it does for
  ``en-NZ`` or ``fr-FR`` itself. No other country's number is ever spoken for it.
* The browser simulator also needs a language model: English tags get the model of their
  own locale if it exists, else en-US; other languages are refused (there is no model).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from skill.core.knowledge import available_locales
from skill.core.locale import parse_tag

DEFAULT_LOCALE = "en-US"
UNKNOWN_REGION = "en-ZZ"
LOCALE_TAG = re.compile(r"^[a-z]{2}-[A-Z]{2}$")


class UnsupportedLocale(ValueError):
    """A locale the simulator cannot understand (there is no language model for it)."""


@cache
def supported_locales() -> tuple[str, ...]:
    """The locales with their own wording overlay, sorted (the core's list, read once)."""
    return tuple(sorted(available_locales()))


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
