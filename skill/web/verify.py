"""Verifies that a web request really comes from Alexa, as Amazon requires of web services.

Order matters, cheapest first, so an unsigned request costs no download and no parsing: the
certificate URL is checked and made canonical (``cert_url.py``), the signature header must
decode to the length of an RSA signature, then the signer comes from a bounded cache that
downloads each URL at most once at a time (``signers.py``, ``fetch.py``), the signature is
checked against the raw body, and only then is the body parsed (strict, bounded JSON) and its
timestamp and skill id checked. Every failure is a ``VerificationFailed`` naming its step,
so the endpoint can answer ``400 {"error": ...}``.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
import warnings
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from skill.alexa.bounds import NotStrictJson, loads_strict
from skill.alexa.envelope import application_id, epoch_seconds
from skill.web.cert_url import CERT_HOST, CERT_PATH_PREFIX, canonical_cert_url
from skill.web.errors import VerificationFailed
from skill.web.fetch import FETCH_DEADLINE_SECONDS, fetch_over_https
from skill.web.signers import SignerCache


class HeaderLookup(Protocol):
    """Request headers as Flask gives them (case-insensitive) or any plain mapping."""

    def get(self, key: str, /) -> str | None: ...


log = logging.getLogger(__name__)

SIGNING_NAME = "echo-api.amazon.com"
MAX_SKEW_SECONDS = 150
# RSA signatures are as long as the key: 2048 bits (what Amazon uses), 3072 or 4096.
SIGNATURE_BYTES = frozenset({256, 384, 512})
MAX_SIGNATURE_CHARS = 700  # base64 of 512 bytes, with room for whitespace
_PEM_BLOCK = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)

__all__ = [
    "CERT_HOST", "CERT_PATH_PREFIX", "RequestVerifier", "VerificationFailed",
    "canonical_cert_url", "fetch_over_https", "load_roots", "parse_envelope",
]  # fmt: skip


def load_roots(pem_bundles: Iterable[bytes]) -> list[x509.Certificate]:
    """Parse root certificates one by one, skipping any this cryptography refuses.

    A few certifi roots have serial number 0, which newer releases warn about and will
    reject; one bad root must not take the whole trust store down with it. Only CA
    certificates are kept: a leaf placed among the anchors would otherwise be trusted as
    it stands, without any chain (every certifi root is a CA, so nothing real is lost).
    """
    roots = []
    for bundle in pem_bundles:
        for block in _PEM_BLOCK.findall(bundle):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    root = x509.load_pem_x509_certificate(block)
            except (ValueError, Warning):
                continue
            if _is_ca(root):
                roots.append(root)
    return roots


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except (x509.ExtensionNotFound, ValueError):
        return False


def default_trust_anchors() -> list[bytes]:
    import certifi

    with open(certifi.where(), "rb") as handle:
        return [handle.read()]


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

    def valid_at(self, now: datetime) -> bool:
        return self.not_before <= now <= self.not_after


class RequestVerifier:
    def __init__(
        self,
        trust_anchors: Iterable[bytes] | None = None,
        fetch_certificate: Callable[[str], bytes] | None = None,
        now: Callable[[], datetime] | None = None,
        skill_ids: Collection[str] = (),
        fetch_deadline: float = FETCH_DEADLINE_SECONDS,
    ) -> None:
        """``fetch_certificate`` gets a canonical URL; waiting requests give up after
        ``fetch_deadline`` (the fetcher's own deadline) plus a second."""
        roots = load_roots(trust_anchors if trust_anchors is not None else default_trust_anchors())
        if not roots:
            raise ValueError("no usable trust anchors")
        self._store = Store(roots)
        self._fetch = fetch_certificate or fetch_over_https
        self._now = now or (lambda: datetime.now(UTC))
        self._skill_ids = frozenset(skill_ids)
        self._signers: SignerCache[_TrustedSigner] = SignerCache(
            self._download_and_check, _TrustedSigner.valid_at, fetch_deadline + 1
        )

    def verify(self, headers: HeaderLookup, body: bytes) -> dict[str, Any]:
        """The parsed envelope, if ``body`` is a genuine, fresh Alexa request for this skill."""
        url = canonical_cert_url(headers.get("SignatureCertChainUrl"))
        signature = self._signature(headers.get("Signature-256"))
        signer = self._signers.get(url, self._now())
        if len(signature) * 8 != signer.key.key_size:
            raise VerificationFailed("signature", "length does not match the key")
        try:
            signer.key.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            raise VerificationFailed("signature", "does not match the body") from None
        self._signers.prove(url)
        envelope = parse_envelope(body)
        self._check_timestamp(envelope)
        self._check_skill_id(envelope)
        return envelope

    @staticmethod
    def _signature(header: str | None) -> bytes:
        if not header or not header.strip():
            raise VerificationFailed("signature", "missing Signature-256 header")
        if len(header) > MAX_SIGNATURE_CHARS:
            raise VerificationFailed("signature", "Signature-256 is too long")
        try:
            signature = base64.b64decode(header.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise VerificationFailed("signature", "Signature-256 is not base64") from None
        if len(signature) not in SIGNATURE_BYTES:
            raise VerificationFailed("signature", "Signature-256 is not an RSA signature")
        return signature

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
    """The body as an Alexa envelope: a strict, bounded JSON object whose ``request`` has a
    ``type`` (see ``skill.alexa.bounds``: too deep, too large, NaN are all refused)."""
    try:
        envelope = loads_strict(body)
    except NotStrictJson as problem:
        raise VerificationFailed("body", str(problem)) from None
    request = envelope.get("request") if isinstance(envelope, dict) else None
    if not isinstance(request, dict) or not isinstance(request.get("type"), str):
        raise VerificationFailed("body", "not an Alexa request envelope")
    checked: dict[str, Any] = envelope
    return checked
