"""Alexa request verification: real Amazon-signed requests, Amazon's URL cases, and a test CA.

No test touches the network: verifiers get a `fetch` that fails the test if it is ever called,
unless the test is about fetching, and the real download is exercised against a local server.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import shutil
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from werkzeug.datastructures import EnvironHeaders, Headers

import alexa.verification as verification
from alexa.verification import (
    MAX_BODY_BYTES,
    RequestVerifier,
    VerificationError,
    canonical_cert_url,
    chain_file_name,
    download_chain,
    is_valid_cert_url,
    remove_dot_segments,
)
from tests.conftest import ALEXA_FIXTURES
from tests.support.alexa_signing import SKILL_ID, TestAlexaCA, envelope
from tests.support.clock import Clock

OTHER_SKILL = "amzn1.ask.skill.00000000-0000-4000-8000-0000000000bb"
VERISIGN_G5 = "VeriSign_Class_3_Public_Primary_Certification_Authority_-_G5.pem"
AMAZON_ROOT = "Amazon_Root_CA_1.pem"
LONG_AFTER_ALL_FIXTURE_CHAINS = datetime(2026, 1, 1, tzinfo=UTC)


def refuse_network(url: str) -> bytes:
    raise AssertionError("this test must not fetch a certificate chain")


class CountingFetch:
    """Stands in for the download; remembers every URL asked for."""

    def __init__(self, answer: Callable[[], bytes]) -> None:
        self.answer = answer
        self.urls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        return self.answer()


def refused(verifier: RequestVerifier, headers: Any, body: bytes) -> str:
    with pytest.raises(VerificationError) as caught:
        verifier.verify(headers, body)
    return caught.value.reason


# --- Real requests signed by Amazon (SHA-1 era), from ../shared/fixtures/alexa ---------------


@dataclass(frozen=True)
class RealRequest:
    folder: str
    body: str
    signature: str
    root: str
    now: datetime


REAL_REQUESTS = [
    pytest.param(
        RealRequest(
            "alexa-skills-kit-sdk-for-nodejs",
            "body.json",
            "signature.sha1.b64.txt",
            AMAZON_ROOT,
            datetime(2019, 7, 15, 22, 44, 30, tzinfo=UTC),
        ),
        id="ask-sdk-nodejs-launch",
    ),
    pytest.param(
        RealRequest(
            "sidoh-alexa_verifier",
            "body.bin",
            "signature.sha1.b64.txt",
            VERISIGN_G5,
            datetime(2017, 11, 20, 8, 45, 5, tzinfo=UTC),
        ),
        id="sidoh-play-audio",
    ),
    pytest.param(
        RealRequest(
            "mreinstein-alexa-verifier",
            "hello.body.json",
            "hello.signature.sha1.b64.txt",
            VERISIGN_G5,
            datetime(2017, 2, 10, 7, 27, 59, tzinfo=UTC),
        ),
        id="mreinstein-hello",
    ),
    pytest.param(
        RealRequest(
            "mreinstein-alexa-verifier",
            "pokemon.body.json",
            "pokemon.signature.sha1.b64.txt",
            VERISIGN_G5,
            datetime(2017, 4, 5, 12, 2, 36, tzinfo=UTC),
        ),
        id="mreinstein-pokemon-utf8",
    ),
]


@dataclass(frozen=True)
class Signed:
    """One real request ready to verify: its bytes, headers and a verifier factory."""

    body: bytes
    headers: dict[str, str]
    application_id: str
    ca_file: Path
    cert_dir: Path
    now: datetime

    def verifier(self, **overrides: Any) -> RequestVerifier:
        options: dict[str, Any] = {
            "skill_ids": frozenset({self.application_id}),
            "allow_sha1": True,
            "ca_file": self.ca_file,
            "cert_dir": self.cert_dir,
            "clock": Clock(self.now),
            "fetch": refuse_network,
        }
        options.update(overrides)
        return RequestVerifier(**options)


def load_real(fixtures: Path, real: RealRequest, tmp_path: Path) -> Signed:
    folder = fixtures / real.folder
    cert_url = (folder / "signature_cert_chain_url.txt").read_text().strip()
    cert_dir = tmp_path / "certs"
    cert_dir.mkdir()
    # Placed where an operator's SMALLWINS_ALEXA_CERT_DIR would hold it, only for this test.
    shutil.copyfile(folder / "cert-chain.pem", cert_dir / chain_file_name(cert_url))
    body = (folder / real.body).read_bytes()
    document = json.loads(body)
    context_app = ((document.get("context") or {}).get("System") or {}).get("application")
    application = context_app or document["session"]["application"]
    return Signed(
        body=body,
        headers={
            "SignatureCertChainUrl": cert_url,
            "Signature": (folder / real.signature).read_text().strip(),
        },
        application_id=application["applicationId"],
        ca_file=fixtures / "roots" / real.root,
        cert_dir=cert_dir,
        now=real.now,
    )


@pytest.mark.parametrize("real", REAL_REQUESTS)
def test_real_amazon_request_verifies(
    alexa_fixtures: Path, tmp_path: Path, real: RealRequest
) -> None:
    signed = load_real(alexa_fixtures, real, tmp_path)
    result = signed.verifier().verify(signed.headers, signed.body)
    assert result == json.loads(signed.body)


@pytest.mark.parametrize("real", REAL_REQUESTS)
def test_real_amazon_request_with_one_byte_changed_fails(
    alexa_fixtures: Path, tmp_path: Path, real: RealRequest
) -> None:
    signed = load_real(alexa_fixtures, real, tmp_path)
    # Changes the user id only, so the JSON, timestamp and skill id all stay acceptable.
    marker = b"amzn1.ask.account.A"
    at = signed.body.index(marker) + len(marker) - 1
    tampered = signed.body[:at] + b"B" + signed.body[at + 1 :]
    assert refused(signed.verifier(), signed.headers, tampered) == "bad-signature"


@pytest.mark.parametrize("real", REAL_REQUESTS)
def test_real_amazon_sha1_request_fails_without_allow_sha1(
    alexa_fixtures: Path, tmp_path: Path, real: RealRequest
) -> None:
    signed = load_real(alexa_fixtures, real, tmp_path)
    verifier = signed.verifier(allow_sha1=False)
    assert refused(verifier, signed.headers, signed.body) == "no-signature"


@pytest.mark.parametrize("real", REAL_REQUESTS)
def test_real_amazon_sha1_signature_is_not_a_signature_256(
    alexa_fixtures: Path, tmp_path: Path, real: RealRequest
) -> None:
    signed = load_real(alexa_fixtures, real, tmp_path)
    headers = {
        "SignatureCertChainUrl": signed.headers["SignatureCertChainUrl"],
        "Signature-256": signed.headers["Signature"],
    }
    assert refused(signed.verifier(), headers, signed.body) == "bad-signature"


@pytest.mark.parametrize("real", REAL_REQUESTS)
def test_real_amazon_request_fails_once_its_chain_has_expired(
    alexa_fixtures: Path, tmp_path: Path, real: RealRequest
) -> None:
    signed = load_real(alexa_fixtures, real, tmp_path)
    verifier = signed.verifier(clock=Clock(LONG_AFTER_ALL_FIXTURE_CHAINS))
    assert refused(verifier, signed.headers, signed.body) == "untrusted-chain"


def test_real_amazon_request_verifies_against_the_default_certifi_roots(
    alexa_fixtures: Path, tmp_path: Path
) -> None:
    # The production trust store: certifi still carries Amazon Root CA 1 (and, under
    # filterwarnings=error, loading the rest of the bundle must stay quiet).
    signed = load_real(alexa_fixtures, REAL_REQUESTS[0].values[0], tmp_path)
    assert signed.verifier(ca_file=None).verify(signed.headers, signed.body)


# --- SignatureCertChainUrl ------------------------------------------------------------------


def _shared_cert_url_cases() -> list[Any]:
    """Amazon's documented cases plus the hardening list, read at collection time."""
    path = ALEXA_FIXTURES / "cert-url-cases.json"
    if not path.is_file():
        return [pytest.param("", False, id="fixtures-absent")]
    cases = json.loads(path.read_text())
    params = [pytest.param(c["url"], True, id=f"valid:{c['url']}") for c in cases["valid"]]
    params += [pytest.param(c["url"], False, id=f"invalid:{c['url']}") for c in cases["invalid"]]
    params += [pytest.param(url, False, id=f"hardening:{url}") for url in cases["extra_hardening"]]
    return params


