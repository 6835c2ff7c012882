"""The skill behind the real ovos-core 2.1.1 intent service, on a FakeBus.

Run by ``make test-ovos-core`` in its own venv (``.venv-ovos``: this project's ``[ovos]``
extra with ovos-core 2.1.1, which brings ovos-workshop 7.0.x), never by ``make test``: the
development venv has ovos-workshop 8.x and no ovos-core. Utterances go in as the speech
recogniser sends them (``recognizer_loop:utterance``); ovos-core's own pipelines (stop,
converse, padacioso for the ``.intent`` files, fallback) decide where they go, and what the
skill says is read from its ``speak`` messages.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from ovos_bus_client.message import Message
from ovos_bus_client.session import SessionManager
from ovos_core.intent_services.service import IntentService
from ovos_utils.fakebus import FakeBus

from tests.ovos_device import SKILL_ID, skill_entry_point

# ovos-core's default pipeline, with padacioso (pure Python, installed with ovos-workshop)
# where a device usually has padatious (which needs the compiled fann2): both read the same
# .intent files and emit the same intent messages.
PIPELINE = [
    "ovos-stop-pipeline-plugin-high",
    "ovos-converse-pipeline-plugin",
    "ovos-padacioso-pipeline-plugin-high",
    "ovos-stop-pipeline-plugin-medium",
    "ovos-padacioso-pipeline-plugin-medium",
    "ovos-fallback-pipeline-plugin-low",
]


class Core:
    """ovos-core's intent service and the skill, loaded through its entry point."""

    def __init__(self) -> None:
        self.bus = FakeBus()
        self.messages: list[Message] = []
        self.bus.on("message", lambda raw: self.messages.append(Message.deserialize(raw)))
        self.service = IntentService(self.bus)
        entry = skill_entry_point()
        self.skill = entry.load()(bus=self.bus, skill_id=entry.name)
        SessionManager.default_session.pipeline = PIPELINE
        SessionManager.default_session.active_skills = []

    def utter(self, text: str, done: str = "ovos.utterance.handled") -> dict[str, Any]:
        """Say ``text`` to the device; what the skill said, and whether it expects more."""
        finished = threading.Event()
        self.bus.once(done, lambda _: finished.set())
        start = len(self.messages)
        self.bus.emit(
            Message(
                "recognizer_loop:utterance",
                {"utterances": [text], "lang": "en-US"},
                {"session": SessionManager.default_session.serialize()},
            )
        )
        assert finished.wait(10), f"ovos-core never finished {text!r}"
        new = self.messages[start:]
        speaks = [m for m in new if m.msg_type == "speak" and m.context.get("skill_id") == SKILL_ID]
        return {
            "speech": " ".join(m.data["utterance"] for m in speaks),
            "expect_response": bool(speaks) and speaks[-1].data["expect_response"],
            "types": [m.msg_type for m in new],
        }

    def close(self) -> None:
        self.skill.default_shutdown()
        self.skill.shutdown()
        self.skill.default_shutdown = self.skill.shutdown = lambda: None
        self.service.shutdown()


@pytest.fixture
def core(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Core]:
    for kind in ("CONFIG", "DATA", "CACHE", "STATE"):
        monkeypatch.setenv(f"XDG_{kind}_HOME", str(tmp_path / kind.lower()))
    loaded = Core()
    yield loaded
    loaded.close()


def test_ovos_core_routes_a_whole_assessment_through_the_intent_and_converse(
    core: Core,
) -> None:
    opened = core.utter("check my thigh cramps")
    assert f"{SKILL_ID}:start.intent" in opened["types"]
    assert "chest pain" in opened["speech"] and opened["expect_response"]
    for _ in range(5):
        turn = core.utter("no")
        assert "converse:skill" in turn["types"] and turn["expect_response"]
    assert "glasses" in turn["speech"]
    for answer in ("two glasses", "no", "yes I run every day", "no", "no", "no", "no"):
        turn = core.utter(answer)
    assert "muscle fatigue" in turn["speech"].lower() and "9 1 1" in turn["speech"]
    turn = core.utter("no thanks")
    assert turn["speech"] and not turn["expect_response"]
    after = core.utter("no")  # the assessment is over: the skill no longer claims answers
    assert after["speech"] == "" and "converse:skill" not in after["types"]


def test_ovos_core_red_flag_mid_way_and_stop(core: Core) -> None:
    core.utter("why do my thighs cramp")
    flagged = core.utter("yes my chest is tight and I can't breathe")
    assert "9 1 1 now" in flagged["speech"] and not flagged["expect_response"]
    assert core.utter("yes")["speech"] == ""

    relief = core.utter("how do i stop a thigh cramp")
    assert f"{SKILL_ID}:relief.intent" in relief["types"] and "stretch" in relief["speech"]
    core.utter("yes please")  # the offer: into the assessment
    # "stop" inside a sentence is an answer for the skill, not ovos-core's stop.
    mid_way = core.utter("how do I stop a cramp")
    assert "converse:skill" in mid_way["types"] and "stretch" in mid_way["speech"]
    stopped = core.utter("stop", done=f"{SKILL_ID}.stop.response")
    assert "stop:skill" in stopped["types"]
    assert "goodbye" in stopped["speech"].lower() and not stopped["expect_response"]
    assert core.utter("no")["speech"] == ""
