"""NLU speed: median time per utterance over the labelled test utterances (target < 1 ms)."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from skill.nlu import for_locale

ROUNDS = 5
DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
UTTERANCES = DATA / "nlu_utterances.json"
ANSWERS = sorted((DATA / "answers").glob("en*.json"))  # answers in context, as people talk


def measure() -> tuple[float, float, float]:
    """(build ms, median ms, p95 ms)."""
    started = time.perf_counter()
    nlu = for_locale("en-US")
    build_ms = (time.perf_counter() - started) * 1000
    items: list[tuple[str, str | None]] = [
        (item["text"], None) for item in json.loads(UTTERANCES.read_text())
    ]
    for path in ANSWERS:
        for item in json.loads(path.read_text())["answers"]:
            pending = None if item["pending"] == "result" else item["pending"]
            items.append((item["text"], pending))
    times: list[float] = []
    for _ in range(ROUNDS):
        for text, pending in items:
            start = time.perf_counter()
            nlu.understand(text, pending)
            times.append(time.perf_counter() - start)
    times.sort()
    return build_ms, statistics.median(times) * 1000, times[int(len(times) * 0.95)] * 1000
