"""Amazon's own verifier tests, ported as data (``tests/data/verifier_cases.json``).

The cases come from ask-sdk-python (``ask-sdk-webservice-support``) and the Node SDK's
``ask-sdk-express-adapter``: each is named after its source test and restated as a change
to a genuine, signed LaunchRequest sent to ``POST /alexa`` through the public app factory,
with the expected status, failing step and a word of its detail. Where this project refuses
something a peer accepts, the case says so under ``stricter``, with the reason.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from skill.web import create_app
from skill.web.fetch import DownloadFailed
from tests import pki
from tests.hostile import GOOD_URL
from tests.support import SKILL_ID, launch

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "verifier_cases.json").read_text(encoding="utf-8")
)["cases"]
_PEM = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----\n?", re.S)


@pytest.fixture(scope="module")
def test_pki() -> pki.TestPKI:
    return pki.build()


def chain_for(test_pki: pki.TestPKI, name: str) -> bytes:
    if name == "leaf_and_root":
        return _PEM.findall(test_pki.chains["good"])[0] + test_pki.root_pem
    return test_pki.chains[name]


class Fetcher:
    """What the certificate download gives, per the case, counting calls."""

    def __init__(self, chain: bytes, outcome: str) -> None:
        self.chain, self.outcome, self.calls = chain, outcome, 0

    def __call__(self, url: str) -> bytes:
        self.calls += 1
        if self.outcome == "ok":
            return self.chain
        if self.outcome == "error":
            raise ConnectionError("UnknownError")
        if self.outcome == "status_400":
            raise DownloadFailed("HTTP 400")
        if self.outcome == "no_response":
            raise DownloadFailed("RemoteDisconnected")
        return self.outcome.encode()  # a body that is not a chain


def stamped(change: dict[str, Any]) -> dict[str, Any]:
    event = launch(skill_id=SKILL_ID)
    if "timestamp" in change:
        if change["timestamp"] is None:
            del event["request"]["timestamp"]
        else:
            event["request"]["timestamp"] = change["timestamp"]
    else:
        when = pki.NOW - timedelta(seconds=change.get("timestamp_skew", 0))
        event["request"]["timestamp"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return event


def headers_for(test_pki: pki.TestPKI, change: dict[str, Any], body: bytes) -> dict[str, str]:
    kind = change.get("signature", "valid")
    headers = {"SignatureCertChainUrl": change.get("url", GOOD_URL)}
    if kind == "valid":
        headers["Signature-256"] = pki.sign(test_pki.leaf_key, body)
    elif kind == "other_key":
        headers["Signature-256"] = pki.sign(test_pki.other_key, body)
    elif kind == "sha1_header":
        sha1 = test_pki.leaf_key.sign(body, padding.PKCS1v15(), hashes.SHA1())
        headers["Signature"] = base64.b64encode(sha1).decode()
    else:
        headers["Signature-256"] = kind
    for name in change.get("drop_headers", []):
        headers.pop(name, None)
    if change.get("header_names") == "lower":
        headers = {name.lower(): value for name, value in headers.items()}
    return headers


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_peer_verifier_case(test_pki: pki.TestPKI, case: dict[str, Any]) -> None:
    change, expect = case["request"], case["expect"]
    chain = chain_for(test_pki, change.get("chain", "good"))
    fetcher = Fetcher(chain, change.get("download", "ok"))
    leaf = _PEM.findall(test_pki.chains["good"])[0]
    anchors = [leaf] if change.get("trust") == "leaf" else [test_pki.root_pem]
    settings: dict[str, Any] = {
        "host": "127.0.0.1", "skill_ids": (SKILL_ID,), "trust_anchors": anchors,
        "fetch_certificate": fetcher, "now": lambda: pki.NOW,
    }  # fmt: skip
    if "startup_error" in expect:
        with pytest.raises(ValueError, match=expect["startup_error"]):
            create_app(**settings)
        return
    app = create_app(**settings)
    client = app.test_client()
    body = json.dumps(stamped(change)).encode()
    headers = headers_for(test_pki, change, body)
    if change.get("tamper_body"):
        body = body.replace(b"LaunchRequest", b"IntentRequest")
    for _ in range(change.get("repeat", 1)):
        reply = client.post("/alexa", data=body, headers=headers, content_type="application/json")
        assert reply.status_code == expect["status"], reply.get_data(as_text=True)
    if expect["status"] != 200:
        error = reply.json["error"]
        assert error.startswith(expect["step"] + ": "), error
        assert expect.get("detail", "") in error, error
        if expect["step"] == "cert_url":
            assert fetcher.calls == 0, "a refused URL must cost no download"
    if "downloads" in expect:
        assert fetcher.calls == expect["downloads"]


def test_every_case_names_its_source_and_explains_any_stricter_choice() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)) and len(ids) >= 57
    for case in CASES:
        assert case["id"].split("::")[0] in (
            "ask-sdk-python", "ask-sdk-express-adapter", "thigh-cramp-helper",
        )  # fmt: skip
        assert case["source"]
        assert "stricter" not in case or len(case["stricter"]) > 40
