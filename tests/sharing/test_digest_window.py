"""The digest window: every moment between one note and the next, in the sender's zone, once.

Notes are due on a weekday at a wall-clock time; a win belongs to the first note due at or
after it. Checked at the edges: the due instant itself, a second after it, the evening of the
due day (when people reflect), and weeks that span a clock change either way.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sharing.schedule import DAYS, next_due, previous_due, week_of

NY = "America/New_York"
SUNDAY = DAYS.index("sunday")


def ny(month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=ZoneInfo(NY))


def note_for(moment: datetime, day: int = SUNDAY, at: str = "18:00", tz: str = NY) -> datetime:
    """The due instant of the note that should carry a win said at `moment`."""
    return next_due(day, at, tz, moment - timedelta(microseconds=1))


@pytest.mark.parametrize(
    ("said", "due"),
    [
        (ny(11, 22, 18, 0, 1), ny(11, 29, 18)),  # a second after last week's note
        (ny(11, 29, 17, 59, 59), ny(11, 29, 18)),  # a second before this one
        (ny(11, 29, 18), ny(11, 29, 18)),  # the due instant itself
        (ny(11, 29, 19, 30), ny(12, 6, 18)),  # Sunday evening: the next note, not none
        (ny(11, 29, 23, 59), ny(12, 6, 18)),
    ],
)
def test_each_moment_belongs_to_exactly_one_note(said: datetime, due: datetime) -> None:
    weeks = [week_of(d, NY, day=SUNDAY, at="18:00") for d in (ny(11, 29, 18), ny(12, 6, 18))]
    holding = [w for w in weeks if w.holds(said.astimezone(UTC))]
    assert len(holding) == 1
    assert holding[0].until == due.astimezone(UTC)
    assert note_for(said) == due.astimezone(UTC)


@pytest.mark.parametrize(
    ("due", "hours"),
    [
        (ny(3, 8, 18), 7 * 24 - 1),  # clocks went forward that morning: a week is an hour short
        (ny(11, 1, 18), 7 * 24 + 1),  # clocks went back: an hour longer
        (ny(11, 8, 18), 7 * 24),
    ],
)
def test_a_week_is_a_week_of_wall_clock_across_clock_changes(due: datetime, hours: int) -> None:
    week = week_of(due.astimezone(UTC), NY, day=SUNDAY, at="18:00")
    assert week.after is not None and week.until is not None
    assert week.until - week.after == timedelta(hours=hours)
    assert week.after == previous_due(SUNDAY, "18:00", NY, week.until)
    # Consecutive notes meet exactly: no gap, no overlap.
    assert next_due(SUNDAY, "18:00", NY, week.after) == week.until


def test_consecutive_windows_tile_a_whole_year_in_several_zones() -> None:
    for tz, day, at in [
        (NY, SUNDAY, "18:00"),
        ("Europe/London", DAYS.index("sunday"), "01:30"),  # inside the skipped/repeated hour
        ("Australia/Lord_Howe", DAYS.index("saturday"), "02:15"),  # a half-hour change
        ("America/Sao_Paulo", DAYS.index("friday"), "00:00"),
    ]:
        due = next_due(day, at, tz, datetime(2026, 1, 1, tzinfo=UTC))
        for _ in range(53):
            week = week_of(due, tz, day=day, at=at)
            following = next_due(day, at, tz, due)
            after = week_of(following, tz, day=day, at=at)
            assert after.after == week.until == due, (tz, due)
            assert timedelta(days=6) < after.until - after.after < timedelta(days=8)  # type: ignore[operator]
            due = following


def test_a_skipped_local_time_is_the_same_instant_both_ways() -> None:
    # 02:30 on 8 March 2026 does not exist in New York; next_due lands an hour later, and the
    # week that follows starts at that same instant.
    due = next_due(SUNDAY, "02:30", NY, ny(3, 7, 12))
    assert due == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    following = next_due(SUNDAY, "02:30", NY, due)
    assert week_of(following, NY, day=SUNDAY, at="02:30").after == due


def test_without_a_schedule_the_week_is_seven_wall_clock_days_back() -> None:
    week = week_of(ny(11, 29, 18).astimezone(UTC), NY)
    assert week.after == ny(11, 22, 18).astimezone(UTC)
    assert week.first.isoformat() == "2026-11-22" and week.last.isoformat() == "2026-11-29"
    assert week.label == "2026W48"


def test_a_note_scheduled_in_another_zone_still_covers_its_week() -> None:
    # Scheduled for Sunday 6 PM in New York, sent where the zone is now UTC: Sunday 18:00 UTC
    # is five hours before, and a window from there would leave the week unsent.
    due = ny(11, 29, 18).astimezone(UTC)
    week = week_of(due, "UTC", day=SUNDAY, at="18:00")
    assert week.after == due - timedelta(days=7) and week.until == due