@pytest.mark.parametrize(("url", "valid"), _shared_cert_url_cases())
def test_cert_url_cases_from_amazon_and_hardening(
    alexa_fixtures: Path, url: str, valid: bool
) -> None:
    assert is_valid_cert_url(url) is valid


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("https://s3.amazonaws.com/echo.api/./echo-api-cert.pem", True),
        ("https://s3.amazonaws.com/echo.api/a/../echo-api-cert.pem", True),
        ("hTTpS://s3.AmazonAWS.com:443/echo.api/echo-api-cert.pem", True),
        ("https://s3.amazonaws.com/echo.api", False),
        ("https://s3.amazonaws.com/echo.api/..", False),
        ("https://s3.amazonaws.com/echo.api/%2E%2E/evil/cert.pem", False),
        ("https://s3.amazonaws.com/echo.api%2fevil/cert.pem", False),
        ("https://s3.amazonaws.com/echo.api/cert%2Epem", False),
        ("https://s3.amazonaws.com/echo.api/cert.pem?x=1", False),
        ("https://s3.amazonaws.com/echo.api/cert.pem#frag", False),
        ("https://s3.amazonaws.com/echo.api/cert.pem?", False),
        ("https://s3.amazonaws.com./echo.api/cert.pem", False),
        ("https://s3.amazonaws.com:/echo.api/cert.pem", False),
        ("https://s3.amazonaws.com:0443/echo.api/cert.pem", False),
        ("https://s3.amazonaws.com:443:443/echo.api/cert.pem", False),
        ("https://@s3.amazonaws.com/echo.api/cert.pem", False),
        ("https://[::1]/echo.api/cert.pem", False),
        ("https:///echo.api/cert.pem", False),
        ("https:/s3.amazonaws.com/echo.api/cert.pem", False),
        ("https://s3.amazonaws.com//echo.api/cert.pem", False),
        (" https://s3.amazonaws.com/echo.api/cert.pem", False),
        ("https://s3.amazonaws.com/echo.api/cert.pem\n", False),
        ("https://s3.amazonaws.com/echo.api/c\tert.pem", False),
        ("https://s3.amazonaws.com/echo.api/cért.pem", False),
        ("https://s3.amazonaws.com\\echo.api/cert.pem", False),
        ("ftp://s3.amazonaws.com/echo.api/cert.pem", False),
        ("https://s3.amazonaws.com/echo.api/" + "a" * 2100, False),
    ],
)
def test_cert_url_more_edges(url: str, valid: bool) -> None:
    assert is_valid_cert_url(url) is valid


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # RFC 3986 section 5.2.4's own examples, then edges.
        ("/a/b/c/./../../g", "/a/g"),
        ("mid/content=5/../6", "mid/6"),
        ("/echo.api/../echo.api/x", "/echo.api/x"),
        ("/../../echo.api/x", "/echo.api/x"),
        ("/echo.api/..", "/"),
        ("/echo.api/.", "/echo.api/"),
        ("../x", "x"),
        ("..", ""),
    ],
)
def test_remove_dot_segments(path: str, expected: str) -> None:
    assert remove_dot_segments(path) == expected


