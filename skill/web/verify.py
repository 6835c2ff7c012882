"""Verifies that a web request really comes from Alexa, as Amazon requires of web services.

Order matters: the certificate URL is checked before anything is downloaded, the signature
before the body is trusted, and the body's timestamp and skill id last. Every failure is a
``VerificationFailed`` naming its step, so the endpoint can answer ``400 {"error": ...}``.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import posixpath
import re
import threading
import urllib.request
import warnings
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from skill.alexa.envelope import application_id, epoch_seconds

log = logging.getLogger(__name__)

CERT_HOST = "s3.amazonaws.com"
CERT_PATH_PREFIX = "/echo.api/"
SIGNING_NAME = "echo-api.amazon.com"
MAX_SKEW_SECONDS = 150
MAX_CHAIN_BYTES = 64 * 1024
MAX_URL_CHARS = 2048
FETCH_TIMEOUT_SECONDS = 5
_PEM_BLOCK = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)


class VerificationFailed(Exception):
    def __init__(self, step: str, detail: str) -> None:
        super().__init__(f"{step}: {detail}")
        self.step = step


def load_roots(pem_bundles: Iterable[bytes]) -> list[x509.Certificate]:
    """Parse root certificates one by one, skipping any this cryptography refuses.

    A few certifi roots have serial number 0, which newer releases warn about and will
    reject; one bad root must not take the whole trust store down with it.
    """
    roots = []
    for bundle in pem_bundles:
        for block in _PEM_BLOCK.findall(bundle):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    roots.append(x509.load_pem_x509_certificate(block))
            except (ValueError, Warning):
                continue
    return roots


def default_trust_anchors() -> list[bytes]:
    import certifi

    with open(certifi.where(), "rb") as handle:
        return [handle.read()]


def fetch_over_https(url: str) -> bytes:
    """Download a certificate chain with a timeout and a size cap."""
    request = urllib.request.Request(url, headers={"User-Agent": "thigh-cramp-helper"})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
        data = response.read(MAX_CHAIN_BYTES + 1)
    if len(data) > MAX_CHAIN_BYTES:
        raise ValueError("certificate chain too large")
    return data


def check_cert_url(url: str | None) -> None:
    """Amazon's rules for SignatureCertChainUrl, applied before any download."""
    if not url:
        raise VerificationFailed("cert_url", "missing SignatureCertChainUrl header")
    if len(url) > MAX_URL_CHARS:
        raise VerificationFailed("cert_url", "URL too long")
    _check_cert_url(url)


