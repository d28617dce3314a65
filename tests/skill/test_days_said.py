"""A win that names its day ("yesterday I didn't smoke", "last Tuesday I threw out the
bottle") is kept on that day, without the words."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from journal import Journal
from skill.days_said import day_said, only_a_day
from tests.skill.conftest import NOON
from tests.skill.test_user_test_slips import say
from tests.support.dialog import Dialog

# NOON's day in New York, a Tuesday.
TUESDAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("said", "locale", "kept", "back"),
    [
        ("yesterday I didn't smoke", "en-US", "I didn't smoke", 1),
        ("Yesterday, I went to a meeting", "en-US", "I went to a meeting", 1),
        ("called my sponsor yesterday", "en-US", "called my sponsor", 1),
        ("today I went for a run", "en-US", "I went for a run", 0),
        ("went to my meeting today", "en-US", "went to my meeting", 0),
        ("ayer no fumé", "es-US", "no fumé", 1),
        ("fui a la junta hoy", "es-US", "fui a la junta", 0),
        # Not at an edge, or nothing else said: the words stay as they are.
        ("I told my sponsor about yesterday's craving", "en-US",
         "I told my sponsor about yesterday's craving", 0),
        ("yesterday", "en-US", "yesterday", 0),
        ("went to the store yesterday and today", "en-US",
         "went to the store yesterday and today", 0),
        ("fui ayer y hoy", "es-US", "fui ayer y hoy", 0),
        # Said last after "where", "what", "dónde", "lo que": the day of what they tell.
        ("I told my wife the truth about where I was yesterday", "en-US",
         "I told my wife the truth about where I was yesterday", 0),
        ("told my sponsor what happened yesterday", "en-US",
         "told my sponsor what happened yesterday", 0),
        ("le conté a mi padrino dónde estuve ayer", "es-US",
         "le conté a mi padrino dónde estuve ayer", 0),
        ("le conté a mi madrina lo que pasó ayer", "es-US",
         "le conté a mi madrina lo que pasó ayer", 0),
        # Said first, the day is still the win's.
        ("yesterday I told my wife where I was", "en-US", "I told my wife where I was", 1),
        ("ayer le conté a mi padrino dónde estuve", "es-US",
         "le conté a mi padrino dónde estuve", 1),
    ],
)  # fmt: skip
def test_a_day_named_at_the_edge_is_taken_off(said: str, locale: str, kept: str, back: int) -> None:
    assert day_said(said, locale, TUESDAY) == (kept, back)


@pytest.mark.parametrize(
    ("said", "locale", "kept", "back"),
    [
        ("last thursday I threw out the bottle", "en-US", "I threw out the bottle", 5),
        ("went to a meeting the day before yesterday", "en-US", "went to a meeting", 2),
        ("Sunday night I called my sponsor", "en-US", "I called my sponsor", 2),
        ("I went to mass on Sunday", "en-US", "I went to mass", 2),
        ("last night I didn't drink", "en-US", "I didn't drink", 1),
        ("I slept well last night.", "en-US", "I slept well", 1),
        ("this morning I went for a run", "en-US", "I went for a run", 0),
        ("three days ago I ran", "en-US", "I ran", 3),
        # Today's weekday is today, or a week back when said as the last one.
        ("on Tuesday I ran", "en-US", "I ran", 0),
        ("last Tuesday I ran", "en-US", "I ran", 7),
        ("el martes pasado tiré la botella", "es-US", "tiré la botella", 7),
        ("el jueves pasado tiré la botella", "es-US", "tiré la botella", 5),
        ("anteayer fui a la junta", "es-US", "fui a la junta", 2),
        ("fui a la junta el domingo en la tarde", "es-US", "fui a la junta", 2),
        ("este lunes fui a la junta", "es-US", "fui a la junta", 1),
        ("anoche no tomé", "es-US", "no tomé", 1),
        ("hace tres días no tomé", "es-US", "no tomé", 3),
        ("antier fui a la junta", "es-MX", "fui a la junta", 2),
        # Not said in Spain; further back than a week; a habit, not a day: words kept, today.
        ("antier fui a la junta", "es-ES", "antier fui a la junta", 0),
        ("ten days ago I ran", "en-US", "ten days ago I ran", 0),
        ("on Mondays I go to meetings", "en-US", "on Mondays I go to meetings", 0),
        ("I go every Sunday", "en-US", "I go every Sunday", 0),
        ("voy a la junta los lunes", "es-US", "voy a la junta los lunes", 0),
    ],
)  # fmt: skip
def test_any_day_of_the_last_week_named_at_the_edge_is_taken_off(
    said: str, locale: str, kept: str, back: int
) -> None:
    """ "last Tuesday I threw out the bottle" was kept today, read back as "Today, you last
    tuesday you threw out the bottle" and mailed as "I last tuesday i threw out the bottle"."""
    assert day_said(said, locale, TUESDAY) == (kept, back)


@pytest.mark.parametrize(
    ("locale", "said", "kept", "back", "read"),
    [
        ("en-US", "last thursday I threw out the bottle", "i threw out the bottle", 5,
         "On Thursday, you threw out the bottle."),
        ("en-US", "went to a meeting the day before yesterday", "I went to a meeting", 2,
         "On Sunday, you went to a meeting."),
        ("es-US", "el jueves pasado tiré la botella", "tiré la botella", 5,
         "El jueves tiraste la botella."),
        ("es-US", "anteayer fui a la junta", "fui a la junta", 2, "El domingo fuiste a la junta."),
    ],
)  # fmt: skip
def test_a_win_said_for_a_day_this_past_week_is_kept_and_read_back_on_it(
    client, journal: Journal, owner: str, locale: str, said: str, kept: str, back: int, read: str
) -> None:
    dialog = Dialog(client, now=NOON, locale=locale)
    dialog.launch()
    say(dialog, said)
    [win] = journal.recent(owner, 5)
    assert (win.text, (TUESDAY - win.day).days) == (kept, back)
    dialog = Dialog(client, now=NOON, locale=locale)
    assert read in say(dialog, "read my wins" if locale == "en-US" else "lee mis logros")