# --- A test CA standing in for Amazon's -----------------------------------------------------


@pytest.fixture(scope="session")
def ca(tmp_path_factory: pytest.TempPathFactory) -> TestAlexaCA:
    return TestAlexaCA(tmp_path_factory.mktemp("alexa-ca"))


@pytest.fixture(scope="session")
def impostor(tmp_path_factory: pytest.TempPathFactory, ca: TestAlexaCA) -> TestAlexaCA:
    # Same URL and names a verifier would see, different keys: only the trust root differs.
    return TestAlexaCA(tmp_path_factory.mktemp("impostor-ca"), name="Impostor", now=ca.now)


def make_verifier(ca: TestAlexaCA, **overrides: Any) -> RequestVerifier:
    options: dict[str, Any] = {
        "skill_ids": frozenset({SKILL_ID}),
        "ca_file": ca.ca_file,
        "cert_dir": ca.cert_dir,
        "clock": Clock(ca.now),
        "fetch": refuse_network,
    }
    options.update(overrides)
    return RequestVerifier(**options)


def chain_dir(tmp_path: Path, chains: dict[str, bytes]) -> Path:
    folder = tmp_path / "certs"
    folder.mkdir(exist_ok=True)
    for url, pem in chains.items():
        (folder / chain_file_name(url)).write_bytes(pem)
    return folder


def test_signed_request_is_returned_parsed(ca: TestAlexaCA) -> None:
    body = envelope(timestamp=ca.now, intent="RecordWinIntent", slots={"win": "Pokémon walk"})
    result = make_verifier(ca).verify(ca.headers(body), body)
    assert result == json.loads(body)
    assert result["request"]["intent"]["slots"]["win"]["value"] == "Pokémon walk"


@pytest.mark.parametrize(
    "shape",
    ["lower", "upper", "werkzeug", "wsgi-environ"],
)
def test_header_names_match_in_any_case(ca: TestAlexaCA, shape: str) -> None:
    body = envelope(timestamp=ca.now)
    signed = ca.headers(body)
    headers: Any
    if shape == "lower":
        headers = {name.lower(): value for name, value in signed.items()}
    elif shape == "upper":
        headers = {name.upper(): value for name, value in signed.items()}
    elif shape == "werkzeug":
        headers = Headers(signed)
    else:
        environ = {
            "HTTP_" + name.upper().replace("-", "_"): value for name, value in signed.items()
        }
        headers = EnvironHeaders(environ)
    assert make_verifier(ca).verify(headers, body)["request"]["type"] == "LaunchRequest"


def test_utf8_bom_before_the_json_is_tolerated(ca: TestAlexaCA) -> None:
    body = b"\xef\xbb\xbf" + envelope(timestamp=ca.now)
    assert make_verifier(ca).verify(ca.headers(body), body)["version"] == "1.0"


def test_legacy_sha1_signature_only_when_allowed(ca: TestAlexaCA) -> None:
    body = envelope(timestamp=ca.now)
    headers = ca.headers(body, sha1=True)
    assert refused(make_verifier(ca), headers, body) == "no-signature"
    assert make_verifier(ca, allow_sha1=True).verify(headers, body)


def test_signature_256_is_used_when_present_even_if_sha1_would_pass(
    ca: TestAlexaCA, impostor: TestAlexaCA
) -> None:
    body = envelope(timestamp=ca.now)
    headers = ca.headers(body, sha1=True) | {
        "Signature-256": ca.signature(body, key=impostor.leaf.key)
    }
    assert refused(make_verifier(ca, allow_sha1=True), headers, body) == "bad-signature"


def test_signature_by_another_key_is_refused(ca: TestAlexaCA, impostor: TestAlexaCA) -> None:
    body = envelope(timestamp=ca.now)
    headers = ca.headers(body, key=impostor.leaf.key)
    assert refused(make_verifier(ca), headers, body) == "bad-signature"


@pytest.mark.parametrize("value", ["not base64 at all!", "", "QUJD", "QUJD=="])
def test_unusable_signature_value_is_refused(ca: TestAlexaCA, value: str) -> None:
    body = envelope(timestamp=ca.now)
    headers = ca.headers(body) | {"Signature-256": value}
    reason = refused(make_verifier(ca), headers, body)
    # An empty header is the same as none at all.
    assert reason == ("no-signature" if value == "" else "bad-signature")


def test_chain_from_an_untrusted_ca_is_refused(ca: TestAlexaCA, impostor: TestAlexaCA) -> None:
    body = envelope(timestamp=ca.now)
    verifier = make_verifier(ca, cert_dir=impostor.cert_dir)
    assert refused(verifier, impostor.headers(body), body) == "untrusted-chain"


