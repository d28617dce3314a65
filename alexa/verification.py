"""Check that an HTTP request really comes from Alexa, as Amazon requires of web-service skills.

Amazon's rules ("Host a Custom Skill as a Web Service" > "Verify that the request was sent by
Alexa"): the `SignatureCertChainUrl` header must point into `https://s3.amazonaws.com/echo.api/`;
the chain found there must be currently valid, name `echo-api.amazon.com` and lead to a trusted
root; the `Signature-256` header must be the leaf key's RSA signature of the raw body; and the
request's timestamp must be within 150 seconds of now. On top of that the request must be for one
of our skills.

`RequestVerifier.verify` does all of it and either returns the parsed envelope or raises
`VerificationError` with a fixed reason string (never anything taken from the request), so callers
can log the reason and answer 400 without leaking or recording user data.

Longer than 300 lines because Amazon's checks are one security boundary; each is short, and
reading them in one file is how a reviewer can see none is missing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import http.client
import json
import logging
import re
import ssl
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import certifi
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.verification import DNSName, PolicyBuilder, Store
from cryptography.x509.verification import VerificationError as ChainVerificationError
from werkzeug.datastructures import EnvironHeaders

from alexa.fetching import DownloadsBusy, GuardedDownloads

log = logging.getLogger(__name__)

MAX_BODY_BYTES: Final = 128 * 1024
TIMESTAMP_TOLERANCE_SECONDS: Final = 150
ECHO_API_DOMAIN: Final = "echo-api.amazon.com"

REASONS: Final = frozenset(
    {
        "too-large",  # body over MAX_BODY_BYTES
        "malformed",  # body is not a JSON object envelope with a usable timestamp
        "no-signature",  # no Signature-256 (nor an allowed legacy SHA-1 Signature) header
        "bad-cert-url",  # SignatureCertChainUrl missing or not one Amazon would use
        "cert-unavailable",  # the chain could not be read: network, size cap, not PEM
        "untrusted-chain",  # chain expired, wrong name, or not leading to a trusted root
        "bad-signature",  # signature is not the leaf key's signature of these exact bytes
        "stale",  # timestamp more than TIMESTAMP_TOLERANCE_SECONDS away from now
        "wrong-skill",  # applicationId is not one of ours
    }
)

_CERT_URL_HOST: Final = "s3.amazonaws.com"
_CERT_URL_PATH_PREFIX: Final = "/echo.api/"
_MAX_CERT_URL_LENGTH: Final = 2048
# RFC 3986 unreserved + sub-delims + ":" "/" "@". Leaving out "%", "?", "#", "[", "]", "\\",
# whitespace and non-ASCII refuses percent-encoding tricks (%2e%2e), queries, fragments, IPv6
# literals and backslash paths up front: Amazon's real URLs never contain any of them.
_CERT_URL_CHARS: Final = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:/@]+")

_PEM_CERTIFICATE: Final = re.compile(
    rb"-----BEGIN CERTIFICATE-----\r?\n.+?\r?\n-----END CERTIFICATE-----", re.DOTALL
)
_MAX_CACHED_CHAINS: Final = 32
_CHAIN_REASONS: Final = frozenset({"cert-unavailable", "untrusted-chain"})
# RSA signatures are as long as the key: 2048 to 4096 bits covers every key Amazon has used.
_SIGNATURE_BYTES: Final = range(256, 513)
_READ_CHUNK: Final = 16 * 1024


class VerificationError(Exception):
    """Why a request was refused: one of `REASONS`, never anything taken from the request."""

    reason: str

    def __init__(self, reason: str) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown verification reason {reason!r}")
        super().__init__(reason)
        self.reason = reason


def is_valid_cert_url(url: str) -> bool:
    """Whether `url` is a `SignatureCertChainUrl` Amazon could have sent.

    https (any case), host exactly s3.amazonaws.com (any case), no user info, port 443 if any,
    and a path that still starts with the case-sensitive `/echo.api/` once dot-segments are
    resolved. Anything unusual (percent-encoding, backslashes, query, fragment) is refused.
    """
    return canonical_cert_url(url) is not None


def canonical_cert_url(url: str) -> str | None:
    """The one spelling of a valid `SignatureCertChainUrl`, or None if it is not valid.

    Lower-case scheme and host, no port, dot-segments resolved: the chain is downloaded from
    (and remembered under) exactly the address that was checked, however the header spelt it.
    """
    if not isinstance(url, str) or not 0 < len(url) <= _MAX_CERT_URL_LENGTH:
        return None
    if not _CERT_URL_CHARS.fullmatch(url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() != "https" or "@" in parts.netloc:
        return None
    host, has_port, port = parts.netloc.partition(":")
    if host.lower() != _CERT_URL_HOST or (has_port and port != "443"):
        return None
    path = remove_dot_segments(parts.path)
    if not path.startswith(_CERT_URL_PATH_PREFIX):
        return None
    return f"https://{_CERT_URL_HOST}{path}"


def remove_dot_segments(path: str) -> str:
    """Resolve "." and ".." segments exactly as RFC 3986 section 5.2.4 does."""
    output: list[str] = []
    while path:
        if path.startswith("../"):
            path = path[3:]
        elif path.startswith(("./", "/./")):
            path = path[2:]
        elif path == "/.":
            path = "/"
        elif path.startswith("/../") or path == "/..":
            path = "/" + path[4:]
            if output:
                output.pop()
        elif path in {".", ".."}:
            path = ""
        else:
            end = path.find("/", 1)
            end = len(path) if end == -1 else end
            output.append(path[:end])
            path = path[end:]
    return "".join(output)


def chain_file_name(cert_url: str) -> str:
    """The file name under which `cert_dir` holds the chain for this exact header value."""
    return hashlib.sha256(cert_url.encode("utf-8")).hexdigest() + ".pem"


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        # Returning None turns any 3xx into an HTTPError: the chain must come from the URL we
        # checked, not from wherever a redirect points.
        return None


def download_chain(
    url: str, *, timeout: float, max_bytes: int, context: ssl.SSLContext | None = None
) -> bytes:
    """Download a certificate chain over HTTPS, refusing redirects and anything over `max_bytes`.

    The whole download must finish within about `timeout` seconds: each socket operation has
    that timeout and the body is read in small pieces against an overall deadline, so a server
    that trickles bytes cannot hold a request thread for long.
    """
    if urlsplit(url).scheme != "https":
        raise VerificationError("cert-unavailable")
    if context is None:
        context = ssl.create_default_context(cafile=certifi.where())
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context), _RefuseRedirects()
    )
    deadline = time.monotonic() + timeout
    try:
        with opener.open(url, timeout=timeout) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise VerificationError("cert-unavailable")
            chunks: list[bytes] = []
            received = 0
            while chunk := response.read1(_READ_CHUNK):
                received += len(chunk)
                if received > max_bytes or time.monotonic() > deadline:
                    raise VerificationError("cert-unavailable")
                chunks.append(chunk)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if isinstance(exc, urllib.error.HTTPError):
            # An error status (including every refused redirect) keeps the connection open.
            exc.close()
        log.debug("certificate chain download failed: %s", type(exc).__name__)
        raise VerificationError("cert-unavailable") from exc
    return b"".join(chunks)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _load_certificate(pem: bytes) -> x509.Certificate | None:
    """Parse one PEM certificate, or None if cryptography refuses it or warns about it."""
    # cryptography 50 warns (and a later release will fail) on a few old roots with serial 0;
    # under `-W error` such a warning would abort loading a whole bundle, so those are skipped.
    # catch_warnings swaps process-wide state; this runs only when roots or a chain are first
    # loaded, never per request.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return x509.load_pem_x509_certificate(pem)
        except (ValueError, Warning):
            return None


def _load_certificates(data: bytes) -> list[x509.Certificate]:
    return [cert for block in _PEM_CERTIFICATE.findall(data) if (cert := _load_certificate(block))]


@dataclass(frozen=True, slots=True)
class _Chain:
    """A parsed chain, and the span of time over which its trust was already established."""

    leaf: x509.Certificate
    intermediates: tuple[x509.Certificate, ...]
    public_key: rsa.RSAPublicKey
    trusted_from: datetime | None = None
    trusted_until: datetime | None = None

    def trusted_at(self, now: datetime) -> bool:
        return (
            self.trusted_from is not None
            and self.trusted_until is not None
            and self.trusted_from <= now <= self.trusted_until
        )

    def expired_at(self, now: datetime) -> bool:
        return now > self.leaf.not_valid_after_utc


def _parse_chain(data: bytes) -> _Chain:
    blocks = _PEM_CERTIFICATE.findall(data)
    if not blocks:
        raise VerificationError("cert-unavailable")
    # Amazon puts the signing certificate first; everything after it is offered as
    # intermediates and the path builder picks what it needs.
    leaf = _load_certificate(blocks[0])
    if leaf is None:
        raise VerificationError("untrusted-chain")
    public_key = leaf.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise VerificationError("untrusted-chain")
    intermediates = tuple(cert for block in blocks[1:] if (cert := _load_certificate(block)))
    return _Chain(leaf=leaf, intermediates=intermediates, public_key=public_key)


def _chain_failure(exc: Exception) -> bool:
    # Only what says something about the URL's chain is remembered against the URL.
    return isinstance(exc, VerificationError) and exc.reason in _CHAIN_REASONS


def _dig(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _application_id(envelope: dict[str, Any]) -> Any:
    # Every current request carries context.System.application; old ones (and some test
    # tools) only have session.application, which is trusted only when context is absent.
    if envelope.get("context") is not None:
        return _dig(envelope, "context", "System", "application", "applicationId")
    return _dig(envelope, "session", "application", "applicationId")


def _parse_envelope(body: bytes) -> dict[str, Any]:
    try:
        envelope = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise VerificationError("malformed") from exc
    if not isinstance(envelope, dict) or not isinstance(envelope.get("request"), dict):
        raise VerificationError("malformed")
    return envelope


def _request_time(envelope: dict[str, Any]) -> datetime:
    value = envelope["request"].get("timestamp")
    if not isinstance(value, str):
        raise VerificationError("malformed")
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError as exc:
        raise VerificationError("malformed") from exc
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp


# The request headers `verify` reads, by lowercase name.
_READ_HEADERS: Final = ("signature-256", "signature", "signaturecertchainurl")


def _read_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """The headers `verify` reads, by lowercase name. A served request's headers (werkzeug's
    view of the WSGI environ) find a name in any case themselves: three lookups instead of
    walking and lowering every header of every request."""
    if isinstance(headers, EnvironHeaders):
        return {name: value for name in _READ_HEADERS if (value := headers.get(name)) is not None}
    return {str(name).lower(): value for name, value in headers.items()}


class RequestVerifier:
    """Checks incoming Alexa requests; one instance serves a whole process and is thread-safe.

    Trust roots are read once, on first use: `ca_file` if given, else certifi's bundle.
    Chains come from `cert_dir` (a file named by `chain_file_name(header value)`) when it has
    one, else from `fetch` (by default an HTTPS download capped by `fetch_timeout` and
    `max_chain_bytes`). A chain is kept in memory by URL until its leaf expires, and its trust is
    re-established only when the clock leaves the span the verified path was valid for.

    A chain is downloaded only for a request that passed every cheap check (size, headers, URL,
    envelope shape, freshness, skill id), at most `max_concurrent_fetches` at once, and a URL
    whose chain could not be had is refused without a new download for `failure_ttl` seconds.

    `verify_signatures=False` is for development only (settings refuse it elsewhere): it skips
    the URL, chain and signature checks, and then an empty `skill_ids` accepts any skill.
    """

    def __init__(
        self,
        *,
        skill_ids: frozenset[str],
        allow_sha1: bool = False,
        ca_file: Path | None = None,
        cert_dir: Path | None = None,
        clock: Callable[[], datetime] = _utc_now,
        verify_signatures: bool = True,
        fetch_timeout: float = 3.0,
        max_chain_bytes: int = 64 * 1024,
        fetch: Callable[[str], bytes] | None = None,
        max_concurrent_fetches: int = 2,
        failure_ttl: float = 30.0,
    ) -> None:
        self._skill_ids = frozenset(skill_ids)
        self._allow_sha1 = allow_sha1
        self._ca_file = ca_file
        self._cert_dir = cert_dir
        self._clock = clock
        self._verify_signatures = verify_signatures
        self._max_chain_bytes = max_chain_bytes
        self._fetch = fetch or partial(
            download_chain, timeout=fetch_timeout, max_bytes=max_chain_bytes
        )
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._chains: dict[str, _Chain] = {}
        self._downloads: GuardedDownloads[_Chain] = GuardedDownloads(
            clock=lambda: self._now().timestamp(),
            remember=_chain_failure,
            max_concurrent=max_concurrent_fetches,
            failure_ttl=failure_ttl,
            wait=fetch_timeout + 1.0,
        )

    def verify(self, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
        """Return the parsed JSON envelope, or raise `VerificationError`.

        `headers` may be Flask/Werkzeug headers or a plain dict; names are matched in any case.
        `body` must be the raw bytes as received: the signature covers them exactly.
        """
        if len(body) > MAX_BODY_BYTES:
            raise VerificationError("too-large")
        now = self._now()
        if self._verify_signatures:
            lowered = _read_headers(headers)
            signature, algorithm = self._signature_header(lowered)
            cert_url = lowered.get("signaturecertchainurl", "")
            canonical_url = canonical_cert_url(cert_url)
            if canonical_url is None:
                raise VerificationError("bad-cert-url")
            envelope = _parse_envelope(body)
            chain = self._trusted_chain(cert_url, canonical_url, now, envelope)
            try:
                chain.public_key.verify(signature, body, padding.PKCS1v15(), algorithm)
            except InvalidSignature as exc:
                raise VerificationError("bad-signature") from exc
        else:
            envelope = _parse_envelope(body)
        self._check_claims(envelope, now)
        return envelope

    def _check_claims(self, envelope: dict[str, Any], now: datetime) -> None:
        # Normally after authenticity, so that a refused replay or foreign skill says so once
        # the bytes are known to be Amazon's; before a download too, so that only a fresh
        # request for our skill can make the server fetch anything.
        skew = abs((now - _request_time(envelope)).total_seconds())
        if skew > TIMESTAMP_TOLERANCE_SECONDS:
            raise VerificationError("stale")
        if self._skill_ids or self._verify_signatures:
            application_id = _application_id(envelope)
            if not isinstance(application_id, str) or application_id not in self._skill_ids:
                raise VerificationError("wrong-skill")

    def _now(self) -> datetime:
        now = self._clock()
        return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)

    def _signature_header(
        self, lowered: Mapping[str, str]
    ) -> tuple[bytes, hashes.SHA256 | hashes.SHA1]:
        algorithm: hashes.SHA256 | hashes.SHA1
        if value := lowered.get("signature-256"):
            algorithm = hashes.SHA256()
        elif (value := lowered.get("signature")) and self._allow_sha1:
            algorithm = hashes.SHA1()  # noqa: S303 - Amazon's legacy header, only when allowed
        else:
            raise VerificationError("no-signature")
        try:
            signature = base64.b64decode(value.strip(), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise VerificationError("bad-signature") from exc
        if len(signature) not in _SIGNATURE_BYTES:
            raise VerificationError("bad-signature")
        return signature, algorithm

    def _trusted_chain(
        self, cert_url: str, canonical_url: str, now: datetime, envelope: dict[str, Any]
    ) -> _Chain:
        with self._lock:
            cached = self._chains.get(canonical_url)
        if cached is not None and not cached.expired_at(now):
            chain = cached if cached.trusted_at(now) else self._establish_trust(cached, now)
        else:
            try:
                chain = self._downloads.run(
                    canonical_url,
                    lambda: self._establish_trust(
                        _parse_chain(self._chain_bytes(cert_url, canonical_url, envelope, now)),
                        now,
                    ),
                )
            except DownloadsBusy as exc:
                log.debug("certificate chain downloads busy")
                raise VerificationError("cert-unavailable") from exc
        if chain is not cached:
            with self._lock:
                self._remember(canonical_url, chain, now)
        return chain

    def _remember(self, canonical_url: str, chain: _Chain, now: datetime) -> None:
        # Bounded because any path under /echo.api/ that serves a valid chain could be named;
        # dropping expired chains first, then the oldest, keeps memory flat.
        self._chains.pop(canonical_url, None)
        if len(self._chains) >= _MAX_CACHED_CHAINS:
            for url in [url for url, cached in self._chains.items() if cached.expired_at(now)]:
                del self._chains[url]
        while len(self._chains) >= _MAX_CACHED_CHAINS:
            del self._chains[next(iter(self._chains))]
        self._chains[canonical_url] = chain

    def _chain_bytes(
        self, cert_url: str, canonical_url: str, envelope: dict[str, Any], now: datetime
    ) -> bytes:
        if self._cert_dir is not None:
            path = self._cert_dir / chain_file_name(cert_url)
            try:
                if path.stat().st_size > self._max_chain_bytes:
                    raise VerificationError("cert-unavailable")
                return path.read_bytes()
            except FileNotFoundError:
                pass  # nothing placed for this URL: download it like any other
            except OSError as exc:
                raise VerificationError("cert-unavailable") from exc
        # Only a fresh request for our skill may make the server download anything.
        self._check_claims(envelope, now)
        try:
            data = self._fetch(canonical_url)
        except OSError as exc:
            raise VerificationError("cert-unavailable") from exc
        if len(data) > self._max_chain_bytes:
            raise VerificationError("cert-unavailable")
        return data

    def _establish_trust(self, chain: _Chain, now: datetime) -> _Chain:
        try:
            names = chain.leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        except x509.ExtensionNotFound as exc:
            raise VerificationError("untrusted-chain") from exc
        # Amazon asks for this exact name in the SAN; the path verifier alone would also
        # accept a wildcard such as *.amazon.com.
        if ECHO_API_DOMAIN not in names.value.get_values_for_type(x509.DNSName):
            raise VerificationError("untrusted-chain")
        verifier = (
            PolicyBuilder()
            .store(self._trust_store())
            .time(now)
            .build_server_verifier(DNSName(ECHO_API_DOMAIN))
        )
        try:
            path = verifier.verify(chain.leaf, list(chain.intermediates))
        except ChainVerificationError as exc:
            raise VerificationError("untrusted-chain") from exc
        # Roots and certificates are fixed, so the same path stays valid for as long as every
        # certificate on it is; within that span the check need not run again.
        return _Chain(
            leaf=chain.leaf,
            intermediates=chain.intermediates,
            public_key=chain.public_key,
            trusted_from=max(cert.not_valid_before_utc for cert in path),
            trusted_until=min(cert.not_valid_after_utc for cert in path),
        )

    def _trust_store(self) -> Store:
        with self._lock:
            if self._store is None:
                path = self._ca_file or Path(certifi.where())
                roots = _load_certificates(path.read_bytes())
                if not roots:
                    log.debug("no usable trust roots")
                    raise VerificationError("untrusted-chain")
                self._store = Store(roots)
            return self._store


__all__ = [
    "MAX_BODY_BYTES",
    "REASONS",
    "TIMESTAMP_TOLERANCE_SECONDS",
    "RequestVerifier",
    "VerificationError",
    "canonical_cert_url",
    "chain_file_name",
    "download_chain",
    "is_valid_cert_url",
    "remove_dot_segments",
]
