"""The Alexa API client against a real local HTTP server standing in for the API endpoint.

Each test tells the server how to answer; the server keeps every request it saw (method, path,
headers, JSON body) so the tests can check exactly what would have gone to Amazon.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.services.reminder_management import Trigger

from alexa.api import REASONS, AlexaApi, AlexaApiError, PermissionMissing
from alexa.permissions import (
    REMINDERS_SCOPE,
    ask_for_reminders_permission,
    has_reminders_permission,
    reminders_permission_card,
)
from alexa.reminder_body import daily_reminder_body

TOKEN = "test-token.abc123"
DEVICE = "amzn1.ask.device.TEST/DEVICE"
TEXT = "Time to reflect: what's one small win from today?"
# A Tuesday, noon in New York (the same instant the skill's conversation tests use).
NOON = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


# An answer: (status, body bytes or a list of chunks to send slowly, extra headers).
Answer = tuple[int, bytes | list[bytes], dict[str, str]]
TRICKLE_PAUSE = 0.1


def answer_json(status: int, payload: Any) -> Answer:
    return status, json.dumps(payload).encode(), {"Content-Type": "application/json"}


@dataclass
class StandIn:
    """What the stand-in server answers and what it has seen."""

    url: str = ""
    respond: Callable[[Seen], Answer] = lambda seen: answer_json(200, {})
    seen: list[Seen] = field(default_factory=list)
    # Set at teardown so a handler told to stall lets go and the server can close cleanly.
    release: threading.Event = field(default_factory=threading.Event)

    def stall(self) -> Callable[[Seen], Answer]:
        def respond(seen: Seen) -> Answer:
            self.release.wait(10)
            raise _Hangup

        return respond


class _Hangup(Exception):
    """Raised by a responder to close the connection without answering."""


@pytest.fixture
def api_server() -> Iterator[StandIn]:
    stand_in = StandIn()

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            seen = Seen(
                self.command, self.path, dict(self.headers), json.loads(raw) if raw else None
            )
            stand_in.seen.append(seen)
            try:
                status, body, headers = stand_in.respond(seen)
            except _Hangup:
                self.close_connection = True
                return
            chunks = body if isinstance(body, list) else [body]
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(sum(len(chunk) for chunk in chunks)))
            self.end_headers()
            try:
                for number, chunk in enumerate(chunks):
                    if number:
                        # A list of chunks is sent slowly, a piece at a time.
                        stand_in.release.wait(TRICKLE_PAUSE)
                    self.wfile.write(chunk)
                    self.wfile.flush()
            except OSError:
                pass  # the client gave up, as it should

        do_GET = do_POST = do_PUT = do_DELETE = _handle

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # A short poll interval: shutdown() waits up to one interval, at every test's teardown.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    stand_in.url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield stand_in
    finally:
        stand_in.release.set()
        server.shutdown()
        server.server_close()  # joins the handler threads
        thread.join()


@pytest.fixture
def api(api_server: StandIn) -> AlexaApi:
    return AlexaApi(api_server.url, TOKEN, timeout=2.0)


def create(api: AlexaApi, **changes: Any) -> str:
    details: dict[str, Any] = {
        "hour": 21,
        "minute": 0,
        "text": TEXT,
        "locale": "en-US",
        "time_zone": "America/New_York",
        "now": NOON,
    }
    details.update(changes)
    return api.create_daily_reminder(**details)


def created() -> Answer:
    return answer_json(201, {"alertToken": "alert-1", "status": "ON"})


# -- time zone -----------------------------------------------------------------------------------


def test_time_zone_is_read_from_the_device_settings(api_server: StandIn, api: AlexaApi) -> None:
    api_server.respond = lambda seen: answer_json(200, "America/Los_Angeles")

    assert api.time_zone(DEVICE) == "America/Los_Angeles"

    [seen] = api_server.seen
    assert seen.method == "GET"
    # The device id is one path segment even though it holds a slash.
    assert seen.path == "/v2/devices/amzn1.ask.device.TEST%2FDEVICE/settings/System.timeZone"
    assert seen.headers["Authorization"] == f"Bearer {TOKEN}"
    assert seen.body is None


@pytest.mark.parametrize(
    "payload",
    ["Mars/Olympus_Mons", "America", "../../etc/passwd", "", {"timeZone": "UTC"}, None, 5],
)
def test_a_time_zone_that_is_not_a_known_zone_is_a_bad_response(
    api_server: StandIn, api: AlexaApi, payload: Any
) -> None:
    api_server.respond = lambda seen: answer_json(200, payload)

    with pytest.raises(AlexaApiError) as caught:
        api.time_zone(DEVICE)

    assert caught.value.reason == "bad-response"
    assert caught.value.status == 200


def test_a_time_zone_answer_that_is_not_json_is_a_bad_response(
    api_server: StandIn, api: AlexaApi
) -> None:
    api_server.respond = lambda seen: (200, b"<html>America/New_York</html>", {})

    with pytest.raises(AlexaApiError) as caught:
        api.time_zone(DEVICE)

    assert caught.value.reason == "bad-response"


def test_a_refused_time_zone_read_is_forbidden_not_a_missing_reminders_permission(
    api_server: StandIn, api: AlexaApi
) -> None:
    api_server.respond = lambda seen: answer_json(403, {"message": "no"})

    with pytest.raises(AlexaApiError) as caught:
        api.time_zone(DEVICE)

    assert not isinstance(caught.value, PermissionMissing)
    assert (caught.value.reason, caught.value.status) == ("forbidden", 403)


# -- creating a reminder -------------------------------------------------------------------------


def test_create_sends_a_daily_recurring_reminder_and_returns_its_token(
    api_server: StandIn, api: AlexaApi
) -> None:
    api_server.respond = lambda seen: created()

    assert create(api) == "alert-1"

    [seen] = api_server.seen
    assert (seen.method, seen.path) == ("POST", "/v1/alerts/reminders")
    assert seen.headers["Authorization"] == f"Bearer {TOKEN}"
    assert seen.headers["Content-Type"] == "application/json"
    assert seen.body == {
        "requestTime": "2026-11-24T17:00:00.000",
        "trigger": {
            "type": "SCHEDULED_ABSOLUTE",
            "scheduledTime": "2026-11-24T21:00:00.000",
            "timeZoneId": "America/New_York",
            "recurrence": {
                "startDateTime": "2026-11-24T21:00:00.000",
                "recurrenceRules": ["FREQ=DAILY;BYHOUR=21;BYMINUTE=0;BYSECOND=0;INTERVAL=1;"],
            },
        },
        "alertInfo": {"spokenInfo": {"content": [{"locale": "en-US", "text": TEXT}]}},
        "pushNotification": {"status": "ENABLED"},
    }
    # The token goes only in the Authorization header.
    assert TOKEN not in seen.path
    assert TOKEN not in json.dumps(seen.body)


def test_the_body_uses_the_field_names_of_amazons_reminder_model() -> None:
    # ask-sdk-model's own Trigger/Recurrence models name the same JSON fields.
    body = daily_reminder_body(
        hour=7, minute=5, text=TEXT, locale="en-GB", time_zone="Europe/London", now=NOON
    )
    model_fields = set(Trigger.attribute_map.values())
    assert set(body["trigger"]) <= model_fields
    recurrence_fields = set(
        DefaultSerializer()
        .deserialize(json.dumps(body["trigger"]), Trigger)
        .recurrence.attribute_map.values()
    )
    assert set(body["trigger"]["recurrence"]) <= recurrence_fields
    assert body["trigger"]["recurrence"]["recurrenceRules"] == [
        "FREQ=DAILY;BYHOUR=7;BYMINUTE=5;BYSECOND=0;INTERVAL=1;"
    ]
    assert body["alertInfo"]["spokenInfo"]["content"] == [{"locale": "en-GB", "text": TEXT}]


@pytest.mark.parametrize(
    ("now", "hour", "minute", "time_zone", "start"),
    [
        # Noon in New York: 9 PM is still ahead today, 9 AM has passed.
        (NOON, 21, 0, "America/New_York", "2026-11-24T21:00:00.000"),
        (NOON, 9, 0, "America/New_York", "2026-11-25T09:00:00.000"),
        # Right at the boundary: exactly now is not ahead, a minute later is.
        (NOON, 12, 0, "America/New_York", "2026-11-25T12:00:00.000"),
        (NOON, 12, 1, "America/New_York", "2026-11-24T12:01:00.000"),
        (NOON, 11, 59, "America/New_York", "2026-11-25T11:59:00.000"),
        # 10 PM in New York is already the 25th in UTC: "today" is the person's date.
        (
            datetime(2026, 11, 25, 3, 0, tzinfo=UTC),
            23,
            30,
            "America/New_York",
            "2026-11-24T23:30:00.000",
        ),
        (
            datetime(2026, 11, 25, 3, 0, tzinfo=UTC),
            21,
            0,
            "America/New_York",
            "2026-11-25T21:00:00.000",
        ),
        # 2 AM on the 25th in Tokyo while it is still the 24th in UTC.
        (NOON, 21, 0, "Asia/Tokyo", "2026-11-25T21:00:00.000"),
        (NOON, 1, 30, "Asia/Tokyo", "2026-11-26T01:30:00.000"),
        # Midnight reminders and the end of a month.
        (
            datetime(2026, 11, 30, 17, 0, tzinfo=UTC),
            0,
            0,
            "America/New_York",
            "2026-12-01T00:00:00.000",
        ),
    ],
)
def test_the_first_occurrence_is_today_if_still_ahead_in_the_persons_zone_else_tomorrow(
    api_server: StandIn,
    api: AlexaApi,
    now: datetime,
    hour: int,
    minute: int,
    time_zone: str,
    start: str,
) -> None:
    api_server.respond = lambda seen: created()

    create(api, hour=hour, minute=minute, time_zone=time_zone, now=now)

    trigger = api_server.seen[0].body["trigger"]
    assert trigger["timeZoneId"] == time_zone
    assert trigger["scheduledTime"] == start
    assert trigger["recurrence"]["startDateTime"] == start
    assert trigger["recurrence"]["recurrenceRules"] == [
        f"FREQ=DAILY;BYHOUR={hour};BYMINUTE={minute};BYSECOND=0;INTERVAL=1;"
    ]


def test_request_time_is_utc_without_an_offset_whatever_zone_now_is_given_in() -> None:
    from zoneinfo import ZoneInfo

    now = datetime(2026, 11, 24, 12, 0, 0, 123456, tzinfo=ZoneInfo("America/New_York"))
    body = daily_reminder_body(
        hour=21, minute=0, text=TEXT, locale="en-US", time_zone="America/New_York", now=now
    )
    assert body["requestTime"] == "2026-11-24T17:00:00.123"
    assert body["trigger"]["scheduledTime"] == "2026-11-24T21:00:00.000"


def test_without_a_zone_the_start_is_never_in_the_past_anywhere(
    api_server: StandIn, api: AlexaApi
) -> None:
    api_server.respond = lambda seen: created()

    # 17:00 UTC is already 07:00 on the 25th at UTC+14, so 9 PM starts on the 25th and
    # 6 AM on the 26th, even though a device in New York could still have had tonight.
    create(api, hour=21, minute=0, time_zone=None)
    create(api, hour=6, minute=0, time_zone=None)

    first, second = (seen.body["trigger"] for seen in api_server.seen)
    assert "timeZoneId" not in first
    assert first["recurrence"]["startDateTime"] == "2026-11-25T21:00:00.000"
    assert second["recurrence"]["startDateTime"] == "2026-11-26T06:00:00.000"


@pytest.mark.parametrize(
    "changes",
    [
        {"hour": 24},
        {"hour": -1},
        {"minute": 60},
        {"hour": True},
        {"text": "  "},
        {"locale": ""},
        {"time_zone": "Mars/Olympus_Mons"},
        {"time_zone": "America"},
        {"now": datetime(2026, 11, 24, 12, 0)},  # naive
    ],
)
def test_impossible_reminders_are_refused_before_anything_is_sent(
    api_server: StandIn, api: AlexaApi, changes: dict[str, Any]
) -> None:
    with pytest.raises(ValueError):
        create(api, **changes)
    assert api_server.seen == []


@pytest.mark.parametrize("status", [200, 201])
def test_create_accepts_200_and_201(api_server: StandIn, api: AlexaApi, status: int) -> None:
    api_server.respond = lambda seen: answer_json(status, {"alertToken": "alert-9"})
    assert create(api) == "alert-9"


@pytest.mark.parametrize(
    "answer",
    [
        (201, b"not json", {}),
        answer_json(201, {"status": "ON"}),
        answer_json(201, {"alertToken": ""}),
        answer_json(201, ["alert-1"]),
        (201, b"", {}),
    ],
)
def test_a_create_answer_without_an_alert_token_is_a_bad_response(
    api_server: StandIn, api: AlexaApi, answer: Answer
) -> None:
    api_server.respond = lambda seen: answer

    with pytest.raises(AlexaApiError) as caught:
        create(api)

    assert caught.value.reason == "bad-response"
    assert caught.value.status == 201


@pytest.mark.parametrize("status", [401, 403])
def test_401_and_403_from_the_reminders_api_mean_the_permission_is_missing(
    api_server: StandIn, api: AlexaApi, status: int
) -> None:
    api_server.respond = lambda seen: answer_json(status, {"code": "UNAUTHORIZED"})

    with pytest.raises(PermissionMissing) as caught:
        create(api)
    assert (caught.value.reason, caught.value.status) == ("forbidden", status)

    with pytest.raises(PermissionMissing):
        api.update_daily_reminder(
            "alert-1",
            hour=21,
            minute=0,
            text=TEXT,
            locale="en-US",
            time_zone="America/New_York",
            now=NOON,
        )
    with pytest.raises(PermissionMissing):
        api.delete_reminder("alert-1")


@pytest.mark.parametrize(
    ("status", "reason"),
    [(400, "http-400"), (429, "http-429"), (500, "http-500"), (503, "http-503")],
)
def test_other_error_statuses_are_http_errors(
    api_server: StandIn, api: AlexaApi, status: int, reason: str
) -> None:
    api_server.respond = lambda seen: answer_json(status, {"message": "nope"})

    with pytest.raises(AlexaApiError) as caught:
        create(api)

    assert not isinstance(caught.value, PermissionMissing)
    assert (caught.value.reason, caught.value.status) == (reason, status)


def test_a_redirect_is_not_followed_so_the_token_stays_put(
    api_server: StandIn, api: AlexaApi
) -> None:
    api_server.respond = lambda seen: (
        302,
        b"",
        {"Location": f"{api_server.url}/elsewhere"},
    )

    with pytest.raises(AlexaApiError) as caught:
        create(api)

    assert (caught.value.reason, caught.value.status) == ("http-302", 302)
    assert [seen.path for seen in api_server.seen] == ["/v1/alerts/reminders"]


# -- updating and deleting -----------------------------------------------------------------------


def test_update_puts_the_whole_reminder_at_its_token(api_server: StandIn, api: AlexaApi) -> None:
    api_server.respond = lambda seen: answer_json(200, {"alertToken": "alert/1", "status": "ON"})

    token = api.update_daily_reminder(
        "alert/1",
        hour=8,
        minute=15,
        text=TEXT,
        locale="en-CA",
        time_zone="America/Toronto",
        now=NOON,
    )

    assert token == "alert/1"
    [seen] = api_server.seen
    assert (seen.method, seen.path) == ("PUT", "/v1/alerts/reminders/alert%2F1")
    assert seen.headers["Authorization"] == f"Bearer {TOKEN}"
    assert seen.headers["Content-Type"] == "application/json"
    trigger = seen.body["trigger"]
    assert trigger["timeZoneId"] == "America/Toronto"
    assert trigger["recurrence"] == {
        "startDateTime": "2026-11-25T08:15:00.000",
        "recurrenceRules": ["FREQ=DAILY;BYHOUR=8;BYMINUTE=15;BYSECOND=0;INTERVAL=1;"],
    }
    assert seen.body["alertInfo"]["spokenInfo"]["content"] == [{"locale": "en-CA", "text": TEXT}]


@pytest.mark.parametrize("answer", [answer_json(200, {"status": "ON"}), (200, b"", {})])
def test_update_keeps_the_old_token_when_the_answer_has_none(
    api_server: StandIn, api: AlexaApi, answer: Answer
) -> None:
    api_server.respond = lambda seen: answer

    token = api.update_daily_reminder(
        "alert-1", hour=8, minute=0, text=TEXT, locale="en-US", time_zone=None, now=NOON
    )

    assert token == "alert-1"


def test_updating_a_reminder_that_is_gone_is_a_404_the_caller_can_act_on(
    api_server: StandIn, api: AlexaApi
) -> None:
    api_server.respond = lambda seen: answer_json(404, {"code": "NOT_FOUND"})

    with pytest.raises(AlexaApiError) as caught:
        api.update_daily_reminder(
            "alert-1", hour=8, minute=0, text=TEXT, locale="en-US", time_zone=None, now=NOON
        )

    assert (caught.value.reason, caught.value.status) == ("http-404", 404)


@pytest.mark.parametrize("answer", [(204, b"", {}), answer_json(200, {})])
def test_delete_removes_the_reminder_by_token(
    api_server: StandIn, api: AlexaApi, answer: Answer
) -> None:
    api_server.respond = lambda seen: answer

    assert api.delete_reminder("alert-1") is None

    [seen] = api_server.seen
    assert (seen.method, seen.path) == ("DELETE", "/v1/alerts/reminders/alert-1")
    assert seen.headers["Authorization"] == f"Bearer {TOKEN}"
    assert seen.body is None


def test_deleting_a_reminder_that_is_already_gone_is_fine(
    api_server: StandIn, api: AlexaApi
) -> None:
    api_server.respond = lambda seen: answer_json(404, {"code": "NOT_FOUND"})

    api.delete_reminder("alert-1")


def test_a_delete_that_fails_otherwise_raises(api_server: StandIn, api: AlexaApi) -> None:
    api_server.respond = lambda seen: answer_json(500, {})

    with pytest.raises(AlexaApiError) as caught:
        api.delete_reminder("alert-1")

    assert caught.value.reason == "http-500"


def test_empty_tokens_and_device_ids_are_refused(api_server: StandIn, api: AlexaApi) -> None:
    with pytest.raises(ValueError):
        api.delete_reminder("")
    with pytest.raises(ValueError):
        api.time_zone("")
    assert api_server.seen == []


# -- a slow, absent or odd endpoint ----------------------------------------------------------------


def test_a_stalled_server_times_out_quickly(api_server: StandIn) -> None:
    api_server.respond = api_server.stall()
    api = AlexaApi(api_server.url, TOKEN, timeout=0.5)

    started = time.monotonic()
    with pytest.raises(AlexaApiError) as caught:
        create(api)
    elapsed = time.monotonic() - started

    assert caught.value.reason == "timeout"
    assert caught.value.status is None
    assert elapsed < 0.5 + 1


def test_a_stalled_time_zone_read_times_out_too(api_server: StandIn) -> None:
    api_server.respond = api_server.stall()
    api = AlexaApi(api_server.url, TOKEN, timeout=0.3)

    started = time.monotonic()
    with pytest.raises(AlexaApiError) as caught:
        api.time_zone(DEVICE)

    assert caught.value.reason == "timeout"
    assert time.monotonic() - started < 0.3 + 1


def test_a_server_that_trickles_its_answer_is_cut_off_at_the_deadline(api_server: StandIn) -> None:
    # Each byte comes well within the socket timeout, but the whole answer would take 3 s.
    api_server.respond = lambda seen: (201, [b" "] * 30 + [b'{"alertToken": "a"}'], {})
    api = AlexaApi(api_server.url, TOKEN, timeout=0.5)

    started = time.monotonic()
    with pytest.raises(AlexaApiError) as caught:
        create(api)

    assert caught.value.reason == "timeout"
    assert time.monotonic() - started < 0.5 + 1


def test_an_oversized_answer_is_a_bad_response(api_server: StandIn, api: AlexaApi) -> None:
    api_server.respond = lambda seen: answer_json(200, "x" * 100_000)

    with pytest.raises(AlexaApiError) as caught:
        api.time_zone(DEVICE)

    assert caught.value.reason == "bad-response"


def test_a_server_that_hangs_up_is_unreachable(api_server: StandIn, api: AlexaApi) -> None:
    def hang_up(seen: Seen) -> Answer:
        raise _Hangup

    api_server.respond = hang_up

    with pytest.raises(AlexaApiError) as caught:
        api.delete_reminder("alert-1")

    assert caught.value.reason == "unreachable"


def test_a_closed_port_is_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens there any more.
    api = AlexaApi(f"http://127.0.0.1:{port}", TOKEN, timeout=1.0)

    with pytest.raises(AlexaApiError) as caught:
        api.time_zone(DEVICE)

    assert caught.value.reason == "unreachable"


@pytest.mark.parametrize(
    "endpoint",
    [
        "file:///etc/passwd",
        "ftp://api.amazonalexa.com",
        "api.amazonalexa.com",
        "https://",
        "http:///v1",
        "https://user:secret@api.amazonalexa.com",
        "https://api.amazonalexa.com?x=1",
        "https://api.amazonalexa.com#x",
        "https://api.amazonalexa.com:99999",
        "https://api.amazonalexa.com\r\nX-Injected: 1",
        "",
    ],
)
def test_an_endpoint_that_is_not_plain_http_is_refused_without_a_request(endpoint: str) -> None:
    # Construction does not raise: callers build the client before their try.
    api = AlexaApi(endpoint, TOKEN)

    with pytest.raises(AlexaApiError) as caught:
        api.time_zone(DEVICE)
    assert caught.value.reason == "bad-endpoint"
    with pytest.raises(AlexaApiError):
        api.delete_reminder("alert-1")


@pytest.mark.parametrize("token", ["", "with space", "line\r\nX-Injected: 1", "é"])
def test_a_token_that_cannot_be_sent_is_refused_without_a_request(
    api_server: StandIn, token: str
) -> None:
    api = AlexaApi(api_server.url, token)

    with pytest.raises(AlexaApiError) as caught:
        api.time_zone(DEVICE)

    assert caught.value.reason == "bad-token"
    assert api_server.seen == []


def test_a_trailing_slash_on_the_endpoint_does_not_double_up(api_server: StandIn) -> None:
    api_server.respond = lambda seen: answer_json(200, "Europe/Berlin")
    api = AlexaApi(api_server.url + "/", TOKEN)

    assert api.time_zone("device-1") == "Europe/Berlin"
    assert api_server.seen[0].path == "/v2/devices/device-1/settings/System.timeZone"


def test_errors_and_the_client_never_show_the_token_device_or_text(
    api_server: StandIn, api: AlexaApi
) -> None:
    api_server.respond = lambda seen: answer_json(500, {"echo": TOKEN})

    with pytest.raises(AlexaApiError) as caught:
        api.time_zone(DEVICE)
    with pytest.raises(AlexaApiError) as caught_create:
        create(api)

    for error in (caught.value, caught_create.value):
        shown = f"{error} {error!r} {error.__cause__!r} {error.__context__!r}"
        assert TOKEN not in shown
        assert "TEST" not in shown
        assert TEXT not in shown
        assert error.reason in REASONS or error.reason.startswith("http-")
    assert TOKEN not in repr(api)


def test_nothing_sensitive_is_logged(
    api_server: StandIn, api: AlexaApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    api_server.respond = lambda seen: answer_json(403, {})
    with pytest.raises(PermissionMissing):
        create(api)
    api_server.respond = api_server.stall()
    with pytest.raises(AlexaApiError):
        AlexaApi(api_server.url, TOKEN, timeout=0.2).time_zone(DEVICE)

    logged = caplog.text
    assert logged  # the failures were logged...
    assert TOKEN not in logged  # ...without any of the person's details
    assert "TEST" not in logged
    assert TEXT not in logged


# -- permissions ---------------------------------------------------------------------------------


def test_the_voice_permission_request_is_what_alexa_expects() -> None:
    directive = DefaultSerializer().serialize(ask_for_reminders_permission())

    assert directive == {
        "type": "Connections.SendRequest",
        "name": "AskFor",
        "payload": {
            "@type": "AskForPermissionsConsentRequest",
            "@version": "2",
            "permissionScopes": [
                {
                    "permissionScope": "alexa::alerts:reminders:skill:readwrite",
                    "consentLevel": "ACCOUNT",
                }
            ],
        },
        "token": "reminder",
    }
    assert DefaultSerializer().serialize(ask_for_reminders_permission("set-9pm"))["token"] == (
        "set-9pm"
    )


def test_the_permission_card_asks_for_reminders() -> None:
    card = DefaultSerializer().serialize(reminders_permission_card())

    assert card == {
        "type": "AskForPermissionsConsent",
        "permissions": ["alexa::alerts:reminders:skill:readwrite"],
    }


@pytest.mark.parametrize(
    ("permissions", "granted"),
    [
        ({"scopes": {REMINDERS_SCOPE: {"status": "GRANTED"}}}, True),
        ({"consentToken": "x", "scopes": {REMINDERS_SCOPE: {"status": "GRANTED"}}}, True),
        ({REMINDERS_SCOPE: {"status": "GRANTED"}}, True),  # the scopes mapping itself
        ({"scopes": {REMINDERS_SCOPE: {"status": "DENIED"}}}, False),
        ({"scopes": {"alexa::devices:all:geolocation:read": {"status": "GRANTED"}}}, False),
        ({"scopes": {REMINDERS_SCOPE: {}}}, False),
        ({"scopes": {REMINDERS_SCOPE: "GRANTED"}}, False),
        ({"scopes": None}, False),
        ({"consentToken": "x"}, False),
        ({}, False),
        (None, False),
    ],
)
def test_has_reminders_permission(permissions: Any, granted: bool) -> None:
    assert has_reminders_permission(permissions) is granted


def test_has_reminders_permission_reads_the_sdk_status_enum() -> None:
    from ask_sdk_model.permission_status import PermissionStatus

    assert has_reminders_permission({REMINDERS_SCOPE: {"status": PermissionStatus.GRANTED}})
    assert not has_reminders_permission({REMINDERS_SCOPE: {"status": PermissionStatus.DENIED}})
