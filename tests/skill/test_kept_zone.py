"""No turn waits on Alexa's Settings API: the device's zone is kept, read with the turn's other
reads, and checked again in the background about once a day. Through the real webhook, with
the real local stand-in of Alexa's API (`alexa.simulator.apis`) counting what it is asked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import redis
from flask import Flask

from alexa.simulator.apis import SIMULATED_TOKEN, SimulatedAlexaApi
from journal import Journal
from journal.zones import device_field, epoch_day
from skill.app import create_app
from smallwins.settings import Settings
from tests.skill.conftest import Clock
from tests.support.dialog import Dialog

DEVICE = "amzn1.ask.device.TEST"  # what `Dialog` puts in every envelope
SETTINGS_PATH = "/settings/System.timeZone"


@pytest.fixture
def api(dialog: Dialog) -> Iterator[SimulatedAlexaApi]:
    stand_in = SimulatedAlexaApi("America/Los_Angeles").start()
    dialog.api_endpoint = stand_in.url
    dialog.api_token = SIMULATED_TOKEN
    yield stand_in
    stand_in.stop()


def settings_calls(api: SimulatedAlexaApi) -> int:
    return sum(call.path.endswith(SETTINGS_PATH) for call in api.calls)


def keep(journal: Journal, owner: str, zone: str, at: datetime) -> None:
    journal.keep_device_zone(owner, device_field(owner, DEVICE), zone, day=epoch_day(at))


def test_a_turn_never_calls_the_settings_api_when_the_zone_is_kept(
    dialog: Dialog, api: SimulatedAlexaApi, journal: Journal, owner: str, clock: Clock, app: Flask
) -> None:
    # 06:00 UTC on the 25th: the 24th in Los Angeles, the 25th in New York (the default).
    clock.now = dialog.now = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    keep(journal, owner, "America/Los_Angeles", clock.now)
    dialog.intent("RecordWinIntent", win="stayed in tonight")  # one-shot
    dialog.intent("AnswerIntent", answer="calling my sponsor")
    dialog.intent("AMAZON.StopIntent")
    dialog.launch()
    dialog.intent("ReadWinsIntent", when="2026-11-24")
    dialog.intent("AMAZON.StopIntent")
    for intent in ("ProgressIntent", "ToolkitIntent", "EncourageIntent", "ReadWinsIntent"):
        dialog.intent(intent)
        dialog.intent("AMAZON.StopIntent")
    app.extensions["smallwins"].refresher.drain()
    assert settings_calls(api) == 0
    assert journal.recent(owner, 1)[0].day.isoformat() == "2026-11-24"


def test_a_new_device_dates_a_win_by_its_own_zone_once_the_first_check_answered(
    dialog: Dialog, api: SimulatedAlexaApi, journal: Journal, owner: str, clock: Clock, app: Flask
) -> None:
    """The default zone served the first turn only: it is not kept in the session, so the
    win said next, after the background check answered, falls on Los Angeles's day."""
    clock.now = dialog.now = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    dialog.launch()
    app.extensions["smallwins"].refresher.drain()
    assert settings_calls(api) == 1
    dialog.intent("RecordWinIntent", win="stayed in tonight")
    assert journal.recent(owner, 1)[0].day.isoformat() == "2026-11-24"
    dialog.intent("ReadWinsIntent")
    assert "Today" in dialog.last["response"]["outputSpeech"]["ssml"]
    app.extensions["smallwins"].refresher.drain()
    assert settings_calls(api) == 1


def test_a_zone_not_known_yet_is_not_kept_for_the_rest_of_the_session(
    dialog: Dialog, api: SimulatedAlexaApi, journal: Journal, owner: str, clock: Clock, app: Flask
) -> None:
    """A dated turn before the check answered goes by the default, and only that turn."""
    clock.now = dialog.now = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    api.latency = 0.5
    dialog.launch()
    dialog.intent("ReadWinsIntent")  # dated, and answered before the check
    assert api.answered == 0
    app.extensions["smallwins"].refresher.drain()
    dialog.intent("RecordWinIntent", win="stayed in tonight")
    assert journal.recent(owner, 1)[0].day.isoformat() == "2026-11-24"


def test_a_first_win_said_in_one_go_moves_to_its_own_day_once_the_zone_is_known(
    dialog: Dialog, api: SimulatedAlexaApi, journal: Journal, owner: str, clock: Clock, app: Flask
) -> None:
    """Nothing was known to date the very first win by but the default; the background check
    moves it to the day it was in Los Angeles."""
    clock.now = dialog.now = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    dialog.intent("RecordWinIntent", win="stayed in tonight")
    app.extensions["smallwins"].refresher.drain()
    assert journal.recent(owner, 1)[0].day.isoformat() == "2026-11-24"
    dialog.intent("AMAZON.StopIntent")
    dialog.intent("ReadWinsIntent", when="2026-11-24")
    assert "you stayed in." in dialog.last["response"]["outputSpeech"]["ssml"]


