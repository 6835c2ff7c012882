"""The browser simulator: a static page and one JSON route through the local NLU and skill.

The route is stateless like the skill: the page keeps the session attributes and sends them
back with each line, and a ``null`` text opens a new session with a LaunchRequest.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from flask import Blueprint, Response, abort, jsonify, request

from skill.alexa.envelope import LOCALE_PATTERN
from skill.local_session import LocalSession

simulator = Blueprint("simulator", __name__)
MAX_TEXT = 500
_ASSETS = {
    "simulator.js": "text/javascript; charset=utf-8",
    "simulator.css": "text/css; charset=utf-8",
    "index.html": "text/html; charset=utf-8",
}


def _asset(name: str) -> Response:
    body = resources.files("skill.web").joinpath("static", name).read_bytes()
    return Response(body, mimetype=_ASSETS[name].split(";")[0], content_type=_ASSETS[name])


@simulator.get("/")
def page() -> Response:
    return _asset("index.html")


@simulator.get("/static/<name>")
def asset(name: str) -> Response:
    if name not in _ASSETS or name == "index.html":
        abort(404)
    return _asset(name)


@simulator.post("/simulator/turn")
def turn() -> tuple[Response, int]:
    payload: Any = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return jsonify(error="body: expected a JSON object"), 400
    text, attributes = payload.get("text"), payload.get("attributes")
    locale = payload.get("locale", "en-US")
    if text is not None and (not isinstance(text, str) or len(text) > MAX_TEXT):
        return jsonify(error=f"body: text must be a string of at most {MAX_TEXT} characters"), 400
    if attributes is not None and not isinstance(attributes, dict):
        return jsonify(error="body: attributes must be an object"), 400
    if not isinstance(locale, str) or not LOCALE_PATTERN.match(locale):
        return jsonify(error="body: locale must look like en-US"), 400
    if text is None:
        result = LocalSession(locale).start()
    else:
        result = LocalSession(locale, attributes=attributes or {}).say(text)
    return jsonify(
        turn=result.to_json(),
        attributes=result.response.get("sessionAttributes") or {},
        request=result.request,
        response=result.response,
    ), 200
