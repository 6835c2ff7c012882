"""The core's reply as OpenVoiceOS should say it.

OpenVoiceOS speech engines (Piper, Mimic, espeak, ...) take plain text and most drop SSML,
and several read "911" as "nine hundred and eleven". On Alexa the number is marked up; here
its digits are spaced ("9 1 1"), which every engine reads one by one. Where a locale says the
number by name ("triple zero (000)"), only the name is spoken. The card shown on a screen
keeps the number as written.
"""

from __future__ import annotations

import re

from skill.core import Reply


def speakable(text: str, number: str | None, name: str | None) -> str:
    """``text`` with the emergency number in a form any speech engine reads digit by digit."""
    if not number:
        return text
    if name:
        return text.replace(f"{name} ({number})", name)
    return re.sub(rf"(?<!\d){re.escape(number)}(?!\d)", " ".join(number), text)


def spoken(reply: Reply) -> str:
    """What to speak for a reply of the core."""
    return speakable(reply.speech, reply.emergency_number, reply.emergency_name)