@pytest.mark.parametrize(
    "dns_names",
    [("other.example.com",), ("echo-api.amazon.com.evil.test",), ("*.amazon.com",)],
    ids=["other-name", "look-alike", "wildcard"],
)
def test_leaf_without_echo_api_name_is_refused(
    ca: TestAlexaCA, tmp_path: Path, dns_names: tuple[str, ...]
) -> None:
    leaf = ca.issue_leaf(dns_names=dns_names)
    cert_dir = chain_dir(tmp_path, {ca.cert_url: ca.chain_pem(leaf)})
    body = envelope(timestamp=ca.now)
    reason = refused(make_verifier(ca, cert_dir=cert_dir), ca.headers(body), body)
    assert reason == "untrusted-chain"


@pytest.mark.parametrize(
    ("not_before", "not_after"),
    [(-30, -1), (1, 30)],
    ids=["expired", "not-yet-valid"],
)
def test_leaf_outside_its_validity_is_refused(
    ca: TestAlexaCA, tmp_path: Path, not_before: int, not_after: int
) -> None:
    leaf = ca.issue_leaf(
        not_before=ca.now + timedelta(days=not_before),
        not_after=ca.now + timedelta(days=not_after),
    )
    cert_dir = chain_dir(tmp_path, {ca.cert_url: ca.chain_pem(leaf)})
    body = envelope(timestamp=ca.now)
    reason = refused(make_verifier(ca, cert_dir=cert_dir), ca.headers(body), body)
    assert reason == "untrusted-chain"


def test_chain_without_its_intermediate_is_refused(ca: TestAlexaCA, tmp_path: Path) -> None:
    cert_dir = chain_dir(tmp_path, {ca.cert_url: ca.leaf.pem})
    body = envelope(timestamp=ca.now)
    reason = refused(make_verifier(ca, cert_dir=cert_dir), ca.headers(body), body)
    assert reason == "untrusted-chain"


@pytest.mark.parametrize("seconds", [-151, 151, -3600, 86400])
def test_stale_or_future_timestamp_is_refused(ca: TestAlexaCA, seconds: int) -> None:
    body = envelope(timestamp=ca.now + timedelta(seconds=seconds))
    assert refused(make_verifier(ca), ca.headers(body), body) == "stale"


@pytest.mark.parametrize("seconds", [-150, 0, 150])
def test_timestamp_within_tolerance_is_accepted(ca: TestAlexaCA, seconds: int) -> None:
    body = envelope(timestamp=ca.now + timedelta(seconds=seconds))
    assert make_verifier(ca).verify(ca.headers(body), body)


def test_request_for_another_skill_is_refused(ca: TestAlexaCA) -> None:
    body = envelope(OTHER_SKILL, timestamp=ca.now)
    assert refused(make_verifier(ca), ca.headers(body), body) == "wrong-skill"


def test_no_configured_skill_ids_refuses_everything_when_verifying(ca: TestAlexaCA) -> None:
    body = envelope(timestamp=ca.now)
    verifier = make_verifier(ca, skill_ids=frozenset())
    assert refused(verifier, ca.headers(body), body) == "wrong-skill"


def _resigned(ca: TestAlexaCA, change: Callable[[dict[str, Any]], None]) -> bytes:
    document = json.loads(envelope(timestamp=ca.now))
    change(document)
    return json.dumps(document).encode()


def test_session_skill_id_counts_only_when_context_is_absent(ca: TestAlexaCA) -> None:
    verifier = make_verifier(ca)

    def without_context(document: dict[str, Any]) -> None:
        del document["context"]

    def null_context(document: dict[str, Any]) -> None:
        document["context"] = None

    def context_without_application(document: dict[str, Any]) -> None:
        del document["context"]["System"]["application"]

    def context_for_another_skill(document: dict[str, Any]) -> None:
        document["context"]["System"]["application"]["applicationId"] = OTHER_SKILL

    for accepted in (without_context, null_context):
        body = _resigned(ca, accepted)
        assert verifier.verify(ca.headers(body), body)
    for refused_change in (context_without_application, context_for_another_skill):
        body = _resigned(ca, refused_change)
        assert refused(verifier, ca.headers(body), body) == "wrong-skill"


def test_unsigned_request_is_refused(ca: TestAlexaCA) -> None:
    body = envelope(timestamp=ca.now)
    assert refused(make_verifier(ca), {"SignatureCertChainUrl": ca.cert_url}, body) == (
        "no-signature"
    )
    assert refused(make_verifier(ca), {}, body) == "no-signature"


def test_body_over_the_limit_is_refused_before_anything_else(ca: TestAlexaCA) -> None:
    body = envelope(timestamp=ca.now)
    # JSON allows trailing whitespace, so padding keeps the envelope valid.
    at_limit = body + b" " * (MAX_BODY_BYTES - len(body))
    assert make_verifier(ca).verify(ca.headers(at_limit), at_limit)
    over = at_limit + b" "
    assert refused(make_verifier(ca), ca.headers(over), over) == "too-large"
    assert refused(make_verifier(ca), {}, over) == "too-large"


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        b'"a string"',
        b"",
        b"\xff\xfe{}",
        b'{"version":"1.0"}',
        b'{"request":[]}',
        b'{"request":{"type":"LaunchRequest"}}',
        b'{"request":{"timestamp":1563230663000}}',
        b'{"request":{"timestamp":"yesterday"}}',
        b"[" * 100_000,
    ],
    ids=[
        "not-json",
        "array",
        "string",
        "empty",
        "not-utf8",
        "no-request",
        "request-not-object",
        "no-timestamp",
        "numeric-timestamp",
        "unparseable-timestamp",
        "deeply-nested",
    ],
)
def test_malformed_body_is_refused(ca: TestAlexaCA, body: bytes) -> None:
    assert refused(make_verifier(ca), ca.headers(body), body) == "malformed"


