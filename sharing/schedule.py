"""When weekly digests are due: a weekday and time in the sender's own time zone.

A digest covers every moment after the previous due time up to and including its own, so a
win said on the due day after the hour (Sunday evening, when people reflect) goes into the next
note rather than into none. The span is a week of wall-clock time in the sender's zone: seven
days and an hour, or less an hour, across a clock change. A digest is named by its due day's
ISO week ("2026W48"): the name is the idempotency key, so one week is sent once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import locales
from locales import speaking

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def spoken_when(day: int, at: str, *, every: bool = False, locale: str = locales.DEFAULT) -> str:
    """ "Sunday at 6 PM" (or "Sundays at 6:30 PM" with `every`), as people say it."""
    hour, minute = (int(part) for part in at.split(":"))
    return speaking.weekly(locale, day, hour, minute, every=every)


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _instant(on: date, at: str, zone: ZoneInfo) -> datetime:
    # Round-trip through UTC so a skipped local time lands on a real instant; a repeated one
    # is its first occurrence (fold 0).
    return datetime.combine(on, _clock(at), zone).astimezone(UTC)


def next_due(day: int, at: str, tz: str, after: datetime) -> datetime:
    """The first moment after `after` that is weekday `day` (Monday 0) at `at` in `tz`, in UTC.

    A local time that a clock change skips comes out an hour later, as a wall clock would.
    """
    zone = ZoneInfo(tz)
    local = after.astimezone(zone)
    candidate_day = local.date() + timedelta(days=(day - local.weekday()) % 7)
    for weeks in range(3):
        instant = _instant(candidate_day + timedelta(weeks=weeks), at, zone)
        if instant > after.astimezone(UTC):
            return instant
    raise AssertionError("unreachable: a week always has the weekday")


def previous_due(day: int, at: str, tz: str, before: datetime) -> datetime:
    """The last moment before `before` that is weekday `day` at `at` in `tz`, in UTC: the
    instant `next_due` gave for the note before the one due at `before`."""
    zone = ZoneInfo(tz)
    local = before.astimezone(zone)
    candidate_day = local.date() - timedelta(days=(local.weekday() - day) % 7)
    for weeks in range(3):
        instant = _instant(candidate_day - timedelta(weeks=weeks), at, zone)
        if instant < before.astimezone(UTC):
            return instant
    raise AssertionError("unreachable: a week always has the weekday")


@dataclass(frozen=True)
class Week:
    """What a digest covers and its name: the local days it touches and, for a sent note,
    exactly the instants (`after`, `until`]; without them, whole days."""

    first: date
    last: date
    label: str
    after: datetime | None = None
    until: datetime | None = None

    def holds(self, moment: datetime) -> bool:
        if self.after is None or self.until is None:
            return True
        return self.after < moment <= self.until


def week_of(due: datetime, tz: str, *, day: int | None = None, at: str | None = None) -> Week:
    """The week of the note due at `due`; given its schedule (`day`, `at`), it starts right
    after the previous note's due time, else seven days before `due` on the same wall clock."""
    zone = ZoneInfo(tz)
    end = due.astimezone(UTC)
    local = end.astimezone(zone)
    start = datetime.combine(local.date() - timedelta(weeks=1), local.time(), zone)
    start = start.astimezone(UTC)
    if day is not None and at is not None:
        previous = previous_due(day, at, tz, end)
        # A note scheduled in another zone than it is sent in (the person moved, or their
        # zone was first learnt meanwhile) does not fall on this zone's weekday and time:
        # then the plain week back is the window, and no day goes unsent.
        if end - previous >= timedelta(days=6):
            start = previous
    year, week, _ = local.date().isocalendar()
    return Week(
        first=start.astimezone(zone).date(),
        last=local.date(),
        label=f"{year}W{week:02d}",
        after=start,
        until=end,
    )
