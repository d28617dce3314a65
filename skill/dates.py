"""Dates as Alexa sends them (AMAZON.DATE) and as a person would say them back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import locales
from locales import speaking

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    """An inclusive range of local days, and how to name it aloud ("last week")."""

    first: date
    last: date
    name: str


def period_from_slot(
    value: str | None, today: date, locale: str = locales.DEFAULT
) -> Period | None:
    """Turn an AMAZON.DATE value into a period of past days; None when it names none.

    Alexa resolves a bare weekday ("on Tuesday") and a month and day without a year ("November
    third") to the *next* such date; someone asking what they did means the last one.
    """
    if not value:
        return None
    value = value.strip().upper()
    if value == "PRESENT_REF":
        return Period(today, today, speaking.named(locale, "today"))
    if m := _DAY.match(value):
        day = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        if day is None:
            return None
        day = _into_the_past(day, today)
        return Period(day, day, spoken_day(day, today, locale))
    if m := _WEEK.match(value):
        try:
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
        if m[3]:
            saturday = monday + timedelta(days=5)
            weekend = _week_name(monday, today, True, locale)
            return Period(saturday, saturday + timedelta(days=1), weekend)
        return Period(monday, monday + timedelta(days=6), _week_name(monday, today, False, locale))
    if m := _MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        if not (1 <= month <= 12 and 1 <= year <= 9998):
            return None
        first = date(year, month, 1)
        last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
        same = (year, month) == (today.year, today.month)
        name = (
            speaking.named(locale, "this_month")
            if same
            else speaking.named(locale, "in_month", month=speaking.month(locale, month))
        )
        return Period(first, last, name)
    if m := _YEAR.match(value):
        year = int(m[1])
        if not 1 <= year <= 9998:
            return None
        name = speaking.named(locale, "this_year" if year == today.year else "in_year", year=year)
        return Period(date(year, 1, 1), date(year, 12, 31), name)
    return None


def spoken_day(day: date, today: date, locale: str = locales.DEFAULT) -> str:
    """'today', 'yesterday', 'on Tuesday' within the last week, else 'on November 3rd'
    (in the locale's words: 'el martes', 'el 3 de noviembre')."""
    delta = (today - day).days
    if delta == 0:
        return speaking.named(locale, "today")
    if delta == 1:
        return speaking.named(locale, "yesterday")
    if 1 < delta < 7:
        return speaking.weekday_name(locale, day.weekday())
    return speaking.date_name(locale, day, year=day.year != today.year)


def _into_the_past(day: date, today: date) -> date:
    """A date Alexa put in the future, moved back to the one the person meant."""
    if today < day <= today + timedelta(days=7):
        return day - timedelta(days=7)
    if day > today and day.year == today.year + 1:
        # February 29th of a leap year has no twin a year earlier; the 28th is the closest.
        return _safe_date(day.year - 1, day.month, day.day) or day - timedelta(days=366)
    return day


def _week_name(monday: date, today: date, weekend: bool, locale: str) -> str:
    this_monday = today - timedelta(days=today.weekday())
    weeks_ago = (this_monday - monday).days // 7
    noun = "weekend" if weekend else "week"
    if weeks_ago == 0:
        return speaking.named(locale, f"this_{noun}")
    if weeks_ago == 1:
        return speaking.named(locale, f"last_{noun}")
    return speaking.named(
        locale,
        f"{noun}_of",
        month=speaking.month(locale, monday.month),
        day=speaking.day_of_month(locale, monday.day),
    )


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
