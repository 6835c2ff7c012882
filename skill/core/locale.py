"""Language tags as people and platforms write them, resolved to what the skill can say.

Alexa sends ``en-GB``; Home Assistant may send ``en`` and a configured country ``GB``;
OpenVoiceOS ``en-us``; a shell ``en_US.UTF-8``. Wording is chosen by language, with a
country overlay where one exists (spelling, units, care words); the emergency number by
country alone. Everything is resolved against the packaged data, so the caches that sit on
top are bounded by the data files, never by what callers send.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from .knowledge import available_locales, data_file, read_json

DEFAULT_LANGUAGE = "en"
_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?(?:[.@-].*)?\s*$")


class EmergencyNumber(NamedTuple):
    digits: str  # read digit by digit
    name: str | None  # how it is said where that differs ("triple zero")


class Locale(NamedTuple):
    """What a request's language tag and country resolve to."""

    language: str  # a language the skill has wording for
    country: str | None  # ISO 3166 code as given, upper case, or None
    wording: str  # the wording to use: a country overlay ("en-GB") or the language ("en")
    number: EmergencyNumber | None  # None: "your local emergency number"

    @property
    def tag(self) -> str:
        return f"{self.language}-{self.country}" if self.country else self.language


@cache
def languages() -> frozenset[str]:
    """Languages with wording (``en.json``), each possibly with country overlays."""
    return frozenset(
        entry.name.removesuffix(".json")
        for entry in data_file("wording").iterdir()
        if re.fullmatch(r"[a-z]{2,3}\.json", entry.name)
    )


@cache
def _numbers() -> dict[str, tuple[str, dict[str, str]]]:
    raw = read_json(data_file("countries.json"))["countries"]
    return {code: (entry["number"], dict(entry.get("names", {}))) for code, entry in raw.items()}


def emergency_number(country: str | None, language: str) -> EmergencyNumber | None:
    known = _numbers().get(country or "")
    if known is None:
        return None
    digits, names = known
    return EmergencyNumber(digits, names.get(language))


def parse_tag(tag: object) -> tuple[str | None, str | None]:
    """("en", "GB") from "en-GB", "en_gb", "EN-gb", "en_GB.UTF-8"; (None, None) if unreadable."""
    if not isinstance(tag, str) or len(tag) > 64:
        return None, None
    match = _TAG.match(tag)
    if match is None:
        return None, None
    language, region = match.groups()
    return language.lower(), region.upper() if region else None


def resolve(tag: object, country: object = None) -> Locale:
    """The locale for a language tag and an optional country (which wins over the tag's).

    An unsupported language falls back to English wording; an unknown country keeps the
    wording but is told to call "your local emergency number".
    """
    short = isinstance(tag, str) and len(tag) <= 64
    if short and (country is None or (isinstance(country, str) and len(country) <= 8)):
        return _resolved(tag, country if isinstance(country, str) else None)
    return _resolve(tag, country)


@lru_cache(maxsize=256)  # bounded: the tags a deployment sees are few, strangers just cycle
def _resolved(tag: str, country: str | None) -> Locale:
    return _resolve(tag, country)


def _resolve(tag: object, country: object = None) -> Locale:
    language, region = parse_tag(tag)
    if isinstance(country, str) and re.fullmatch(r"[A-Za-z]{2}", country.strip()):
        region = country.strip().upper()
    if language not in languages():
        language = DEFAULT_LANGUAGE
    overlay = f"{language}-{region}" if region else None
    wording_key = overlay if overlay in available_locales() else language
    return Locale(language, region, wording_key, emergency_number(region, language))
