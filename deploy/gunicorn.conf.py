"""Gunicorn settings for the web endpoint in production: ``gunicorn -c deploy/gunicorn.conf.py``.

Why these (issue 14, finding 8): gunicorn's default sync worker serves one connection at a
time and reads the request headers blocking, so two clients dribbling header bytes held
both sync workers and ``/healthz`` timed out for as long as they went on. The threaded
worker (``gthread``) gives each connection its own thread, so a slow client holds one thread
of ``workers * threads``, not a whole worker, and the others, and ``/healthz``, keep
answering; a connection that sends nothing is parked in the worker's event loop after 5 s,
and an idle keep-alive connection waits there too, without a thread.

A client that sends its first byte and then dribbles the rest does hold its thread until it
finishes, so this stays up while fewer than ``workers * threads`` (32 here) clients do that
at once. On the open internet, put a buffering proxy in front (nginx, which Alexa's HTTPS
requirement usually means anyway; see the README), which reads whole requests itself with
its own timeouts before passing them on.

Every setting can be overridden on the command line or with ``GUNICORN_CMD_ARGS``; ``BIND``
and ``WEB_CONCURRENCY`` (workers) are read here for convenience.
"""

from __future__ import annotations

import os

wsgi_app = "skill.web:create_app()"
bind = os.environ.get("BIND", "127.0.0.1:8000")

worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))  # one per core; requests are CPU-bound
threads = 32  # per worker: how many slow or waiting requests each can carry at once

timeout = 30  # a worker whose main loop is stuck this long is restarted
graceful_timeout = 10
keepalive = 5  # idle keep-alive connections wait in the event loop, not in a thread

# Small requests only: Alexa's envelopes are a few KB, and the app caps bodies at 128 KB.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# The app logs refused requests itself, never their bodies; no access log of user requests.
accesslog = None
loglevel = "warning"
