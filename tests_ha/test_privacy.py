"""Nothing about a person's answers is written to disk or logged, and nothing is kept once
the conversation is over."""

from __future__ import annotations

import builtins
import io
import json
import logging
import os
from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant

from ha_support import OPENER, agent_entity, converse, process, set_up

# Words only this person says, so finding them anywhere means they were kept.
SAID = [
    OPENER,
    "nope, nothing like that",
    "no",
    "no",
    "no",
    "no",
    "maybe two glasses of water",
    "yeah I ran a half marathon in the heat",
    "no",
    "yes I trained hard",
    "no",
    "no",
    "my lower back has been aching",
    "no",
    "no",
    "no",
]
WRITING = ("w", "a", "x", "+")


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in folder.rglob("*")
        if path.is_file()
    }


async def test_an_assessment_writes_nothing_logs_nothing_and_keeps_nothing(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hass.config.config_dir = str(tmp_path)
    hass.config.country = "US"
    await set_up(hass)
    await hass.async_block_till_done()
    before = snapshot(tmp_path)
    storage_before = json.dumps(hass_storage, default=str)

    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def watched_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in WRITING):
            opened.append(str(file))
        return real_open(file, mode, *args, **kwargs)

    def watched_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND):
            opened.append(str(path))
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watched_open)
    monkeypatch.setattr(io, "open", watched_open)
    monkeypatch.setattr(os, "open", watched_os_open)
    caplog.set_level(logging.DEBUG)

    heard: list[str] = []
    turn = await converse(hass, SAID[0])
    conversation_id = turn.conversation_id
    for index, words in enumerate([*SAID[1:], "no thanks"]):
        talk = converse if index % 2 else process
        turn = await talk(hass, words, conversation_id)
        heard.extend([turn.speech, *(turn.card or ())])
        if not turn.continues:
            break
    assert not turn.continues
    assert [text for text in heard if "most likely" in text], "a result was reached"
    await hass.async_block_till_done()
    monkeypatch.undo()

    assert opened == [], "nothing opened for writing during the assessment"
    assert snapshot(tmp_path) == before, "the configuration folder is unchanged"
    assert json.dumps(hass_storage, default=str) == storage_before, "Home Assistant's storage too"
    assert agent_entity(hass).open_conversations == 0, "no state kept beyond the conversation"

    said = {words for words in SAID if len(words) > 3}  # "no" is in many log lines
    for record in caplog.records:
        message = record.getMessage()
        ours = record.name.startswith("custom_components.thigh_cramp_helper")
        # Home Assistant's conversation component logs its input at DEBUG level for whoever
        # turns that on; nothing else logs what was said or answered, at any level.
        if ours or record.levelno > logging.DEBUG:
            assert not [w for w in said if w in message], (record.name, message)
            assert not [s for s in heard if s[:40] in message], (record.name, message)
