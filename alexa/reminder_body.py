"""The Reminders API's body for one recurring daily reminder.

Reminder bodies follow Amazon's "Alexa Reminders API Reference": a `SCHEDULED_ABSOLUTE` trigger
whose times are ISO 8601 without an offset, read in the trigger's `timeZoneId`, and a
`recurrence` with `startDateTime` plus `recurrenceRules` (the older `freq`/`byDay` fields are
deprecated there and ignored when the new ones are present).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from datetime import time as wall_time
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Wall-clock format for the Reminders API: local time in the trigger's zone, no offset, with
# milliseconds, as in Amazon's examples ("2019-09-22T19:00:00.000").
_WALL_CLOCK: Final = "%Y-%m-%dT%H:%M:%S"

# The furthest-ahead wall clock on Earth (Line Islands, UTC+14). A time of day still ahead here
# is still ahead everywhere: see `_first_occurrence`.
_LATEST_WALL_CLOCK: Final = timezone(timedelta(hours=14))


def daily_reminder_body(
    *,
    hour: int,
    minute: int,
    text: str,
    locale: str,
    time_zone: str | None,
    now: datetime,
) -> dict[str, Any]:
    """The Reminders API body for a reminder every day at hour:minute in `time_zone`.

    The first occurrence is today at that time if it is still ahead in the person's zone, else
    tomorrow. `requestTime` is `now` in UTC. Raises ValueError for an impossible time, an empty
    text or locale, an unknown zone, or a `now` without a time zone.
    """
    if isinstance(hour, bool) or not isinstance(hour, int) or not 0 <= hour <= 23:
        raise ValueError("hour must be 0-23")
    if isinstance(minute, bool) or not isinstance(minute, int) or not 0 <= minute <= 59:
        raise ValueError("minute must be 0-59")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("the reminder text is empty")
    if not isinstance(locale, str) or not locale:
        raise ValueError("the locale is empty")
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must carry a time zone")
    if time_zone is not None and not is_zone(time_zone):
        raise ValueError("unknown time zone")
    zone = ZoneInfo(time_zone) if time_zone is not None else None
    start = _first_occurrence(hour, minute, zone, now).strftime(_WALL_CLOCK) + ".000"
    utc_now = now.astimezone(UTC)
    request_time = utc_now.strftime(_WALL_CLOCK) + f".{utc_now.microsecond // 1000:03d}"
    trigger: dict[str, Any] = {"type": "SCHEDULED_ABSOLUTE", "scheduledTime": start}
    if time_zone is not None:
        trigger["timeZoneId"] = time_zone
    trigger["recurrence"] = {
        "startDateTime": start,
        "recurrenceRules": [
            f"FREQ=DAILY;BYHOUR={hour};BYMINUTE={minute};BYSECOND=0;INTERVAL=1;",
        ],
    }
    return {
        "requestTime": request_time,
        "trigger": trigger,
        "alertInfo": {"spokenInfo": {"content": [{"locale": locale, "text": text}]}},
        "pushNotification": {"status": "ENABLED"},
    }


def _first_occurrence(hour: int, minute: int, zone: ZoneInfo | None, now: datetime) -> datetime:
    """The first hour:minute strictly after `now`, as a naive wall-clock time in `zone`.

    Compared on the wall clock, because that is what the Reminders API reads. Without a zone we
    cannot know the device's date, so the start is taken from the furthest-ahead wall clock on
    Earth (UTC+14): it is then in the future wherever the device is, at the cost of possibly
    skipping the first evening, which is better than a start Alexa might reject as past.
    """
    local_now = now.astimezone(zone or _LATEST_WALL_CLOCK).replace(tzinfo=None)
    candidate = datetime.combine(local_now.date(), wall_time(hour, minute))
    if candidate <= local_now:
        candidate += timedelta(days=1)
    return candidate


def is_zone(name: str) -> bool:
    """Whether `name` is a time zone this machine knows."""
    try:
        ZoneInfo(name)
    # OSError: a name that is a folder of the zone database ("America") raises
    # IsADirectoryError rather than ZoneInfoNotFoundError.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
