"""Typed words as Alexa hears them: normalized, and AMAZON.DATE / AMAZON.TIME phrases resolved
to the values Alexa sends ("last week" -> "2026-W47").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

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


# -- AMAZON.DATE -------------------------------------------------------------------------------

_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_UNIT_ORDINALS = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth",
)  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_TENS_ORDINALS = {"twentieth": 20, "thirtieth": 30}
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}


def _cardinal_words() -> dict[str, int]:
    words = {name: n for n, name in enumerate(_UNITS) if n}
    for tens_name, tens in _TENS.items():
        words[tens_name] = tens
        for unit in range(1, 10):
            words[f"{tens_name} {_UNITS[unit]}"] = tens + unit
    return words


def _day_words() -> dict[str, int]:
    """Every way to say a day of the month: "3", "3rd", "three", "third", "twenty third"."""
    cardinals = _cardinal_words()
    days = {name: n for name, n in cardinals.items() if n <= 31}
    days.update({name: n for n, name in enumerate(_UNIT_ORDINALS) if n})
    days.update(_TENS_ORDINALS)
    for tens_name, tens in (("twenty", 20), ("thirty", 30)):
        for unit in range(1, 10 if tens == 20 else 2):
            days[f"{tens_name} {_UNIT_ORDINALS[unit]}"] = tens + unit
    for n in range(1, 32):
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        days[str(n)] = days[f"{n:02d}"] = days[f"{n}{suffix}"] = n
    return days


def _year_words() -> dict[str, int]:
    """Spoken years this century: "twenty twenty six", "two thousand and five", "2026"."""
    cardinals = _cardinal_words()
    years = {str(y): y for y in range(1900, 2100)}
    years["two thousand"] = 2000
    for name, n in cardinals.items():
        years[f"two thousand {name}"] = years[f"two thousand and {name}"] = 2000 + n
        if n >= 10:
            years[f"twenty {name}"] = 2000 + n
    for unit in range(1, 10):
        years[f"twenty oh {_UNITS[unit]}"] = 2000 + unit
    return years


_DAYS = _day_words()
_YEARS = _year_words()


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _month_value(today: date, shift: int) -> str:
    index = today.year * 12 + today.month - 1 + shift
    return f"{index // 12}-{index % 12 + 1:02d}"


_DAYPARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_MINUTE_WORDS = {"o'clock": 0, "oclock": 0, "fifteen": 15, "thirty": 30, "forty five": 45}


def resolve_time(phrase: str) -> str | None:
    """Resolve a spoken time to the AMAZON.TIME value Alexa would send; None if unknown.

    "nine" -> "09:00" (Alexa leaves an hour without am/pm as said), "nine pm" -> "21:00",
    "nine thirty" / "9:30" -> "09:30", "noon" -> "12:00", "evening" -> "EV".
    """
    words = normalize(phrase).replace(".", "")
    if words in _DAYPARTS:
        return _DAYPARTS[words]
    if words in ("noon", "midday"):
        return "12:00"
    if words == "midnight":
        return "00:00"
    suffix = None
    for marker in (" am", " pm", " in the morning", " in the evening", " at night"):
        if words.endswith(marker):
            suffix = "pm" if marker in (" pm", " in the evening", " at night") else "am"
            words = words[: -len(marker)].strip()
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
        cardinals = _cardinal_words()
        hour_words, minute = words, 0
        for name, value in _MINUTE_WORDS.items():
            if words.endswith(f" {name}"):
                hour_words, minute = words[: -len(name) - 1], value
                break
        hour = int(hour_words) if hour_words.isdigit() else cardinals.get(hour_words, -1)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    if suffix == "pm" and hour < 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def resolve_date(phrase: str, today: date) -> str | None:
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
    relative = {
        "today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
        "the day before yesterday": -2, "day before yesterday": -2,
        "the day after tomorrow": 2, "day after tomorrow": 2,
    }  # fmt: skip
    if words in relative:
        return (today + timedelta(days=relative[words])).isoformat()
    shifts = {"this": 0, "the": 0, "last": -1, "next": 1}
    first, _, rest = words.partition(" ")
    if first in shifts and rest in ("week", "weekend", "month", "year"):
        shift = shifts[first]
        if rest == "week":
            return _iso_week(today + timedelta(weeks=shift))
        if rest == "weekend":
            return _iso_week(today + timedelta(weeks=shift)) + "-WE"
        if rest == "month":
            return _month_value(today, shift)
        return str(today.year + shift)
    weekday = _resolve_weekday(words, today)
    if weekday is not None:
        return weekday
    return _resolve_month_day(words.split(), today)


def _resolve_weekday(words: str, today: date) -> str | None:
    prefix, _, name = words.rpartition(" ")
    if name not in _WEEKDAYS or prefix not in ("", "this", "next", "last"):
        return None
    ahead = (_WEEKDAYS[name] - today.weekday()) % 7
    if prefix == "next" and ahead == 0:
        ahead = 7
    if prefix == "last":
        ahead = ahead - 7 if ahead else -7
    return (today + timedelta(days=ahead)).isoformat()


def _resolve_month_day(tokens: list[str], today: date) -> str | None:
    months = [i for i, token in enumerate(tokens) if token in _MONTHS]
    if len(months) != 1:
        return None
    at = months[0]
    month = _MONTHS[tokens[at]]
    before, after = tokens[:at], tokens[at + 1 :]
    if before:
        # "the third of november [twenty twenty six]"
        if before[0] == "the":
            before = before[1:]
        if before and before[-1] == "of":
            before = before[:-1]
        day = _DAYS.get(" ".join(before))
        year = _YEARS.get(" ".join(after)) if after else None
        if day is None or (after and year is None):
            return None
        return _dated(year, month, day, today)
    # "november [the] third [twenty twenty six]": try each split between day and year.
    if after and after[0] == "the":
        after = after[1:]
    for cut in range(1, len(after) + 1):
        day = _DAYS.get(" ".join(after[:cut]))
        if day is None:
            continue
        if cut == len(after):
            return _dated(None, month, day, today)
        year = _YEARS.get(" ".join(after[cut:]))
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
