"""The web app: simulator gating, security headers, and a whole assessment in real Chromium."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from skill.locales import supported_locales
from skill.web import create_app, serve, simulator_notes
from skill.web.hosts import configured_hosts
from tests.support import PYTHON_M_SKILL_WITH_CTRL_C

ROOT = Path(__file__).parent.parent

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "example.com", None])
def test_simulator_is_off_for_non_loopback_hosts(host: str | None) -> None:
    client = create_app(host=host, verify=False).test_client()
    assert client.post("/simulator/turn", json={"text": None}).status_code == 404
    assert client.get("/").status_code == 404
    assert client.get("/healthz").json == {"status": "ok"}


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_simulator_is_on_for_loopback_hosts(host: str) -> None:
    client = create_app(host=host).test_client()
    assert client.post("/simulator/turn", json={"text": None}).status_code == 200


def test_dev_flag_enables_the_simulator_anywhere() -> None:
    client = create_app(host="0.0.0.0", dev=True).test_client()
    assert client.get("/").status_code == 200


def test_every_response_carries_the_security_headers() -> None:
    client = create_app(host="127.0.0.1").test_client()
    for response in (
        client.get("/"),
        client.get("/static/simulator.js"),
        client.get("/healthz"),
        client.get("/nope"),
        client.post("/alexa", data=b"{}"),
        client.get("/alexa"),
    ):
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.is_json or response.mimetype in ("text/html", "text/javascript")


def test_page_has_no_inline_script_or_style() -> None:
    html = create_app(host="127.0.0.1").test_client().get("/").get_data(as_text=True)
    assert "<script src=" in html and "<script>" not in html and "style=" not in html
    assert "<style" not in html and "onclick" not in html


def test_simulator_route_validates_input() -> None:
    client = create_app(host="127.0.0.1").test_client()
    assert client.post("/simulator/turn", data="x").status_code == 400
    assert client.post("/simulator/turn", json={"text": 3}).status_code == 400
    assert client.post("/simulator/turn", json={"text": "x" * 501}).status_code == 400
    assert client.post("/simulator/turn", json={"text": "hi", "attributes": []}).status_code == 400
    assert client.post("/simulator/turn", json={"text": "hi", "locale": "<x>"}).status_code == 400


def test_simulator_lists_the_supported_locales_for_its_picker() -> None:
    client = create_app(host="127.0.0.1").test_client()
    assert client.get("/simulator/locales").json == {
        "locales": list(supported_locales()),
        "default": "en-US",
    }
    assert client.get("/simulator/locales", headers={"Host": "evil.example"}).status_code == 403


def test_simulator_route_carries_the_session_through_the_real_skill() -> None:
    client = create_app(host="127.0.0.1").test_client()
    first = client.post("/simulator/turn", json={"text": None, "via": "alexa"}).json
    assert first["turn"]["speech"].startswith("Hi, I'll ask")
    assert first["request"]["request"]["type"] == "LaunchRequest"
    second = client.post(
        "/simulator/turn",
        json={"text": "no, but my left leg is swollen", "attributes": first["attributes"],
              "via": "alexa"},
    )  # fmt: skip
    assert second.json["turn"]["intent"] == "ReportSignIntent"
    assert "needs checking today" in second.json["turn"]["speech"]
    assert (
        "groin"
        in client.post(
            "/simulator/turn", json={"text": "no", "attributes": second.json["attributes"]}
        ).json["turn"]["speech"]
    )
    assert second.json["response"]["sessionAttributes"] == second.json["attributes"]


# `serve` ------------------------------------------------------------------------------------


def test_serve_prints_its_address_only_once_the_port_accepts_connections() -> None:
    server = subprocess.Popen(
        [*PYTHON_M_SKILL_WITH_CTRL_C, "serve", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        assert server.stdout is not None and server.stderr is not None
        first = server.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
        assert found, first
        port = int(found.group(1))
        assert port != 0  # the real port, not the one asked for
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            pass  # no retry: printed means listening
        assert "Simulator: open http://127.0.0.1:" in server.stdout.readline()
        server.send_signal(signal.SIGINT)  # Ctrl-C stops it quietly
        assert server.wait(timeout=30) == 0
        assert "Traceback" not in server.stderr.read()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_serve_says_plainly_when_the_port_is_taken(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(SystemExit) as stopped:
            serve("127.0.0.1", taken.getsockname()[1], True, False)
    assert stopped.value.code == 1
    out, err = capsys.readouterr()
    assert out == "" and "is in use by another program" in err


def test_how_to_reach_the_simulator_from_each_kind_of_address() -> None:
    loopback = configured_hosts([])
    assert simulator_notes("127.0.0.1", 5000, False, loopback) == [
        "Simulator: open http://127.0.0.1:5000/ in a browser on this machine."
    ]
    assert "http://[::1]:5000/" in simulator_notes("::1", 5000, False, loopback)[0]
    off = " ".join(simulator_notes("0.0.0.0", 5000, False, loopback))
    assert "simulator is off" in off and "--dev" in off
    dev = " ".join(simulator_notes("192.0.2.10", 5000, True, loopback))
    assert "http://127.0.0.1:5000/" in dev
    assert "SIMULATOR_HOSTS=192.0.2.10" in dev and "http://192.0.2.10:5000/" in dev
    named = " ".join(simulator_notes("0.0.0.0", 8080, True, configured_hosts(["box.lan"])))
    assert "http://box.lan:8080/ (SIMULATOR_HOSTS)" in named


# The browser tests --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live_server() -> Iterator[str]:
    server = make_server("127.0.0.1", 0, create_app(host="127.0.0.1"), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing on CI: .ci/run must install it")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-background-networking",
                  "--disable-component-update", "--disable-gpu", "--no-first-run"],
        )  # fmt: skip
        yield browser
        browser.close()


def _page(chromium: Any, viewport: dict[str, int] | None) -> Iterator[Any]:
    """A fresh page that fails the test on any script error."""
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


@pytest.fixture()
def page(chromium: Any) -> Iterator[Any]:
    yield from _page(chromium, None)


@pytest.fixture()
def phone(chromium: Any) -> Iterator[Any]:
    """A page on a 360 x 740 screen, a small phone's."""
    yield from _page(chromium, {"width": 360, "height": 740})


