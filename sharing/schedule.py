"""When weekly digests are due: a weekday and time in the sender's own time zone.

A digest covers the seven local days that end on the day it is due, and is named by that
day's ISO week ("2026W48"): the name is the idempotency key, so one week is sent once.
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


def next_due(day: int, at: str, tz: str, after: datetime) -> datetime:
    """The first moment after `after` that is weekday `day` (Monday 0) at `at` in `tz`, in UTC.

    A local time that a clock change skips comes out an hour later, as a wall clock would.
    """
    zone = ZoneInfo(tz)
    local = after.astimezone(zone)
    candidate_day = local.date() + timedelta(days=(day - local.weekday()) % 7)
    for weeks in range(3):
        moment = datetime.combine(candidate_day + timedelta(weeks=weeks), _clock(at), zone)
        # Round-trip through UTC so a skipped local time lands on a real instant.
        instant = moment.astimezone(UTC)
        if instant > after.astimezone(UTC):
            return instant
    raise AssertionError("unreachable: a week always has the weekday")


@dataclass(frozen=True)
class Week:
    """The days a digest due at one moment covers, and its name."""

    first: date
    last: date
    label: str


def week_of(due: datetime, tz: str) -> Week:
    last = due.astimezone(ZoneInfo(tz)).date()
    year, week, _ = last.isocalendar()
    return Week(first=last - timedelta(days=6), last=last, label=f"{year}W{week:02d}")
