"""The trusted-signer cache: one download per certificate URL at a time, bounded in every way.

Alexa signs with a handful of certificate URLs, so a working server downloads a chain once
and reuses it until the leaf expires. Anyone can name a certificate URL, though, so:

* entries are keyed by the canonical URL and bounded: at most ``MAX_UNPROVEN`` signers that
  have not yet verified a genuine signature, and at most ``MAX_PROVEN`` that have (least
  recently used goes first in each). Only a genuine Alexa request can make a signer proven,
  so no flood of other URLs can evict the one Alexa is using;
* concurrent requests for a URL not yet cached share one download (the first one fetches,
  the others wait for its outcome) instead of downloading once each;
* a failed URL is remembered for ``FAILURE_TTL_SECONDS``, so repeating it costs nothing;
* at most ``MAX_DOWNLOADS_PER_MINUTE`` downloads start per minute; beyond that a new URL is
  refused without a download (cached signers keep working), so a flood of distinct URLs
  cannot turn this server into a downloader.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

from skill.web.errors import VerificationFailed

MAX_UNPROVEN = 8
MAX_PROVEN = 4
MAX_FAILURES = 64
FAILURE_TTL_SECONDS = 10.0
MAX_DOWNLOADS_PER_MINUTE = 12

S = TypeVar("S")


@dataclass
class _Flight(Generic[S]):
    """One download in progress; waiters block on ``done``."""

    done: threading.Event = field(default_factory=threading.Event)
    signer: S | None = None
    failure: VerificationFailed | None = None


class SignerCache(Generic[S]):
    def __init__(
        self,
        load: Callable[[str, datetime], S],
        valid_at: Callable[[S, datetime], bool],
        wait_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``load`` downloads and checks a chain (raising ``VerificationFailed``);
        ``valid_at`` says whether a cached signer may still be used."""
        self._load, self._valid_at, self._wait = load, valid_at, wait_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._proven: OrderedDict[str, S] = OrderedDict()
        self._unproven: OrderedDict[str, S] = OrderedDict()
        self._failures: OrderedDict[str, tuple[float, VerificationFailed]] = OrderedDict()
        self._flights: dict[str, _Flight[S]] = {}
        self._starts: deque[float] = deque()

    def get(self, url: str, now: datetime) -> S:
        """The signer for canonical ``url``, downloading it at most once at a time."""
        with self._lock:
            flight, leader = self._lookup(url, now)
        if not leader:
            return self._await(flight)
        try:
            signer = self._load(url, now)
        except VerificationFailed as failure:
            self._finish(url, flight, None, failure)
            raise
        except BaseException:
            self._finish(url, flight, None, VerificationFailed("certificate", "check failed"))
            raise
        self._finish(url, flight, signer, None)
        return signer

    def prove(self, url: str) -> None:
        """``url``'s signer has just verified a genuine signature: keep it in the protected part."""
        with self._lock:
            signer = self._unproven.pop(url, None)
            if signer is not None:
                _put(self._proven, url, signer, MAX_PROVEN)

    def __len__(self) -> int:
        with self._lock:
            return len(self._proven) + len(self._unproven)

    def _lookup(self, url: str, now: datetime) -> tuple[_Flight[S], bool]:
        """Called with the lock held: a cached answer raises or returns through the flight."""
        for signers in (self._proven, self._unproven):
            cached = signers.get(url)
            if cached is not None and self._valid_at(cached, now):
                signers.move_to_end(url)
                return self._settled(cached, None), False
        failed = self._failures.get(url)
        if failed is not None and self._clock() - failed[0] < FAILURE_TTL_SECONDS:
            return self._settled(None, failed[1].again()), False
        flight = self._flights.get(url)
        if flight is not None:
            return flight, False
        self._check_budget()
        flight = _Flight()
        self._flights[url] = flight
        return flight, True

    def _check_budget(self) -> None:
        now = self._clock()
        while self._starts and now - self._starts[0] > 60:
            self._starts.popleft()
        if len(self._starts) >= MAX_DOWNLOADS_PER_MINUTE:
            raise VerificationFailed("certificate", "too many new certificate URLs, try later")
        self._starts.append(now)

    @staticmethod
    def _settled(signer: S | None, failure: VerificationFailed | None) -> _Flight[S]:
        flight: _Flight[S] = _Flight(signer=signer, failure=failure)
        flight.done.set()
        return flight

    def _await(self, flight: _Flight[S]) -> S:
        if not flight.done.wait(self._wait):
            raise VerificationFailed("certificate", "download still in progress")
        if flight.signer is None:
            failure = flight.failure or VerificationFailed("certificate", "check failed")
            raise failure.again()
        return flight.signer

    def _finish(
        self, url: str, flight: _Flight[S], signer: S | None, failure: VerificationFailed | None
    ) -> None:
        with self._lock:
            self._flights.pop(url, None)
            self._proven.pop(url, None)  # an expired signer was downloaded again
            if signer is not None:
                _put(self._unproven, url, signer, MAX_UNPROVEN)
            elif failure is not None:
                _put(self._failures, url, (self._clock(), failure), MAX_FAILURES)
        flight.signer, flight.failure = signer, failure
        flight.done.set()


V = TypeVar("V")


def _put(entries: OrderedDict[str, V], key: str, value: V, limit: int) -> None:
    """Insert as most recently used, dropping the least recently used beyond ``limit``."""
    entries[key] = value
    entries.move_to_end(key)
    while len(entries) > limit:
        entries.popitem(last=False)
