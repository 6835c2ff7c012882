"""AWS Lambda entry point: ``lambda_handler.handler``.

The skill object is built once per container (cold start) and reused for every request.
Set ``SKILL_ID`` (comma-separated) to refuse requests addressed to any other skill.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from skill.alexa.builder import build_skill
from skill.alexa.envelope import answer

SKILL = build_skill()


def allowed_skill_ids() -> frozenset[str]:
    return _parse_skill_ids(os.environ.get("SKILL_ID", ""))


@lru_cache(maxsize=8)
def _parse_skill_ids(raw: str) -> frozenset[str]:
    return frozenset(part.strip() for part in raw.split(",") if part.strip())


def handler(event: Any, context: Any = None) -> dict[str, Any]:
    """Never raises: every event gets a valid response envelope."""
    return answer(event, SKILL, allowed_skill_ids())
