"""Issue 14, findings 3, 4 and 6: nesting, sizes and strict JSON, on the web and on Lambda.

Deep or oversized input is a 400 (or 413) at the web endpoint and a fresh start, with speech,
through ``lambda_handler.handler``; every reply is strict JSON within Alexa's 24 KB and never
echoes session attributes the skill did not write.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server

import lambda_handler
from skill.web import create_app
from tests import pki
from tests.hostile import CountingFetcher, chunked_post, deep, signed, verifying_app
from tests.support import check_invariants, envelope, intent, launch, session_ended, speech_text


@pytest.fixture(scope="module")
def test_pki() -> pki.TestPKI:
    return pki.build()


# 3. Deep nesting -------------------------------------------------------------------------


def test_deep_bodies_are_a_400_not_a_500(test_pki: pki.TestPKI) -> None:
    unverified = create_app(host="127.0.0.1", verify=False).test_client()
    reply = unverified.post("/alexa", data=b"[" * 100_000)
    assert reply.status_code == 400 and reply.json["error"].startswith("body: ")
    client = verifying_app(test_pki, CountingFetcher(test_pki.chains["good"])).test_client()
    for event in (launch(attributes={"x": deep(950)}), launch(attributes={"x": deep(40)})):
        body, headers = signed(test_pki, event)
        reply = client.post("/alexa", data=body, headers=headers)
        assert reply.status_code == 400 and reply.json["error"] == "body: nested deeper than 32"
    body, headers = signed(test_pki, launch(attributes={"x": deep(10)}))
    assert client.post("/alexa", data=body, headers=headers).status_code == 200


def test_deep_attributes_at_the_simulator_are_a_400() -> None:
    client = create_app(host="127.0.0.1").test_client()
    raw = json.dumps({"text": "yes", "attributes": deep(950)})
    reply = client.post("/simulator/turn", data=raw, content_type="application/json")
    assert reply.status_code == 400 and reply.json["error"] == "body: nested deeper than 32"
    reply = client.post("/simulator/turn", data=b"[" * 100_000, content_type="application/json")
    assert reply.status_code == 400


@pytest.mark.parametrize("levels", [40, 990, 5000])
def test_deep_attributes_on_lambda_restart_with_speech(levels: int) -> None:
    event = intent("AMAZON.YesIntent", attributes={"x": deep(levels)})
    response = lambda_handler.handler(event)
    check_invariants(event, response)
    assert "x" not in response.get("sessionAttributes", {})
    assert "something went wrong" not in speech_text(response)


@pytest.mark.parametrize("request_body", [
    {"type": "IntentRequest", "intent": None},
    {"type": "IntentRequest"},
    {"type": "IntentRequest", "intent": {"slots": {}}},
    {"type": "IntentRequest", "intent": "AMAZON.YesIntent"},
])  # fmt: skip
def test_an_intent_request_without_an_intent_gets_a_proper_reply(
    request_body: dict[str, Any],
) -> None:
    event = envelope(request_body, new=True)
    response = lambda_handler.handler(event)
    check_invariants(event, response)
    spoken = speech_text(response)
    assert "something went wrong" not in spoken and spoken.rstrip().endswith("?")


# 4. Replies are strict JSON within 24 KB, and never echo foreign attributes ---------------


ECHOING_REQUESTS: dict[str, dict[str, Any]] = {
    "SessionEndedRequest": {"type": "SessionEndedRequest", "reason": "USER_INITIATED"},
    "CanFulfillIntentRequest": {
        "type": "CanFulfillIntentRequest",
        "intent": {"name": "ReliefIntent", "confirmationStatus": "NONE", "slots": {}},
    },
    "Connections.Response": {
        "type": "Connections.Response", "name": "Buy", "status": {"code": "200"}, "token": "t",
    },
}  # fmt: skip


@pytest.mark.parametrize("kind", list(ECHOING_REQUESTS))
@pytest.mark.parametrize(
    "attributes", [{"x": float("nan")}, {"x": float("inf")}, {"x": "a" * 30_000}],
    ids=["NaN", "Infinity", "30 KB"],
)  # fmt: skip
def test_lambda_replies_are_strict_json_without_foreign_attributes(
    kind: str, attributes: dict[str, Any]
) -> None:
    event = envelope(ECHOING_REQUESTS[kind], attributes=attributes)
    response = lambda_handler.handler(event)
    raw = json.dumps(response, allow_nan=False)  # raises on NaN or Infinity
    assert len(raw.encode()) < 24 * 1024
    assert "sessionAttributes" not in response


def test_spoken_replies_carry_only_what_the_skill_wrote() -> None:
    for event in (
        intent("AMAZON.YesIntent", attributes={"x": "a" * 30_000}),
        intent("AMAZON.NoIntent", attributes={"x": float("nan"), "v": 1}),
    ):
        response = lambda_handler.handler(event)
        json.dumps(response, allow_nan=False)
        check_invariants(event, response)
        assert "x" not in response["sessionAttributes"]


def test_the_web_endpoint_refuses_nan_and_never_echoes_attributes() -> None:
    client = create_app(host="127.0.0.1", verify=False).test_client()
    nan_body = json.dumps(session_ended(attributes={"x": float("nan")})).encode()
    reply = client.post("/alexa", data=nan_body)
    assert reply.status_code == 400 and reply.json["error"] == "body: NaN is not JSON"
    big = json.dumps(session_ended(attributes={"x": "a" * 30_000})).encode()
    reply = client.post("/alexa", data=big)
    assert reply.status_code == 200 and len(reply.data) < 1024
    assert "sessionAttributes" not in reply.json


# 6. Bodies over the cap are refused with 413 however they are sent ----------------------


@pytest.fixture()
def live_app() -> Iterator[int]:
    server = make_server("127.0.0.1", 0, create_app(host="127.0.0.1", verify=False), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_port
    server.shutdown()


def test_chunked_bodies_over_the_cap_get_413(live_app: int) -> None:
    big = json.dumps({"request": {"type": "LaunchRequest"}, "x": "a" * 200_000}).encode()
    status, payload = chunked_post(live_app, "/alexa", big)
    assert status == 413 and json.loads(payload) == {"error": "body: larger than 128 KB"}
    status, _ = chunked_post(live_app, "/simulator/turn", big)
    assert status == 413
    status, payload = chunked_post(live_app, "/alexa", json.dumps(launch()).encode())
    assert status == 200 and b"outputSpeech" in payload
