"""A throwaway certificate authority that signs requests the way Alexa does, for tests and benches.

`TestAlexaCA(directory)` makes a root, an intermediate and an `echo-api.amazon.com` leaf that
cryptography's strict path verifier accepts, writes the root to `ca_file` and the chain to
`cert_dir` under the name `RequestVerifier` looks for, and signs bodies into request headers:

    ca = TestAlexaCA(tmp_path)
    verifier = RequestVerifier(skill_ids=frozenset({SKILL_ID}), ca_file=ca.ca_file,
                               cert_dir=ca.cert_dir, clock=lambda: ca.now)
    body = envelope(SKILL_ID, timestamp=ca.now)
    verifier.verify(ca.headers(body), body)

RSA keys are slow to make, so they are cached for the whole process by (CA name, role): two
kits with the same name share keys, and an untrusted "other" CA needs a name of its own.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from alexa.verification import ECHO_API_DOMAIN, chain_file_name
from tests.support.dialog import SKILL_ID, Dialog

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"

__all__ = ["CERT_URL", "SKILL_ID", "Issued", "TestAlexaCA", "envelope", "rsa_key"]


@cache
def rsa_key(name: str, role: str) -> rsa.RSAPrivateKey:
    """A 2048-bit key, made once per process for each (name, role)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass(frozen=True)
class Issued:
    """A certificate and its private key."""

    certificate: x509.Certificate
    key: rsa.RSAPrivateKey

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    )


def _ca_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


def _server_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=True,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


