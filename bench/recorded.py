"""A full assessment recorded as the exact envelopes Alexa sends, session attributes included."""

from __future__ import annotations

import copy
from typing import Any

import lambda_handler
from tests.support import intent, launch, slot

SCRIPT: list[tuple[str, dict[str, Any] | None]] = [
    ("AMAZON.NoIntent", None),
    ("AMAZON.NoIntent", None),
    ("AMAZON.NoIntent", None),
    (
        "WaterIntakeIntent",
        {"amount": slot("amount", "2"), "unit": slot("unit", "glasses", "glass")},
    ),
    ("AMAZON.YesIntent", None),
    ("AMAZON.YesIntent", None),
    ("AMAZON.NoIntent", None),
    ("AMAZON.NoIntent", None),
    ("AMAZON.YesIntent", None),
    ("AMAZON.YesIntent", None),
    ("AMAZON.NoIntent", None),
    ("AMAZON.NoIntent", None),
    ("AMAZON.YesIntent", None),
    ("AMAZON.NoIntent", None),
]


def record() -> list[dict[str, Any]]:
    """Launch, twelve answers, 'tell me more', 'no thanks': 15 envelopes as sent."""
    events = [launch()]
    attributes = lambda_handler.handler(copy.deepcopy(events[0]))["sessionAttributes"]
    for name, slots in SCRIPT:
        event = intent(name, slots, attributes=attributes)
        events.append(event)
        response = lambda_handler.handler(copy.deepcopy(event))
        attributes = response.get("sessionAttributes") or {}
    return events
