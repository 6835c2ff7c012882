"""An OpenVoiceOS device in a test: OpenVoiceOS's own FakeBus with the skill loaded through
its entry point, and the messages ovos-core sends a skill.

ovos-core is not needed: the messages are the ones its intent service and its converse and
stop pipelines emit (ovos-core 2.1.1: an intent match is emitted as ``{skill_id}:<file>``,
``converse:skill`` is turned into ``{skill_id}.converse.request`` after a
``{skill_id}.converse.ping``; stop pings with ``{skill_id}.stop.ping`` and sends
``{skill_id}.stop``, or ``mycroft.stop`` for the global stop). What the skill says is read
from the ``speak`` messages it emits.
"""

from __future__ import annotations

import threading
from importlib.metadata import EntryPoint, entry_points
from typing import Any, NamedTuple

from ovos_bus_client.message import Message
from ovos_utils.fakebus import FakeBus

SKILL_ID = "thigh-cramp-helper.openvoiceos"
DEVICE = "default"  # the device's own session; satellites have their own ids
WAIT = 10.0  # seconds; replies come in milliseconds, this only bounds a broken test


def skill_entry_point() -> EntryPoint:
    (found,) = [e for e in entry_points(group="ovos.plugin.skill") if e.name == SKILL_ID]
    return found


def where(country: str | None) -> dict[str, Any]:
    """An OpenVoiceOS location for a country code (None: a location without a country)."""
    if country is None:
        return {"city": {"name": "Somewhere", "state": {"name": "Somewhere"}}}
    return {"city": {"state": {"country": {"code": country, "name": country}}}}


class Turn(NamedTuple):
    """What one utterance did: whether the skill claimed it, what it said, and how."""

    claimed: bool
    speech: str
    expect_response: bool
    messages: list[Message]

    def shown(self) -> list[Message]:
        return [m for m in self.messages if m.msg_type.startswith("gui.")]


class Device:
    """The skill on a FakeBus; ``session`` ids stand for the device and its satellites."""

    def __init__(self) -> None:
        self.bus = FakeBus()
        self.messages: list[Message] = []
        self._lock = threading.Lock()
        self.bus.on("message", self._record)
        entry = skill_entry_point()
        self.skill = entry.load()(bus=self.bus, skill_id=entry.name)
        self.registered = [
            m.data["name"] for m in self.messages if m.msg_type == "padatious:register_intent"
        ]

    def _record(self, serialized: str) -> None:
        with self._lock:
            self.messages.append(Message.deserialize(serialized))

    def _since(self, start: int) -> list[Message]:
        with self._lock:
            return list(self.messages[start:])

    def context(self, session: str, lang: str, country: str | None = "US") -> dict[str, Any]:
        return {"session": {"session_id": session, "lang": lang, "location": where(country)}}

    def _emit_and_wait(self, message: Message, done_type: str) -> list[Message]:
        done = threading.Event()
        self.bus.once(done_type, lambda _: done.set())
        start = len(self.messages)
        self.bus.emit(message)
        assert done.wait(WAIT), f"no {done_type} after {message.msg_type}"
        return self._since(start)

    @staticmethod
    def _turn(messages: list[Message], claimed: bool) -> Turn:
        speaks = [m for m in messages if m.msg_type == "speak"]
        assert all(m.data["meta"]["skill"] == SKILL_ID for m in speaks)
        speech = " ".join(m.data["utterance"] for m in speaks)
        expect = bool(speaks) and speaks[-1].data["expect_response"] is True
        return Turn(claimed, speech, expect, messages)

    def intent(
        self,
        intent_file: str,
        utterance: str,
        session: str = DEVICE,
        lang: str = "en-US",
        country: str | None = "US",
    ) -> Turn:
        """What the intent service emits when one of the skill's intent files matched."""
        name = f"{SKILL_ID}:{intent_file}"
        assert name in self.registered, f"{name} was never registered"
        message = Message(
            name,
            {"utterance": utterance, "lang": lang},
            {**self.context(session, lang, country), "skill_id": SKILL_ID},
        )
        return self._turn(self._emit_and_wait(message, "mycroft.skill.handler.complete"), True)

    def wants(self, utterance: str, session: str = DEVICE, lang: str = "en-US") -> bool:
        """The converse ping: does the skill want this session's next utterance?"""
        replies = self._emit_and_wait(
            Message(
                f"{SKILL_ID}.converse.ping",
                {"utterances": [utterance], "lang": lang, "skill_id": SKILL_ID},
                self.context(session, lang),
            ),
            "skill.converse.pong",
        )
        (pong,) = [m for m in replies if m.msg_type == "skill.converse.pong"]
        return pong.data["can_handle"] is True

    def converse(
        self,
        utterance: Any,
        session: str = DEVICE,
        lang: str = "en-US",
        country: str | None = "US",
    ) -> Turn:
        """The converse request for an utterance, as ovos-core sends it to an active skill."""
        messages = self._emit_and_wait(
            Message(
                f"{SKILL_ID}.converse.request",
                {"utterances": [utterance], "lang": lang, "skill_id": SKILL_ID},
                self.context(session, lang, country),
            ),
            "skill.converse.response",
        )
        (response,) = [m for m in messages if m.msg_type == "skill.converse.response"]
        assert "error" not in response.data, response.data
        return self._turn(messages, response.data["result"] is True)

    def say(
        self, utterance: str, session: str = DEVICE, lang: str = "en-US", country: str = "US"
    ) -> Turn:
        """An utterance while the skill is active: the ping, then converse if it wants it."""
        if not self.wants(utterance, session, lang):
            return Turn(False, "", False, [])
        turn = self.converse(utterance, session, lang, country)
        assert turn.claimed, "the skill asked for the utterance, then did not handle it"
        return turn

    def can_stop(self, session: str = DEVICE, lang: str = "en-US") -> bool:
        replies = self._emit_and_wait(
            Message(f"{SKILL_ID}.stop.ping", {"skill_id": SKILL_ID}, self.context(session, lang)),
            "skill.stop.pong",
        )
        (pong,) = [m for m in replies if m.msg_type == "skill.stop.pong"]
        return pong.data["can_handle"] is True

    def stop(
        self,
        session: str = DEVICE,
        globally: bool = False,
        lang: str = "en-US",
        country: str | None = "US",
    ) -> Turn:
        """ "stop": to this skill after its ping, or the global stop every skill hears. The
        message carries the session it stops (its language and location), as ovos-core's."""
        msg_type = "mycroft.stop" if globally else f"{SKILL_ID}.stop"
        messages = self._emit_and_wait(
            Message(msg_type, {}, self.context(session, lang, country)),
            f"{SKILL_ID}.stop.response",
        )
        (response,) = [m for m in messages if m.msg_type == f"{SKILL_ID}.stop.response"]
        return self._turn(messages, response.data["result"] is True)

    def gui_connected(self, connected: bool) -> None:
        """What ovos-gui answers to ``gui.status.request``."""
        self.bus.emit(Message("gui.status.request.response", {"connected": connected}))

    def close(self) -> None:
        """Shut the skill down as the skill loader does, once: the workshop's ``__del__``
        would do it again when the object is collected, after the bus is gone."""
        self.skill.default_shutdown()
        self.skill.shutdown()
        self.skill.default_shutdown = self.skill.shutdown = lambda: None
