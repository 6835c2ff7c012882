"""Slow clients against a gunicorn on 127.0.0.1: shared by the test and ``make load-slow``.

A slow client opens a connection, sends the start of a request and then one header byte at
a time, as a slowloris attack does; an idle one connects and sends nothing. Meanwhile
``/healthz`` is asked again and again, and each answer's latency (or its failure) is kept.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from bench import serving
from bench.serving import free_port

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


def wait_until_up(port: int, seconds: float) -> None:
    serving.wait_until_up(port, time.monotonic() + seconds)


@contextmanager
def gunicorn(args: Sequence[str], env: dict[str, str] | None = None) -> Iterator[int]:
    """A gunicorn on a free loopback port with ``args``, stopped afterwards."""
    port = free_port()
    binary = Path(sys.executable).parent / "gunicorn"
    command = [str(binary), *args, "--bind", f"127.0.0.1:{port}", "--log-level", "error"]
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})})
    try:
        wait_until_up(port, 30)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


def production(env: dict[str, str] | None = None) -> AbstractContextManager[int]:
    """The shipped production configuration."""
    return gunicorn(["-c", str(CONFIG)], env)


@dataclass
class HealthProbe:
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def worst(self) -> float:
        return max(self.latencies, default=float("inf"))


def _dribble(port: int, until: float, idle: bool) -> None:
    with suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
        if not idle:
            sock.sendall(b"POST /alexa HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        while time.monotonic() < until:
            if not idle:
                sock.sendall(b"a")
            time.sleep(0.2)


def healthz_under_slow_clients(
    port: int, slow: int, idle: int = 0, seconds: float = 3.0, probe_timeout: float = 2.0
) -> HealthProbe:
    """Open ``slow`` dribbling and ``idle`` silent connections, probe /healthz meanwhile."""
    until = time.monotonic() + seconds
    clients = [threading.Thread(target=_dribble, args=(port, until, n >= slow), daemon=True)
               for n in range(slow + idle)]  # fmt: skip
    for client in clients:
        client.start()
    time.sleep(0.5)  # let them occupy what they can
    probe = HealthProbe()
    while time.monotonic() < until:
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=probe_timeout)
        try:
            connection.request("GET", "/healthz")
            status = connection.getresponse().status
            if status == 200:
                probe.latencies.append(time.monotonic() - started)
            else:
                probe.failures.append(f"HTTP {status}")
        except OSError as error:
            probe.failures.append(type(error).__name__)
        finally:
            connection.close()
        time.sleep(0.1)
    for client in clients:
        client.join(timeout=seconds + 3)
    return probe


def main() -> int:
    """``make load-slow``: /healthz under slow clients, sync workers vs the shipped config."""
    slow = int(os.environ.get("SLOW_CLIENTS", "16"))
    idle = int(os.environ.get("IDLE_CLIENTS", "16"))
    failed = False
    shapes = {
        "gunicorn --workers 2 (sync)": ["--workers", "2", "skill.web:create_app()"],
        "deploy/gunicorn.conf.py (gthread, 2 workers x 32 threads)": ["-c", str(CONFIG)],
    }
    for name, args in shapes.items():
        with gunicorn(args) as port:
            probe = healthz_under_slow_clients(port, slow, idle, seconds=5)
        worst = f"{probe.worst * 1000:.1f} ms" if probe.latencies else "none answered"
        print(f"{name}: {slow} slow + {idle} idle clients for 5 s: /healthz answered "
              f"{len(probe.latencies)}, failed {len(probe.failures)}, worst {worst}")  # fmt: skip
        failed = failed or (args[0] == "-c" and bool(probe.failures))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
