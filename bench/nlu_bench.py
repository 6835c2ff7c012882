"""NLU speed: median time per utterance over the labelled test utterances (target < 1 ms)."""

from __future__ import annotations

import gc
import json
import statistics
import time
from pathlib import Path
from typing import Any

from skill.nlu import for_locale

ROUNDS = 7
DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
UTTERANCES = DATA / "nlu_utterances.json"  # English requests and answers, no question pending


def texts(locale: str) -> list[tuple[str, str | None]]:
    """What people said, with the question pending: the language's answers in context (as
    people talk), and for English the labelled utterances too."""
    language = locale.split("-")[0]
    items: list[tuple[str, str | None]] = []
    if language == "en":
        items += [(item["text"], None) for item in json.loads(UTTERANCES.read_text())]
    for path in sorted((DATA / "answers").glob(f"{language}*.json")):
        for item in json.loads(path.read_text(encoding="utf-8"))["answers"]:
            pending = None if item["pending"] == "result" else item["pending"]
            items.append((item["text"], pending))
    return items


def measure(locale: str = "en-US") -> tuple[float, float, float]:
    """(build ms, median ms, p95 ms) for ``locale``'s understanding."""
    started = time.perf_counter()
    nlu = for_locale(locale)
    build_ms = (time.perf_counter() - started) * 1000
    items = texts(locale)
    times: list[float] = []
    round_medians: list[float] = []
    gc.collect()
    gc.disable()  # as timeit does: a collection landing in one text's time is not its cost
    try:
        _rounds(nlu, items, times, round_medians)
    finally:
        gc.enable()
    times.sort()
    # The quietest round's median, as timeit takes the best of its repeats: other work on a
    # shared machine only ever adds time, so this is the figure two runs agree on.
    return build_ms, min(round_medians) * 1000, times[int(len(times) * 0.95)] * 1000


def _rounds(
    nlu: Any, items: list[tuple[str, str | None]], times: list[float], medians: list[float]
) -> None:
    for _ in range(ROUNDS):
        this_round: list[float] = []
        for text, pending in items:
            start = time.perf_counter()
            nlu.understand(text, pending)
            this_round.append(time.perf_counter() - start)
        medians.append(statistics.median(this_round))
        times += this_round
