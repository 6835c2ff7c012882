"""What the channel a person uses can do, as an input to the core.

The same assessment runs on Alexa (a companion app that shows cards, sometimes a screen), on
Home Assistant (the card's text shown in the Assist dialog), on OpenVoiceOS (a GUI maybe),
and in a terminal. No channel is told about an app it does not have.
"""

from __future__ import annotations

from typing import NamedTuple


class Channel(NamedTuple):
    """``app``: the wording key of the companion app that receives cards ("alexa"), if any;
    ``screen``: whether to fill ``Reply.screen`` for a display."""

    app: str | None = None
    screen: bool = False


TEXT = Channel()
ALEXA = Channel(app="alexa")
