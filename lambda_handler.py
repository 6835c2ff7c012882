"""AWS Lambda entry point: ``lambda_handler.handler``.

The skill object is built once per container (cold start) and reused for every request.
Set ``SKILL_ID`` (comma-separated) to refuse requests addressed to any other skill.
"""

from __future__ import annotations

from typing import Any

from skill.alexa.builder import build_skill
from skill.alexa.envelope import answer, configured_skill_ids

SKILL = build_skill()


def handler(event: Any, context: Any = None) -> dict[str, Any]:
    """Never raises: every event gets a valid response envelope."""
    return answer(event, SKILL, configured_skill_ids())
