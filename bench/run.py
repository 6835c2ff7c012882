"""make bench: this skill against a bare ask-sdk-core hello-world skill, same machine, one run.

(a) handler time per turn over a recorded full assessment, both skills answering the very
same envelopes; (b) cold start: a fresh interpreter importing the handler module and
answering a LaunchRequest; (c) peak memory of that process; (d) NLU time per utterance;
(e) Flask requests/s with and without Alexa request verification; then a whole assessment
read aloud by espeak-ng, in seconds per turn, in English and in Spanish, and every language's
longest question and longest spoken result (``bench/spoken.py``).
"""

from __future__ import annotations

import compileall
import copy
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lambda_handler  # noqa: E402
from bench import answers_bench, hello_skill, nlu_bench, spoken  # noqa: E402
from bench.recorded import SCREEN_TURNS, record  # noqa: E402
from tests import pki  # noqa: E402
from tests.support import SKILL_ID, launch  # noqa: E402

COLD_RUNS = 21
TURN_ROUNDS = 60  # per block; the ratio reported is the median over the blocks
TURN_BLOCKS = 7
FLASK_REQUESTS = 2400


def per_turn(
    handlers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]], events: list[dict]
) -> dict[str, float]:
    """Median seconds per recorded turn for each handler, rounds alternating between them.

    Measured in blocks; each block's medians give a ratio, and the block with the median
    ratio is reported, so one noisy stretch of the machine cannot move the figure much.
    """
    blocks: list[dict[str, float]] = []
    for _ in range(TURN_BLOCKS):
        samples: dict[str, list[float]] = {name: [] for name in handlers}
        for _ in range(TURN_ROUNDS):
            for name, handler in handlers.items():
                for event in events:
                    copied = copy.deepcopy(event)
                    start = time.perf_counter()
                    handler(copied)
                    samples[name].append(time.perf_counter() - start)
        blocks.append({name: statistics.median(times) for name, times in samples.items()})
    first, second = list(handlers)[:2]
    blocks.sort(key=lambda block: block[first] / block[second])
    return blocks[len(blocks) // 2]


# Peak memory from /proc (VmHWM): getrusage's ru_maxrss proved unreliable on this VM.
COLD_CODE = """
import json, sys, time
start = time.perf_counter()
import {module} as entry
entry.handler(json.loads(sys.argv[1]), None)
elapsed = time.perf_counter() - start
status = open("/proc/self/status").read()
print(json.dumps([elapsed, int(status.split("VmHWM:")[1].split()[0])]))
"""


def cold_starts(modules: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """Median (seconds to import and answer a launch, peak RSS in MB) per module.

    Runs alternate between the modules so drift on a busy machine hits both alike. Sources
    are byte-compiled first, as in the Lambda zip (this environment may set
    PYTHONDONTWRITEBYTECODE, which would otherwise recompile the project on every start).
    """
    compileall.compile_dir(ROOT / "skill", quiet=1)
    compileall.compile_dir(ROOT / "bench", quiet=1)
    compileall.compile_file(ROOT / "lambda_handler.py", quiet=1)
    samples: dict[str, list[tuple[float, float]]] = {m: [] for m in modules}
    for _ in range(COLD_RUNS):
        for module in modules:
            done = subprocess.run(
                [sys.executable, "-c", COLD_CODE.format(module=module), json.dumps(launch())],
                capture_output=True, text=True, cwd=ROOT, check=True,
            )  # fmt: skip
            elapsed, peak_kb = json.loads(done.stdout)
            samples[module].append((elapsed, peak_kb / 1024))
    return {
        module: (statistics.median(s[0] for s in runs), statistics.median(s[1] for s in runs))
        for module, runs in samples.items()
    }


def flask_rates(test_pki: pki.TestPKI) -> tuple[float, float]:
    """Requests/s of POST /alexa with and without verification, in alternating batches."""
    from skill.web import create_app

    event = launch()
    event["request"]["timestamp"] = pki.NOW.strftime("%Y-%m-%dT%H:%M:%SZ")
    body = json.dumps(event).encode()
    headers = {
        "SignatureCertChainUrl": "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "Signature-256": pki.sign(test_pki.leaf_key, body),
    }
    clients = {}
    for verify in (True, False):
        app = create_app(
            host="127.0.0.1", verify=verify, skill_ids=(SKILL_ID,),
            trust_anchors=[test_pki.root_pem], now=lambda: pki.NOW,
            fetch_certificate=lambda _url: test_pki.chains["good"],
        )  # fmt: skip
        clients[verify] = app.test_client()
        clients[verify].post("/alexa", data=body, headers=headers)  # warm; fetches the chain
    spent = {True: 0.0, False: 0.0}
    batches = 12
    for _ in range(batches):
        for verify, client in clients.items():
            start = time.perf_counter()
            for _ in range(FLASK_REQUESTS // batches):
                response = client.post("/alexa", data=body, headers=headers)
                assert response.status_code == 200, response.get_data(as_text=True)
            spent[verify] += time.perf_counter() - start
    return FLASK_REQUESTS / spent[True], FLASK_REQUESTS / spent[False]


def spoken_seconds(events: list[dict[str, Any]], voice: str = "en-us") -> list[float] | None:
    """Seconds espeak-ng takes to read each reply of the recorded assessment (SSML input)."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        return None
    seconds = []
    for event in events:
        ssml = lambda_handler.handler(copy.deepcopy(event))["response"].get("outputSpeech")
        if ssml:
            seconds.append(spoken.seconds(ssml["ssml"], voice, espeak))
    return seconds


def row(name: str, ours: float, bare: float | None, unit: str, ratio_target: str) -> str:
    ratio = f"{ours / bare:.2f}x" if bare else "-"
    bare_text = f"{bare:.3f} {unit}" if bare else "-"
    return f"| {name} | {ours:.3f} {unit} | {bare_text} | {ratio} | {ratio_target} |"


def main() -> int:
    events = record()
    print(f"Machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}")  # fmt: skip
    turn = per_turn({"ours": lambda_handler.handler, "bare": hello_skill.handler}, events)
    ours_turn, bare_turn = turn["ours"], turn["bare"]
    cold = cold_starts(("lambda_handler", "bench.hello_skill"))
    (ours_cold, ours_peak), (bare_cold, bare_peak) = (
        cold["lambda_handler"],
        cold["bench.hello_skill"],
    )
    _, nlu_median, nlu_p95 = nlu_bench.measure("en-US")
    _, es_median, es_p95 = nlu_bench.measure("es-US")
    test_pki = pki.build()
    verified, unverified = flask_rates(test_pki)

    checks = {
        "a": ours_turn / bare_turn <= 1.3,
        "b": ours_cold / bare_cold <= 1.25,
        "d": nlu_median < 1.0,
        "d-es": es_median < 1.0,
        "e": verified / unverified >= 0.8,
    }
    print()
    print("| measure | this skill | bare hello-world | ratio | target |")
    print("| --- | --- | --- | --- | --- |")
    print(
        row(
            f"(a) handler time per turn (median, {len(events)} recorded turns)",
            ours_turn * 1000,
            bare_turn * 1000,
            "ms",
            "<= 1.3x " + ("OK" if checks["a"] else "MISSED"),
        )
    )
    print(
        row(
            f"(b) cold start: import + answer a launch (median of {COLD_RUNS})",
            ours_cold * 1000,
            bare_cold * 1000,
            "ms",
            "<= 1.25x " + ("OK" if checks["b"] else "MISSED"),
        )
    )
    print(row("(c) peak memory of that process (VmHWM)", ours_peak, bare_peak, "MB", "reported"))
    print(
        f"| (d) NLU per utterance, English (median; p95 {nlu_p95:.3f} ms) | {nlu_median:.3f} ms "
        f"| - | - | < 1 ms {'OK' if checks['d'] else 'MISSED'} |"
    )
    print(
        f"| (d) NLU per utterance, Spanish (median; p95 {es_p95:.3f} ms) | {es_median:.3f} ms "
        f"| - | - | < 1 ms {'OK' if checks['d-es'] else 'MISSED'} |"
    )
    print(f"| (e) Flask POST /alexa, verified vs unverified | {verified:.0f} req/s | "
          f"{unverified:.0f} req/s (unverified) | {verified / unverified:.2f} | >= 0.8 "
          f"{'OK' if checks['e'] else 'MISSED'} |")  # fmt: skip
    for language, name in (("en", "English"), ("es", "Spanish")):
        answers = answers_bench.measure(language)
        checks[f"f-{language}"] = answers.signs_missed == 0
        checks[f"g-{language}"] = answers.false_alarms <= 0.01 * answers.negatives
        print(f"| (f) {name}: reported danger signs missed, of {answers.signs} in context | "
              f"{answers.signs_missed} | - | - | 0 "
              f"{'OK' if checks[f'f-{language}'] else 'MISSED'} |")  # fmt: skip
        print(f"| (g) {name}: negative answers read as a red flag, of {answers.negatives} | "
              f"{answers.false_alarms} ({answers.false_alarms / answers.negatives:.1%}) | - | - "
              f"| <= 1% {'OK' if checks[f'g-{language}'] else 'MISSED'} |")  # fmt: skip
        print(f"| (h) {name}: answers read as labelled, of {answers.answers} | {answers.correct} "
              f"({answers.correct / answers.answers:.1%}) | - | - | reported |")  # fmt: skip
    print()
    for locale, voice in (("en-US", "en-us"), ("es-US", "es-419")):
        read = spoken_seconds(record(locale), voice)
        if read is None:
            print("espeak-ng is not installed: spoken length not measured (make bench installs it)")
            break
        per = ", ".join(f"{s:.1f}" for s in read)
        print(
            f"Read aloud by espeak-ng ({locale}, voice {voice}): {sum(read):.1f} s in all over "
            f"{len(read)} replies; longest {max(read):.1f} s; per reply: {per}"
        )
        screen = read[1 : SCREEN_TURNS + 1]  # the replies that ask the red-flag questions
        print(
            f"  the red-flag screen (welcome and {SCREEN_TURNS} questions): "
            f"{read[0] + sum(screen[:-1]):.1f} s spoken"
        )
    print()
    table, checks["i"] = spoken.report()
    print("\n".join(table))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
