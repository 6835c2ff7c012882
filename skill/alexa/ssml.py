"""Plain text to SSML. Every sentence passes through here, so '&', '<' and '>' are always safe."""

from __future__ import annotations

from xml.sax.saxutils import escape


def to_ssml(text: str) -> str:
    """The body of a <speak> element (the SDK adds the element itself)."""
    return escape(text)
