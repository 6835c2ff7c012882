"""The text chat: take the assessment by typing, in a terminal or through pipes (``--json``)."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from typing import TextIO

from skill.local_session import LocalSession, Turn


def _show(turn: Turn, as_json: bool, out: TextIO, width: int | None) -> None:
    if as_json:
        out.write(json.dumps(turn.to_json(), ensure_ascii=False) + "\n")
    else:
        said = f"Alexa: {turn.speech or '(no speech)'}"
        if width:  # a person at a terminal: wrap at its width, under the speaker's name
            said = textwrap.fill(said, width, subsequent_indent=" " * len("Alexa: "))
        out.write(f"\n{said}\n")
        if turn.card:
            out.write(f"[card sent to the Alexa app: {turn.card['title']}]\n")
    out.flush()


def _lines(stdin: TextIO, interactive: bool, out: TextIO):
    while True:
        if interactive:
            out.write("\nYou: ")
            out.flush()
        line = stdin.readline()
        if not line:
            return
        if line.strip():
            yield line.strip()


def run_chat(
    locale: str, as_json: bool, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout
) -> int:
    session = LocalSession(locale)
    interactive = stdin.isatty() and not as_json
    width = shutil.get_terminal_size().columns - 1 if interactive else None
    turn = session.start()
    _show(turn, as_json, out, width)
    for line in _lines(stdin, interactive, out):
        if session.ended:
            break
        turn = session.say(line)
        _show(turn, as_json, out, width)
        if session.ended:
            break
    if interactive:
        out.write("\n")
    return 0


def run_nlu(locale: str, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    from skill.nlu import for_locale

    nlu = for_locale(locale)
    for line in stdin:
        if line.strip():
            out.write(json.dumps(nlu.understand(line.strip()).to_json(), ensure_ascii=False) + "\n")
            out.flush()
    return 0
