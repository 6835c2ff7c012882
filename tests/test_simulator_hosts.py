"""Issue 14, finding 7: the simulator answers only to allowed Host names and origins.

DNS rebinding and a proxy or tunnel in front of a loopback server both arrive with a Host
that is not a loopback name; ``/healthz`` and ``/alexa`` do not depend on the Host.
"""

from __future__ import annotations

import pytest

from skill.web import create_app

# 7. The simulator answers only to allowed Host names ------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "evil.example:5000", "127.0.0.1.nip.io",
                                  "localhost.evil.example", "", "a@localhost"])  # fmt: skip
def test_the_simulator_refuses_other_host_names(host: str) -> None:
    client = create_app(host="127.0.0.1").test_client()
    for reply in (
        client.get("/", headers={"Host": host}),
        client.post("/simulator/turn", json={"text": None}, headers={"Host": host}),
    ):
        assert reply.status_code == 403 and reply.json["error"].startswith("host: ")
    assert client.get("/healthz", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["localhost", "localhost:5000", "127.0.0.1:5000", "[::1]:5000",
                                  "127.0.0.2", "LOCALHOST"])  # fmt: skip
def test_the_simulator_answers_to_loopback_names(host: str) -> None:
    client = create_app(host="127.0.0.1").test_client()
    reply = client.post("/simulator/turn", json={"text": None}, headers={"Host": host})
    assert reply.status_code == 200


def test_more_simulator_hosts_with_an_option(monkeypatch: pytest.MonkeyPatch) -> None:
    client = create_app(host="127.0.0.1", simulator_hosts=["sim.example"]).test_client()
    assert client.get("/", headers={"Host": "sim.example:8080"}).status_code == 200
    assert client.get("/", headers={"Host": "other.example"}).status_code == 403
    monkeypatch.setenv("SIMULATOR_HOSTS", "a.example, b.example")
    client = create_app(host="127.0.0.1").test_client()
    assert client.get("/", headers={"Host": "b.example"}).status_code == 200


def test_the_simulator_refuses_a_foreign_origin() -> None:
    client = create_app(host="127.0.0.1").test_client()
    reply = client.post(
        "/simulator/turn", json={"text": None}, headers={"Origin": "http://evil.example"}
    )
    assert reply.status_code == 403
    reply = client.post(
        "/simulator/turn", json={"text": None}, headers={"Origin": "http://localhost:5000"}
    )
    assert reply.status_code == 200
