"""The web entry point: a Flask app factory serving the Alexa endpoint and the simulator.

``POST /alexa`` verifies every request came from Alexa (see ``verify.py``) before the skill
sees it. The simulator page and its JSON route need no signature, so they exist only when
the app is created for a loopback host or explicitly in development mode, and answer only to
allowed Host names (``hosts.py``). Bodies over 128 KB are refused with 413 however they are
sent; nothing answers with a stack trace, and every reply is JSON.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable, Collection, Iterable
from datetime import datetime

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

import lambda_handler
from skill.alexa.envelope import answer, configured_skill_ids
from skill.web.body import read_body
from skill.web.hosts import LOOPBACK_NAMES, configured_hosts
from skill.web.rejections import RejectionLog
from skill.web.simulator import simulator_blueprint
from skill.web.verify import RequestVerifier, VerificationFailed, parse_envelope

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 128 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def is_loopback(host: str | None) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address((host or "").strip("[]")).is_loopback
    except ValueError:
        return False


def create_app(
    *,
    host: str | None = None,
    dev: bool = False,
    verify: bool = True,
    skill_ids: Collection[str] | None = None,
    trust_anchors: Iterable[bytes] | None = None,
    fetch_certificate: Callable[[str], bytes] | None = None,
    now: Callable[[], datetime] | None = None,
    simulator_hosts: Iterable[str] | None = None,
) -> Flask:
    """The web app. Production needs no arguments; tests inject roots, fetcher and clock.

    ``simulator_hosts`` adds Host names the simulator answers to (default: the
    ``SIMULATOR_HOSTS`` environment variable); loopback names always work.
    """
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    ids = frozenset(skill_ids) if skill_ids is not None else configured_skill_ids()
    verifier = RequestVerifier(trust_anchors, fetch_certificate, now, ids) if verify else None
    rejections = RejectionLog(log)
    if not verify:
        log.warning("Alexa request verification is OFF: never expose this server publicly")

    @app.post("/alexa")
    def alexa() -> tuple[Response, int]:
        body = read_body(request, MAX_BODY_BYTES)
        try:
            if verifier is not None:
                envelope = verifier.verify(request.headers, body)
            else:
                envelope = parse_envelope(body)
        except VerificationFailed as failure:
            rejections.refused(str(failure))  # text only: no traceback of the request kept
            return jsonify(error=str(failure)), 400
        return jsonify(answer(envelope, lambda_handler.SKILL, ids)), 200

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify(status="ok")

    if dev or is_loopback(host):
        app.register_blueprint(simulator_blueprint(configured_hosts(simulator_hosts)))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response, int]:
        code = error.code or 500
        message = "body: larger than 128 KB" if code == 413 else (error.name or "error")
        return jsonify(error=message), code

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[Response, int]:
        log.error("unexpected error serving %s: %s", request.path, type(error).__name__)
        return jsonify(error="internal error"), 500

    @app.after_request
    def secure(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        return response

    return app


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def simulator_notes(host: str, port: int, dev: bool, allowed: Collection[str]) -> list[str]:
    """How to reach the simulator from a server bound to ``host``, for a person to read.

    On loopback the server's own address is the simulator. Elsewhere it exists only with
    ``--dev``, and even then answers only to loopback names and ``SIMULATOR_HOSTS``.
    """
    if is_loopback(host):
        return [f"Simulator: open {_url(host, port)} in a browser on this machine."]
    if not dev:
        return [
            f"The simulator is off: {host} is not a loopback address. For development, bind"
            " to 127.0.0.1 (the default), or add --dev to serve it here too."
        ]
    names = sorted(set(allowed) - LOOPBACK_NAMES)
    notes = [f"Simulator (--dev): open {_url('127.0.0.1', port)} in a browser on this machine."]
    if names:
        notes.append(
            "From elsewhere: "
            + ", ".join(_url(name, port) for name in names)
            + " (SIMULATOR_HOSTS)."
        )
    else:
        example = host if host not in ("0.0.0.0", "::") else "your-machine.local"
        notes.append(
            "From another machine it answers only to the names in SIMULATOR_HOSTS (now none):"
            f" e.g. SIMULATOR_HOSTS={example} python -m skill serve --host {host} --dev,"
            f" then open {_url(example, port)}"
        )
    return notes


def serve(host: str, port: int, verify: bool, dev: bool) -> int:
    """Binds first, then says where it listens: the address printed already answers."""
    from werkzeug.serving import make_server

    app = create_app(host=host, dev=dev, verify=verify)
    # On a bind error werkzeug prints the reason (and, for a port in use, what to do) and
    # exits with status 1, without a traceback.
    server = make_server(host, port, app, threaded=True)
    bound = server.server_port
    try:
        print(f"Thigh Cramp Helper on {_url(host, bound)} (Alexa endpoint: POST /alexa)")
        for note in simulator_notes(host, bound, dev, configured_hosts()):
            print(note)
        print("Press Ctrl-C to stop.", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


__all__ = ["create_app", "serve", "simulator_notes"]
