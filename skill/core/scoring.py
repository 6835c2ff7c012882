"""Turn answers into an urgency level and a short ranked list of likely causes.

Scores are sums of the weights in ``knowledge.json``; they are never spoken. Each ranked
cause keeps the one answer that weighed most for it, so the result can say "because you
said ..." honestly.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import NamedTuple

from .flow import EMERGENCY, SAME_DAY, UNKNOWN, Answer, RedFlag, category, walk
from .knowledge import Cause, Knowledge

SEE_DOCTOR_SOON, SELF_CARE = "see_doctor_soon", "self_care"
LIKELY, POSSIBLE, CONTRIBUTING = "likely", "possible", "contributing"
MENTIONED = "mentioned"  # the reason category of a weight that came from a mentioned condition
_LEVEL_ORDER = {EMERGENCY: 0, SAME_DAY: 1}


class RankedCause(NamedTuple):
    cause: Cause
    rating: str
    reason_question: str
    reason_category: str


class Assessment(NamedTuple):
    urgency: str
    red_flag: str | None
    causes: tuple[RankedCause, ...]
    warnings: tuple[str, ...]  # red flags the person could not rule out, most urgent first
    doctor_reasons: tuple[str, ...] = ()  # why to see a doctor soon, decided before any cut
    mentions: tuple[str, ...] = ()  # conditions mentioned, which some advice must respect


def assess(
    knowledge: Knowledge,
    answers: Mapping[str, Answer],
    reported: Collection[str] = (),
    mentions: Collection[str] = (),
) -> Assessment:
    route = walk(knowledge, answers, reported)
    unknown = [
        q.unknown_warning
        for q in route.answered
        if q.unknown_warning and answers.get(q.id) == UNKNOWN
    ]
    warnings = tuple(sorted(unknown, key=lambda f: _LEVEL_ORDER[knowledge.flags[f].level]))
    if isinstance(route.step, RedFlag):
        level = knowledge.flags[route.step.flag_id].level
        return Assessment(level, route.step.flag_id, (), warnings)

    scores: dict[str, float] = {}
    best: dict[str, tuple[float, str, str]] = {}
    reasons: list[str] = []

    def add(cause_id: str, weight: float, question_id: str, cat: str) -> None:
        scores[cause_id] = scores.get(cause_id, 0.0) + weight
        if weight > best.get(cause_id, (0.0, "", ""))[0]:
            best[cause_id] = (weight, question_id, cat)

    for question in route.answered:
        cat = category(knowledge, question, answers[question.id])
        for cause_id, weight in question.weights.get(cat, {}).items():
            add(cause_id, weight, question.id, cat)
        if cat in question.doctor:
            reasons.append(question.doctor[cat])
    for condition_id in mentions:
        for cause_id, weight in knowledge.conditions[condition_id].weights.items():
            add(cause_id, weight, condition_id, MENTIONED)

    def rating(cause: Cause) -> str:
        if cause.contributing_only:
            return CONTRIBUTING
        return LIKELY if scores[cause.id] >= knowledge.likely else POSSIBLE

    found = [c for c in knowledge.causes if scores.get(c.id, 0.0) >= knowledge.possible]
    # Doctor advice comes from every cause found, before the spoken list is cut.
    reasons[:0] = [c.id for c in found if c.see_doctor and rating(c) == LIKELY]
    reasons += [c for c in knowledge.conditions if c in mentions]
    order = {cause.id: index for index, cause in enumerate(knowledge.causes)}
    ranked = sorted(found, key=lambda c: (c.contributing_only, -scores[c.id], order[c.id]))
    causes = tuple(
        RankedCause(c, rating(c), best[c.id][1], best[c.id][2])
        for c in ranked[: knowledge.max_causes]
    )
    urgency = SEE_DOCTOR_SOON if reasons else SELF_CARE
    reasons_once = tuple(dict.fromkeys(reasons))
    return Assessment(urgency, None, causes, warnings, reasons_once, tuple(mentions))
