"""Which question comes next, derived from the answers alone.

The order of questions and every branch live in ``knowledge.json``; the flow walks them in
order, so the path taken (and therefore "go back") never has to be stored in the session.

Red flags follow the clinical rule "the highest level found wins": an emergency-level answer
ends the screen at once, while a same-day answer (or a same-day sign the person described in
their own words) only ends it once every emergency-level question has been answered.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import NamedTuple

from .knowledge import Knowledge, Question

Answer = str | float

YES, NO, UNKNOWN = "yes", "no", "unknown"
CHECK = "check"  # a red-flag question answered "I don't know" once: ask the person to look
LOW, OK = "low", "ok"
EMERGENCY, SAME_DAY = "emergency", "same_day"


def category(knowledge: Knowledge, question: Question, value: Answer) -> str:
    """The category an answer falls in; branches and weights are keyed by it."""
    if question.answer == "amount":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return LOW if value < knowledge.low_below_glasses else OK
        return UNKNOWN
    return str(value)


def question_level(knowledge: Knowledge, question: Question) -> str | None:
    """The urgency a "yes" to this question carries (None for ordinary questions)."""
    return knowledge.question_levels.get(question.id)


class Ask(NamedTuple):
    question: Question
    rechecking: bool


class RedFlag(NamedTuple):
    flag_id: str
    question: Question | None


class Done(NamedTuple):
    pass


Step = Ask | RedFlag | Done


class Resume(NamedTuple):
    """Where a walk stopped to ask, so the next one can carry on from there."""

    at: int  # the question's place in the flow
    categories: dict[str, str]
    same_day: list[str]


class Walk(NamedTuple):
    """Where the answers lead: the questions answered on the way, and the next step."""

    answered: tuple[Question, ...]
    step: Step
    resume: Resume | None = None


def walk(
    knowledge: Knowledge,
    answers: Mapping[str, Answer],
    reported: Collection[str] = (),
    after: Walk | None = None,
) -> Walk:
    """Runs on every turn, so it avoids work: levels are looked up once per knowledge base,
    and only branching questions check conditions.

    ``reported`` holds red flags the person described in their own words; the question that
    asks about each counts as answered "yes", and the described flag is the one spoken.
    ``after`` is the walk of the turn before, when the only change since is an answer to the
    question it stopped at: the questions before that one are not walked again.
    """
    flags = knowledge.flags
    levels = knowledge.question_levels
    urgent = None
    reported_questions: dict[str | None, str] = {}
    same_day: list[str] = []
    for reported_flag in reported:
        flag = flags[reported_flag]
        reported_questions[flag.question] = reported_flag
        if flag.level == EMERGENCY:
            urgent = urgent or reported_flag
        elif flag.level == SAME_DAY:
            same_day.append(reported_flag)
    answered: list[Question] = []
    categories: dict[str, str] = {}
    start = 0
    if after is not None and after.resume is not None:
        answered = list(after.answered)
        categories = dict(after.resume.categories)
        same_day = list(after.resume.same_day)
        start = after.resume.at
    get = answers.get
    questions = knowledge.questions
    for index in range(start, len(questions)):
        question = questions[index]
        only_if = question.only_if
        if only_if and _excluded(only_if, categories):
            continue
        qid = question.id
        value = get(qid)
        if value is None and qid in reported_questions:
            value = YES
        if value is None or value == CHECK:
            if urgent:
                break
            if same_day and levels.get(qid) != EMERGENCY:
                break  # a same-day sign is known and every emergency question is answered
            resume = Resume(index, categories, same_day)
            return Walk(tuple(answered), Ask(question, rechecking=value == CHECK), resume)
        answered.append(question)
        answer = category(knowledge, question, value) if question.answer == "amount" else str(value)
        categories[qid] = answer
        ends = question.ends
        if not ends:
            continue
        flag_id = ends.get(answer)
        if flag_id is None:
            continue
        if flags[flag_id].level == EMERGENCY:
            return Walk(tuple(answered), RedFlag(flag_id, question))
        if flag_id not in same_day and qid not in reported_questions:
            same_day.append(flag_id)
    if urgent:
        return Walk(tuple(answered), RedFlag(urgent, None))
    if same_day:
        flag = flags[same_day[0]]
        asked = knowledge.question(flag.question) if flag.question else None
        return Walk(tuple(answered), RedFlag(flag.id, asked))
    return Walk(tuple(answered), Done())


def _excluded(only_if: Mapping[str, tuple[str, ...]], categories: Mapping[str, str]) -> bool:
    return any(categories.get(dep) not in wanted for dep, wanted in only_if.items())


def first_question(knowledge: Knowledge) -> Question:
    step = walk(knowledge, {}).step
    assert isinstance(step, Ask), "the knowledge base must start with a question"
    return step.question