@pytest.mark.parametrize(
    "cert_url",
    [
        "https://s3.amazonaws.com/other/echo.api/echo-api-cert-test.pem",
        "http://s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/echo.api/%2e%2e/echo-api-cert-test.pem",
        "",
    ],
)
def test_cert_url_not_amazons_is_refused_without_fetching(ca: TestAlexaCA, cert_url: str) -> None:
    body = envelope(timestamp=ca.now)
    headers = ca.headers(body) | {"SignatureCertChainUrl": cert_url}
    assert refused(make_verifier(ca), headers, body) == "bad-cert-url"
    del headers["SignatureCertChainUrl"]
    assert refused(make_verifier(ca), headers, body) == "bad-cert-url"


# --- Development mode -----------------------------------------------------------------------


def test_development_mode_skips_signatures_but_not_freshness_or_shape(ca: TestAlexaCA) -> None:
    verifier = make_verifier(ca, verify_signatures=False, skill_ids=frozenset())
    body = envelope(OTHER_SKILL, timestamp=ca.now)
    assert verifier.verify({}, body)["request"]["type"] == "LaunchRequest"
    stale = envelope(timestamp=ca.now - timedelta(minutes=5))
    assert refused(verifier, {}, stale) == "stale"
    assert refused(verifier, {}, b"[]") == "malformed"
    assert refused(verifier, {}, b" " * (MAX_BODY_BYTES + 1)) == "too-large"


def test_development_mode_still_checks_configured_skill_ids(ca: TestAlexaCA) -> None:
    verifier = make_verifier(ca, verify_signatures=False)
    assert verifier.verify({}, envelope(timestamp=ca.now))
    assert refused(verifier, {}, envelope(OTHER_SKILL, timestamp=ca.now)) == "wrong-skill"


# --- Where chains come from, and how long they are kept -------------------------------------


def test_cert_dir_is_consulted_before_fetching(ca: TestAlexaCA) -> None:
    fetch = CountingFetch(ca.chain_pem)
    body = envelope(timestamp=ca.now)
    assert make_verifier(ca, fetch=fetch).verify(ca.headers(body), body)
    assert fetch.urls == []


def test_chain_is_fetched_once_per_url_then_cached(ca: TestAlexaCA, tmp_path: Path) -> None:
    fetch = CountingFetch(ca.chain_pem)
    verifier = make_verifier(ca, cert_dir=tmp_path, fetch=fetch)
    second = "https://s3.amazonaws.com/echo.api/echo-api-cert-second.pem"
    for _ in range(3):
        for url in (ca.cert_url, second):
            body = envelope(timestamp=ca.now)
            assert verifier.verify(ca.headers(body, cert_url=url), body)
    assert fetch.urls == [ca.cert_url, second]


def test_other_spellings_of_a_url_share_one_download(ca: TestAlexaCA, tmp_path: Path) -> None:
    fetch = CountingFetch(ca.chain_pem)
    verifier = make_verifier(ca, cert_dir=tmp_path, fetch=fetch)
    spellings = [
        "HTTPS://S3.AmazonAWS.com:443/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/./echo-api-cert-test.pem",
        ca.cert_url,
    ]
    for url in spellings:
        body = envelope(timestamp=ca.now)
        assert verifier.verify(ca.headers(body, cert_url=url), body)
    # What is downloaded is the address that was checked, not the header's spelling of it.
    assert fetch.urls == [ca.cert_url]


def test_without_cert_dir_every_chain_is_fetched(ca: TestAlexaCA) -> None:
    fetch = CountingFetch(ca.chain_pem)
    body = envelope(timestamp=ca.now)
    assert make_verifier(ca, cert_dir=None, fetch=fetch).verify(ca.headers(body), body)
    assert fetch.urls == [ca.cert_url]


def test_oversized_chain_is_refused(ca: TestAlexaCA, tmp_path: Path) -> None:
    padded = ca.chain_pem() + b"\n" * 2048
    limit = len(padded) - 1
    body = envelope(timestamp=ca.now)
    fetched = make_verifier(
        ca, cert_dir=None, fetch=CountingFetch(lambda: padded), max_chain_bytes=limit
    )
    assert refused(fetched, ca.headers(body), body) == "cert-unavailable"
    stored = make_verifier(
        ca, cert_dir=chain_dir(tmp_path, {ca.cert_url: padded}), max_chain_bytes=limit
    )
    assert refused(stored, ca.headers(body), body) == "cert-unavailable"
    # The same bytes within the limit are fine: it is the size that was refused.
    roomy = make_verifier(ca, cert_dir=None, fetch=CountingFetch(lambda: padded))
    assert roomy.verify(ca.headers(body), body)


