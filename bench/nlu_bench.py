"""NLU speed: median time per utterance over the labelled test utterances (target < 1 ms)."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from skill.nlu import for_locale

ROUNDS = 5
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
    for _ in range(ROUNDS):
        for text, pending in items:
            start = time.perf_counter()
            nlu.understand(text, pending)
            times.append(time.perf_counter() - start)
    times.sort()
    return build_ms, statistics.median(times) * 1000, times[int(len(times) * 0.95)] * 1000
