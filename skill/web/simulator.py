"""The browser simulator: a static page and two JSON routes through the local NLU and skill.

``GET /simulator/locales`` lists the supported locales for the page's language picker. The
turn route is stateless like the skill: the page keeps the session attributes and sends them
back with each line, and a ``null`` text opens a new session with a LaunchRequest. It needs
no signature, so it answers only to allowed Host names (``hosts.py``), and it bounds its
input as ``POST /alexa`` does: strict JSON within the size and depth limits, and a locale
this skill has a language model for (other English tags use en-US's), else 400.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from flask import Blueprint, Response, abort, jsonify, request

from skill.alexa.bounds import NotStrictJson, loads_strict
from skill.core.channel import ALEXA
from skill.frontend import turn_json
from skill.local_session import LocalSession
from skill.locales import (
    DEFAULT_LOCALE,
    UnsupportedLocale,
    model_locale,
    supported_locales,
    wording_locale,
)
from skill.nlu import for_locale
from skill.text_session import TextSession
from skill.web.body import read_body
from skill.web.hosts import host_name, is_allowed, origin_allowed

MAX_TEXT = 500
MAX_BODY_BYTES = 128 * 1024
_ASSETS = {
    "simulator.js": "text/javascript; charset=utf-8",
    "simulator.css": "text/css; charset=utf-8",
    "index.html": "text/html; charset=utf-8",
}


def _asset(name: str) -> Response:
    body = resources.files("skill.web").joinpath("static", name).read_bytes()
    return Response(body, mimetype=_ASSETS[name].split(";")[0], content_type=_ASSETS[name])


def _error(message: str, code: int = 400) -> tuple[Response, int]:
    return jsonify(error=message), code


def simulator_blueprint(allowed_hosts: frozenset[str]) -> Blueprint:
    """The simulator's routes, answering only to ``allowed_hosts`` (and loopback IPs)."""
    simulator = Blueprint("simulator", __name__)

    @simulator.before_request
    def only_allowed_hosts() -> tuple[Response, int] | None:
        if not is_allowed(host_name(request.headers.get("Host")), allowed_hosts):
            return _error("host: not allowed for the simulator (see SIMULATOR_HOSTS)", 403)
        if not origin_allowed(request.headers.get("Origin"), allowed_hosts):
            return _error("origin: not allowed for the simulator", 403)
        return None

    @simulator.get("/")
    def page() -> Response:
        return _asset("index.html")

    @simulator.get("/static/<name>")
    def asset(name: str) -> Response:
        if name not in _ASSETS or name == "index.html":
            abort(404)
        return _asset(name)

    @simulator.get("/simulator/locales")
    def locales() -> Response:
        """The page's language picker: the supported locales and the default."""
        return jsonify(locales=list(supported_locales()), default=DEFAULT_LOCALE)

    @simulator.post("/simulator/turn")
    def turn() -> tuple[Response, int]:
        if not request.is_json:
            return _error("body: expected a JSON object (Content-Type: application/json)")
        try:
            payload: Any = loads_strict(read_body(request, MAX_BODY_BYTES))
        except NotStrictJson as problem:
            return _error(f"body: {problem}")
        if not isinstance(payload, dict):
            return _error("body: expected a JSON object")
        text, attributes = payload.get("text"), payload.get("attributes")
        locale = payload.get("locale", "en-US")
        if text is not None and (not isinstance(text, str) or len(text) > MAX_TEXT):
            return _error(f"body: text must be a string of at most {MAX_TEXT} characters")
        if attributes is not None and not isinstance(attributes, dict):
            return _error("body: attributes must be an object")
        try:
            nlu = for_locale(model_locale(locale))
        except UnsupportedLocale as problem:
            return _error(f"locale: {problem}")
        if payload.get("via") == "alexa":  # real envelopes through lambda_handler.handler
            if text is None:
                result = LocalSession(locale, nlu=nlu).start()
            else:
                result = LocalSession(locale, nlu=nlu, attributes=attributes or {}).say(text)
            return jsonify(
                turn=result.to_json(),
                attributes=result.response.get("sessionAttributes") or {},
                request=result.request,
                response=result.response,
            ), 200
        # The text session, as every other front end uses it, on Alexa's channel: the page
        # stands in for a speaker with the Alexa app beside it.
        session = TextSession(wording_locale(locale), attributes or None, nlu, channel=ALEXA)
        if text is None:
            turn = turn_json(None, None, session.start())
        else:
            understood, reply = session.say(text)
            turn = turn_json(text, understood, reply)
        return jsonify(turn=turn, attributes=session.attributes, request=None, response=None), 200

    return simulator