def say(page: Any, text: str, replies: int = 1) -> None:
    """Type ``text`` and wait for ``replies`` more replies from the skill."""
    from playwright.sync_api import expect

    spoken = page.locator("#transcript li.alexa")
    count = spoken.count()
    page.fill("#say", text)
    page.press("#say", "Enter")
    expect(spoken).to_have_count(count + replies)


def test_whole_assessment_in_headless_chromium(page: Any, live_server: str) -> None:
    from playwright.sync_api import expect

    page.goto(live_server + "/")
    replies = page.locator("#transcript li.alexa")
    expect(replies.first).to_contain_text("First, do you have chest pain")
    expect(page.locator("#card-note")).to_contain_text("No card yet")
    for answer in [
        "no",
        "nope",
        "absolutely not",
        "no",
        "not at all",
        "about two glasses",
        "yeah it was really hot",
        "no, I feel fine",
        "no",
        "no",
        "no",
        "no",
        "no",
    ]:
        say(page, answer)
    result = replies.last
    expect(result).to_contain_text("most likely from dehydration")
    expect(result).to_contain_text("call 911")
    expect(page.locator("#card h3")).to_have_text("Your thigh cramp check")
    expect(page.locator("#card-note")).to_have_text("From the latest reply.")
    expect(page.locator("#intent")).to_have_text("AMAZON.NoIntent")

    # What is typed is shown as text, never run as markup; a reply without a card leaves
    # the result's card in place.
    say(page, "<img src=x onerror=alert(1)>")
    assert page.locator("#transcript img").count() == 0
    expect(page.locator("#transcript li.you").last).to_have_text("<img src=x onerror=alert(1)>")
    expect(page.locator("#card h3")).to_have_text("Your thigh cramp check")
    expect(page.locator("#card-note")).to_contain_text("From an earlier reply")

    page.locator("details summary").first.click()
    expect(page.locator("#raw-request")).to_contain_text("the text session")
    page.check("#envelopes")  # the same page, now as real Alexa envelopes
    page.click("#start-over")
    expect(replies).to_have_count(1)
    expect(replies.first).to_contain_text("Hi, I'll ask a few quick questions")
    expect(page.locator("#raw-request")).to_contain_text('"LaunchRequest"')


