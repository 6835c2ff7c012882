"""The SignatureCertChainUrl check: Amazon's rules, plus a canonical form, before any download.

Amazon requires https, host ``s3.amazonaws.com`` (any case), port 443 if given, and a path
under ``/echo.api/`` (exact case) after resolving ``.`` and ``..`` segments. Everything else
a URL can carry is refused here, because each distinct URL the server accepts could cost an
outbound download: a query or fragment (``?n=1``, ``?n=2``, ... would each be "new"),
userinfo (even an empty ``@``), a backslash, any percent-encoding (``%2e%2e``, ``%252e``,
``%5c``: Amazon's URLs never carry one), and spaces, tabs or other control characters (the
URL parser silently drops some of them, so the host checked would not be the host written).

What passes is reduced to one canonical URL, ``https://s3.amazonaws.com/echo.api/<file>``,
which is what gets downloaded and what the certificate cache is keyed by.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import urlsplit

from skill.web.errors import VerificationFailed

CERT_HOST = "s3.amazonaws.com"
CERT_PATH_PREFIX = "/echo.api/"
MAX_URL_CHARS = 512
_PRINTABLE_ASCII = re.compile(r"[!-~]+")  # no space, no control character, no non-ASCII


def canonical_cert_url(url: str | None) -> str:
    """The canonical form of an acceptable certificate URL; ``VerificationFailed`` otherwise."""
    if not url:
        raise VerificationFailed("cert_url", "missing SignatureCertChainUrl header")
    if len(url) > MAX_URL_CHARS:
        raise VerificationFailed("cert_url", "URL too long")
    return _canonical(url)


@lru_cache(maxsize=64)
def _canonical(url: str) -> str:
    """Pure in the URL (failures raise, and exceptions are never cached), so Alexa's handful
    of URLs are checked once; the cache is bounded, so hostile variety costs no memory."""
    if not _PRINTABLE_ASCII.fullmatch(url):
        raise VerificationFailed("cert_url", "spaces, control or non-ASCII characters")
    for mark, what in (("\\", "a backslash"), ("?", "a query"), ("#", "a fragment"),
                       ("%", "percent-encoding")):  # fmt: skip
        if mark in url:
            raise VerificationFailed("cert_url", f"{what} is not allowed")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise VerificationFailed("cert_url", f"malformed URL ({error})") from None
    if parts.scheme.lower() != "https":
        raise VerificationFailed("cert_url", "scheme must be https")
    if "@" in parts.netloc:
        raise VerificationFailed("cert_url", "user info is not allowed")
    if (parts.hostname or "").lower() != CERT_HOST:
        raise VerificationFailed("cert_url", f"host must be {CERT_HOST}")
    if port not in (None, 443):
        raise VerificationFailed("cert_url", "port must be 443")
    path = parts.path
    resolved = posixpath.normpath("/" + path.lstrip("/")) if path else "/"
    if resolved.startswith("//"):  # normpath keeps a leading double slash (POSIX rule)
        resolved = "/" + resolved.lstrip("/")
    if not resolved.startswith(CERT_PATH_PREFIX) or path.endswith("/"):
        raise VerificationFailed("cert_url", f"path must be a file under {CERT_PATH_PREFIX}")
    return f"https://{CERT_HOST}{resolved}"
