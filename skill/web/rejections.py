"""Logs refused requests, at most ``PER_MINUTE`` lines a minute.

Every refused request used to log a warning: an unsigned flood would write one line per
request, which costs disk and buries everything else. The first ``PER_MINUTE`` refusals of
each minute are logged one by one, as before (the step and detail, never the body); the
rest are counted and reported in one line when the next minute starts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

PER_MINUTE = 20


class RejectionLog:
    def __init__(
        self,
        logger: logging.Logger,
        per_minute: int = PER_MINUTE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._logger, self._per_minute, self._clock = logger, per_minute, clock
        self._lock = threading.Lock()
        self._window_start = clock()
        self._logged = self._suppressed = 0

    def refused(self, what: str) -> None:
        """Note one refused request; ``what`` is the failure's step and detail."""
        with self._lock:
            now = self._clock()
            suppressed = 0
            if now - self._window_start >= 60:
                suppressed, self._suppressed = self._suppressed, 0
                self._window_start, self._logged = now, 0
            log_this = self._logged < self._per_minute
            if log_this:
                self._logged += 1
            else:
                self._suppressed += 1
        if suppressed:
            self._logger.warning("%d more requests were refused in the last minute", suppressed)
        if log_this:
            self._logger.warning("rejected a request on /alexa: %s", what)
