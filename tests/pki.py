"""A throwaway PKI for the verification tests: a root, an intermediate and Alexa-like leaves."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)


def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def pem(*certs: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def ca_cert(
    subject: str, own_key: rsa.RSAPrivateKey, issuer: x509.Certificate | None = None,
    issuer_key: rsa.RSAPrivateKey | None = None, now: datetime = NOW,
) -> x509.Certificate:  # fmt: skip
    builder = (
        x509.CertificateBuilder()
        .subject_name(name(subject))
        .issuer_name(issuer.subject if issuer else name(subject))
        .public_key(own_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=365))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(own_key.public_key()), False)
    )
    signer = issuer_key or own_key
    builder = builder.add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()), False
    )
    return builder.sign(signer, hashes.SHA256())


def leaf_cert(
    issuer: x509.Certificate, issuer_key: rsa.RSAPrivateKey, leaf_key: rsa.RSAPrivateKey,
    names: tuple[str, ...] = ("echo-api.amazon.com",),
    not_before: datetime = NOW - timedelta(days=30), not_after: datetime = NOW + timedelta(days=60),
) -> x509.Certificate:  # fmt: skip
    return (
        x509.CertificateBuilder()
        .subject_name(name(names[0]))
        .issuer_name(issuer.subject)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, True, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        )
        .sign(issuer_key, hashes.SHA256())
    )


def sign(private_key: rsa.RSAPrivateKey, body: bytes) -> str:
    signature = private_key.sign(body, padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


@dataclass
class TestPKI:
    root_pem: bytes
    leaf_key: rsa.RSAPrivateKey
    other_key: rsa.RSAPrivateKey
    chains: dict[str, bytes]  # name -> PEM chain (leaf first)


def build(now: datetime = NOW) -> TestPKI:
    """Certificates valid around ``now`` (a fixed date for tests, the real one for load runs)."""
    NOW = now
    root_key, inter_key, leaf_key, other_key = key(), key(), key(), key()
    root = ca_cert("Test Root CA", root_key, now=now)
    inter = ca_cert("Test Intermediate CA", inter_key, root, root_key, now=now)
    rogue_root = ca_cert("Rogue Root CA", other_key, now=now)

    def chain(leaf: x509.Certificate) -> bytes:
        return pem(leaf, inter)

    chains = {
        "good": chain(leaf_cert(inter, inter_key, leaf_key, not_before=NOW - timedelta(days=30),
                                not_after=NOW + timedelta(days=60))),
        "expired": chain(leaf_cert(inter, inter_key, leaf_key, not_before=NOW - timedelta(days=90),
                                   not_after=NOW - timedelta(seconds=1))),
        "not_yet_valid": chain(leaf_cert(inter, inter_key, leaf_key,
                                         not_before=NOW + timedelta(hours=1))),
        "wrong_san": chain(leaf_cert(inter, inter_key, leaf_key, names=("example.com",),
                                     not_before=NOW - timedelta(days=30),
                                     not_after=NOW + timedelta(days=60))),
        "untrusted": pem(leaf_cert(rogue_root, other_key, leaf_key, not_before=NOW - timedelta(
            days=30), not_after=NOW + timedelta(days=60)), rogue_root),
    }  # fmt: skip
    return TestPKI(pem(root), leaf_key, other_key, chains)
