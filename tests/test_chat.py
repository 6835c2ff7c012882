"""The text chat and the NLU command, driven as a person (or a program) would.

Most run in this process; a subprocess only where the process itself is under test (the
real command over pipes, a closed pipe, a pseudo-terminal, a clean import).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

import skill.__main__ as skill_main
from skill.__main__ import main
from skill.chat import run_chat, run_nlu
from skill.core.channel import ALEXA
from skill.locales import supported_locales
from skill.nlu import for_locale
from tests.support import PYTHON_M_SKILL_WITH_CTRL_C, missing_understanding

ROOT = Path(__file__).parent.parent
MODELS = ROOT / "skill" / "data" / "interaction_models"
CONVERSATIONS = sorted((ROOT / "tests" / "data" / "conversations").glob("*.json"))
UTTERANCES = json.loads((ROOT / "tests" / "data" / "nlu_utterances.json").read_text())


VIGNETTES = [
    vignette
    for path in sorted((ROOT / "tests" / "data" / "vignettes").glob("*.json"))
    for vignette in json.loads(path.read_text(encoding="utf-8"))["vignettes"]
]
KEYS = {"heard", "intent", "slots", "speech", "reprompt", "card", "end_session"}


def chat(lines: list[str], *args: str, json_lines: bool = True) -> str:
    """``python -m skill chat [--json] args``, in this process; returns what it printed."""
    out, err = io.StringIO(), io.StringIO()
    argv = ["chat", *(["--json"] if json_lines else []), *args]
    with redirect_stdout(out), redirect_stderr(err):
        code = main_in_process(argv, io.StringIO("".join(line + "\n" for line in lines)))
    assert code == 0 and err.getvalue() == "", err.getvalue()
    return out.getvalue()


def main_in_process(argv: list[str], stdin: io.StringIO) -> int:
    saved = sys.stdin
    sys.stdin = stdin
    try:
        return main(argv)
    finally:
        sys.stdin = saved


def chat_json(lines: list[str], *args: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in chat(lines, *args).splitlines()]


def test_there_are_enough_conversations() -> None:
    assert len(CONVERSATIONS) >= 15


@pytest.mark.parametrize("path", CONVERSATIONS, ids=lambda p: p.stem)
def test_conversation(path: Path) -> None:
    script = json.loads(path.read_text())
    turns = script["turns"]
    lines = chat_json([t["say"] for t in turns])
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


SCRIPTS = [
    pytest.param("en-US", [t["say"] for t in json.loads(p.read_text())["turns"]], id=p.stem)
    for p in CONVERSATIONS
] + [
    pytest.param(
        v["locale"], v["turns"], id=v["id"],
        marks=[pytest.mark.skip(reason=why)] if (why := missing_understanding(v["locale"])) else [],
    )
    for v in VIGNETTES
]  # fmt: skip


def direct_as_on_alexa(lines: list[str], locale: str, json_lines: bool = True) -> str:
    """The direct path told it is on Alexa's channel, to compare with real envelopes."""
    out = io.StringIO()
    stdin = io.StringIO("".join(line + "\n" for line in lines))
    assert run_chat(locale, json_lines, stdin, out, channel=ALEXA) == 0
    return out.getvalue()


@pytest.mark.parametrize(("locale", "lines"), SCRIPTS)
def test_text_session_and_alexa_envelopes_give_the_same_replies(
    locale: str, lines: list[str]
) -> None:
    direct = direct_as_on_alexa(lines, locale)
    through_alexa = chat(lines, "--locale", locale, "--alexa")
    assert direct == through_alexa
    assert len(direct.splitlines()) >= 2


def test_both_ways_print_the_same_plain_text_and_a_terminal_hears_of_no_app() -> None:
    said = ["no"] * 5 + ["8"] + ["no"] * 6 + ["stop"]
    through_alexa = chat(said, "--alexa", json_lines=False)
    assert direct_as_on_alexa(said, "en-US", json_lines=False) == through_alexa
    assert "[card sent to the Alexa app:" in through_alexa
    plain = chat(said, json_lines=False)
    assert "Alexa app" not in plain and "[card: Your thigh cramp check]" in plain


def test_the_default_chat_never_imports_ask_sdk() -> None:
    done = subprocess.run(
        [sys.executable, "-c",
         "import io, sys\n"
         "from skill.chat import run_chat\n"
         "run_chat('en-GB', True, io.StringIO('no\\n8\\n'), io.StringIO())\n"
         "print(sorted({m.split('.')[0] for m in sys.modules} & {'ask_sdk_core', 'ask_sdk_model',"
         " 'lambda_handler'}))"],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "[]"


def test_chat_json_lines_have_exactly_the_documented_keys() -> None:
    lines = chat_json(["two glasses", "stop"])
    assert all(set(line) == KEYS for line in lines)
    assert lines[1]["intent"] == "WaterIntakeIntent"
    assert lines[1]["slots"] == {
        "amount": {"value": "2", "id": None},
        "unit": {"value": "glasses", "id": "glass"},
    }
    assert lines[0]["reprompt"] == "Any chest pain, new trouble breathing, or coughing up blood?"
    assert lines[-1]["end_session"] is True


def test_chat_ends_cleanly_at_end_of_input() -> None:
    lines = chat_json(["no"])
    assert len(lines) == 2 and lines[1]["end_session"] is False


def test_plain_chat_prints_speech_and_card_title() -> None:
    said = ["no"] * 5 + ["8"] + ["no"] * 6 + ["stop"]
    printed = chat(said, json_lines=False)
    assert printed.startswith("\nAlexa: Hi, I'll ask a few quick questions")
    assert "[card: Your thigh cramp check]" in printed
    assert "<speak>" not in printed


def test_the_real_command_converses_over_pipes() -> None:
    """The one subprocess run of the chat: the module command itself, as a program uses it."""
    done = subprocess.run(
        [sys.executable, "-m", "skill", "chat", "--json", "--locale", "en-GB"],
        input="no\n", capture_output=True, text=True, cwd=ROOT, timeout=60, check=True,
    )  # fmt: skip
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["heard"] for line in lines] == [None, "no"]
    assert "999" in lines[0]["speech"] and done.stderr == ""