def test_fetched_bytes_that_are_not_pem_are_refused(ca: TestAlexaCA) -> None:
    body = envelope(timestamp=ca.now)
    verifier = make_verifier(ca, cert_dir=None, fetch=CountingFetch(lambda: b"<html>404</html>"))
    assert refused(verifier, ca.headers(body), body) == "cert-unavailable"


def test_failed_fetch_is_remembered_briefly_then_tried_again(ca: TestAlexaCA) -> None:
    answers = iter([OSError("network down"), ca.chain_pem()])

    def flaky() -> bytes:
        answer = next(answers)
        if isinstance(answer, OSError):
            raise answer
        return answer

    fetch = CountingFetch(flaky)
    clock = Clock(ca.now)
    verifier = make_verifier(ca, cert_dir=None, fetch=fetch, clock=clock, failure_ttl=30)
    body = envelope(timestamp=ca.now)
    assert refused(verifier, ca.headers(body), body) == "cert-unavailable"
    clock.now = ca.now + timedelta(seconds=29)
    again = envelope(timestamp=clock.now)
    assert refused(verifier, ca.headers(again), again) == "cert-unavailable"
    assert len(fetch.urls) == 1
    clock.now = ca.now + timedelta(seconds=31)
    later = envelope(timestamp=clock.now)
    assert verifier.verify(ca.headers(later), later)
    assert len(fetch.urls) == 2


def test_a_chain_that_is_not_trusted_is_remembered_too(
    ca: TestAlexaCA, impostor: TestAlexaCA
) -> None:
    fetch = CountingFetch(impostor.chain_pem)
    verifier = make_verifier(ca, cert_dir=None, fetch=fetch)
    body = envelope(timestamp=ca.now)
    for _ in range(5):
        assert refused(verifier, ca.headers(body), body) == "untrusted-chain"
    assert len(fetch.urls) == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"timestamp": datetime(2020, 1, 1, tzinfo=UTC)}, "stale"),
        ({"application_id": OTHER_SKILL}, "wrong-skill"),
    ],
)
def test_no_download_before_the_cheap_checks_pass(
    ca: TestAlexaCA, change: dict[str, Any], reason: str
) -> None:
    fetch = CountingFetch(ca.chain_pem)
    verifier = make_verifier(ca, cert_dir=None, fetch=fetch)
    body = envelope(**{"timestamp": ca.now, **change})
    assert refused(verifier, ca.headers(body), body) == reason
    assert fetch.urls == []


@pytest.mark.parametrize("length", [16, 255, 513, 2048])
def test_signature_of_no_key_size_is_refused_without_a_download(
    ca: TestAlexaCA, length: int
) -> None:
    fetch = CountingFetch(ca.chain_pem)
    verifier = make_verifier(ca, cert_dir=None, fetch=fetch)
    body = envelope(timestamp=ca.now)
    headers = {**ca.headers(body), "Signature-256": base64.b64encode(b"x" * length).decode()}
    assert refused(verifier, headers, body) == "bad-signature"
    assert fetch.urls == []


def test_cached_chain_is_dropped_once_its_leaf_expires(ca: TestAlexaCA) -> None:
    fetch = CountingFetch(ca.chain_pem)
    clock = Clock(ca.now)
    verifier = make_verifier(ca, cert_dir=None, fetch=fetch, clock=clock)
    body = envelope(timestamp=clock.now)
    assert verifier.verify(ca.headers(body), body)
    clock.now = ca.leaf.certificate.not_valid_after_utc + timedelta(seconds=1)
    later = envelope(timestamp=clock.now)
    assert refused(verifier, ca.headers(later), later) == "untrusted-chain"
    assert fetch.urls == [ca.cert_url, ca.cert_url]


def test_cached_chain_is_not_trusted_before_it_was_valid(ca: TestAlexaCA) -> None:
    clock = Clock(ca.now)
    verifier = make_verifier(ca, clock=clock)
    body = envelope(timestamp=clock.now)
    assert verifier.verify(ca.headers(body), body)
    clock.now = ca.leaf.certificate.not_valid_before_utc - timedelta(seconds=1)
    earlier = envelope(timestamp=clock.now)
    assert refused(verifier, ca.headers(earlier), earlier) == "untrusted-chain"


def test_concurrent_requests_share_one_verifier(ca: TestAlexaCA, tmp_path: Path) -> None:
    fetch = CountingFetch(ca.chain_pem)
    verifier = make_verifier(ca, cert_dir=tmp_path, fetch=fetch)
    bodies = [envelope(timestamp=ca.now) for _ in range(64)]
    signed = [(ca.headers(body), body) for body in bodies]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda pair: verifier.verify(*pair), signed))
    assert [r["request"]["requestId"] for r in results] == [
        json.loads(b)["request"]["requestId"] for b in bodies
    ]
    # Two threads may race on the very first fetch; never more than one per worker.
    assert 1 <= len(fetch.urls) <= 8


# --- Trust roots ----------------------------------------------------------------------------


