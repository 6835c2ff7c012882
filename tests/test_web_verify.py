"""POST /alexa accepts only genuine, fresh, signed Alexa requests for this skill."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from skill.web import create_app
from skill.web.verify import load_roots
from tests import pki
from tests.support import SKILL_ID, launch

GOOD_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"


@pytest.fixture(scope="module")
def test_pki() -> pki.TestPKI:
    return pki.build()


class Fetcher:
    """Serves chains by URL and counts downloads."""

    def __init__(self, chains: dict[str, bytes]) -> None:
        self.chains = chains
        self.calls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        return self.chains.get(url, self.chains["default"])


def make_client(
    test_pki: pki.TestPKI,
    chain: str = "good",
    now: datetime = pki.NOW,
    skill_ids: tuple[str, ...] = (SKILL_ID,),
) -> tuple[FlaskClient, Fetcher]:
    fetcher = Fetcher({"default": test_pki.chains[chain]})
    app = create_app(
        host="127.0.0.1",
        skill_ids=skill_ids,
        trust_anchors=[test_pki.root_pem],
        fetch_certificate=fetcher,
        now=lambda: now,
    )
    return app.test_client(), fetcher


def signed_body(timestamp: datetime = pki.NOW, skill_id: str = SKILL_ID) -> bytes:
    event = launch(skill_id=skill_id)
    event["request"]["timestamp"] = timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    return json.dumps(event).encode()


def post(client: FlaskClient, body: bytes, headers: dict[str, str]) -> Any:
    return client.post("/alexa", data=body, headers=headers, content_type="application/json")


def good_headers(test_pki: pki.TestPKI, body: bytes, url: str = GOOD_URL) -> dict[str, str]:
    return {"SignatureCertChainUrl": url, "Signature-256": pki.sign(test_pki.leaf_key, body)}


def test_a_validly_signed_request_gets_the_skills_reply(test_pki: pki.TestPKI) -> None:
    client, _ = make_client(test_pki)
    body = signed_body()
    reply = post(client, body, good_headers(test_pki, body))
    assert reply.status_code == 200
    assert "Hi, I'll ask a few quick questions" in reply.json["response"]["outputSpeech"]["ssml"]
    assert reply.headers["X-Content-Type-Options"] == "nosniff"


def test_the_chain_is_downloaded_once_for_many_requests(test_pki: pki.TestPKI) -> None:
    client, fetcher = make_client(test_pki)
    for _ in range(5):
        body = signed_body()
        assert post(client, body, good_headers(test_pki, body)).status_code == 200
    assert fetcher.calls == [GOOD_URL]


@pytest.mark.parametrize(
    "url",
    ["https://S3.AmazonAWS.com/echo.api/echo-api-cert.pem",
     "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
     "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem"],
)  # fmt: skip
def test_url_forms_amazon_allows_are_accepted(test_pki: pki.TestPKI, url: str) -> None:
    client, _ = make_client(test_pki)
    body = signed_body()
    assert post(client, body, good_headers(test_pki, body, url)).status_code == 200


Mutation = Callable[[pki.TestPKI, bytes, dict[str, str]], tuple[bytes, dict[str, str]]]


def drop(header: str) -> Mutation:
    return lambda _p, body, headers: (body, {k: v for k, v in headers.items() if k != header})


def set_header(header: str, value: str) -> Mutation:
    return lambda _p, body, headers: (body, {**headers, header: value})


def url(value: str) -> Mutation:
    return set_header("SignatureCertChainUrl", value)


REJECTIONS: dict[str, tuple[Mutation, str]] = {
    "missing signature header": (drop("Signature-256"), "signature"),
    "missing chain URL header": (drop("SignatureCertChainUrl"), "cert_url"),
    "empty signature": (set_header("Signature-256", ""), "signature"),
    "signature not base64": (set_header("Signature-256", "not base64!!"), "signature"),
    "body changed after signing": (
        lambda _p, body, headers: (body.replace(b"LaunchRequest", b"IntentRequest"), headers),
        "signature",
    ),
    "signed by another key": (
        lambda p, body, headers: (body, {**headers, "Signature-256": pki.sign(p.other_key, body)}),
        "signature",
    ),
    "http URL": (url("http://s3.amazonaws.com/echo.api/echo-api-cert.pem"), "cert_url"),
    "wrong host": (url("https://notamazon.com/echo.api/echo-api-cert.pem"), "cert_url"),
    "look-alike host": (
        url("https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert.pem"),
        "cert_url",
    ),
    "port 8443": (url("https://s3.amazonaws.com:8443/echo.api/echo-api-cert.pem"), "cert_url"),
    "dot-dot segment": (url("https://s3.amazonaws.com/echo.api/../x"), "cert_url"),
    "encoded dot-dot": (url("https://s3.amazonaws.com/echo.api/%2e%2e/x"), "cert_url"),
    "sibling path": (url("https://s3.amazonaws.com/echo.api.evil/echo-api-cert.pem"), "cert_url"),
    "path in the wrong case": (url("https://s3.amazonaws.com/ECHO.API/cert.pem"), "cert_url"),
    "user info in the URL": (
        url("https://evil@s3.amazonaws.com/echo.api/echo-api-cert.pem"),
        "cert_url",
    ),
}


@pytest.mark.parametrize("case", list(REJECTIONS))
def test_tampered_requests_are_rejected(test_pki: pki.TestPKI, case: str) -> None:
    mutate, step = REJECTIONS[case]
    client, fetcher = make_client(test_pki)
    body = signed_body()
    body, headers = mutate(test_pki, body, good_headers(test_pki, body))
    reply = post(client, body, headers)
    assert reply.status_code == 400
    assert reply.json["error"].startswith(f"{step}: ")
    if step == "cert_url":
        assert fetcher.calls == [], "a bad URL must be rejected before any download"


@pytest.mark.parametrize(
    ("chain", "detail"),
    [("expired", "expired"), ("not_yet_valid", "not valid yet"),
     ("wrong_san", "echo-api.amazon.com is not in its names"), ("untrusted", "untrusted chain")],
)  # fmt: skip
def test_bad_certificates_are_rejected(test_pki: pki.TestPKI, chain: str, detail: str) -> None:
    client, _ = make_client(test_pki, chain=chain)
    body = signed_body()
    reply = post(client, body, good_headers(test_pki, body))
    assert reply.status_code == 400
    assert reply.json["error"].startswith("certificate: ") and detail in reply.json["error"]


@pytest.mark.parametrize("skew", [151, -151])
def test_stale_or_future_timestamps_are_rejected(test_pki: pki.TestPKI, skew: int) -> None:
    client, _ = make_client(test_pki)
    body = signed_body(timestamp=pki.NOW - timedelta(seconds=skew))
    reply = post(client, body, good_headers(test_pki, body))
    assert reply.status_code == 400 and reply.json["error"].startswith("timestamp: ")


@pytest.mark.parametrize("skew", [150, -150, 0])
def test_timestamps_within_150_seconds_are_accepted(test_pki: pki.TestPKI, skew: int) -> None:
    client, _ = make_client(test_pki)
    body = signed_body(timestamp=pki.NOW - timedelta(seconds=skew))
    assert post(client, body, good_headers(test_pki, body)).status_code == 200


def test_wrong_skill_id_is_rejected(test_pki: pki.TestPKI) -> None:
    client, _ = make_client(test_pki)
    body = signed_body(skill_id="amzn1.ask.skill.someone-else")
    reply = post(client, body, good_headers(test_pki, body))
    assert reply.status_code == 400 and reply.json["error"].startswith("skill_id: ")


def test_skill_id_comes_from_the_environment(
    test_pki: pki.TestPKI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKILL_ID", "amzn1.ask.skill.a, amzn1.ask.skill.b")
    app = create_app(
        trust_anchors=[test_pki.root_pem],
        now=lambda: pki.NOW,
        fetch_certificate=lambda _: test_pki.chains["good"],
    )
    body = signed_body(skill_id="amzn1.ask.skill.b")
    reply = app.test_client().post("/alexa", data=body, headers=good_headers(test_pki, body))
    assert reply.status_code == 200
    body = signed_body()
    reply = app.test_client().post("/alexa", data=body, headers=good_headers(test_pki, body))
    assert reply.json["error"].startswith("skill_id: ")


def test_signed_body_that_is_not_an_envelope_is_rejected(test_pki: pki.TestPKI) -> None:
    client, _ = make_client(test_pki)
    for body in (b"not json", b'{"request": "x"}', b"[]"):
        reply = post(client, body, good_headers(test_pki, body))
        assert reply.status_code == 400 and reply.json["error"].startswith("body: ")


def test_oversized_body_and_other_methods(test_pki: pki.TestPKI) -> None:
    client, fetcher = make_client(test_pki)
    body = b"{" + b" " * (128 * 1024) + b"}"
    reply = post(client, body, good_headers(test_pki, body))
    assert reply.status_code == 413 and reply.json == {"error": "body: larger than 128 KB"}
    for method in (client.get, client.put, client.delete):
        assert method("/alexa").status_code == 405
    assert fetcher.calls == []


def test_a_failing_download_is_a_certificate_error_not_a_crash(test_pki: pki.TestPKI) -> None:
    def broken(_: str) -> bytes:
        raise TimeoutError("slow")

    app = create_app(
        trust_anchors=[test_pki.root_pem],
        fetch_certificate=broken,
        now=lambda: pki.NOW,
        skill_ids=(),
    )
    body = signed_body()
    reply = app.test_client().post("/alexa", data=body, headers=good_headers(test_pki, body))
    assert reply.status_code == 400
    assert reply.json["error"] == "certificate: download failed (TimeoutError)"


def test_default_trust_anchors_load_and_refused_roots_are_skipped(test_pki: pki.TestPKI) -> None:
    create_app()  # the certifi roots, one by one
    bundle = test_pki.root_pem + b"-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n"
    assert len(load_roots([bundle])) == 1


def test_rejections_are_logged_without_the_body(
    test_pki: pki.TestPKI, caplog: pytest.LogCaptureFixture
) -> None:
    client, _ = make_client(test_pki)
    body = signed_body()
    caplog.set_level("DEBUG")
    wrong = pki.sign(test_pki.other_key, body)  # right length, wrong key: checked in full
    post(client, body, {"SignatureCertChainUrl": GOOD_URL, "Signature-256": wrong})
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "signature: does not match the body" in text
    assert "LaunchRequest" not in text and "amzn1.ask.account" not in text
