"""Helpers for the issue-14 tests: a counting certificate fetcher, signing, deep values."""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Flask

from skill.web import create_app
from tests import pki
from tests.support import SKILL_ID

GOOD_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"
JUNK_SIGNATURE = base64.b64encode(b"\x01" * 256).decode()  # the right length, signs nothing


class CountingFetcher:
    """Serves one chain for every URL, optionally slowly or failing, and counts downloads."""

    def __init__(self, chain: bytes, delay: float = 0.0, fail: bool = False) -> None:
        self.chain, self.delay, self.fail = chain, delay, fail
        self.calls: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, url: str) -> bytes:
        with self.lock:
            self.calls.append(url)
        time.sleep(self.delay)
        if self.fail:
            raise ConnectionError("no such object")
        return self.chain


def verifying_app(test_pki: pki.TestPKI, fetch: Callable[[str], bytes]) -> Flask:
    """The production app, trusting the test PKI, with a fixed clock and the test skill id."""
    return create_app(
        host="127.0.0.1", skill_ids=(SKILL_ID,), trust_anchors=[test_pki.root_pem],
        fetch_certificate=fetch, now=lambda: pki.NOW,
    )  # fmt: skip


def signed(
    test_pki: pki.TestPKI, event: dict[str, Any], url: str = GOOD_URL
) -> tuple[bytes, dict[str, str]]:
    """The body and headers of a genuine request (stamped at the test clock's now)."""
    event["request"]["timestamp"] = pki.NOW.strftime("%Y-%m-%dT%H:%M:%SZ")
    body = json.dumps(event).encode()
    return body, {"SignatureCertChainUrl": url, "Signature-256": pki.sign(test_pki.leaf_key, body)}


def deep(levels: int) -> dict[str, Any]:
    """``{"a": {"a": ...}}``, ``levels`` deep."""
    value: dict[str, Any] = {}
    for _ in range(levels):
        value = {"a": value}
    return value


def chunked_post(port: int, path: str, body: bytes) -> tuple[int, bytes]:
    """POST ``body`` chunked over a raw socket; the status and the reply's body."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n".encode()
        )
        try:
            for i in range(0, len(body), 8192):
                part = body[i : i + 8192]
                sock.sendall(b"%x\r\n%s\r\n" % (len(part), part))
            sock.sendall(b"0\r\n\r\n")
            sock.shutdown(socket.SHUT_WR)  # Werkzeug's dev server drains to end of input
        except OSError:
            pass  # the server may refuse and close before the whole body is sent
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    head, _, payload = reply.partition(b"\r\n\r\n")
    return int(head.split()[1]), payload