@lru_cache(maxsize=64)
def _check_cert_url(url: str) -> None:
    """Pure in the URL, and Alexa signs with a handful of URLs: valid ones are remembered
    (a failure raises, and exceptions are never cached)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise VerificationFailed("cert_url", f"malformed URL ({error})") from None
    if parts.scheme.lower() != "https":
        raise VerificationFailed("cert_url", "scheme must be https")
    if (parts.hostname or "").lower() != CERT_HOST or parts.username or parts.password:
        raise VerificationFailed("cert_url", f"host must be {CERT_HOST}")
    if port not in (None, 443):
        raise VerificationFailed("cert_url", "port must be 443")
    path = unquote(re.sub("%2e", ".", parts.path, flags=re.I)) if "%" in parts.path else parts.path
    resolved = posixpath.normpath(path) + ("/" if path.endswith("/") else "")
    if not resolved.startswith("/"):
        resolved = "/" + resolved
    if not resolved.startswith(CERT_PATH_PREFIX):
        raise VerificationFailed("cert_url", f"path must start with {CERT_PATH_PREFIX}")


def parse_timestamp(value: Any) -> datetime:
    seconds = epoch_seconds(value)
    if seconds is not None:
        return datetime.fromtimestamp(seconds, UTC)
    if isinstance(value, str):
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise ValueError("no timestamp")


@dataclass(frozen=True)
class _TrustedSigner:
    key: rsa.RSAPublicKey
    not_before: datetime
    not_after: datetime


class RequestVerifier:
    def __init__(
        self,
        trust_anchors: Iterable[bytes] | None = None,
        fetch_certificate: Callable[[str], bytes] | None = None,
        now: Callable[[], datetime] | None = None,
        skill_ids: Collection[str] = (),
    ) -> None:
        roots = load_roots(trust_anchors if trust_anchors is not None else default_trust_anchors())
        if not roots:
            raise ValueError("no usable trust anchors")
        self._store = Store(roots)
        self._fetch = fetch_certificate or fetch_over_https
        self._now = now or (lambda: datetime.now(UTC))
        self._skill_ids = frozenset(skill_ids)
        self._signers: dict[str, _TrustedSigner] = {}
        self._lock = threading.Lock()

    def verify(self, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
        """The parsed envelope, if ``body`` is a genuine, fresh Alexa request for this skill."""
        url = headers.get("SignatureCertChainUrl")
        check_cert_url(url)
        signature = self._signature(headers.get("Signature-256"))
        signer = self._signer(url)  # type: ignore[arg-type]
        try:
            signer.key.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            raise VerificationFailed("signature", "does not match the body") from None
        envelope = parse_envelope(body)
        self._check_timestamp(envelope)
        self._check_skill_id(envelope)
        return envelope

    @staticmethod
    def _signature(header: str | None) -> bytes:
        if not header or not header.strip():
            raise VerificationFailed("signature", "missing Signature-256 header")
        try:
            return base64.b64decode(header.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise VerificationFailed("signature", "Signature-256 is not base64") from None

    def _signer(self, url: str) -> _TrustedSigner:
        now = self._now()
        with self._lock:
            cached = self._signers.get(url)
        if cached and cached.not_before <= now <= cached.not_after:
            return cached
        signer = self._download_and_check(url, now)
        with self._lock:
            self._signers[url] = signer
        return signer

    def _download_and_check(self, url: str, now: datetime) -> _TrustedSigner:
        try:
            pem = self._fetch(url)
        except Exception as error:
            detail = f"download failed ({type(error).__name__})"
            raise VerificationFailed("certificate", detail) from None
        try:
            chain = x509.load_pem_x509_certificates(pem)
        except ValueError:
            raise VerificationFailed("certificate", "not a PEM certificate chain") from None
        leaf, intermediates = chain[0], chain[1:]
        if now < leaf.not_valid_before_utc:
            raise VerificationFailed("certificate", "not valid yet")
        if now > leaf.not_valid_after_utc:
            raise VerificationFailed("certificate", "expired")
        try:
            san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName)
            names = san.value.get_values_for_type(x509.DNSName)
        except x509.ExtensionNotFound:
            names = []
        if SIGNING_NAME not in names:
            raise VerificationFailed("certificate", f"{SIGNING_NAME} is not in its names")
        verifier = (
            PolicyBuilder()
            .store(self._store)
            .time(now)
            .build_server_verifier(x509.DNSName(SIGNING_NAME))
        )
        try:
            verifier.verify(leaf, intermediates)
        except VerificationError as error:
            raise VerificationFailed("certificate", f"untrusted chain ({error})") from None
        key = leaf.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise VerificationFailed("certificate", "not an RSA key")
        return _TrustedSigner(key, leaf.not_valid_before_utc, leaf.not_valid_after_utc)

    def _check_timestamp(self, envelope: Mapping[str, Any]) -> None:
        try:
            stamp = parse_timestamp(envelope["request"].get("timestamp"))
        except (ValueError, TypeError, OverflowError, OSError):
            raise VerificationFailed("timestamp", "missing or unreadable") from None
        if abs((self._now() - stamp).total_seconds()) > MAX_SKEW_SECONDS:
            raise VerificationFailed("timestamp", f"more than {MAX_SKEW_SECONDS} s from now")

    def _check_skill_id(self, envelope: Mapping[str, Any]) -> None:
        if self._skill_ids and application_id(envelope) not in self._skill_ids:
            raise VerificationFailed("skill_id", "request is for another skill")


def parse_envelope(body: bytes) -> dict[str, Any]:
    """The body as an Alexa envelope: a JSON object whose ``request`` has a ``type``."""
    try:
        envelope = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise VerificationFailed("body", "not JSON") from None
    request = envelope.get("request") if isinstance(envelope, dict) else None
    if not isinstance(request, dict) or not isinstance(request.get("type"), str):
        raise VerificationFailed("body", "not an Alexa request envelope")
    return envelope
