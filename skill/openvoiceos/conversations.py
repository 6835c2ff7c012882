"""The assessments in progress on one OpenVoiceOS device, by session id, in memory only.

OpenVoiceOS serves the device itself (session "default") and any satellites at once, so the
skill keeps one small flat state per session id. An answer is health information: it lives
here only while the person is talking, is dropped when the assessment ends, when they say
stop, and after a few minutes of silence (a timer, so an abandoned assessment does not wait
for the next utterance to be forgotten), and is never written anywhere.

No OpenVoiceOS imports: the store is plain Python, so its rules are checked on their own.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

# As long as OpenVoiceOS keeps a skill active for converse by default (300 s).
SILENCE_SECONDS = 300.0
# A bound on concurrent assessments, so a flood of session ids cannot grow memory without
# limit; the least recently heard is dropped first.
MAX_SESSIONS = 256


class Conversations:
    """Session id -> the core's state, forgotten after ``ttl`` seconds without a turn."""

    def __init__(
        self,
        ttl: float = SILENCE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        limit: int = MAX_SESSIONS,
    ) -> None:
        self.ttl = ttl
        self.limit = limit
        self._clock = clock
        self._lock = threading.RLock()
        self._live: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
        self._timer: threading.Timer | None = None
        self._closed = False

    def __contains__(self, session_id: object) -> bool:
        return self.get(session_id) is not None

    def __len__(self) -> int:
        with self._lock:
            self.prune()
            return len(self._live)

    def get(self, session_id: object) -> dict[str, Any] | None:
        """The state of a live assessment, or None (never started, ended or expired)."""
        if not isinstance(session_id, str):
            return None
        with self._lock:
            self.prune()
            entry = self._live.get(session_id)
            return dict(entry[1]) if entry is not None else None

    def put(self, session_id: str, attributes: dict[str, Any]) -> None:
        """Keep (or replace) a session's state; its silence clock starts again."""
        with self._lock:
            self._live.pop(session_id, None)
            self._live[session_id] = (self._clock() + self.ttl, dict(attributes))
            while len(self._live) > self.limit:
                self._live.popitem(last=False)
            self._schedule()

    def drop(self, session_id: object) -> bool:
        """Forget a session's state; True if there was one."""
        with self._lock:
            found = isinstance(session_id, str) and self._live.pop(session_id, None) is not None
            self._schedule()
            return found

    def prune(self) -> None:
        """Forget every state whose session has been silent for ``ttl`` seconds."""
        with self._lock:
            now = self._clock()
            for session_id in [sid for sid, (due, _) in self._live.items() if due <= now]:
                del self._live[session_id]

    def close(self) -> None:
        """Forget everything and stop the timer (the skill is shutting down)."""
        with self._lock:
            self._closed = True
            self._live.clear()
            self._schedule()

    def _expire(self) -> None:
        with self._lock:
            self.prune()
            self._schedule()

    def _schedule(self) -> None:
        """One daemon timer, set for the earliest expiry (or none when nothing is live)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._closed or not self._live:
            return
        earliest = min(due for due, _ in self._live.values())
        self._timer = threading.Timer(max(0.0, earliest - self._clock()) + 0.01, self._expire)
        self._timer.daemon = True
        self._timer.start()
