"""NLU speed: median time per utterance over the labelled test utterances (target < 1 ms)."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from skill.nlu import for_locale

ROUNDS = 20
UTTERANCES = Path(__file__).resolve().parent.parent / "tests" / "data" / "nlu_utterances.json"


def measure() -> tuple[float, float, float]:
    """(build ms, median ms, p95 ms)."""
    started = time.perf_counter()
    nlu = for_locale("en-US")
    build_ms = (time.perf_counter() - started) * 1000
    texts = [item["text"] for item in json.loads(UTTERANCES.read_text())]
    times: list[float] = []
    for _ in range(ROUNDS):
        for text in texts:
            start = time.perf_counter()
            nlu.understand(text)
            times.append(time.perf_counter() - start)
    times.sort()
    return build_ms, statistics.median(times) * 1000, times[int(len(times) * 0.95)] * 1000
