"""Issue 14, finding 8: the shipped gunicorn configuration keeps answering under slow clients.

Runs ``deploy/gunicorn.conf.py`` itself on 127.0.0.1, with connections that dribble header
bytes (slowloris) or send nothing, and checks that ``/healthz`` keeps answering promptly.
Bounded: about four seconds of slow clients, each probe with a two-second timeout.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bench.slow_clients import healthz_under_slow_clients, production
from tests.hostile import chunked_post


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    with production() as running:
        yield running


def test_healthz_keeps_answering_while_slow_clients_hang_on(port: int) -> None:
    probe = healthz_under_slow_clients(port, slow=8, idle=8, seconds=3.0)
    assert probe.failures == []
    assert len(probe.latencies) >= 10
    assert probe.worst < 1.0, f"/healthz took {probe.worst:.2f} s with slow clients open"


def test_chunked_bodies_over_the_cap_get_413_under_gunicorn(port: int) -> None:
    big = json.dumps({"request": {"type": "LaunchRequest"}, "x": "a" * 200_000}).encode()
    status, payload = chunked_post(port, "/alexa", big)
    assert status == 413 and json.loads(payload) == {"error": "body: larger than 128 KB"}


def test_unsigned_requests_are_refused_under_gunicorn(port: int) -> None:
    body = json.dumps({"request": {"type": "LaunchRequest"}}).encode()
    status, payload = chunked_post(port, "/alexa", body)
    assert status == 400 and json.loads(payload)["error"].startswith("cert_url: ")