class TestAlexaCA:
    """Root -> intermediate -> `echo-api.amazon.com` leaf, written under `directory`.

    Validity is anchored on `now` (default: the real current time, to the second): the root and
    intermediate cover a year either side, the leaf a day before to 90 days after. Use
    `lambda: ca.now` as the verifier's clock.
    """

    __test__ = False  # a helper, not a pytest test class

    def __init__(
        self,
        directory: Path,
        *,
        name: str = "Small Wins Test",
        cert_url: str = CERT_URL,
        now: datetime | None = None,
    ) -> None:
        self.name = name
        self.now = (now or datetime.now(UTC)).replace(microsecond=0)
        self._cert_url = cert_url
        self._directory = directory
        self.root = self._issue_root()
        self.intermediate = self._issue_intermediate()
        self.leaf = self.issue_leaf()
        directory.mkdir(parents=True, exist_ok=True)
        self.cert_dir.mkdir(exist_ok=True)
        self.ca_file.write_bytes(self.root.pem)
        self.install_chain(cert_url)

    @property
    def ca_file(self) -> Path:
        return self._directory / "ca.pem"

    @property
    def cert_dir(self) -> Path:
        return self._directory / "certs"

    @property
    def cert_url(self) -> str:
        return self._cert_url

    def issue_leaf(
        self,
        *,
        dns_names: Sequence[str] = (ECHO_API_DOMAIN,),
        ip_addresses: Sequence[str] = (),
        not_before: datetime | None = None,
        not_after: datetime | None = None,
        role: str = "leaf",
    ) -> Issued:
        """A server certificate from the intermediate (same key for every leaf of one role)."""
        key = rsa_key(self.name, role)
        names: list[x509.GeneralName] = [x509.DNSName(d) for d in dns_names]
        names += [x509.IPAddress(ipaddress.ip_address(a)) for a in ip_addresses]
        issuer = self.intermediate
        builder = (
            self._builder(
                subject=_name(dns_names[0] if dns_names else "no dns name", self.name),
                issuer=issuer.certificate.subject,
                public_key=key.public_key(),
                not_before=not_before or self.now - timedelta(days=1),
                not_after=not_after or self.now + timedelta(days=90),
            )
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_server_usage(), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
                critical=False,
            )
        )
        return Issued(builder.sign(issuer.key, hashes.SHA256()), key)

    def chain_pem(self, leaf: Issued | None = None) -> bytes:
        """Leaf first, then the intermediate: the order Amazon serves."""
        return (leaf or self.leaf).pem + self.intermediate.pem

    def install_chain(self, cert_url: str, leaf: Issued | None = None) -> Path:
        """Put a chain in `cert_dir` for `cert_url`, as an operator would for offline use."""
        path = self.cert_dir / chain_file_name(cert_url)
        path.write_bytes(self.chain_pem(leaf))
        return path

    def signature(
        self, body: bytes, *, sha1: bool = False, key: rsa.RSAPrivateKey | None = None
    ) -> str:
        """Base64 RSA PKCS#1 v1.5 signature of `body` with the leaf key (or `key`)."""
        algorithm = hashes.SHA1() if sha1 else hashes.SHA256()
        raw = (key or self.leaf.key).sign(body, padding.PKCS1v15(), algorithm)
        return base64.b64encode(raw).decode("ascii")

    def headers(
        self,
        body: bytes,
        *,
        sha1: bool = False,
        cert_url: str | None = None,
        key: rsa.RSAPrivateKey | None = None,
    ) -> dict[str, str]:
        """`SignatureCertChainUrl` plus `Signature-256` (or the legacy SHA-1 `Signature`)."""
        return {
            "SignatureCertChainUrl": cert_url or self._cert_url,
            "Signature" if sha1 else "Signature-256": self.signature(body, sha1=sha1, key=key),
        }

    def server_credentials(self, host: str = "127.0.0.1") -> tuple[Path, Path]:
        """Certificate chain and key files for a local TLS server that trusts `ca_file` clients."""
        leaf = self.issue_leaf(dns_names=("localhost",), ip_addresses=(host,), role="tls-server")
        cert_path = self._directory / "server-chain.pem"
        key_path = self._directory / "server-key.pem"
        cert_path.write_bytes(self.chain_pem(leaf))
        key_path.write_bytes(
            leaf.key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        return cert_path, key_path

    def _builder(
        self,
        *,
        subject: x509.Name,
        issuer: x509.Name,
        public_key: rsa.RSAPublicKey,
        not_before: datetime,
        not_after: datetime,
    ) -> x509.CertificateBuilder:
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        )

    def _issue_root(self) -> Issued:
        key = rsa_key(self.name, "root")
        name = _name(f"{self.name} Root CA", self.name)
        builder = (
            self._builder(
                subject=name,
                issuer=name,
                public_key=key.public_key(),
                not_before=self.now - timedelta(days=365),
                not_after=self.now + timedelta(days=365),
            )
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_ca_usage(), critical=True)
        )
        return Issued(builder.sign(key, hashes.SHA256()), key)

    def _issue_intermediate(self) -> Issued:
        key = rsa_key(self.name, "intermediate")
        builder = (
            self._builder(
                subject=_name(f"{self.name} Intermediate CA", self.name),
                issuer=self.root.certificate.subject,
                public_key=key.public_key(),
                not_before=self.now - timedelta(days=365),
                not_after=self.now + timedelta(days=365),
            )
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_ca_usage(), critical=True)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.root.key.public_key()),
                critical=False,
            )
        )
        return Issued(builder.sign(self.root.key, hashes.SHA256()), key)


def envelope(
    application_id: str = SKILL_ID,
    *,
    timestamp: datetime,
    request_type: str = "LaunchRequest",
    intent: str | None = None,
    slots: dict[str, str] | None = None,
    user_id: str = "amzn1.ask.account.TEST-SIGNED",
    locale: str = "en-US",
) -> bytes:
    """A minimal but complete request envelope as compact UTF-8 JSON, ready to sign.

    Giving `intent` makes it an IntentRequest (with `slots` as name -> spoken value).
    """
    request: dict[str, Any] = (
        Dialog.intent_request(intent, **(slots or {})) if intent else {"type": request_type}
    )
    request.update(
        requestId=f"amzn1.echo-api.request.{uuid.uuid4()}",
        timestamp=timestamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        locale=locale,
    )
    application = {"applicationId": application_id}
    user = {"userId": user_id}
    document = {
        "version": "1.0",
        "session": {
            "new": True,
            "sessionId": f"amzn1.echo-api.session.{uuid.uuid4()}",
            "application": application,
            "attributes": {},
            "user": user,
        },
        "context": {
            "System": {
                "application": application,
                "user": user,
                "device": {"deviceId": "amzn1.ask.device.TEST", "supportedInterfaces": {}},
                "apiEndpoint": "https://api.amazonalexa.com",
            }
        },
        "request": request,
    }
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
