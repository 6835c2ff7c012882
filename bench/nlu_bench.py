"""NLU speed: median and tail time per utterance over the labelled test utterances.

Target: median under 1 ms on the project's 2-core machine. Run with ``make bench``.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from skill.nlu import LanguageUnderstanding, for_locale

ROUNDS = 20
UTTERANCES = Path(__file__).resolve().parent.parent / "tests" / "data" / "nlu_utterances.json"


def main() -> None:
    started = time.perf_counter()
    nlu: LanguageUnderstanding = for_locale("en-US")
    build_ms = (time.perf_counter() - started) * 1000
    texts = [item["text"] for item in json.loads(UTTERANCES.read_text())]
    times: list[float] = []
    for _ in range(ROUNDS):
        for text in texts:
            start = time.perf_counter()
            nlu.understand(text)
            times.append(time.perf_counter() - start)
    times.sort()
    median = statistics.median(times) * 1000
    p95 = times[int(len(times) * 0.95)] * 1000
    print(f"NLU build (cold, once per process): {build_ms:.0f} ms")
    print(
        f"NLU per utterance over {len(texts)} utterances x {ROUNDS}: "
        f"median {median:.3f} ms, p95 {p95:.3f} ms, max {times[-1] * 1000:.3f} ms "
        f"(target: median < 1 ms) {'OK' if median < 1 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
