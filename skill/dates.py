"""Dates as Alexa sends them (AMAZON.DATE) and as a person would say them back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Period:
    """An inclusive range of local days, and how to name it aloud ("last week")."""

    first: date
    last: date
    name: str


def period_from_slot(value: str | None, today: date) -> Period | None:
    """Turn an AMAZON.DATE value into a period of past days; None when it names none.

    Alexa resolves a bare weekday ("on Tuesday") and a month and day without a year ("November
    third") to the *next* such date; someone asking what they did means the last one.
    """
    if not value:
        return None
    value = value.strip().upper()
    if value == "PRESENT_REF":
        return Period(today, today, "today")
    if m := _DAY.match(value):
        day = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        if day is None:
            return None
        day = _into_the_past(day, today)
        return Period(day, day, spoken_day(day, today))
    if m := _WEEK.match(value):
        try:
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
        if m[3]:
            saturday = monday + timedelta(days=5)
            return Period(saturday, saturday + timedelta(days=1), _week_name(monday, today, True))
        return Period(monday, monday + timedelta(days=6), _week_name(monday, today, False))
    if m := _MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        if not (1 <= month <= 12 and 1 <= year <= 9998):
            return None
        first = date(year, month, 1)
        last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
        same = (year, month) == (today.year, today.month)
        return Period(first, last, "this month" if same else f"in {_MONTHS[month - 1]}")
    if m := _YEAR.match(value):
        year = int(m[1])
        if not 1 <= year <= 9998:
            return None
        name = "this year" if year == today.year else f"in {year}"
        return Period(date(year, 1, 1), date(year, 12, 31), name)
    return None


def spoken_day(day: date, today: date) -> str:
    """'today', 'yesterday', 'on Tuesday' within the last week, else 'on November 3rd'."""
    delta = (today - day).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if 1 < delta < 7:
        return f"on {_WEEKDAYS[day.weekday()]}"
    name = f"on {_MONTHS[day.month - 1]} {_ordinal(day.day)}"
    return name if day.year == today.year else f"{name}, {day.year}"


def _into_the_past(day: date, today: date) -> date:
    """A date Alexa put in the future, moved back to the one the person meant."""
    if today < day <= today + timedelta(days=7):
        return day - timedelta(days=7)
    if day > today and day.year == today.year + 1:
        # February 29th of a leap year has no twin a year earlier; the 28th is the closest.
        return _safe_date(day.year - 1, day.month, day.day) or day - timedelta(days=366)
    return day


def _week_name(monday: date, today: date, weekend: bool) -> str:
    this_monday = today - timedelta(days=today.weekday())
    weeks_ago = (this_monday - monday).days // 7
    noun = "weekend" if weekend else "week"
    if weeks_ago == 0:
        return f"this {noun}"
    if weeks_ago == 1:
        return f"last {noun}"
    return f"the {noun} of {_MONTHS[monday.month - 1]} {_ordinal(monday.day)}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
