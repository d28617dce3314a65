"""Progress counts over local days: ISO weeks, distinct days with a win, and the trend."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from journal.progress import (
    FEWER,
    FIRST_WEEK,
    MORE,
    QUIET,
    RESTART,
    SAME,
    Progress,
    progress,
    trend,
)

MONDAY = date(2026, 11, 23)
WEDNESDAY = date(2026, 11, 25)
SUNDAY = date(2026, 11, 29)


def days_before(today: date, *offsets: int) -> list[date]:
    """One win per offset, `offset` days before `today`; repeat an offset for more that day."""
    return [today - timedelta(days=offset) for offset in offsets]


def test_empty_history_counts_nothing_but_keeps_the_total() -> None:
    assert progress([], today=WEDNESDAY, total=0) == Progress(0, 0, 0, 0, 0)
    # Old wins outside every window still count in the total the caller passes.
    assert progress([], today=WEDNESDAY, total=12) == Progress(0, 0, 0, 0, 12)


def test_mid_week_splits_at_monday() -> None:
    # Wednesday: this week is Mon..Wed (offsets 0-2), last week Mon..Sun before (offsets 3-9).
    days = days_before(WEDNESDAY, 0, 2, 3, 9, 10)
    result = progress(days, today=WEDNESDAY, total=40)
    assert (result.this_week, result.last_week) == (2, 2)
    assert result.total == 40


def test_on_monday_this_week_is_just_today() -> None:
    days = days_before(MONDAY, 0, 1, 7, 8)  # today, yesterday (Sun), last Monday, the Sunday before
    result = progress(days, today=MONDAY, total=4)
    assert result.this_week == 1
    assert result.last_week == 2  # yesterday (Sunday) and last Monday
    assert result.days_last_7 == 2  # today and yesterday; last Monday is 7 days back


def test_on_sunday_this_week_is_the_whole_week() -> None:
    days = days_before(SUNDAY, 0, 6, 7, 13, 14)
    result = progress(days, today=SUNDAY, total=5)
    assert result.this_week == 2  # Sunday and the Monday six days earlier
    assert result.last_week == 2  # Sunday 7 back and Monday 13 back
    assert result.days_last_7 == 2


def test_several_wins_a_day_count_as_wins_but_one_day() -> None:
    days = days_before(WEDNESDAY, 0, 0, 0, 1, 1, 5)
    result = progress(days, today=WEDNESDAY, total=6)
    assert result.this_week == 5
    assert result.last_week == 1
    assert result.days_last_7 == 3
    assert result.days_last_30 == 3


def test_day_windows_include_today_and_stop_at_their_edge() -> None:
    days = days_before(WEDNESDAY, 0, 6, 7, 29, 30, 34)
    result = progress(days, today=WEDNESDAY, total=6)
    assert result.days_last_7 == 2  # offsets 0 and 6
    assert result.days_last_30 == 4  # offsets 0, 6, 7 and 29


def test_order_of_days_does_not_matter() -> None:
    days = days_before(WEDNESDAY, 3, 0, 12, 0, 1)
    assert progress(days, today=WEDNESDAY, total=5) == progress(
        sorted(days), today=WEDNESDAY, total=5
    )


def test_days_after_today_are_left_out() -> None:
    # A win already on "tomorrow" in another zone must not count in this week's numbers.
    days = [WEDNESDAY + timedelta(days=1), WEDNESDAY]
    result = progress(days, today=WEDNESDAY, total=2)
    assert (result.this_week, result.days_last_7, result.days_last_30) == (1, 1, 1)


def test_weeks_cross_a_year_boundary() -> None:
    today = date(2027, 1, 1)  # a Friday; its ISO week began on Monday 28 December 2026
    days = [date(2026, 12, 28), date(2026, 12, 27), date(2026, 12, 21), date(2026, 12, 20)]
    result = progress(days, today=today, total=4)
    assert (result.this_week, result.last_week) == (1, 2)


def test_progress_has_no_streak_or_days_clean() -> None:
    fields = set(Progress.__dataclass_fields__)
    assert fields == {"this_week", "last_week", "days_last_7", "days_last_30", "total"}


@pytest.mark.parametrize(
    ("this_week", "last_week", "total", "expected"),
    [
        (5, 3, 10, MORE),
        (3, 3, 10, SAME),
        (1, 4, 10, FEWER),
        # A week without wins is never compared with zero or with last week.
        (0, 0, 10, QUIET),
        (0, 2, 10, QUIET),
        # Wins after a week without: a first week only if they are all the wins there are.
        (2, 0, 2, FIRST_WEEK),
        (2, 0, 40, RESTART),
    ],
)
def test_trend(this_week: int, last_week: int, total: int, expected: str) -> None:
    assert trend(Progress(this_week, last_week, 0, 0, total)) == expected


def test_trend_values_are_the_documented_strings() -> None:
    assert (MORE, SAME, FEWER, FIRST_WEEK, RESTART, QUIET) == (
        "more", "same", "fewer", "first_week", "restart", "quiet",
    )  # fmt: skip


def test_trend_from_counted_days() -> None:
    # Two wins last week, three so far this week.
    days = days_before(WEDNESDAY, 0, 1, 1, 4, 8)
    assert trend(progress(days, today=WEDNESDAY, total=5)) == MORE