@pytest.mark.parametrize(
    ("locale", "said", "day"),
    [("en-US", "tell small wins yesterday I called my sponsor", 23),
     ("en-US", "tell small wins last thursday I threw out the bottle", 19),
     ("es-US", "dile a pequeños logros que anoche no tomé", 23)],
)  # fmt: skip
def test_a_win_said_after_its_day_is_kept_without_asking(
    client, journal: Journal, owner: str, locale: str, said: str, day: int
) -> None:
    """Said first, the day kept the words from the "I {win}" carrier, and the win was met
    with "Should I keep this as a win?"; a "skip" to that then lost it."""
    say(Dialog(client, now=NOON, locale=locale), said)
    [win] = journal.recent(owner, 5)
    assert win.day == date(2026, 11, day)


def test_skip_to_should_i_keep_this_asks_again_and_loses_nothing(
    client, journal: Journal, owner: str
) -> None:
    dialog = Dialog(client, now=NOON)
    said = say(dialog, "tell small wins zorp blarg")
    assert dialog.attributes["await"]["kind"] == "confirm_save", said
    said = say(dialog, "skip")
    assert not dialog.ended and "yes" in said.lower()
    say(dialog, "yes")
    assert len(journal.recent(owner, 5)) == 1


def test_yesterday_said_just_after_midnight_after_the_clocks_change_is_yesterday(
    client, clock, journal: Journal, owner: str
) -> None:
    """The clocks went forward on March 8th; at 00:30 on the 9th, 24 hours back is the 7th."""
    clock.set(datetime(2026, 3, 9, 4, 30, tzinfo=UTC))  # 00:30 in New York
    dialog = Dialog(client, now=clock())
    dialog.launch()
    dialog.intent("RecordWinIntent", win="yesterday I didn't smoke")
    [win] = journal.recent(owner, 5)
    assert win.day == date(2026, 3, 8)


def test_a_win_said_for_yesterday_is_kept_on_yesterday_and_read_back_so(
    dialog: Dialog, journal: Journal, owner: str
) -> None:
    """It was kept today and read back as "Today, yesterday you didn't smoke"."""
    dialog.intent("RecordWinIntent", win="yesterday I didn't smoke")
    [win] = journal.recent(owner, 5)
    assert win.text == "I didn't smoke"
    said = dialog.intent("ReadWinsIntent")
    assert "Yesterday, you didn't smoke" in said
    assert "Today" not in said


@pytest.mark.parametrize(
    ("said", "locale", "alone"),
    [("today", "en-US", True), ("yesterday.", "en-US", True), ("hoy", "es-US", True),
     ("today I ran", "en-US", False), ("hoy no tomé", "es-US", False)],
)  # fmt: skip
def test_a_day_said_alone(said: str, locale: str, alone: bool) -> None:
    assert only_a_day(said, locale) is alone


@pytest.mark.parametrize(
    ("locale", "day", "win"),
    [("en-US", "today", "I skipped the bar"), ("es-US", "hoy", "no tomé en la fiesta")],
)
def test_a_day_said_alone_asks_for_the_win_and_keeps_the_next_words(
    client, clock, journal: Journal, owner: str, locale: str, day: str, win: str
) -> None:
    """ "Hoy" said alone was offered as a win ("¿Guardo esto como un logro: hoy?")."""
    dialog = Dialog(client, now=clock(), locale=locale)
    dialog.intent("AMAZON.HelpIntent")
    said = dialog.intent("AnswerIntent", answer=day)
    assert "?" in said and day not in said.lower() and not dialog.ended
    dialog.intent("AnswerIntent", answer=win)
    assert [w.text for w in journal.recent(owner, 5)] == [win]


@pytest.mark.parametrize(
    "said",
    ["I went to a meeting today", "went to a meeting today", "went to a meeting today.",
     "tell small wins I went to a meeting today", "tell small wins went to a meeting today",
     "today I went to a meeting today", "Went to a meeting today!"],
)  # fmt: skip
def test_a_win_said_today_is_not_read_back_with_today_twice(client, said: str) -> None:
    """ "Today, you went to a meeting today." """
    dialog = Dialog(client, now=NOON)
    if not said.startswith("tell"):
        dialog.launch()
    say(dialog, said)
    read = say(Dialog(client, now=NOON), "read my wins")
    assert read.lower().count("today") == 1, read


def test_a_win_kept_with_its_day_in_the_words_is_read_without_it_twice(
    client, journal: Journal, owner: str
) -> None:
    """Kept before its day was taken off, it was read back "Today, you went to a meeting
    today"; a day said of another day than the win's stays."""
    journal.record(owner, "I went to a meeting today", at=NOON)
    journal.record(owner, "I called my sponsor yesterday", at=NOON)
    read = say(Dialog(client, now=NOON), "read my wins")
    assert "Today, you went to a meeting." in read
    assert "Today, you called your sponsor yesterday." in read
    said = say(Dialog(client, now=NOON), "I need encouragement")
    assert "meeting today" not in said
