"""The understanding reads people the same with the hassil Home Assistant ships (2.2.3 in
2025.4 to 2025.8) as with hassil 3, which the skill's own environment has (and Home
Assistant ships from 2025.9): every labelled utterance and answer of the main suite, in
every locale with a model, gives the same intent and the same input to the assessment
(answer, amount, unit, cause, sign, condition) both ways.

Only the words reported as heard for a unit may differ: for "eight glasses" hassil 2.2
reports the unit as "glass", hassil 3 as "glasses"; both resolve it to the id "glass",
which is all the assessment reads.
"""

from __future__ import annotations

import json
import subprocess
from importlib import metadata
from typing import Any

import pytest

from conftest import BUILT, ROOT

MAIN_PYTHON = ROOT / ".venv" / "bin" / "python"
READ_ALL = """
import json, sys
from importlib import metadata
from skill.nlu import for_locale
from skill.text_session import user_input
items = json.load(sys.stdin)
read = []
for tag, text, pending in items:
    understood = for_locale(tag).understand(text, pending)
    read.append([understood.intent, list(user_input(understood))])
json.dump({"hassil": metadata.version("hassil"), "read": read}, sys.stdout)
"""


def corpus() -> list[tuple[str, str, str | None]]:
    tests = ROOT / "tests" / "data"
    utterances = [u["text"] for u in json.loads((tests / "nlu_utterances.json").read_text())]
    locales = sorted(
        p.stem for p in (BUILT / "assessment" / "data" / "interaction_models").iterdir()
    )
    items: list[tuple[str, str, str | None]] = [
        (tag, text, None) for tag in locales for text in utterances
    ]
    for path in sorted((tests / "answers").glob("en*.json")):
        for answer in json.loads(path.read_text(encoding="utf-8"))["answers"]:
            pending = None if answer["pending"] == "result" else answer["pending"]
            items.append(("en-US", answer["text"], pending))
    return items


def test_every_reading_is_the_same_with_home_assistants_hassil_and_with_hassil_3() -> None:
    from custom_components.thigh_cramp_helper.assessment.nlu import for_locale
    from custom_components.thigh_cramp_helper.assessment.text_session import user_input

    if not MAIN_PYTHON.is_file():
        pytest.fail(f"{MAIN_PYTHON} is missing: make test-ha builds it (make .venv/.installed)")
    items = corpus()
    done = subprocess.run(
        [str(MAIN_PYTHON), "-c", READ_ALL],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    main: dict[str, Any] = json.loads(done.stdout)
    assert metadata.version("hassil") == "2.2.3", "Home Assistant 2025.4.4's hassil"
    assert main["hassil"].startswith("3."), main["hassil"]
    here = []
    for tag, text, pending in items:
        understood = for_locale(tag).understand(text, pending)
        here.append([understood.intent, list(user_input(understood))])
    assert len(items) > 1000
    pairs = zip(items, here, main["read"], strict=True)
    differ = [(item, ours, theirs) for item, ours, theirs in pairs if ours != theirs]
    assert differ == [], json.dumps(differ, indent=1)
