"""Turn answers into an urgency level and a short ranked list of likely causes.

Scores are sums of the weights in ``knowledge.json``; they are never spoken. Each ranked
cause keeps the one answer that weighed most for it, so the result can say "because you
said ..." honestly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from skill.core.flow import UNKNOWN, Answer, RedFlag, category, walk
from skill.core.knowledge import Cause, Knowledge

EMERGENCY, SAME_DAY, SEE_DOCTOR_SOON, SELF_CARE = (
    "emergency",
    "same_day",
    "see_doctor_soon",
    "self_care",
)
LIKELY, POSSIBLE = "likely", "possible"


class RankedCause(NamedTuple):
    cause: Cause
    rating: str
    reason_question: str
    reason_category: str


class Assessment(NamedTuple):
    urgency: str
    red_flag: str | None
    causes: tuple[RankedCause, ...]
    warnings: tuple[str, ...]  # red-flag questions the person could not answer


def assess(knowledge: Knowledge, answers: Mapping[str, Answer]) -> Assessment:
    route = walk(knowledge, answers)
    warnings = tuple(
        q.unknown_warning
        for q in route.answered
        if q.unknown_warning and answers.get(q.id) == UNKNOWN
    )
    if isinstance(route.step, RedFlag):
        level = knowledge.red_flag_levels[route.step.flag_id]
        return Assessment(level, route.step.flag_id, (), warnings)

    scores: dict[str, float] = {}
    best: dict[str, tuple[float, str, str]] = {}
    for question in route.answered:
        cat = category(knowledge, question, answers[question.id])
        for cause_id, weight in question.weights.get(cat, {}).items():
            scores[cause_id] = scores.get(cause_id, 0.0) + weight
            if weight > best.get(cause_id, (0.0, "", ""))[0]:
                best[cause_id] = (weight, question.id, cat)

    order = {cause.id: index for index, cause in enumerate(knowledge.causes)}
    ranked = sorted(
        (cid for cid, score in scores.items() if score >= knowledge.possible),
        key=lambda cid: (-scores[cid], order[cid]),
    )[: knowledge.max_causes]
    causes = tuple(
        RankedCause(
            cause=knowledge.cause(cid),  # type: ignore[arg-type]
            rating=LIKELY if scores[cid] >= knowledge.likely else POSSIBLE,
            reason_question=best[cid][1],
            reason_category=best[cid][2],
        )
        for cid in ranked
    )
    needs_doctor = any(rc.rating == LIKELY and rc.cause.see_doctor for rc in causes)
    return Assessment(SEE_DOCTOR_SOON if needs_doctor else SELF_CARE, None, causes, warnings)
