"""Issue 14, findings 1, 2 and 9: verification that does no work for unsigned requests.

Downloads are counted with an injected fetcher; the deadline and redirect cases run the
production fetcher against a small local server on 127.0.0.1 (no other network is used).
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import socket
import ssl
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from werkzeug.serving import make_server

from skill.web.fetch import fetch_over_https
from skill.web.rejections import RejectionLog
from skill.web.signers import MAX_DOWNLOADS_PER_MINUTE
from tests import pki
from tests.hostile import GOOD_URL, JUNK_SIGNATURE, CountingFetcher, signed, verifying_app
from tests.support import launch


@pytest.fixture(scope="module")
def test_pki() -> pki.TestPKI:
    return pki.build()


# 1. Unsigned requests make the server work for anyone ------------------------------------


def test_an_unsigned_flood_with_query_urls_downloads_nothing(test_pki: pki.TestPKI) -> None:
    fetcher = CountingFetcher(test_pki.chains["good"])
    client = verifying_app(test_pki, fetcher).test_client()
    for i in range(1000):
        headers = {"SignatureCertChainUrl": f"{GOOD_URL}?n={i}", "Signature-256": "AAAA"}
        reply = client.post("/alexa", data=b'{"request": {"type": "x"}}', headers=headers)
        assert reply.status_code == 400
    assert fetcher.calls == []


def test_a_short_signature_is_refused_before_any_download(test_pki: pki.TestPKI) -> None:
    fetcher = CountingFetcher(test_pki.chains["good"])
    client = verifying_app(test_pki, fetcher).test_client()
    headers = {"SignatureCertChainUrl": GOOD_URL, "Signature-256": "AAAA"}
    reply = client.post("/alexa", data=b"{}", headers=headers)
    assert reply.json["error"] == "signature: Signature-256 is not an RSA signature"
    assert fetcher.calls == []


def test_distinct_canonical_urls_cost_a_bounded_number_of_downloads(
    test_pki: pki.TestPKI, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetcher = CountingFetcher(test_pki.chains["good"])
    app = verifying_app(test_pki, fetcher)
    client = app.test_client()
    body, genuine = signed(test_pki, launch())
    assert client.post("/alexa", data=body, headers=genuine).status_code == 200

    def flood(first: int, count: int) -> None:
        for i in range(first, first + count):
            url = f"https://s3.amazonaws.com/echo.api/cert-{i}.pem"
            headers = {"SignatureCertChainUrl": url, "Signature-256": JUNK_SIGNATURE}
            assert client.post("/alexa", data=b"{}", headers=headers).status_code == 400

    flood(0, 100)  # fills every cache and uses up the download budget
    # pytest keeps every log record; a server's logging does not. Count only the server.
    monkeypatch.setattr(logging.getLogger("skill.web"), "disabled", True)
    tracemalloc.start()
    try:
        flood(100, 1000)
        grown, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(fetcher.calls) <= MAX_DOWNLOADS_PER_MINUTE + 1
    assert grown < 500_000, f"{grown} bytes kept after 1,000 more hostile URLs"
    # The genuine, cached signer still works during the flood.
    body, genuine = signed(test_pki, launch())
    assert client.post("/alexa", data=body, headers=genuine).status_code == 200


def test_a_failing_url_is_not_downloaded_again_at_once(test_pki: pki.TestPKI) -> None:
    fetcher = CountingFetcher(b"", fail=True)
    client = verifying_app(test_pki, fetcher).test_client()
    headers = {"SignatureCertChainUrl": GOOD_URL, "Signature-256": JUNK_SIGNATURE}
    for _ in range(50):
        reply = client.post("/alexa", data=b"{}", headers=headers)
        assert reply.json["error"] == "certificate: download failed (ConnectionError)"
    assert len(fetcher.calls) == 1


# 2. A cold cache under concurrency; a total deadline; no redirects -----------------------


def test_a_cold_cache_downloads_once_for_concurrent_requests(test_pki: pki.TestPKI) -> None:
    fetcher = CountingFetcher(test_pki.chains["good"], delay=0.3)
    app = verifying_app(test_pki, fetcher)
    statuses: list[int] = []
    start = threading.Barrier(32)

    def one() -> None:
        body, headers = signed(test_pki, launch())
        client = app.test_client()
        start.wait(timeout=10)
        statuses.append(client.post("/alexa", data=body, headers=headers).status_code)

    threads = [threading.Thread(target=one) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert statuses == [200] * 32
    assert fetcher.calls == [GOOD_URL]


class _ChainServer(BaseHTTPRequestHandler):
    """GET /slow dribbles a byte every 0.1 s; /moved redirects; anything else is the chain."""

    chain = b""
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        if self.path.endswith("/moved.pem"):
            self.send_response(301)
            self.send_header("Location", "/echo.api/echo-api-cert.pem")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.chain)))
        self.end_headers()
        if self.path.endswith("/slow.pem"):
            for byte in self.chain[:100]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)
            return
        self.wfile.write(self.chain)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture()
def chain_server(test_pki: pki.TestPKI) -> Iterator[int]:
    _ChainServer.chain, _ChainServer.hits = test_pki.chains["good"], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ChainServer)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def local_fetch(port: int, deadline: float) -> Callable[[str], bytes]:
    """The production fetcher, pointed at the local server over plain HTTP."""

    def connect(_host: str, _port: int, timeout: float) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    return partial(fetch_over_https, deadline_seconds=deadline, connection_factory=connect)


def test_the_fetch_has_a_total_deadline(test_pki: pki.TestPKI, chain_server: int) -> None:
    app = verifying_app(test_pki, local_fetch(chain_server, deadline=0.5))
    body, headers = signed(test_pki, launch(), url="https://s3.amazonaws.com/echo.api/slow.pem")
    started = time.monotonic()
    reply = app.test_client().post("/alexa", data=body, headers=headers)
    elapsed = time.monotonic() - started
    assert reply.json["error"] == "certificate: download failed (TimeoutError)"
    assert elapsed < 3, f"a byte-a-tenth-of-a-second server held the request {elapsed:.1f} s"


def test_the_fetch_works_and_follows_no_redirect(test_pki: pki.TestPKI, chain_server: int) -> None:
    app = verifying_app(test_pki, local_fetch(chain_server, deadline=2))
    client = app.test_client()
    body, headers = signed(test_pki, launch())
    assert client.post("/alexa", data=body, headers=headers).status_code == 200
    moved = "https://s3.amazonaws.com/echo.api/moved.pem"
    body, headers = signed(test_pki, launch(), url=moved)
    reply = client.post("/alexa", data=body, headers=headers)
    assert reply.json["error"] == "certificate: download failed (DownloadFailed)"
    assert _ChainServer.hits == ["/echo.api/echo-api-cert.pem", "/echo.api/moved.pem"]


@pytest.fixture()
def tls_dribbler() -> Iterator[int]:
    """Accepts TCP, then sends a TLS record header promising 16 KB and a byte every 0.1 s."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        with contextlib.suppress(OSError):
            connection, _ = listener.accept()
            with connection:
                connection.sendall(b"\x16\x03\x03\x40\x00")
                while not stop.is_set():
                    connection.sendall(b"\x00")
                    time.sleep(0.1)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    listener.close()
    thread.join(timeout=5)


