"""The text chat and the NLU command, driven as a person (or a program) would, over pipes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from skill.nlu import for_locale

ROOT = Path(__file__).parent.parent
MODELS = ROOT / "skill" / "data" / "interaction_models"
CONVERSATIONS = sorted((ROOT / "tests" / "data" / "conversations").glob("*.json"))
UTTERANCES = json.loads((ROOT / "tests" / "data" / "nlu_utterances.json").read_text())


def run_skill(*args: str, stdin: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "skill", *args],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60, check=True,
    )  # fmt: skip
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_there_are_enough_conversations() -> None:
    assert len(CONVERSATIONS) >= 15


@pytest.mark.parametrize("path", CONVERSATIONS, ids=lambda p: p.stem)
def test_conversation(path: Path) -> None:
    script = json.loads(path.read_text())
    turns = script["turns"]
    lines = run_skill("chat", "--json", stdin="".join(t["say"] + "\n" for t in turns))
    welcome, replies = lines[0], lines[1:]
    assert welcome["heard"] is None and "I'm not a doctor" in welcome["speech"]
    assert len(replies) == len(turns), "the chat must answer every line until the session ends"
    for turn, reply in zip(turns, replies, strict=True):
        where = f"{path.stem}: {turn['say']!r} -> {reply['speech']!r}"
        assert reply["heard"] == turn["say"]
        if "intent" in turn:
            assert reply["intent"] == turn["intent"], where
        for expected in turn.get("expect", []):
            assert expected in reply["speech"], where
        if "end_session" in turn:
            assert reply["end_session"] is turn["end_session"], where
        if "card" in turn:
            assert reply["card"] and turn["card"] in reply["card"]["title"], where
        assert reply["end_session"] or reply["reprompt"], where
        assert "electromagnetic" not in reply["speech"].lower()


def test_chat_json_lines_have_exactly_the_documented_keys() -> None:
    lines = run_skill("chat", "--json", stdin="two glasses\nstop\n")
    keys = {"heard", "intent", "slots", "speech", "reprompt", "card", "end_session"}
    assert all(set(line) == keys for line in lines)
    assert lines[1]["intent"] == "WaterIntakeIntent"
    assert lines[1]["slots"] == {
        "amount": {"value": "2", "id": None},
        "unit": {"value": "glasses", "id": "glass"},
    }
    assert lines[0]["reprompt"] == "Any chest pain, new trouble breathing, or coughing up blood?"
    assert lines[-1]["end_session"] is True


def test_chat_ends_cleanly_at_end_of_input() -> None:
    lines = run_skill("chat", "--json", stdin="no\n")
    assert len(lines) == 2 and lines[1]["end_session"] is False


def test_plain_chat_prints_speech_and_card_title() -> None:
    said = "\n".join(["no"] * 5 + ["8"] + ["no"] * 6 + ["stop"]) + "\n"
    done = subprocess.run(
        [sys.executable, "-m", "skill", "chat"],
        input=said,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    assert done.stdout.startswith("\nAlexa: Hi, I'll ask a few quick questions")
    assert "[card sent to the Alexa app: Your thigh cramp check]" in done.stdout
    assert "<speak>" not in done.stdout


def test_nlu_command_prints_intent_and_resolved_slots() -> None:
    lines = run_skill("nlu", stdin="tell me more about sitting too long\nyeah\n")
    assert lines == [
        {
            "text": "tell me more about sitting too long",
            "intent": "ExplainCauseIntent",
            "slots": {"cause": {"value": "sitting too long", "id": "prolonged_posture"}},
        },
        {"text": "yeah", "intent": "AMAZON.YesIntent", "slots": {}},
    ]


def test_labelled_utterances_are_not_copies_of_the_model_samples() -> None:
    nlu = for_locale("en-US")
    model = json.loads((MODELS / "en-US.json").read_text())
    samples = {
        nlu.normalise(s)
        for i in model["interactionModel"]["languageModel"]["intents"]
        for s in i.get("samples", [])
    }
    copies = [u["text"] for u in UTTERANCES if nlu.normalise(u["text"]) in samples]
    assert len(UTTERANCES) >= 150
    assert copies == []


def test_nlu_accuracy_on_natural_utterances() -> None:
    nlu = for_locale("en-US")
    wrong = []
    for item in UTTERANCES:
        got = nlu.understand(item["text"]).to_json()
        if (got["intent"], got["slots"]) != (item["intent"], item["slots"]):
            wrong.append((item["text"], item["intent"], got["intent"], got["slots"]))
    accuracy = 1 - len(wrong) / len(UTTERANCES)
    print(f"\nNLU accuracy: {accuracy:.1%} on {len(UTTERANCES)} labelled utterances")
    assert accuracy >= 0.95, wrong


ODD_INPUT = ["", "   ", "?", "x" * 5000, "\u00e9\u00e8 \U0001f600", "{amount}", "<speak>"]


@pytest.mark.parametrize("text", ODD_INPUT)
def test_odd_input_falls_back_without_error(text: str) -> None:
    assert for_locale("en-US").understand(text).intent == "AMAZON.FallbackIntent"
