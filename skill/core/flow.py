"""Which question comes next, derived from the answers alone.

The order of questions and every branch live in ``knowledge.json``; the flow walks them in
order, so the path taken (and therefore "go back") never has to be stored in the session.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from skill.core.knowledge import Knowledge, Question

Answer = str | float

YES, NO, UNKNOWN = "yes", "no", "unknown"
CHECK = "check"  # a red-flag question answered "I don't know" once: ask the person to look
LOW, OK = "low", "ok"


def category(knowledge: Knowledge, question: Question, value: Answer) -> str:
    """The category an answer falls in; branches and weights are keyed by it."""
    if question.answer == "amount":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return LOW if value < knowledge.low_below_glasses else OK
        return {NO: LOW, YES: OK}.get(str(value), UNKNOWN)
    return str(value)


class Ask(NamedTuple):
    question: Question
    rechecking: bool


class RedFlag(NamedTuple):
    flag_id: str
    question: Question


class Done(NamedTuple):
    pass


Step = Ask | RedFlag | Done


class Walk(NamedTuple):
    """Where the answers lead: the questions answered on the way, and the next step."""

    answered: tuple[Question, ...]
    step: Step


def walk(knowledge: Knowledge, answers: Mapping[str, Answer]) -> Walk:
    """Runs on every turn, so it avoids work: only branching questions check conditions."""
    answered: list[Question] = []
    categories: dict[str, str] = {}
    for question in knowledge.questions:
        if question.only_if and any(
            categories.get(dep) != want for dep, want in question.only_if.items()
        ):
            continue
        value = answers.get(question.id)
        if value is None or value == CHECK:
            return Walk(tuple(answered), Ask(question, rechecking=value == CHECK))
        answered.append(question)
        answer = category(knowledge, question, value) if question.answer == "amount" else str(value)
        categories[question.id] = answer
        if question.ends and answer in question.ends:
            return Walk(tuple(answered), RedFlag(question.ends[answer], question))
    return Walk(tuple(answered), Done())


def first_question(knowledge: Knowledge) -> Question:
    step = walk(knowledge, {}).step
    assert isinstance(step, Ask), "the knowledge base must start with a question"
    return step.question