def test_roots_are_read_once_per_verifier(
    ca: TestAlexaCA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []
    original = verification._load_certificates

    def counting(data: bytes) -> list[Any]:
        reads.append(len(data))
        return original(data)

    monkeypatch.setattr(verification, "_load_certificates", counting)
    second_url = "https://s3.amazonaws.com/echo.api/echo-api-cert-second.pem"
    cert_dir = chain_dir(tmp_path, {ca.cert_url: ca.chain_pem(), second_url: ca.chain_pem()})
    verifier = make_verifier(ca, cert_dir=cert_dir)
    assert reads == []
    for url in (ca.cert_url, second_url, ca.cert_url):
        body = envelope(timestamp=ca.now)
        assert verifier.verify(ca.headers(body, cert_url=url), body)
    assert len(reads) == 1


def test_default_bundle_loads_quietly_and_does_not_trust_the_test_ca(ca: TestAlexaCA) -> None:
    body = envelope(timestamp=ca.now)
    verifier = make_verifier(ca, ca_file=None)
    assert refused(verifier, ca.headers(body), body) == "untrusted-chain"


def test_bundle_with_junk_between_roots_still_loads(ca: TestAlexaCA, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.pem"
    broken = b"-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"
    bundle.write_bytes(b"# comment\n" + broken + ca.root.pem + b"trailing junk\n")
    body = envelope(timestamp=ca.now)
    assert make_verifier(ca, ca_file=bundle).verify(ca.headers(body), body)


def test_ca_file_without_certificates_trusts_nothing(ca: TestAlexaCA, tmp_path: Path) -> None:
    empty = tmp_path / "empty.pem"
    empty.write_bytes(b"")
    body = envelope(timestamp=ca.now)
    assert refused(make_verifier(ca, ca_file=empty), ca.headers(body), body) == "untrusted-chain"


def test_reasons_are_a_fixed_set() -> None:
    assert VerificationError("stale").reason == "stale"
    with pytest.raises(ValueError, match="unknown verification reason"):
        VerificationError("user said hello")


# --- The real download, against a local HTTPS server ----------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    chain = b""
    stop = threading.Event()
    gauge = threading.Lock()
    in_flight = 0
    most_at_once = 0
    hits = 0

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        route = self.path.rsplit("/", 1)[-1]
        if route == "ok.pem":
            self._answer(200, self.chain)
        elif route == "redirect.pem":
            self.send_response(302)
            self.send_header("Location", "/echo.api/ok.pem")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif route == "declared-big.pem":
            self.send_response(200)
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            self.wfile.write(b"x" * 1000)
        elif route == "streamed-big.pem":
            # HTTP/1.0 without Content-Length: the body runs until the connection closes.
            self.send_response(200)
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"x" * 10_000)
        elif route == "silent.pem":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.flush()
            self.stop.wait(5)
        elif route.startswith("slow-"):
            # Counts how many downloads the server sees at once, then answers late.
            with _Handler.gauge:
                _Handler.in_flight += 1
                _Handler.most_at_once = max(_Handler.most_at_once, _Handler.in_flight)
                _Handler.hits += 1
            try:
                self.stop.wait(0.5)
                self._answer(200, self.chain)
            finally:
                with _Handler.gauge:
                    _Handler.in_flight -= 1
        elif route == "trickle.pem":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):
                self.wfile.write(b"x")
                self.wfile.flush()
                if self.stop.wait(0.02):
                    break
        else:
            self._answer(404, b"missing")

    def _answer(self, status: int, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients in these tests hang up on purpose; that is not a server fault.
        pass


@dataclass(frozen=True)
class LocalChainServer:
    base: str
    context: ssl.SSLContext
    chain: bytes


@pytest.fixture(scope="module")
def chain_server(ca: TestAlexaCA) -> Iterator[LocalChainServer]:
    cert_file, key_file = ca.server_credentials("127.0.0.1")
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert_file, key_file)
    _Handler.chain = ca.chain_pem()
    _Handler.stop.clear()
    server = _QuietServer(("127.0.0.1", 0), _Handler)
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield LocalChainServer(
            base=f"https://127.0.0.1:{server.server_address[1]}/echo.api/",
            context=ssl.create_default_context(cafile=str(ca.ca_file)),
            chain=_Handler.chain,
        )
    finally:
        _Handler.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(name, "*")


def download(server: LocalChainServer, name: str, **options: Any) -> bytes:
    settings: dict[str, Any] = {"timeout": 2.0, "max_bytes": 64 * 1024, "context": server.context}
    settings.update(options)
    return download_chain(server.base + name, **settings)


@pytest.mark.usefixtures("no_proxy")
def test_download_returns_the_served_chain(chain_server: LocalChainServer) -> None:
    assert download(chain_server, "ok.pem") == chain_server.chain


@pytest.mark.usefixtures("no_proxy")
@pytest.mark.parametrize(
    "name", ["redirect.pem", "missing.pem", "declared-big.pem", "streamed-big.pem"]
)
def test_download_refuses_redirects_errors_and_oversized_bodies(
    chain_server: LocalChainServer, name: str
) -> None:
    with pytest.raises(VerificationError) as caught:
        download(chain_server, name)
    assert caught.value.reason == "cert-unavailable"


@pytest.mark.usefixtures("no_proxy")
def test_download_refuses_a_body_just_over_the_cap(chain_server: LocalChainServer) -> None:
    with pytest.raises(VerificationError):
        download(chain_server, "ok.pem", max_bytes=len(chain_server.chain) - 1)
    assert download(chain_server, "ok.pem", max_bytes=len(chain_server.chain))


@pytest.mark.usefixtures("no_proxy")
@pytest.mark.parametrize("name", ["silent.pem", "trickle.pem"])
def test_download_gives_up_after_its_timeout(chain_server: LocalChainServer, name: str) -> None:
    started = time.monotonic()
    with pytest.raises(VerificationError) as caught:
        download(chain_server, name, timeout=0.3)
    assert caught.value.reason == "cert-unavailable"
    assert time.monotonic() - started < 1.5


