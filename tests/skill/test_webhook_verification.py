"""Verification at the door: real Amazon-signed and test-CA requests through POST /alexa."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from flask.testing import FlaskClient

from alexa.verification import chain_file_name
from journal import Journal, owner_key
from journal.crypto import Cipher
from skill.app import create_app
from smallwins.settings import Settings
from tests.skill.conftest import SECRET, Clock
from tests.support.alexa_signing import SKILL_ID, TestAlexaCA, envelope

WIN = "went for a walk instead of drinking"
KEY = "d2ViaG9vay10ZXN0cy1rZXktbm90LWEtc2VjcmV0ISE="


def _production(ca_file: Path, cert_dir: Path, skill_id: str, *, sha1: bool = False) -> Settings:
    return Settings(
        env="production",
        public_url="https://smallwins.example",
        secret_key=SECRET,
        skill_ids=frozenset({skill_id}),
        allow_sha1_signature=sha1,
        alexa_ca_file=ca_file,
        alexa_cert_dir=cert_dir,
        encryption_keys=(KEY,),
    )


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> TestAlexaCA:
    return TestAlexaCA(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def signed_client(ca: TestAlexaCA, redis_client: redis.Redis) -> FlaskClient:
    app = create_app(
        _production(ca.ca_file, ca.cert_dir, SKILL_ID),
        redis_client=redis_client,
        clock=lambda: ca.now,
    )
    return app.test_client()


def _record(ca: TestAlexaCA, **kwargs: object) -> bytes:
    defaults: dict[str, object] = {
        "timestamp": ca.now,
        "intent": "RecordWinIntent",
        "slots": {"win": WIN},
    }
    return envelope(**(defaults | kwargs))  # type: ignore[arg-type]


def _post(client: FlaskClient, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    reply = client.post(
        "/alexa", data=body, headers={"Content-Type": "application/json", **headers}
    )
    return reply.status_code, (reply.get_json(silent=True) or {})


def _wins(redis_client: redis.Redis) -> list[str]:
    owner = owner_key(SECRET, "amzn1.ask.account.TEST-SIGNED")
    return [w.text for w in Journal(redis_client, cipher=Cipher.from_keys([KEY])).recent(owner, 10)]


def test_signed_win_is_recorded(signed_client: FlaskClient, ca: TestAlexaCA, redis_client) -> None:
    body = _record(ca)
    status, reply = _post(signed_client, body, ca.headers(body))
    assert status == 200 and "first win" in reply["response"]["outputSpeech"]["ssml"]
    assert _wins(redis_client) == [f"I {WIN}"]


def test_refused_requests_are_400_without_detail_and_store_nothing(
    signed_client: FlaskClient,
    ca: TestAlexaCA,
    redis_client: redis.Redis,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    stranger = TestAlexaCA(tmp_path / "stranger", name="Not Amazon")
    body = _record(ca)
    forged_body = _record(ca)
    cases = {
        "forged": (forged_body, ca.headers(forged_body, key=stranger.leaf.key)),
        "tampered": (body.replace(b"walk", b"talk"), ca.headers(body)),
        "stale": (
            stale := _record(ca, timestamp=ca.now - timedelta(seconds=151)),
            ca.headers(stale),
        ),
        "wrong skill": (
            other := _record(ca, application_id="amzn1.ask.skill.someone-else"),
            ca.headers(other),
        ),
        "unsigned": (body, {"SignatureCertChainUrl": ca.cert_url}),
        "sha1 not allowed": (body, ca.headers(body, sha1=True)),
        "bad cert url": (
            body,
            ca.headers(body, cert_url="https://s3.amazonaws.com/EcHo.aPi/x.pem"),
        ),
    }
    for name, (payload, headers) in cases.items():
        status, reply = _post(signed_client, payload, headers)
        assert status == 400, name
        assert reply == {"error": "bad request"}, name
    assert _wins(redis_client) == []
    assert WIN not in caplog.text and "TEST-SIGNED" not in caplog.text


def _fixture_client(
    fixtures: Path,
    folder: str,
    body_file: str,
    signature_file: str,
    root: str,
    at: str,
    redis_client: redis.Redis,
    tmp_path: Path,
) -> tuple[FlaskClient, bytes, dict[str, str]]:
    base = fixtures / folder
    body = (base / body_file).read_bytes()
    url = (base / "signature_cert_chain_url.txt").read_text().strip()
    cert_dir = tmp_path / "certs"
    cert_dir.mkdir()
    (cert_dir / chain_file_name(url)).write_bytes((base / "cert-chain.pem").read_bytes())
    document = json.loads(body.decode("utf-8-sig"))
    skill_id = document["session"]["application"]["applicationId"]
    now = datetime.fromisoformat(at).replace(tzinfo=UTC)
    app = create_app(
        _production(fixtures / "roots" / root, cert_dir, skill_id, sha1=True),
        redis_client=redis_client,
        clock=Clock(now),
    )
    headers = {
        "SignatureCertChainUrl": url,
        "Signature": (base / signature_file).read_text().strip(),
    }
    return app.test_client(), body, headers


REAL = [
    ("alexa-skills-kit-sdk-for-nodejs", "body.json", "signature.sha1.b64.txt",
     "Amazon_Root_CA_1.pem", "2019-07-15T22:44:30"),
    ("sidoh-alexa_verifier", "body.bin", "signature.sha1.b64.txt",
     "VeriSign_Class_3_Public_Primary_Certification_Authority_-_G5.pem", "2017-11-20T08:45:05"),
    ("mreinstein-alexa-verifier", "hello.body.json", "hello.signature.sha1.b64.txt",
     "VeriSign_Class_3_Public_Primary_Certification_Authority_-_G5.pem", "2017-02-10T07:28:00"),
    ("mreinstein-alexa-verifier", "pokemon.body.json", "pokemon.signature.sha1.b64.txt",
     "VeriSign_Class_3_Public_Primary_Certification_Authority_-_G5.pem", "2017-04-05T12:02:40"),
]  # fmt: skip


@pytest.mark.parametrize(("folder", "body_file", "signature", "root", "at"), REAL)
def test_real_amazon_requests_pass_the_door_and_one_changed_byte_does_not(
    alexa_fixtures: Path,
    redis_client: redis.Redis,
    tmp_path: Path,
    folder: str,
    body_file: str,
    signature: str,
    root: str,
    at: str,
) -> None:
    client, body, headers = _fixture_client(
        alexa_fixtures, folder, body_file, signature, root, at, redis_client, tmp_path
    )
    status, reply = _post(client, body, headers)
    # These are other skills' intents: past the door, the skill answers them with its fallback.
    assert status == 200 and reply["response"]["outputSpeech"]["ssml"].startswith("<speak>")
    flipped = bytearray(body)
    flipped[len(flipped) // 2] ^= 0x01
    assert _post(client, bytes(flipped), headers)[0] == 400
    bad = dict(headers, Signature=base64.b64encode(b"\0" * 256).decode())
    assert _post(client, body, bad)[0] == 400


def test_responses_stay_within_alexas_limits(dialog, journal: Journal, owner: str) -> None:
    long = "walked " + "and walked " * 60
    for _ in range(4):
        win = journal.record(owner, long, at=datetime(2026, 11, 24, 9, tzinfo=UTC)).win
        journal.add_detail(owner, win.id, helped=long, felt=long)
    dialog.intent("ReadWinsIntent")
    size = len(json.dumps(dialog.last).encode())
    speech = dialog.last["response"]["outputSpeech"]["ssml"]
    assert size < 24 * 1024 and len(speech) < 8000
