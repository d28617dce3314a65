"""The planned envelope reader gives exactly what ask-sdk-core's own serializer gives."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from alexa.envelopes import EnvelopeSerializer
from tests.support.alexa_signing import envelope
from tests.support.dialog import Dialog

SDK = DefaultSerializer()


def _same(document: dict) -> None:
    ours = EnvelopeSerializer().envelope(json.loads(json.dumps(document)))
    theirs = SDK.deserialize(json.dumps(document), RequestEnvelope)
    assert type(ours.request) is type(theirs.request)
    assert SDK.serialize(ours) == SDK.serialize(theirs)


def _made_here() -> list[dict]:
    dialog = Dialog(client=None)  # type: ignore[arg-type]
    dialog.permissions = {"alexa::alerts:reminders:skill:readwrite": "GRANTED"}
    dialog.api_endpoint = "https://api.amazonalexa.com"
    return [
        json.loads(envelope(timestamp=datetime(2026, 11, 24, tzinfo=UTC), intent="RecordWinIntent",
                            slots={"win": "went for a walk"})),
        dialog.envelope({"type": "LaunchRequest"}),
        dialog.envelope(Dialog.intent_request("ReadWinsIntent", when="2026-W47")),
        dialog.envelope({"type": "SessionEndedRequest", "reason": "ERROR",
                         "error": {"type": "INVALID_RESPONSE", "message": "x"}}),
        dialog.envelope({"type": "Connections.Response", "name": "AskFor",
                         "status": {"code": "200", "message": "OK"},
                         "payload": {"status": "ACCEPTED"}, "token": "t"}),
        dialog.envelope({"type": "System.ExceptionEncountered",
                         "error": {"type": "INVALID_RESPONSE", "message": "x"},
                         "cause": {"requestId": "r"}}),
    ]  # fmt: skip


@pytest.mark.parametrize("document", _made_here())
def test_envelopes_made_here(document: dict) -> None:
    _same(document)


def test_real_envelopes(alexa_fixtures: Path) -> None:
    files = sorted((alexa_fixtures / "envelopes").glob("*.json"))
    files += [alexa_fixtures / "alexa-skills-kit-sdk-for-nodejs" / "body.json"]
    checked = 0
    for path in files:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
        if not isinstance(document.get("request"), dict):
            continue
        _same(document)
        checked += 1
    assert checked >= 6


def test_unreadable_shapes_are_a_serialization_error() -> None:
    with pytest.raises(SerializationException):
        EnvelopeSerializer().envelope({"request": {"type": "NoSuchRequestType"}})
    with pytest.raises(SerializationException):
        EnvelopeSerializer().envelope({"request": "not an object"})


def _responses() -> list[object]:
    from ask_sdk_core.response_helper import ResponseFactory
    from ask_sdk_model import ResponseEnvelope
    from ask_sdk_model.ui import SimpleCard

    from alexa.permissions import ask_for_reminders_permission, reminders_permission_card

    asked = ResponseFactory().speak("<b>What helped?</b>").ask("What helped?")
    asked.set_card(SimpleCard(title="Your win", content="went for a walk"))
    told = ResponseFactory().speak("Bye.").set_should_end_session(True)
    permission = ResponseFactory().add_directive(ask_for_reminders_permission("set-9pm"))
    permission.set_card(reminders_permission_card())
    attributes = {"await": {"kind": "felt", "win": "7", "note": None}, "said": ["a", "b"]}
    return [
        ResponseEnvelope(version="1.0", response=asked.response, session_attributes=attributes),
        ResponseEnvelope(version="1.0", response=told.response, session_attributes={}),
        ResponseEnvelope(version="1.0", response=permission.response),
        ResponseEnvelope(version="1.0", response=ResponseFactory().response),
    ]


@pytest.mark.parametrize("response", _responses())
def test_responses_are_written_as_the_sdk_writes_them(response: object) -> None:
    ours = EnvelopeSerializer().serialize(response)
    assert ours == SDK.serialize(response)
    assert json.loads(json.dumps(ours)) == ours


def test_prepare_plans_every_class_a_request_needs(alexa_fixtures: Path) -> None:
    from alexa import envelopes

    assert envelopes.prepare() > 100
    loaded = envelopes._load.cache_info().misses
    planned = envelopes._plan.cache_info().misses
    documents = _made_here() + [
        json.loads(path.read_bytes().decode("utf-8-sig"))
        for path in sorted((alexa_fixtures / "envelopes").glob("*.json"))
    ]
    for document in documents:
        if isinstance(document.get("request"), dict):
            EnvelopeSerializer().envelope(document)
    assert envelopes._load.cache_info().misses == loaded
    assert envelopes._plan.cache_info().misses == planned


def test_prepare_survives_a_type_the_sdk_names_but_does_not_ship(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from ask_sdk_model import Intent

    from alexa import envelopes

    broken = {**Intent.deserialized_types, "spoken": "ask_sdk_model.nowhere.Missing"}
    monkeypatch.setattr(Intent, "deserialized_types", broken)
    envelopes._plan.cache_clear()
    assert envelopes.prepare() > 100
    assert "Intent names a type that cannot be loaded" in caplog.text
    monkeypatch.undo()
    envelopes._plan.cache_clear()
    envelopes.prepare()
