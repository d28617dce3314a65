"""Typed words as Alexa hears them: normalized, and AMAZON.DATE / AMAZON.TIME phrases resolved
to the values Alexa sends ("last week" -> "2026-W47", "a las ocho y media de la noche" ->
"20:30"). The words of each language are its `alexa.toml` (tables `time` and `dates`); this
module only applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

import locales
from locales import speaking

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_NOT_WORD = re.compile(r"[^\w']+|_")


# -- words -------------------------------------------------------------------------------------


def normalize(text: str) -> str:
    """Lowercase words as Alexa transcribes them: punctuation dropped, apostrophes kept.

    Hyphens and commas become spaces ("twenty-third" -> "twenty third"), curly apostrophes
    become straight ones, and runs of whitespace fold to one space.
    """
    lowered = text.translate(_APOSTROPHES).lower()
    words = (word.strip("'") for word in _NOT_WORD.split(lowered))
    return " ".join(word for word in words if word)


# -- a language's numbers, times and dates --------------------------------------------------


@dataclass(frozen=True)
class _Words:
    time: dict[str, Any]
    dates: dict[str, Any]
    cardinals: dict[str, int]
    days: dict[str, int]
    years: dict[str, int]
    months: dict[str, int]
    weekdays: dict[str, tuple[int, str]]


def _names(spellings: list[str]) -> dict[str, int]:
    """["zero", "one uno", ...] -> {"zero": 0, "one": 1, "uno": 1, ...}."""
    return {name: n for n, names in enumerate(spellings) for name in names.split()}


@cache
def _words(locale: str) -> _Words:
    alexa = speaking.table(locale, "alexa")
    time, dates = alexa["time"], alexa["dates"]
    units = _names(time["units"])
    cardinals = {name: n for name, n in units.items() if n}
    joiner = f" {time['tens_joiner']} " if time["tens_joiner"] else " "
    for tens_name, tens in time["tens"].items():
        cardinals[tens_name] = tens
        for name, unit in units.items():
            if 1 <= unit <= 9:
                cardinals[f"{tens_name}{joiner}{name}"] = tens + unit
    # A day of the month: "3", "03", "3rd", "three", "third", "twenty third".
    days = {name: n for name, n in cardinals.items() if n <= 31}
    ordinals = _names(dates["ordinals"])
    days.update({name: n for name, n in ordinals.items() if n})
    days.update(dates["tens_ordinals"])
    if dates["compound_ordinals"]:
        for tens_name, tens in time["tens"].items():
            for name, unit in ordinals.items():
                if tens in (20, 30) and 1 <= unit <= (9 if tens == 20 else 1):
                    days[f"{tens_name} {name}"] = tens + unit
    for n in range(1, 32):
        days[str(n)] = days[f"{n:02d}"] = n
    days.update({said: n for n, said in enumerate(dates["numeral_days"], start=1)})
    # Spoken years this century: "twenty twenty six", "two thousand and five", "2026".
    years = {str(y): y for y in range(1900, 2100)}
    years[dates["thousand"][0]] = 2000
    for name, n in cardinals.items():
        for thousand in dates["thousand"]:
            years[f"{thousand} {name}"] = 2000 + n
        if n >= 10:
            for century in dates["century"]:
                years[f"{century} {name}"] = 2000 + n
    for name, unit in units.items():
        if 1 <= unit <= 9:
            for century in dates["century_oh"]:
                years[f"{century} {name}"] = 2000 + unit
    weekdays = {
        form.format(day=day): (number, kind)
        for number, days in enumerate(dates["weekdays"])
        for day in days.split()
        for form, kind in dates["weekday_forms"].items()
    }
    return _Words(time, dates, cardinals, days, years, _names(["", *dates["months"]]), weekdays)


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _month_value(today: date, shift: int) -> str:
    index = today.year * 12 + today.month - 1 + shift
    return f"{index // 12}-{index % 12 + 1:02d}"


# -- AMAZON.TIME -------------------------------------------------------------------------------


def _strip_before(words: str, before: list[str]) -> str:
    for lead in sorted(before, key=len, reverse=True):
        if words.startswith(lead + " "):
            return words[len(lead) + 1 :]
    return words


def resolve_time(phrase: str, locale: str = locales.DEFAULT) -> str | None:
    """Resolve a spoken time to the AMAZON.TIME value Alexa would send; None if unknown.

    "nine" -> "09:00" (Alexa leaves an hour without am/pm as said), "nine pm" -> "21:00",
    "nine thirty" / "9:30" -> "09:30", "noon" -> "12:00", "evening" -> "EV"; in Spanish
    "a las ocho y media de la noche" -> "20:30", "a las doce de la noche" -> "00:00".
    """
    table = _words(locale)
    time = table.time
    words = _strip_before(normalize(phrase).replace(".", ""), time["before"])
    if words in time["dayparts"]:
        return time["dayparts"][words]
    if words in time["noon"]:
        return "12:00"
    if words in time["midnight"]:
        return "00:00"
    half = None
    for marker in sorted(time["halves"], key=len, reverse=True):
        if words.endswith(f" {marker}"):
            half = time["halves"][marker]
            words = words[: -len(marker) - 1].strip()
            break
    minute = 0
    # normalize() turns "9:30" into "9 30"; both spellings mean the same time.
    digits = words.replace(" ", ":", 1) if words.replace(" ", "").isdigit() else words
    if ":" in digits:
        hour_part, _, minute_part = digits.partition(":")
        if not (hour_part.isdigit() and minute_part.isdigit()):
            return None
        hour, minute = int(hour_part), int(minute_part)
    else:
        hour_words = words
        for name, value in sorted(time["minutes"].items(), key=lambda item: -len(item[0])):
            if words.endswith(f" {name}"):
                hour_words, minute = words[: -len(name) - 1], value
                break
        else:
            # "ocho y veinte", "ocho y treinta y cinco": minutes as a number after a joiner.
            joiner = f" {time['minutes_joiner']} " if time["minutes_joiner"] else None
            if joiner and joiner in words:
                hour_words, _, said = words.partition(joiner)
                minute = int(said) if said.isdigit() else table.cardinals.get(said, 60)
        hour = int(hour_words) if hour_words.isdigit() else table.cardinals.get(hour_words, -1)
        if minute < 0 and hour > 0:  # "las nueve menos cuarto" is 8:45
            hour, minute = hour - 1, minute + 60
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    if half == "pm" and hour < 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    elif half == "night":
        hour = 0 if hour == 12 else hour + 12 if 6 <= hour < 12 else hour
    return f"{hour:02d}:{minute:02d}"


# -- AMAZON.DATE -------------------------------------------------------------------------------


def resolve_date(phrase: str, today: date, locale: str = locales.DEFAULT) -> str | None:
    """Resolve a spoken date to the AMAZON.DATE value Alexa would send; None if unknown.

    Relative days give a day ("yesterday" -> "2026-11-23"), weeks an ISO week ("last week" ->
    "2026-W47", "this weekend" -> "2026-W48-WE"), months "2026-11", years "2026". Like Alexa,
    a bare or "this" weekday is the next such day on or after today, and a month and day
    without a year is the next such date on or after today ("november third" said on
    2026-11-24 is "2027-11-03"): the skill, not the simulator, has to read those backwards.
    "last tuesday" is the most recent Tuesday before today; "next tuesday" the first after it.
    """
    words = normalize(phrase)
    if not words:
        return None
    table = _words(locale)
    dates = table.dates
    if words in dates["relative"]:
        return (today + timedelta(days=dates["relative"][words])).isoformat()
    if words in dates["periods"]:
        unit, shift = dates["periods"][words]
        if unit == "week":
            return _iso_week(today + timedelta(weeks=shift))
        if unit == "weekend":
            return _iso_week(today + timedelta(weeks=shift)) + "-WE"
        if unit == "month":
            return _month_value(today, shift)
        return str(today.year + shift)
    if words in table.weekdays:
        return _weekday(*table.weekdays[words], today)
    return _resolve_month_day(words.split(), today, table)


def _weekday(weekday: int, kind: str, today: date) -> str:
    ahead = (weekday - today.weekday()) % 7
    if kind == "next" and ahead == 0:
        ahead = 7
    if kind == "last":
        ahead = ahead - 7 if ahead else -7
    return (today + timedelta(days=ahead)).isoformat()


def _resolve_month_day(tokens: list[str], today: date, table: _Words) -> str | None:
    months = [i for i, token in enumerate(tokens) if token in table.months]
    if len(months) != 1:
        return None
    at = months[0]
    month = table.months[tokens[at]]
    before, after = tokens[:at], tokens[at + 1 :]
    day_before, day_after = table.dates["day_before"], table.dates["day_after"]
    if after and after[0] in table.dates["year_before"]:
        after = after[1:]
    if before:
        # "the third of november [twenty twenty six]", "el tres de noviembre [de 2026]"
        if before[0] in day_before:
            before = before[1:]
        if before and before[-1] in day_after:
            before = before[:-1]
        day = table.days.get(" ".join(before))
        year = table.years.get(" ".join(after)) if after else None
        if day is None or (after and year is None):
            return None
        return _dated(year, month, day, today)
    # "november [the] third [twenty twenty six]": try each split between day and year.
    if after and after[0] in day_before:
        after = after[1:]
    for cut in range(1, len(after) + 1):
        day = table.days.get(" ".join(after[:cut]))
        if day is None:
            continue
        if cut == len(after):
            return _dated(None, month, day, today)
        year = table.years.get(" ".join(after[cut:]))
        if year is not None:
            return _dated(year, month, day, today)
    return None


def _dated(year: int | None, month: int, day: int, today: date) -> str | None:
    try:
        if year is not None:
            return date(year, month, day).isoformat()
        found = date(today.year, month, day)
        if found < today:
            found = date(today.year + 1, month, day)
        return found.isoformat()
    except ValueError:
        return None
