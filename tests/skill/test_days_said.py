"""A win that names its day ("yesterday I didn't smoke") is kept on that day, without the word."""

from __future__ import annotations

import pytest

from journal import Journal
from skill.days_said import day_said, only_a_day
from tests.support.dialog import Dialog


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
    ],
)  # fmt: skip
def test_a_day_named_at_the_edge_is_taken_off(said: str, locale: str, kept: str, back: int) -> None:
    assert day_said(said, locale) == (kept, back)


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
