"""Plain text to SSML. Every sentence passes through here, so '&', '<' and '>' are always safe."""

from __future__ import annotations

from html import escape


def to_ssml(text: str) -> str:
    """The body of a <speak> element (the SDK adds the element itself).

    ``html.escape`` rather than ``xml.sax.saxutils``: the latter imports urllib and
    http.client, about 40 ms of every Lambda cold start.
    """
    return escape(text, quote=False)