def test_a_new_device_of_a_person_with_a_zone_moves_nothing(
    dialog: Dialog, api: SimulatedAlexaApi, journal: Journal, owner: str, clock: Clock, app: Flask
) -> None:
    """The person's last known zone dated the win, not a guess: it stays where it was said."""
    clock.now = dialog.now = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    journal.keep_device_zone(owner, "another-device", "America/New_York", day=epoch_day(clock.now))
    dialog.intent("RecordWinIntent", win="stayed in tonight")
    app.extensions["smallwins"].refresher.drain()
    assert settings_calls(api) == 1
    assert journal.recent(owner, 1)[0].day.isoformat() == "2026-11-25"


def test_a_slow_settings_api_is_asked_after_the_reply(
    dialog: Dialog, api: SimulatedAlexaApi, journal: Journal, owner: str, app: Flask
) -> None:
    api.latency = 2.0
    said = dialog.intent("RecordWinIntent", win="stayed in tonight")
    # The reply is out while Alexa's API has not answered yet: the turn did not wait for it.
    assert "saved" in said.lower() or "got it" in said.lower()
    assert api.answered == 0
    again = Dialog(dialog.client, user="amzn1.ask.account.TEST-OTHER", now=dialog.now)
    again.api_endpoint, again.api_token = api.url, SIMULATED_TOKEN
    again.intent("ReadWinsIntent")
    assert api.answered == 0
    app.extensions["smallwins"].refresher.drain()
    assert api.answered == settings_calls(api) == 2  # one check per device and person
    assert journal.profile(owner)["tz"] == "America/Los_Angeles"


def test_a_dead_settings_api_changes_no_reply_and_is_tried_once_a_day(
    dialog: Dialog, api: SimulatedAlexaApi, journal: Journal, owner: str, app: Flask
) -> None:
    api.latency = 30.0  # never answers within the client's two-second bound
    for words in ("stayed in tonight", "made tea", "called my brother"):
        dialog.intent("RecordWinIntent", win=words)
        dialog.intent("AMAZON.StopIntent")
        assert api.answered == 0
    app.extensions["smallwins"].refresher.drain()
    assert settings_calls(api) == 1
    assert journal.count(owner) == 3
    dialog.intent("ReadWinsIntent")
    app.extensions["smallwins"].refresher.drain()
    assert settings_calls(api) == 1  # checked today already, though nothing came of it


def test_a_dead_reminders_api_still_gets_a_spoken_answer(
    dialog: Dialog, api: SimulatedAlexaApi, journal: Journal, owner: str, clock: Clock
) -> None:
    keep(journal, owner, "America/Los_Angeles", clock.now)
    api.latency = 30.0
    dialog.permissions = {"alexa::alerts:reminders:skill:readwrite": "GRANTED"}
    said = dialog.intent("SetReminderIntent", time="21:00")
    assert "reminder" in said.lower()
    assert [call.method for call in api.calls] == ["POST"]  # asked because the person asked
    assert "reminder_token" not in journal.profile(owner)


# -- round trips -------------------------------------------------------------------------------


class CountingConnection(redis.UnixDomainSocketConnection):
    """Counts what is sent to Redis: one send is one round trip (a pipeline is one send)."""

    sent = 0

    def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        CountingConnection.sent += 1
        super().send_packed_command(command, check_health)


@pytest.fixture
def counted(
    settings: Settings, redis_server: Any, clock: Clock, redis_client: redis.Redis
) -> Iterator[Dialog]:
    pool = redis.ConnectionPool(connection_class=CountingConnection, path=str(redis_server.socket))
    client = redis.Redis(connection_pool=pool)
    app = create_app(settings, redis_client=client, clock=clock)
    yield Dialog(app.test_client(), now=clock())
    app.extensions["smallwins"].refresher.drain()
    client.close()


def round_trips(dialog: Dialog, intent: str | None, **slots: str) -> int:
    dialog.session_id = None  # each a new session, the costliest case
    before = CountingConnection.sent
    if intent is None:
        dialog.launch()
    else:
        dialog.intent(intent, **slots)
    return CountingConnection.sent - before


def test_launch_read_wins_and_a_one_shot_win_are_one_round_trip_each(
    counted: Dialog, journal: Journal, clock: Clock
) -> None:
    owner_of_counted = "amzn1.ask.account.TEST-DIALOG"
    assert counted.user == owner_of_counted
    # Scripts are loaded once per server, not per turn: warm them first.
    for intent, slots in (("RecordWinIntent", {"win": "warm up"}), ("ReadWinsIntent", {})):
        round_trips(counted, intent, **slots)
    assert round_trips(counted, None) == 1
    assert round_trips(counted, "ReadWinsIntent") == 1
    assert round_trips(counted, "ReadWinsIntent", when="2026-W47") == 1
    assert round_trips(counted, "RecordWinIntent", win="went for a walk") == 1
    # Encouragement reads in one and notes the win it read back in a second.
    assert round_trips(counted, "EncourageIntent") == 2
