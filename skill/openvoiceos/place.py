"""Which language to speak and which emergency number to give, from what OpenVoiceOS says.

A request carries a language tag ("en-US", "es-ES"); the device (or the satellite's session)
has a configured location, ``location.city.state.country.code``. The number comes from that
country alone: OpenVoiceOS tags every English request "en-US" wherever the device is, so the
tag's region is never taken as the country. Without a country the core says "your local
emergency number". A language the understanding has no data for is spoken to in English
(its intent files could not have matched anyway). Nothing here is hard-coded per language:
the languages are whatever the packaged data has.

No OpenVoiceOS imports: the values come in as plain JSON-like data and are guarded here.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from skill.core.locale import DEFAULT_LANGUAGE, parse_tag
from skill.nlu import understood_languages

_COUNTRY = re.compile(r"[A-Za-z]{2}")


class Place(NamedTuple):
    """The locale tag to hand to the text session, and the country for the number."""

    locale: str
    country: str | None


def country_code(location: object) -> str | None:
    """The ISO 3166 code in an OpenVoiceOS location, upper case, or None if absent or odd."""
    value: object = location
    for key in ("city", "state", "country", "code"):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    if isinstance(value, str) and _COUNTRY.fullmatch(value.strip()):
        return value.strip().upper()
    return None


def language_of(tag: object) -> str:
    """The request's language if the understanding has data for it, else English."""
    language, _ = parse_tag(tag)
    return language if language in understood_languages() else DEFAULT_LANGUAGE


def place(lang: object, location: object) -> Place:
    """The session's locale: the request's language with the configured country, if any."""
    language = language_of(lang)
    country = country_code(location)
    return Place(f"{language}-{country}" if country else language, country)