@pytest.mark.parametrize("locale", ["fr-FR", "english", "en_GB!", ""])
@pytest.mark.parametrize("command", ["chat", "nlu"])
def test_an_unsupported_locale_gets_one_line_naming_the_supported_ones(
    command: str, locale: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main_in_process([command, "--locale", locale], io.StringIO("no\n")) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"python -m skill {command}: unsupported locale" in err
    assert all(supported in err for supported in supported_locales())


def test_other_english_locales_get_their_country_number_or_none_but_never_another() -> None:
    assert "111" in chat_json([], "--locale", "en-NZ")[0]["speech"]
    welcome = chat_json([], "--locale", "en-ZA")[0]
    assert "your local emergency number" in welcome["speech"]
    assert not any(number in welcome["speech"] for number in ("911", "999", "000", "112"))


class Interrupted(io.StringIO):
    """Input where the person presses Ctrl-C after typing ``lines``."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("".join(line + "\n" for line in lines))

    def readline(self, size: int | None = -1) -> str:
        line = super().readline()
        if not line:
            raise KeyboardInterrupt
        return line


@pytest.mark.parametrize("alexa", [False, True])
def test_ctrl_c_ends_the_chat_quietly(alexa: bool) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = run_chat("en-US", True, Interrupted(["no"]), out, alexa=alexa, err=err)
    assert code == 0 and err.getvalue() == ""
    assert len(out.getvalue().splitlines()) == 2


def test_ctrl_c_at_a_terminal_leaves_the_cursor_on_a_new_line() -> None:
    class TerminalInterrupted(Interrupted):
        def isatty(self) -> bool:
            return True

    out = io.StringIO()
    assert run_chat("en-US", False, TerminalInterrupted([]), out) == 0
    assert out.getvalue().endswith("You: \n")


def test_ctrl_c_while_starting_up_is_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(argv: list[str] | None = None) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(skill_main, "main", interrupted)
    assert skill_main.run(["chat"]) == 130


def test_a_closed_pipe_ends_the_chat_quietly() -> None:
    """``python -m skill chat | head -1``: the reader leaves after one line."""
    chat = subprocess.Popen(
        [sys.executable, "-m", "skill", "chat", "--json"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
    )  # fmt: skip
    assert chat.stdout is not None and chat.stdin is not None and chat.stderr is not None
    assert json.loads(chat.stdout.readline())["heard"] is None
    chat.stdout.close()  # as `head -1` does once it has its line
    chat.stdin.write(b"no\n" * 3)
    chat.stdin.close()
    assert chat.wait(timeout=60) == 1
    assert chat.stderr.read() == b""


def test_line_editing_and_ctrl_c_in_a_real_terminal() -> None:
    """In a pseudo-terminal: the left arrow edits the line (readline), and Ctrl-C (SIGINT)
    ends the chat without a traceback."""
    import pty
    import select
    import signal

    master, slave = pty.openpty()
    chat = subprocess.Popen(
        [*PYTHON_M_SKILL_WITH_CTRL_C, "chat"],
        stdin=slave, stdout=slave, stderr=slave, cwd=ROOT,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "200"},
    )  # fmt: skip
    os.close(slave)
    seen = bytearray()

    def read_until(marker: bytes, count: int) -> None:
        deadline = time.monotonic() + 60
        while seen.count(marker) < count:
            ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, f"timed out waiting for {marker!r}: {bytes(seen)!r}"
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the other end closed (EIO on Linux)
                chunk = b""
            if not chunk:
                return
            seen.extend(chunk)

    try:
        read_until(b"You: ", 1)
        os.write(master, b"o\x1b[Dn\r")  # "o", left arrow, "n": the line is "no"
        read_until(b"You: ", 2)
        assert b"groin" in seen, bytes(seen)  # the answer "no" moved on to the next question
        # A person is slower than this test: give the chat time to be waiting for the line
        # (a signal that lands between the prompt and Python's select() is only noticed
        # when the next key comes).
        time.sleep(0.5)
        chat.send_signal(signal.SIGINT)
        assert chat.wait(timeout=60) == 0
        read_until(b"\x00never", 1)  # drain what is left
    finally:
        if chat.poll() is None:
            chat.kill()
        os.close(master)
    assert b"Traceback" not in seen and b"KeyboardInterrupt" not in seen


def test_nlu_command_prints_intent_and_resolved_slots() -> None:
    out = io.StringIO()
    stdin = io.StringIO("tell me more about sitting too long\nyeah\n")
    assert run_nlu("en-US", stdin, out) == 0
    assert [json.loads(line) for line in out.getvalue().splitlines()] == [
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
