"""Reads a request body within the size cap, however it is sent.

With a ``Content-Length``, Werkzeug refuses an oversized body with 413 before reading it. A
chunked body has no length: Werkzeug then stops reading at the cap and hands over what it
has, so a 200 KB body would be cut at 128 KB and parsed (a 400, and a confusing one). Here a
body that goes past the cap is refused with 413, as it would be with a length.
"""

from __future__ import annotations

from flask import Request
from werkzeug.exceptions import RequestEntityTooLarge

CHUNK = 64 * 1024


def read_body(request: Request, limit: int) -> bytes:
    """The whole body, or ``RequestEntityTooLarge`` if it is longer than ``limit`` bytes."""
    length = request.content_length
    if length is not None:
        if length > limit:
            raise RequestEntityTooLarge()
        return request.get_data(cache=False)
    environ = request.environ
    if not environ.get("wsgi.input_terminated"):
        return b""  # no length and a server that cannot end the stream: nothing safe to read
    stream = environ["wsgi.input"]
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise RequestEntityTooLarge()
        chunks.append(chunk)
