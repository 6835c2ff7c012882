"""The labelled answers in context, as figures for ``make bench``: signs missed, false alarms.

The same readings as ``tests/test_answers.py`` (which asserts the targets); here they are
counted and printed beside the speed figures so every run shows where safety stands.
"""

from __future__ import annotations

from typing import NamedTuple

from skill.core.knowledge import knowledge
from tests.test_answers import RESULTS, correct, level


class AnswerFigures(NamedTuple):
    answers: int
    signs: int
    signs_missed: int
    negatives: int
    false_alarms: int
    correct: int


def alarm(pending: str, label: str) -> bool:
    """Read as a red flag, as tests/test_answers.py counts it: a sign, or yes to a question
    whose yes ends the screen."""
    if label.startswith("sign:"):
        return True
    return label == "yes" and pending != "result" and bool(knowledge().question(pending).ends)


def measure(language: str | None = None) -> AnswerFigures:
    """The figures for one language's answers ("en", "es"), or for all of them."""
    results = [r for r in RESULTS if language is None or r[0]["language"] == language]
    signs = [(i, label) for i, label, _ in results if i["expect"].startswith("sign:")]
    missed = [i for i, label in signs if level(label) is None]
    negatives = [(i, label) for i, label, _ in results if i["expect"] == "no"]
    alarms = [i for i, label in negatives if alarm(i["pending"], label)]
    right = sum(1 for i, label, glasses in results if correct(i, label, glasses))
    return AnswerFigures(len(results), len(signs), len(missed), len(negatives), len(alarms), right)
