"""Without ask-sdk (the base install) the chat answers through the core, turn for turn alike."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from skill.chat import CoreChat
from skill.local_session import LocalSession

ROOT = Path(__file__).parent.parent
CONVERSATIONS = sorted((ROOT / "tests" / "data" / "conversations").glob("*.json"))


def sentences(speech: str | None) -> set[str]:
    return set(re.split(r"(?<=[.!?])\s+", speech or "")) - {""}


def alike(core: dict[str, Any], alexa: dict[str, Any]) -> None:
    """The same turn, except that a text chat may leave out what only Alexa says about its app
    (and use the words saved for a short acknowledgement)."""
    assert {k: v for k, v in core.items() if k != "speech"} == {
        k: v for k, v in alexa.items() if k != "speech"
    }
    about_the_app = {s for s in sentences(alexa["speech"]) if "Alexa app" in s}
    assert sentences(alexa["speech"]) - about_the_app <= sentences(core["speech"])


@pytest.mark.parametrize("path", CONVERSATIONS, ids=lambda p: p.stem)
def test_the_core_chat_says_what_the_alexa_path_says(path: Path) -> None:
    script = json.loads(path.read_text())
    locale = script.get("locale", "en-US")
    core, alexa = CoreChat(locale), LocalSession(locale)
    alike(core.start().to_json(), alexa.start().to_json())
    for turn in script["turns"]:
        if alexa.ended:
            break
        alike(core.say(turn["say"]).to_json(), alexa.say(turn["say"]).to_json())
    assert core.ended == alexa.ended


def test_the_chat_falls_back_to_the_core_when_ask_sdk_is_missing() -> None:
    code = (
        "import sys\n"
        "sys.modules['ask_sdk_core'] = None  # as in a base install\n"
        "from skill.chat import chat_session\n"
        "print(type(chat_session('en-US')).__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, check=True)  # fmt: skip
    assert done.stdout.strip() == "CoreChat"
