"""Odd shapes and values in validly signed envelopes: never an HTTP 500.

A property-based fuzzer (hypothesis) starts from real-looking envelopes for every request the
interaction model knows, changes their shape and values (any JSON type at any path, keys added
and removed, nesting hundreds deep, long strings, any unicode including lone surrogates),
signs the result with the test CA and posts it to the webhook with signatures verified, as in
production. Every answer must be 200 with a response Alexa can read (speech, unless the
request is one that takes none) or 400; a 400 is logged with its cause, and no log line holds
the words that were sent.

The suite runs a small number of examples; `HYPOTHESIS_PROFILE=big` runs many more.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from locales import folder
from skill.app import create_app
from tests.skill.test_webhook_verification import _production
from tests.support.alexa_signing import SKILL_ID, TestAlexaCA
from tests.support.dialog import Dialog

settings.register_profile(
    "default",
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile("big", parent=settings.get_profile("default"), max_examples=3000)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")

SILENT = {"SessionEndedRequest", "AMAZON.NavigateHomeIntent"}
TRIED = {"envelopes": 0, "500": 0, "400": 0, "200": 0}


def _intents() -> list[dict[str, Any]]:
    model = json.loads((folder("en-US") / "model.json").read_text())
    return model["interactionModel"]["languageModel"]["intents"]


def _base_requests() -> list[dict[str, Any]]:
    requests: list[dict[str, Any]] = [{"type": "LaunchRequest"}]
    requests.append({"type": "SessionEndedRequest", "reason": "USER_INITIATED"})
    for intent in _intents():
        slots = {slot["name"]: "seven" for slot in intent.get("slots", [])}
        requests.append(Dialog.intent_request(intent["name"], **slots))
    return requests


BASES = _base_requests()


def _document(request: dict[str, Any], ca: TestAlexaCA, attributes: dict[str, Any]) -> dict:
    request = copy.deepcopy(request)
    request.update(
        requestId=f"amzn1.echo-api.request.{uuid.uuid4()}",
        timestamp=ca.now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        locale="en-US",
    )
    system = {
        "application": {"applicationId": SKILL_ID},
        "user": {"userId": "amzn1.ask.account.TEST-FUZZ"},
        "person": {"personId": "amzn1.ask.person.TEST-FUZZ"},
        "device": {"deviceId": "amzn1.ask.device.TEST", "supportedInterfaces": {}},
        "apiEndpoint": "http://127.0.0.1:9",
        "apiAccessToken": "fuzz-token",
    }
    return {
        "version": "1.0",
        "session": {
            "new": False,
            "sessionId": "amzn1.echo-api.session.fuzz",
            "application": {"applicationId": SKILL_ID},
            "attributes": attributes,
            "user": {"userId": "amzn1.ask.account.TEST-FUZZ"},
        },
        "context": {"System": system},
        "request": request,
    }


# -- what the fuzzer puts in -------------------------------------------------------------------

ODD_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(categories=["Cs"]), min_size=1, max_size=3),
    st.builds(
        lambda a, s, b: a + s + b,
        st.text(max_size=8),
        st.characters(categories=["Cs"]),
        st.text(max_size=8),
    ),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "12:60",
            "25:00",
            "99:99",
            "T",
            "2026-02-30",
            "<speak>",
            "&amp;",
            "\u202e",
            "\ufeff",
            "🙂" * 50,
            "a" * 5000,
        ]
    ),
)
LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    ODD_TEXT,
)
VALUE = st.recursive(
    LEAF,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ODD_TEXT, inner, max_size=4),
    max_leaves=12,
)


def _nest(depth: int, as_list: bool) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = [value] if as_list else {"a": value}
    return value


DEEP = st.builds(_nest, st.integers(min_value=20, max_value=900), st.booleans())
ANY = st.one_of(VALUE, DEEP)


def _paths(value: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths(inner, (*path, index))


def _words_only(document: dict[str, Any], data: st.DataObject) -> None:
    """Half the examples keep the shape and change only what a person's words reach: slot
    values and session attributes, so the dialogue itself meets odd text."""
    slots = (document["request"].get("intent") or {}).get("slots") or {}
    for slot in slots.values():
        slot["value"] = data.draw(st.one_of(ODD_TEXT, st.none()), label="slot value")
    if data.draw(st.booleans(), label="odd session"):
        document["session"]["attributes"] = data.draw(
            st.dictionaries(st.sampled_from(["await", "said", "tz", "more", "x"]), VALUE),
            label="attributes",
        )


def _mutate(document: dict[str, Any], data: st.DataObject) -> None:
    if data.draw(st.booleans(), label="words only"):
        _words_only(document, data)
        return
    for _ in range(data.draw(st.integers(min_value=1, max_value=4), label="changes")):
        paths = [p for p in _paths(document) if p]
        path = data.draw(st.sampled_from(paths), label="path")
        parent: Any = document
        for step in path[:-1]:
            parent = parent[step]
        kind = data.draw(st.sampled_from(["replace", "delete", "add"]), label="kind")
        if kind == "replace":
            parent[path[-1]] = data.draw(ANY, label="value")
        elif kind == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(ODD_TEXT, label="key")] = data.draw(ANY, label="value")


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> TestAlexaCA:
    return TestAlexaCA(tmp_path_factory.mktemp("fuzz-ca"))


@pytest.fixture
def signed_client(ca: TestAlexaCA, redis_client: redis.Redis) -> FlaskClient:
    settings_ = _production(ca.ca_file, ca.cert_dir, SKILL_ID)
    return create_app(settings_, redis_client=redis_client, clock=lambda: ca.now).test_client()


def _words(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _words(key)
            yield from _words(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _words(inner)


@settings(settings.get_profile(PROFILE))
@given(data=st.data())
def test_no_signed_envelope_gets_a_500(
    data: st.DataObject, signed_client: FlaskClient, ca: TestAlexaCA
) -> None:
    base = data.draw(st.sampled_from(BASES), label="request")
    attributes = data.draw(st.sampled_from([{}, {"await": {"kind": "detail"}}]), label="session")
    document = _document(base, ca, copy.deepcopy(attributes))
    _mutate(document, data)
    body = json.dumps(document).encode()
    lines = _Lines()
    root = logging.getLogger()
    root.addHandler(lines)
    try:
        reply = signed_client.post(
            "/alexa", data=body, headers={"Content-Type": "application/json", **ca.headers(body)}
        )
    finally:
        root.removeHandler(lines)
    TRIED["envelopes"] += 1
    TRIED[str(reply.status_code)] = TRIED.get(str(reply.status_code), 0) + 1
    assert reply.status_code in (200, 400), reply.status_code
    if reply.status_code == 400:
        assert any(line.startswith("refused alexa request: ") for line in lines.lines)
    else:
        answer = reply.get_json()
        request = document.get("request") or {}
        name = (request.get("intent") or {}).get("name") or request.get("type")
        speech = (answer["response"].get("outputSpeech") or {}).get("ssml")
        assert speech or name in SILENT, name
        assert not any(line.startswith("handler failed") for line in lines.lines), lines.lines
    said = {word for word in _words(document) if len(word) >= 8 and word.strip()} - {
        word for word in _words(_document(base, ca, attributes))
    }
    for line in lines.lines:
        assert not any(word in line for word in said), line


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["context"]["System"].update(user="amzn1.ask.account.X"), "bad-shape"),
        (lambda d: d["context"]["System"].update(person="amzn1.ask.person.X"), "bad-shape"),
        (lambda d: d["session"].update(attributes={"await": _nest(500, False)}), "too-deep"),
        (lambda d: d["session"].update(attributes=[1, 2]), "bad-shape"),
        (lambda d: d["request"]["intent"]["slots"]["win"].update(value="a\ud800b"), "bad-text"),
        (lambda d: d["request"].update(type=["IntentRequest"]), "bad-shape"),
        (lambda d: d["request"].pop("intent"), "bad-shape"),
        (lambda d: d["context"]["System"].update(device=["x"]), "bad-shape"),
        # A launch with no request id took its cheers under None: a DataError, "something
        # went wrong" (found by the fuzz test above).
        (lambda d: d["request"].pop("requestId"), "bad-shape"),
        (lambda d: d["request"].update(requestId=7), "bad-shape"),
    ],
    ids=[
        "user-string",
        "person-string",
        "deep-session",
        "session-list",
        "lone-surrogate",
        "type-list",
        "no-intent",
        "device-list",
        "no-request-id",
        "request-id-number",
    ],
)
def test_the_odd_shapes_found_by_hand_are_refused_with_their_cause(
    signed_client: FlaskClient, ca: TestAlexaCA, change: Any, reason: str, caplog: Any
) -> None:
    document = _document(Dialog.intent_request("RecordWinIntent", win="a walk"), ca, {})
    change(document)
    body = json.dumps(document).encode()
    with caplog.at_level(logging.INFO):
        reply = signed_client.post(
            "/alexa", data=body, headers={"Content-Type": "application/json", **ca.headers(body)}
        )
    assert reply.status_code == 400
    assert f"refused alexa request: {reason}" in caplog.messages


def test_fuzzer_report() -> None:
    # Runs after the fuzzer in file order; -s shows what it tried.
    print(f"\nfuzzer ({PROFILE}): {TRIED}")
