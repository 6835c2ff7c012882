"""The text chat: take the assessment by typing, in a terminal or through pipes (``--json``)."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from skill.local_session import Turn


@dataclass(frozen=True)
class CoreTurn:
    """A turn answered by the core directly, shaped like ``skill.local_session.Turn``."""

    heard: str | None
    intent: str | None
    slots: dict[str, dict[str, str | None]]
    speech: str | None
    reprompt: str | None
    card: dict[str, str] | None
    end_session: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "heard": self.heard,
            "intent": self.intent,
            "slots": self.slots,
            "speech": self.speech,
            "reprompt": self.reprompt,
            "card": self.card,
            "end_session": self.end_session,
        }


class CoreChat:
    """The chat without ask-sdk: typed text straight into the core through TextSession."""

    def __init__(self, locale: str) -> None:
        from skill.text_session import TextSession

        self.session = TextSession(locale)

    @property
    def ended(self) -> bool:
        return self.session.ended

    def start(self) -> CoreTurn:
        return self._turn(self.session.start(), None, None)

    def say(self, text: str) -> CoreTurn:
        understanding, reply = self.session.say(text)
        return self._turn(reply, text, understanding)

    @staticmethod
    def _turn(reply: Any, heard: str | None, understanding: Any) -> CoreTurn:
        return CoreTurn(
            heard=heard,
            intent=understanding.intent if understanding else None,
            slots=understanding.slots_json() if understanding else {},
            speech=reply.speech.strip() or None,
            reprompt=reply.reprompt.strip() if reply.reprompt else None,
            card={"title": reply.card.title, "text": reply.card.text} if reply.card else None,
            end_session=reply.end_session,
        )


def chat_session(locale: str) -> Any:
    """The real Alexa path (``lambda_handler.handler``) when ask-sdk is installed.

    The base install (``pip install thigh-cramp-helper``, without the ``[alexa]`` extra) has
    no ask-sdk: the chat then drives the core through ``skill.text_session`` instead, with the
    same questions, answers and ``--json`` lines.
    """
    try:
        from skill.local_session import LocalSession
    except ModuleNotFoundError as error:
        if not (error.name or "").startswith("ask_sdk"):
            raise
        return CoreChat(locale)
    return LocalSession(locale)


def _show(turn: Turn | CoreTurn, as_json: bool, out: TextIO, width: int | None) -> None:
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
    session = chat_session(locale)
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