def test_download_refuses_plain_http() -> None:
    with pytest.raises(VerificationError):
        download_chain("http://127.0.0.1:9/echo.api/x.pem", timeout=0.1, max_bytes=10)


@pytest.mark.usefixtures("no_proxy")
def test_download_checks_the_servers_certificate(chain_server: LocalChainServer) -> None:
    # The default context trusts certifi's roots, which do not include the test CA.
    with pytest.raises(VerificationError):
        download_chain(chain_server.base + "ok.pem", timeout=2.0, max_bytes=64 * 1024)


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://s3.amazonaws.com/echo.api/x.pem", "https://s3.amazonaws.com/echo.api/x.pem"),
        ("HTTPS://S3.AMAZONAWS.COM:443/echo.api/x.pem", "https://s3.amazonaws.com/echo.api/x.pem"),
        (
            "https://s3.amazonaws.com/a/../echo.api/./x.pem",
            "https://s3.amazonaws.com/echo.api/x.pem",
        ),
        ("https://s3.amazonaws.com/echo.api/../x.pem", None),
    ],
)
def test_canonical_cert_url(url: str, canonical: str | None) -> None:
    assert canonical_cert_url(url) == canonical


def test_chain_file_name_is_sha256_of_the_exact_header_value() -> None:
    url = "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"
    assert chain_file_name(url) == hashlib.sha256(url.encode()).hexdigest() + ".pem"
    assert chain_file_name(url) != chain_file_name(url.upper())


def _through_local_server(server: LocalChainServer) -> Callable[[str], bytes]:
    """The verifier's download, sent to the loopback stand-in for s3.amazonaws.com."""

    def fetch(url: str) -> bytes:
        return download(server, url.rsplit("/", 1)[-1])

    return fetch


@pytest.mark.usefixtures("no_proxy")
def test_a_flood_of_new_cert_urls_downloads_a_bounded_few_and_delays_no_real_request(
    ca: TestAlexaCA, chain_server: LocalChainServer
) -> None:
    verifier = make_verifier(
        ca, cert_dir=None, fetch=_through_local_server(chain_server), max_concurrent_fetches=2
    )
    real = envelope(timestamp=ca.now)
    real_url = "https://s3.amazonaws.com/echo.api/ok.pem"
    assert verifier.verify(ca.headers(real, cert_url=real_url), real)  # the chain is now known
    with _Handler.gauge:
        _Handler.most_at_once = _Handler.hits = 0

    def forged(number: int) -> str:
        body = envelope(timestamp=ca.now)
        url = f"https://s3.amazonaws.com/echo.api/slow-{number}.pem"
        try:
            verifier.verify(ca.headers(body, cert_url=url), body)
        except VerificationError as exc:
            return exc.reason
        return "accepted"

    with ThreadPoolExecutor(max_workers=12) as pool:
        flood = [pool.submit(forged, number) for number in range(24)]
        time.sleep(0.1)
        started = time.monotonic()
        assert verifier.verify(ca.headers(real, cert_url=real_url), real)
        real_took = time.monotonic() - started
        reasons = [future.result() for future in flood]
    # The stand-in serves the test CA's chain at every slow-N path, so the few downloads
    # that got a slot verify; every other request was refused at once, not queued.
    assert set(reasons) <= {"cert-unavailable", "accepted"}
    assert reasons.count("cert-unavailable") >= 20
    assert _Handler.most_at_once <= 2
    assert _Handler.hits <= 4
    assert real_took < 0.2


@pytest.mark.usefixtures("no_proxy")
def test_one_download_per_url_however_many_ask_at_once(
    ca: TestAlexaCA, chain_server: LocalChainServer
) -> None:
    verifier = make_verifier(ca, cert_dir=None, fetch=_through_local_server(chain_server))
    with _Handler.gauge:
        _Handler.hits = 0
    body = envelope(timestamp=ca.now)
    headers = ca.headers(body, cert_url="https://s3.amazonaws.com/echo.api/slow-shared.pem")
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: verifier.verify(headers, body), range(8)))
    assert all(answers)
    assert _Handler.hits == 1


@pytest.mark.usefixtures("no_proxy")
def test_a_missing_chain_is_asked_for_once_while_remembered(
    ca: TestAlexaCA, chain_server: LocalChainServer
) -> None:
    asked: list[str] = []
    fetch = _through_local_server(chain_server)

    def counting(url: str) -> bytes:
        asked.append(url)
        return fetch(url)

    verifier = make_verifier(ca, cert_dir=None, fetch=counting)
    body = envelope(timestamp=ca.now)
    headers = ca.headers(body, cert_url="https://s3.amazonaws.com/echo.api/missing.pem")
    for _ in range(20):
        assert refused(verifier, headers, body) == "cert-unavailable"
    assert len(asked) == 1


def test_a_refused_request_does_not_spoil_its_url_for_the_next_one(ca: TestAlexaCA) -> None:
    fetch = CountingFetch(ca.chain_pem)
    verifier = make_verifier(ca, cert_dir=None, fetch=fetch)
    stale = envelope(timestamp=ca.now - timedelta(hours=1))
    assert refused(verifier, ca.headers(stale), stale) == "stale"
    fresh = envelope(timestamp=ca.now)
    assert verifier.verify(ca.headers(fresh), fresh)
    assert fetch.urls == [ca.cert_url]