def test_a_dribbled_tls_handshake_is_cut_at_the_deadline(tls_dribbler: int) -> None:
    def connect(_host: str, _port: int, timeout: float) -> http.client.HTTPConnection:
        context = ssl.create_default_context()
        return http.client.HTTPSConnection("127.0.0.1", tls_dribbler, timeout=timeout,
                                           context=context)  # fmt: skip

    started = time.monotonic()
    with pytest.raises(TimeoutError):
        fetch_over_https(GOOD_URL, deadline_seconds=0.5, connection_factory=connect)
    assert time.monotonic() - started < 2


def test_healthz_answers_while_a_download_hangs(test_pki: pki.TestPKI, chain_server: int) -> None:
    app = verifying_app(test_pki, local_fetch(chain_server, deadline=1.5))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_port
    try:
        body, headers = signed(test_pki, launch(), url="https://s3.amazonaws.com/echo.api/slow.pem")
        hangs = [threading.Thread(target=_post, args=(port, body, headers)) for _ in range(2)]
        for thread in hangs:
            thread.start()
        time.sleep(0.2)
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/healthz")
        assert connection.getresponse().status == 200
        assert time.monotonic() - started < 1
        for thread in hangs:
            thread.join(timeout=5)
    finally:
        server.shutdown()


def _post(port: int, body: bytes, headers: dict[str, str]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("POST", "/alexa", body=body, headers=headers)
    connection.getresponse().read()


# 9. URL forms that must never pass (defence in depth) -----------------------------------


@pytest.mark.parametrize("url", [
    "https://@s3.amazonaws.com/echo.api/echo-api-cert.pem",
    "https://:@s3.amazonaws.com/echo.api/echo-api-cert.pem",
    "https://s3.amazon\taws.com/echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com/echo.api/\techo-api-cert.pem",
    "https://s3.amazonaws.com/echo.api/..\\x.pem",
    "https://s3.amazonaws.com/echo.api/..%5cx.pem",
    "https://s3.amazonaws.com/echo.api/%252e%252e/x.pem",
    "https://s3.amazonaws.com/echo.api/%2e%2e/echo.api/x.pem",
    "https://s3.amazonaws.com/echo.api/echo-api-cert.pem?x=1",
    "https://s3.amazonaws.com/echo.api/echo-api-cert.pem#x",
    "https://s3.amazonaws.com/echo.api/",
    "https://s3.amazonaws.com/echo.api",
    "https://s3.amazonaws.com/echo.api/echo-api-cert.pem\u00a0",
    "https://s3.amazonaws.com/echo.api/" + "a" * 600 + ".pem",
])  # fmt: skip
def test_non_canonical_urls_are_refused_before_any_download(
    test_pki: pki.TestPKI, url: str
) -> None:
    fetcher = CountingFetcher(test_pki.chains["good"])
    client = verifying_app(test_pki, fetcher).test_client()
    body, headers = signed(test_pki, launch(), url=url)
    reply = client.post("/alexa", data=body, headers=headers)
    assert reply.status_code == 400 and reply.json["error"].startswith("cert_url: ")
    assert fetcher.calls == []


def test_spellings_of_one_url_share_one_download(test_pki: pki.TestPKI) -> None:
    fetcher = CountingFetcher(test_pki.chains["good"])
    client = verifying_app(test_pki, fetcher).test_client()
    for url in (GOOD_URL, "https://S3.AmazonAWS.com/echo.api/echo-api-cert.pem",
                "HTTPS://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
                "https://s3.amazonaws.com/echo.api/../echo.api/./echo-api-cert.pem"):  # fmt: skip
        body, headers = signed(test_pki, launch(), url=url)
        assert client.post("/alexa", data=body, headers=headers).status_code == 200
    assert fetcher.calls == [GOOD_URL]


def test_a_flood_of_refusals_logs_a_bounded_number_of_lines(
    test_pki: pki.TestPKI, caplog: pytest.LogCaptureFixture
) -> None:
    client = verifying_app(test_pki, CountingFetcher(test_pki.chains["good"])).test_client()
    caplog.set_level("WARNING", logger="skill.web")
    for i in range(500):
        headers = {"SignatureCertChainUrl": f"{GOOD_URL}?n={i}", "Signature-256": "AAAA"}
        assert client.post("/alexa", data=b"{}", headers=headers).status_code == 400
    lines = [r.getMessage() for r in caplog.records if r.name == "skill.web"]
    assert len(lines) == 20
    assert lines[0] == "rejected a request on /alexa: cert_url: a query is not allowed"


def test_refusals_beyond_the_limit_are_counted_in_one_line_the_next_minute(
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = [0.0]
    rejections = RejectionLog(logging.getLogger("skill.web"), per_minute=2, clock=lambda: now[0])
    caplog.set_level("WARNING", logger="skill.web")
    for _ in range(5):
        rejections.refused("signature: missing Signature-256 header")
    now[0] = 61.0
    rejections.refused("cert_url: a query is not allowed")
    assert [r.getMessage() for r in caplog.records] == [
        "rejected a request on /alexa: signature: missing Signature-256 header",
        "rejected a request on /alexa: signature: missing Signature-256 header",
        "3 more requests were refused in the last minute",
        "rejected a request on /alexa: cert_url: a query is not allowed",
    ]
