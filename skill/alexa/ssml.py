"""Plain text to markup. Every sentence passes through here, so '&', '<' and '>' are safe."""

from __future__ import annotations


def escape_markup(text: str) -> str:
    """Three replacements rather than ``xml.sax.saxutils`` or ``html``: those import urllib,
    http.client or html.entities, tens of milliseconds of every Lambda cold start."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_ssml(text: str) -> str:
    """The body of a <speak> element (the SDK adds the element itself)."""
    return escape_markup(text)
