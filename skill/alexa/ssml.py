"""Plain text to markup. Every sentence passes through here, so '&', '<' and '>' are safe."""

from __future__ import annotations


def escape_markup(text: str) -> str:
    """Three replacements rather than ``xml.sax.saxutils`` or ``html``: those import urllib,
    http.client or html.entities, tens of milliseconds of every Lambda cold start."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_ssml(text: str, number: str | None = None, name: str | None = None) -> str:
    """The body of a <speak> element (the SDK adds the element itself).

    The emergency number is marked up so it is read digit by digit ("nine one one", not
    "nine hundred and eleven"); where the locale says it by name ("triple zero (000)"), the
    name is spoken and the digits only shown.
    """
    ssml = escape_markup(text)
    if not number:
        return ssml
    digits = f'<say-as interpret-as="digits">{number}</say-as>'
    if name:
        written = f"{name} ({number})"
        return ssml.replace(written, f'<sub alias="{name}">{written}</sub>')
    return ssml.replace(number, digits)
