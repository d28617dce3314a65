"""A win that names its day ("yesterday I didn't smoke") is kept on that day, without the word."""

from __future__ import annotations

import pytest

from journal import Journal
from skill.days_said import day_said
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
