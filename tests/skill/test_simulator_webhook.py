"""The simulator against the real webhook over real HTTP: what `smallwins chat` does."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask

from alexa.simulator.chat import PERMISSION_QUESTION, chat
from alexa.simulator.device import say_on_device
from alexa.simulator.session import Exchange, say
from alexa.simulator.wire import SimulatorError
from journal import Journal, owner_key
from tests.skill.conftest import NOON, SECRET, Clock


def test_say_records_a_win_with_follow_up_and_reads_it_back(
    url: str, tmp_path: Path, journal: Journal
) -> None:
    state = tmp_path / "sim.json"

    def turn(text: str) -> str:
        return say(text, url=url, state_file=state, clock=lambda: NOON).speech

    assert "win" in turn("open small wins").lower()
    assert "first win" in turn("I went for a walk instead of drinking")
    assert "feel" in turn("calling my sponsor")
    turn("relieved")
    spoken = turn("ask small wins what are my wins")
    assert "you went for a walk instead of drinking" in spoken
    assert "calling your sponsor" in spoken


def test_chat_transcript(url: str, tmp_path: Path, journal: Journal) -> None:
    typed = io.StringIO(
        "tell small wins I made dinner instead of ordering takeout\nskip\n"
        "I'm craving a drink\nno\ndelete my last win\nyes\nexit\n"
    )
    out = io.StringIO()
    chat(url=url, state_file=tmp_path / "sim.json", input=typed, output=out, clock=lambda: NOON)
    transcript = out.getvalue()
    assert "first win" in transcript
    assert "made dinner instead of ordering takeout" in transcript
    assert "Should I delete your last win" in transcript or "Delete your last win" in transcript
    # The simulator's user is a simulated account; its journal is empty again.
    state = (tmp_path / "sim.json").read_text()
    user = state.split('"user_id": "')[1].split('"')[0]
    assert Journal.count(journal, owner_key(SECRET, user)) == 0


def test_chat_sets_a_reminder_with_alexas_permission_step(url: str, tmp_path: Path) -> None:
    typed = io.StringIO(
        "I went for a walk instead of drinking\ncalling my sponsor\nskip\n"
        "what works for me\nhow am I doing\n"
        "remind me to reflect every evening at nine\nyes\n"
        "change my reminder to eight pm\ncancel my reminder\nexit\n"
    )
    out = io.StringIO()
    chat(url=url, state_file=tmp_path / "sim.json", input=typed, output=out,
         clock=lambda: NOON, tz="America/New_York")  # fmt: skip
    transcript = out.getvalue()
    assert "Your sponsor, once" in transcript or "your sponsor" in transcript.lower()
    assert "1 win" in transcript or "one win" in transcript
    assert "Do you allow it?" in transcript
    assert "[alexa app] reminder set: daily at 21:00 (America/New_York)" in transcript
    assert "Every day at 9 PM" in transcript or "every day at 9 PM" in transcript
    assert "[alexa app] reminder set: daily at 20:00" in transcript
    assert "[alexa app] daily reminder deleted" in transcript


def _user(state: Path) -> str:
    return json.loads(state.read_text())["user_id"]


@pytest.mark.parametrize(
    ("locale", "said", "line"),
    [
        ("en-GB", "I want to end my life", "Samaritans, free, any time, on 116 123"),
        ("en-GB", "I'm going to top myself", "Samaritans, free, any time, on 116 123"),
        ("en-AU", "I want to end my life", "Lifeline on 13 11 14"),
        ("en-AU", "I'm going to do myself in", "Lifeline on 13 11 14"),
        ("en-US", "I want to end my life", "988"),
    ],
)
def test_say_on_a_device_in_another_country_hears_its_crisis_lines(
    url: str, tmp_path: Path, locale: str, said: str, line: str
) -> None:
    state = tmp_path / "sim.json"
    _, exchange, _ = say_on_device(
        said, url=url, state_file=state, locale=locale, clock=lambda: NOON
    )
    assert exchange.request["request"]["locale"] == locale
    assert line in exchange.speech
    # The device keeps its locale: the next turn is still in that country.
    _, again, _ = say_on_device("help", url=url, state_file=state, clock=lambda: NOON)
    assert again.request["request"]["locale"] == locale


def test_say_sets_a_reminder_with_alexas_permission_step_as_chat_does(
    url: str, tmp_path: Path
) -> None:
    state = tmp_path / "sim.json"

    def turn(text: str, **options: str) -> tuple[list[str], str, list[str]]:
        shown, exchange, asked = say_on_device(
            text, url=url, state_file=state, clock=lambda: NOON, **options
        )
        return shown, exchange.speech, asked

    _, _, asked = turn("remind me to reflect every evening at nine", tz="America/New_York")
    assert asked == [PERMISSION_QUESTION]
    shown, spoken, _ = turn("yes")
    assert len(shown) == 1 and shown[0].startswith("[alexa app] reminder set: daily at 21:00")
    assert "9 PM" in spoken
    # The Alexa app still lists it in the next call, which can change and cancel it.
    shown, _, _ = turn("change my reminder to eight pm")
    assert shown and "daily at 20:00" in shown[0]
    shown, _, _ = turn("cancel my reminder")
    assert shown == ["[alexa app] daily reminder deleted"]
    assert json.loads(state.read_text())["alexa_app"]["reminders"] == {}


def _reminder_turns(url: str, state: Path, locale: str):  # type: ignore[no-untyped-def]
    def turn(text: str) -> tuple[list[str], str]:
        shown, exchange, _ = say_on_device(
            text, url=url, state_file=state, clock=lambda: NOON, locale=locale,
            tz="America/New_York",
        )  # fmt: skip
        return shown, exchange.speech

    return turn


@pytest.mark.parametrize(
    ("locale", "evening", "yes", "morning"),
    [
        ("en-US", "remind me to reflect every evening at nine", "yes",
         "change my reminder to eight in the morning"),
        ("es-US", "recuérdame cada noche a las nueve", "sí",
         "cambia mi recordatorio a las ocho de la mañana"),
    ],
)  # fmt: skip
def test_a_morning_said_moves_an_evening_reminder_to_the_morning(
    url: str, tmp_path: Path, locale: str, evening: str, yes: str, morning: str
) -> None:
    turn = _reminder_turns(url, tmp_path / "sim.json", locale)
    turn(evening)
    shown, _ = turn(yes)
    assert shown and "daily at 21:00" in shown[0]
    shown, _ = turn(morning)
    assert shown and "daily at 08:00" in shown[0]


@pytest.mark.parametrize(
    ("locale", "evening", "yes", "bare", "way_to_morning", "morning"),
    [
        ("en-US", "remind me to reflect every evening at nine", "yes",
         "set my reminder for 6 a.m.", "remind me every morning at 6 AM",
         "remind me every morning at 6 AM"),
        ("es-US", "recuérdame cada noche a las nueve", "sí",
         "cambia mi recordatorio a las seis", "recuérdame cada mañana a las 6 de la mañana",
         "recuérdame cada mañana a las seis"),
    ],
)  # fmt: skip
def test_an_hour_heard_alone_keeps_the_evening_and_says_how_to_ask_for_the_morning(
    url: str, tmp_path: Path, locale: str, evening: str, yes: str, bare: str,
    way_to_morning: str, morning: str,
) -> None:  # fmt: skip
    """Alexa sends "6 am" as it sends a bare "six": the evening is kept, as for "six", and
    the reply names words that reach the skill as a morning."""
    turn = _reminder_turns(url, tmp_path / "sim.json", locale)
    turn(evening)
    turn(yes)
    shown, spoken = turn(bare)
    assert shown and "daily at 18:00" in shown[0]
    assert way_to_morning in spoken
    shown, _ = turn(morning)
    assert shown and "daily at 06:00" in shown[0]


def test_tz_is_the_devices_setting_and_the_skill_learns_it_at_its_daily_check(
    url: str, tmp_path: Path, journal: Journal, app: Flask, clock: Clock
) -> None:
    """`--tz` sets the simulated device's zone, which `say` serves through the Settings API
    and keeps for later turns. The skill checks a device's zone at most once a day, so a
    change on a device it already checked today counts from the next day's check."""
    state = tmp_path / "sim.json"
    refresher = app.extensions["smallwins"].refresher

    def turn(text: str, **options: str) -> Exchange:
        return say_on_device(text, url=url, state_file=state, clock=clock, **options)[1]

    turn("I went for a walk instead of drinking", tz="Europe/London")
    refresher.drain()
    owner = owner_key(SECRET, _user(state))
    assert journal.profile(owner)["tz"] == "Europe/London"
    # The person flies to Auckland and changes the device's zone: a new session, same device.
    device = json.loads(state.read_text())["device_id"]
    moved = turn("how am I doing", tz="Pacific/Auckland")
    assert moved.new_session
    assert json.loads(state.read_text())["device_id"] == device
    refresher.drain()
    assert journal.profile(owner)["tz"] == "Europe/London"  # checked today already
    clock.now += timedelta(days=1)
    turn("how am I doing")  # no --tz: the device keeps the zone it was given
    refresher.drain()
    assert journal.profile(owner)["tz"] == "Pacific/Auckland"
    assert json.loads(state.read_text())["device"]["tz"] == "Pacific/Auckland"


def test_a_wrong_tz_or_locale_is_said_plainly(url: str, tmp_path: Path) -> None:
    state = tmp_path / "sim.json"
    with pytest.raises(SimulatorError, match="unknown time zone 'Mars/Base'"):
        say_on_device("help", url=url, state_file=state, tz="Mars/Base")
    with pytest.raises(SimulatorError, match="no locale 'xx-XX'"):
        say_on_device("help", url=url, state_file=state, locale="xx-XX")
