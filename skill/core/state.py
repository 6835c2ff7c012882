"""The dialog state kept in Alexa session attributes: a small, flat, JSON-ready dict.

Session attributes come back from the client, so they are untrusted: anything that does not
fit the knowledge base and the flow is rejected as a whole, and the dialog restarts at the
red-flag questions rather than trusting a half-valid state that could skip them.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any

from .flow import CHECK, NO, UNKNOWN, YES, Answer, Ask, Done, RedFlag, Walk, walk
from .knowledge import Knowledge, Question

VERSION = 2
IDLE, ASKING, RESULT, ENDED = "idle", "ask", "result", "ended"
PHASES = (IDLE, ASKING, RESULT, ENDED)
OFFERS = ("assess", "relief", "prevention")
TOPICS = ("overview", "prevention", "relief", "which_cause", "result")
_META = ("v", "ph", "dc", "of", "tp", "rs", "mx", "mc")


class State:
    """The dialog's state for one turn. A plain class rather than a dataclass: building a
    dataclass costs every Lambda cold start about half a millisecond."""

    __slots__ = ("answers", "disclaimed", "mentions", "misses", "offer", "phase", "reported",
                 "topic")  # fmt: skip

    def __init__(
        self,
        phase: str = IDLE,
        answers: dict[str, Answer] | None = None,
        disclaimed: bool = False,
        offer: str | None = None,  # what "yes" means outside the questions
        topic: str | None = None,  # the last general answer, so "repeat" can say it again
        reported: tuple[str, ...] = (),  # red flags described in the person's own words
        mentions: tuple[str, ...] = (),  # conditions mentioned (pregnancy, kidney disease...)
        misses: int = 0,  # answers in a row to the pending question not understood
    ) -> None:
        self.phase = phase
        self.answers: dict[str, Answer] = {} if answers is None else answers
        self.disclaimed = disclaimed
        self.offer = offer
        self.topic = topic
        self.reported = reported
        self.mentions = mentions
        self.misses = misses

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, State):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaces

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"State({fields})"

    def to_attributes(self) -> dict[str, Any]:
        attributes: dict[str, Any] = {"v": VERSION, "ph": self.phase, "dc": int(self.disclaimed)}
        if self.offer:
            attributes["of"] = self.offer
        if self.topic:
            attributes["tp"] = self.topic
        if self.reported:
            attributes["rs"] = " ".join(self.reported)
        if self.mentions:
            attributes["mx"] = " ".join(self.mentions)
        if self.misses:
            attributes["mc"] = self.misses
        attributes.update(self.answers)
        return attributes


_CHECKED = frozenset((YES, NO, UNKNOWN, CHECK))
_PLAIN = frozenset((YES, NO, UNKNOWN))


def _valid_answer(knowledge: Knowledge, question: Question, value: Any) -> bool:
    if type(value) is str:
        return value in (_CHECKED if question.recheck else _PLAIN)
    if question.answer == "amount" and isinstance(value, int | float):
        return (
            not isinstance(value, bool)
            and math.isfinite(value)
            and 0 <= value <= knowledge.max_glasses
        )
    allowed = (YES, NO, UNKNOWN, CHECK) if question.recheck else (YES, NO, UNKNOWN)
    return isinstance(value, str) and value in allowed


def _valid_choice(knowledge: Knowledge, value: Any, plain: tuple[str, ...]) -> bool:
    if value is None or value in plain:
        return True
    return (
        isinstance(value, str)
        and value.startswith("cause:")
        and knowledge.cause(value.removeprefix("cause:")) is not None
    )


def _ids(value: Any, known: Collection[str]) -> tuple[str, ...]:
    """A space-joined list of known ids, each once (the flat form kept in the session)."""
    if value is None:
        return ()
    if not isinstance(value, str) or len(value) > 200:
        raise ValueError("bad id list")
    ids = tuple(value.split())
    if not ids or len(set(ids)) != len(ids) or any(i not in known for i in ids):
        raise ValueError("unknown id in list")
    return ids


def load_state(knowledge: Knowledge, attributes: Any) -> tuple[State, bool, Walk]:
    """The state in ``attributes``, whether it had to be thrown away as corrupt, and where
    its answers lead (walked while checking them, so the dialog need not walk again).

    Empty or missing attributes are a fresh session, not corruption.
    """
    if attributes:
        try:
            state, route = _parse(knowledge, attributes)
        except (TypeError, ValueError, KeyError):
            return State(), True, walk(knowledge, {})
        return state, False, route
    return State(), False, walk(knowledge, {})


def _parse(knowledge: Knowledge, attributes: Any) -> tuple[State, Walk]:
    if not isinstance(attributes, Mapping) or attributes.get("v") != VERSION:
        raise ValueError("foreign or outdated state")
    phase = attributes.get("ph")
    if phase not in PHASES:
        raise ValueError("bad phase")
    if attributes.get("dc") not in (0, 1) or isinstance(attributes.get("dc"), bool):
        raise ValueError("bad disclaimer flag")
    offer, topic = attributes.get("of"), attributes.get("tp")
    if not _valid_choice(knowledge, offer, OFFERS) or not _valid_choice(knowledge, topic, TOPICS):
        raise ValueError("bad offer or topic")
    answers: dict[str, Answer] = {}
    questions = knowledge.questions_by_id
    for key, value in attributes.items():
        if key in _META:
            continue
        question = questions.get(key) if isinstance(key, str) else None
        if question is None:
            raise ValueError("unknown key")
        if not _valid_answer(knowledge, question, value):
            raise ValueError("bad answer")
        answers[key] = value
    reported = _ids(attributes.get("rs"), knowledge.flags)
    mentions = _ids(attributes.get("mx"), knowledge.conditions)
    misses = attributes.get("mc", 0)
    if misses not in (0, 1) or isinstance(misses, bool) or (misses and phase != ASKING):
        raise ValueError("bad miss count")
    route = _check_consistent(knowledge, phase, answers, reported)
    state = State(phase, answers, bool(attributes["dc"]), offer, topic, reported, mentions, misses)
    return state, route


def _check_consistent(
    knowledge: Knowledge, phase: str, answers: Mapping[str, Answer], reported: tuple[str, ...]
) -> Walk:
    """Answers must be exactly those the flow would have asked, in a state that fits the phase."""
    route = walk(knowledge, answers, reported)
    reached = {question.id for question in route.answered}
    if isinstance(route.step, Ask):
        reached.add(route.step.question.id)
    if not answers.keys() <= reached:
        raise ValueError("answers off the flow")
    checks = [k for k, v in answers.items() if v == CHECK]
    if checks and any(not _is_pending(route.step, k) for k in checks):
        raise ValueError("a recheck that is not pending")
    expected = {
        IDLE: not answers and not reported,
        ASKING: isinstance(route.step, Ask),
        RESULT: isinstance(route.step, Done),
        ENDED: isinstance(route.step, RedFlag),
    }[phase]
    if not expected:
        raise ValueError("phase does not fit the answers")
    return route


def _is_pending(step: Ask | RedFlag | Done, question_id: str) -> bool:
    return isinstance(step, Ask) and step.question.id == question_id
