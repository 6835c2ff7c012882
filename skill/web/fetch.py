"""Downloads a certificate chain: one GET, a total deadline, a size cap, no redirects.

A socket timeout bounds each read, not the whole download: a server sending a byte a second
would hold the request (and a worker) for as long as it likes. A watchdog shuts the socket
down when the deadline passes, which ends any read in progress. Redirects are not followed
(the URL was checked, where it points to was not), and anything but ``200`` is a failure.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import urlsplit

FETCH_DEADLINE_SECONDS = 3.0  # Alexa waits 8 s for the whole reply; S3 answers in well under 1 s
MAX_CHAIN_BYTES = 64 * 1024

ConnectionFactory = Callable[[str, int, float], http.client.HTTPConnection]


@cache
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


def _https(host: str, port: int, timeout: float) -> http.client.HTTPConnection:
    return http.client.HTTPSConnection(host, port, timeout=timeout, context=_tls_context())


class DownloadFailed(Exception):
    """The download did not give a chain: a status, a size or the deadline."""


def fetch_over_https(
    url: str,
    *,
    deadline_seconds: float = FETCH_DEADLINE_SECONDS,
    connection_factory: ConnectionFactory = _https,
) -> bytes:
    """The body at ``url`` (already canonical), or an exception, within ``deadline_seconds``.

    ``connection_factory`` lets tests point the download at a local server over plain HTTP.
    """
    parts = urlsplit(url)
    connection = connection_factory(parts.hostname or "", parts.port or 443, deadline_seconds)
    expired = threading.Event()
    # The TCP socket, kept from the moment it exists: a TLS handshake can be dribbled too,
    # and http.client forgets its socket once a "Connection: close" response has begun.
    opened: list[socket.socket] = []

    def abort() -> None:
        expired.set()
        for sock in opened:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def create_connection(*args: Any, **kwargs: Any) -> socket.socket:
        sock = socket.create_connection(*args, **kwargs)
        opened.append(sock)
        if expired.is_set():
            abort()
        return sock

    connection._create_connection = create_connection  # type: ignore[attr-defined]

    watchdog = threading.Timer(deadline_seconds, abort)
    watchdog.daemon = True
    started = time.monotonic()
    watchdog.start()
    try:
        connection.request("GET", parts.path, headers={"User-Agent": "thigh-cramp-helper"})
        response = connection.getresponse()
        if response.status != 200:
            raise DownloadFailed(f"HTTP {response.status}")
        data = response.read(MAX_CHAIN_BYTES + 1)
    except (OSError, http.client.HTTPException) as error:
        if expired.is_set():
            raise TimeoutError(f"no chain within {deadline_seconds:g} s") from None
        raise DownloadFailed(type(error).__name__) from None
    finally:
        watchdog.cancel()
        connection.close()
        for sock in opened:
            sock.close()
    if expired.is_set() or time.monotonic() - started > deadline_seconds:
        raise TimeoutError(f"no chain within {deadline_seconds:g} s")
    if len(data) > MAX_CHAIN_BYTES:
        raise DownloadFailed("chain larger than 64 KB")
    return data