def test_the_language_picker_starts_a_session_in_that_locale(page: Any, live_server: str) -> None:
    from playwright.sync_api import expect

    page.goto(live_server + "/")
    page.check("#envelopes")
    replies = page.locator("#transcript li.alexa")
    expect(replies.first).to_contain_text("call 911")
    say(page, "no")
    expect(page.locator("#locale option")).to_have_text(list(supported_locales()))
    page.select_option("#locale", "en-GB")
    expect(replies).to_have_count(1)
    expect(replies.first).to_contain_text("999")
    expect(page.locator("#raw-request")).to_contain_text('"locale": "en-GB"')
    say(page, "no")
    expect(page.locator("#raw-request")).to_contain_text('"locale": "en-GB"')


def test_an_unsupported_locale_is_explained_on_the_page(page: Any, live_server: str) -> None:
    from playwright.sync_api import expect

    page.goto(live_server + "/?locale=fr-FR")
    expect(page.locator("#status")).to_contain_text(
        "unsupported locale; supported: en-AU, en-CA, en-GB, en-IN, en-US"
    )
    page.select_option("#locale", "en-AU")
    expect(page.locator("#transcript li.alexa").first).to_contain_text("triple zero")
    expect(page.locator("#status")).to_have_text("")


def test_on_a_360_pixel_screen_nothing_overflows_and_typing_after_the_end_starts_afresh(
    phone: Any, live_server: str
) -> None:
    from playwright.sync_api import expect

    page = phone

    def fits() -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"the page is {width} px wide on a 360 px screen"

    page.goto(live_server + "/")
    replies = page.locator("#transcript li.alexa")
    expect(replies.first).to_contain_text("First, do you have chest pain")
    fits()
    say(page, "yes")  # chest pain: an emergency, the session ends with a card
    expect(replies.last).to_contain_text("call 911 now")
    expect(page.locator("#transcript li.notice")).to_contain_text("The session has ended")
    expect(page.locator("#card h3")).to_have_text("Thigh cramps: get help now")
    page.locator("details summary").nth(1).click()  # the raw response, long JSON lines
    fits()

    # Typed after the end: a new session opens, its welcome is shown, then the text is said.
    say(page, "no", replies=2)
    expect(page.locator("#transcript li.divider")).to_have_text("New session (en-US)")
    expect(replies.nth(-2)).to_contain_text("Hi, I'll ask a few quick questions")
    expect(page.locator("#transcript li.you").last).to_have_text("no")
    expect(replies.last).to_contain_text("groin")
    expect(page.locator("#card h3")).to_have_text("Thigh cramps: get help now")  # kept
    fits()


def test_speak_says_why_it_is_unavailable(page: Any, live_server: str) -> None:
    from playwright.sync_api import expect

    page.add_init_script("delete window.SpeechRecognition; delete window.webkitSpeechRecognition;")
    page.goto(live_server + "/")
    expect(page.locator("#speak")).to_be_disabled()
    note = page.locator("#speak-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Speak is unavailable: this browser has no speech recognition")


def test_the_simulator_uses_the_text_session_by_default_and_says_the_same() -> None:
    client = create_app(host="127.0.0.1").test_client()
    replies: dict[str, list[str]] = {}
    for via in ("text", "alexa"):
        turn = client.post("/simulator/turn", json={"text": None, "via": via}).json
        said = [turn["turn"]["speech"]]
        for text in ["no", "nope", "no, but my left leg is swollen", "no"]:
            turn = client.post(
                "/simulator/turn", json={"text": text, "attributes": turn["attributes"], "via": via}
            ).json
            said.append(turn["turn"]["speech"])
        replies[via] = said
        assert (turn["request"] is None) == (via == "text")
    assert replies["text"] == replies["alexa"]
    assert "Alexa app" in replies["text"][-1], "the page stands in for a speaker and its app"
