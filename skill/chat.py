"""The text chat: take the assessment by typing, in a terminal or through pipes (``--json``).

By default each line goes through the local language understanding straight into the core
(``TextSession``): no ask-sdk is imported. With ``alexa=True`` (``--alexa``) each line
instead becomes a real Alexa envelope for ``lambda_handler.handler``, exactly as on Lambda;
both ways print the same replies (``tests/test_chat.py`` checks it).
"""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from collections.abc import Iterator
from typing import Any, Protocol, TextIO

from skill.core.channel import TEXT, Channel
from skill.frontend import language_model_locale, turn_json
from skill.locales import UnsupportedLocale, wording_locale
from skill.nlu import LanguageUnderstanding, for_locale
from skill.text_session import TextSession

# Ctrl-C is an ordinary way to leave the chat, like end of input: status 0, so that
# `make chat` does not report an error for it either.
INTERRUPTED = 0


class Conversation(Protocol):
    @property
    def ended(self) -> bool: ...

    def start(self) -> dict[str, Any]: ...

    def say(self, text: str) -> dict[str, Any]: ...


class DirectConversation:
    """Typed text into the core through ``TextSession``: no ask-sdk, no envelopes. A
    terminal has no companion app, so nothing is "sent to your Alexa app" (``channel``
    can say otherwise, to compare with the Alexa path)."""

    def __init__(self, locale: str, nlu: LanguageUnderstanding, channel: Channel = TEXT) -> None:
        self.session = TextSession(wording_locale(locale), nlu=nlu, channel=channel)

    @property
    def ended(self) -> bool:
        return self.session.ended

    def start(self) -> dict[str, Any]:
        return turn_json(None, None, self.session.start())

    def say(self, text: str) -> dict[str, Any]:
        understanding, reply = self.session.say(text)
        return turn_json(text, understanding, reply)


class AlexaConversation:
    """Typed text as real Alexa envelopes through ``lambda_handler.handler`` (imports ask-sdk)."""

    def __init__(self, locale: str, nlu: LanguageUnderstanding) -> None:
        from skill.local_session import LocalSession

        self.session = LocalSession(locale, nlu=nlu)

    @property
    def ended(self) -> bool:
        return self.session.ended

    def start(self) -> dict[str, Any]:
        return self.session.start().to_json()

    def say(self, text: str) -> dict[str, Any]:
        return self.session.say(text).to_json()


def _show(
    turn: dict[str, Any], as_json: bool, out: TextIO, width: int | None, card_label: str
) -> None:
    if as_json:
        out.write(json.dumps(turn, ensure_ascii=False) + "\n")
    else:
        said = f"Alexa: {turn['speech'] or '(no speech)'}"
        if width:  # a person at a terminal: wrap at its width, under the speaker's name
            said = textwrap.fill(said, width, subsequent_indent=" " * len("Alexa: "))
        out.write(f"\n{said}\n")
        if turn["card"]:
            out.write(f"[{card_label}: {turn['card']['title']}]\n")
    out.flush()


def enable_line_editing() -> bool:
    """Arrow keys, history and Ctrl-A/E at the prompt, where Python has ``readline``."""
    try:
        import readline  # noqa: F401  (importing it is what turns line editing on for input())
    except ImportError:  # absent on some platforms (Windows, some minimal builds)
        return False
    return True


def _lines(stdin: TextIO, prompt: str | None, out: TextIO) -> Iterator[str]:
    while True:
        if prompt is not None and stdin is sys.stdin and out is sys.stdout:
            out.write("\n")
            out.flush()
            try:
                line = input(prompt)  # goes through readline, when it is loaded
            except EOFError:
                return
        else:
            if prompt is not None:
                out.write(f"\n{prompt}")
                out.flush()
            line = stdin.readline()
            if not line:
                return
        if line.strip():
            yield line.strip()


def _understanding(command: str, locale: str, err: TextIO) -> LanguageUnderstanding | None:
    """The understanding for ``locale``, or None after one line naming what is supported."""
    try:
        return for_locale(language_model_locale(locale))
    except UnsupportedLocale as problem:
        err.write(f"python -m skill {command}: {problem}\n")
        return None


def run_chat(
    locale: str,
    as_json: bool,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    *,
    alexa: bool = False,
    err: TextIO | None = None,
    channel: Channel | None = None,
) -> int:
    """Talk until the skill ends the session or the input ends; 2 for an unknown locale.

    The streams default to the process's own, looked up when called.
    """
    stdin, out, err = stdin or sys.stdin, out or sys.stdout, err or sys.stderr
    nlu = _understanding("chat", locale, err)
    if nlu is None:
        return 2
    interactive = stdin.isatty() and not as_json
    if interactive:
        enable_line_editing()
    width = shutil.get_terminal_size().columns - 1 if interactive else None
    prompt = "You: " if interactive else None
    try:
        session: Conversation
        if alexa:
            session = AlexaConversation(locale, nlu)
        else:
            session = DirectConversation(locale, nlu, channel or TEXT)
        on_app = alexa or (channel or TEXT).app is not None
        label = "card sent to the Alexa app" if on_app else "card"
        _show(session.start(), as_json, out, width, label)
        for line in _lines(stdin, prompt, out):
            if session.ended:
                break
            _show(session.say(line), as_json, out, width, label)
            if session.ended:
                break
    except KeyboardInterrupt:  # Ctrl-C: end the chat, without a traceback
        if interactive:
            out.write("\n")
            out.flush()
        return INTERRUPTED
    if interactive:
        out.write("\n")
    return 0


def run_nlu(
    locale: str, stdin: TextIO | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    stdin, out, err = stdin or sys.stdin, out or sys.stdout, err or sys.stderr
    nlu = _understanding("nlu", locale, err)
    if nlu is None:
        return 2
    try:
        for line in stdin:
            if line.strip():
                out.write(json.dumps(nlu.understand(line.strip()).to_json(), ensure_ascii=False))
                out.write("\n")
                out.flush()
    except KeyboardInterrupt:
        return INTERRUPTED
    return 0
