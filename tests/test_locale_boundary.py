"""Issue 14, finding 5: locales are resolved before they reach the core's or the NLU's caches.

Memory is measured with tracemalloc: before the fix, 2,000 distinct locales through the
handler kept about 59 MB, and each distinct en-?? tag at the simulator built its own model.
"""

from __future__ import annotations

import tracemalloc

import pytest

import lambda_handler
from skill.web import create_app
from tests.support import launch, speech_text

# 5. Caches keyed by what was resolved ---------------------------------------------------


def _english_tags(count: int) -> list[str]:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    tags = [f"en-{a}{b}" for a in letters for b in letters]
    return [tag for tag in tags if tag not in ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")][:count]


def test_distinct_english_locales_at_the_simulator_share_one_model() -> None:
    client = create_app(host="127.0.0.1").test_client()
    first = client.post("/simulator/turn", json={"text": "yes", "locale": "en-ZA"})
    assert first.status_code == 200
    tracemalloc.start()
    try:
        for tag in _english_tags(30):
            reply = client.post("/simulator/turn", json={"text": "no", "locale": tag})
            assert reply.status_code == 200
        grown, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert grown < 2_000_000, f"{grown} bytes kept for 30 English locales"


@pytest.mark.parametrize("locale", ["fr-FR", "de-DE", "xx-YY"])
def test_unsupported_languages_at_the_simulator_are_a_clear_400(locale: str) -> None:
    client = create_app(host="127.0.0.1").test_client()
    reply = client.post("/simulator/turn", json={"text": None, "locale": locale})
    assert reply.status_code == 400
    assert reply.json["error"] == (
        "locale: unsupported locale; supported: "
        "en-AU, en-CA, en-GB, en-IN, en-US, es-ES, es-MX, es-US"
    )


def test_an_unknown_english_country_gets_no_other_countrys_number() -> None:
    client = create_app(host="127.0.0.1").test_client()
    welcome = client.post("/simulator/turn", json={"text": None, "locale": "en-ZA"}).json
    assert "your local emergency number" in welcome["turn"]["speech"]
    for number in ("911", "999", "000", "112"):
        assert number not in welcome["turn"]["speech"]
    british = client.post("/simulator/turn", json={"text": None, "locale": "en-GB"}).json
    assert "999" in british["turn"]["speech"]


def test_two_thousand_locales_through_the_handler_keep_no_memory() -> None:
    lambda_handler.handler(launch(locale="en-ZA"))
    tracemalloc.start()
    try:
        for i in range(2000):
            locale = f"{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}-X{i}" if i % 2 else f"en-{i}"
            response = lambda_handler.handler(launch(locale=locale))
            assert "your local emergency number" in speech_text(response)
        grown, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert grown < 1_000_000, f"{grown} bytes kept for 2,000 distinct locales"
