"""A full assessment recorded as the exact envelopes Alexa sends, session attributes included."""

from __future__ import annotations

import copy
from typing import Any

import lambda_handler
from tests.support import intent, launch, slot

SCREEN_TURNS = 5  # the red-flag questions, all answered no
SCRIPT: list[tuple[str, dict[str, Any] | None]] = [
    *[("AMAZON.NoIntent", None)] * SCREEN_TURNS,
    (
        "WaterIntakeIntent",
        {"amount": slot("amount", "2"), "unit": slot("unit", "glasses", "glass")},
    ),
    ("AMAZON.YesIntent", None),  # sweating
    ("AMAZON.NoIntent", None),  # confused, faint or very hot skin
    ("AMAZON.YesIntent", None),  # exercise
    ("AMAZON.NoIntent", None),  # rest days
    ("AMAZON.YesIntent", None),  # back pain
    ("AMAZON.YesIntent", None),  # running down the leg
    ("AMAZON.NoIntent", None),  # diet
    ("AMAZON.NoIntent", None),  # medicines: the result
    ("AMAZON.YesIntent", None),  # tell me more
    ("AMAZON.NoIntent", None),  # no thanks
]


def record(locale: str = "en-US") -> list[dict[str, Any]]:
    """Launch, fourteen answers, 'tell me more', 'no thanks': 17 envelopes as sent."""
    events = [launch(locale=locale)]
    attributes = lambda_handler.handler(copy.deepcopy(events[0]))["sessionAttributes"]
    for name, slots in SCRIPT:
        event = intent(name, slots, attributes=attributes, locale=locale)
        events.append(event)
        response = lambda_handler.handler(copy.deepcopy(event))
        attributes = response.get("sessionAttributes") or {}
    return events
