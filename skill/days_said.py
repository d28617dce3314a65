"""The day a win names for itself: "yesterday I didn't smoke" was kept today and read back
as "Today, yesterday you didn't smoke", and "last Tuesday I threw out the bottle" as "Today,
you last Tuesday you threw out the bottle".

The words for days are the locale's (`hearing.days` in locales/*/hearing.toml); a day is
heard only at the start or the end of a win, and never later than today nor more than a week
back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from locales import speaking

# Further back than this, the words stay in the win and it is kept today: "ten days ago" is
# more likely part of the story than the day it happened.
MOST_DAYS_BACK = 7
_EDGE = " ,.!?¡¿"


@cache
def _inside(locale: str) -> re.Pattern[str]:
    """Words after which a day said last belongs to a clause of its own: "told my wife where
    I was saturday" was kept on Saturday, as "you told your wife where you were"."""
    words = speaking.table(locale, "hearing").get("days", {}).get("inside", r"(?!)")
    return re.compile(words, re.IGNORECASE)


@dataclass(frozen=True)
class _Phrase:
    start: re.Pattern[str]
    end: re.Pattern[str]
    body: str  # the words' own pattern, without the anchoring around it (see `_any_day`)
    back: int | None  # fixed days back; None: worked out from the weekday or number said
    last: bool = False  # a weekday said as the last one ("last Tuesday", "el martes pasado")


def _anchored(phrase: str, not_after: str) -> tuple[re.Pattern[str], re.Pattern[str], str]:
    body = phrase.replace(" ", r"\s+")
    return (
        re.compile(rf"^(?:{body})\b[\s,]*", re.IGNORECASE),
        re.compile(rf"{not_after}[\s,]+(?:{body})[\s.!]*$", re.IGNORECASE),
        body,
    )


def _choice(words: list[str] | dict[str, int], group: str) -> str:
    return f"(?P<{group}>" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")"


@cache
def _phrases(locale: str) -> tuple[tuple[_Phrase, ...], dict[str, int], dict[str, int]]:
    """The locale's day phrases, each weekday name's index, and the numbers for "N days ago"."""
    hearing = speaking.table(locale, "hearing")
    days = hearing.get("days", {})
    not_after = "".join(rf"(?<!\b{re.escape(word)})" for word in days.get("not_after", []))
    # "Mondays", "los sábados": a habit, not a day.
    weekdays = {
        name: index
        for index, names in enumerate(hearing.get("weekdays", {}).get("names", []))
        for name in names
        if not (name.endswith("s") and name[:-1] in names)
    }
    numbers = {str(word): int(n) for word, n in days.get("numbers", {}).items()}
    back = {**days.get("back", {}), **hearing.get("days_regional", {}).get("back", {})}
    phrases = [_Phrase(*_anchored(words, not_after), int(n)) for words, n in back.items()]
    if weekdays:
        day = _choice(weekdays, "day")
        for key, last in (("weekday", False), ("weekday_last", True)):
            for words in days.get(key, []):
                phrases.append(_Phrase(*_anchored(words.format(day=day), not_after), None, last))
    if numbers:
        for words in days.get("ago", []):
            n = _choice(numbers, "n")
            phrases.append(_Phrase(*_anchored(words.format(n=n), not_after), None))
    return tuple(phrases), weekdays, numbers


# A named group, made plain where several phrases are joined into one pattern.
_GROUP = re.compile(r"\(\?P<\w+>")


@cache
def _any_day(locale: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two searches, one at the start and one at the end, that find every win a phrase could
    match and pass most by at once: most wins name no day, and the phrases' own searches, two
    each, cost five times as much. Each is its side's phrases as one pattern, less what only
    narrows them (the words a day is not taken after), so it never misses what a phrase finds."""
    bodies = "|".join(_GROUP.sub("(?:", phrase.body) for phrase in _phrases(locale)[0])
    return (
        re.compile(rf"(?:{bodies})\b", re.IGNORECASE),
        re.compile(rf"[\s,](?:{bodies})[\s.!]*$", re.IGNORECASE),
    )


def day_said(text: str, locale: str, today: date) -> tuple[str, int]:
    """The words without a day named at their start or end, and how many days before `today`
    that day is (0 when none is named). Words that are only the day, or name a day further
    back than a week, are left as they are."""
    words = text.strip()
    start, end = _any_day(locale)
    if not start.match(words) and not end.search(words):
        return text, 0
    phrases, weekdays, numbers = _phrases(locale)
    inside = _inside(locale)
    best: tuple[int, str, int] | None = None
    for phrase in phrases:
        for pattern in (phrase.start, phrase.end):
            match = pattern.search(words)
            if match is None or (
                pattern is phrase.end and inside.search(words, 0, match.start()) is not None
            ):
                continue
            rest = (words[: match.start()] + words[match.end() :]).strip(_EDGE)
            back = _days_back(phrase, match, today, weekdays, numbers)
            if rest and back <= MOST_DAYS_BACK and (best is None or len(match[0]) > best[0]):
                best = (len(match[0]), words[: match.start()] + words[match.end() :], back)
    if best is None:
        return text, 0
    return best[1].strip(), best[2]


def _days_back(
    phrase: _Phrase, match: re.Match[str], today: date, weekdays: dict, numbers: dict
) -> int:
    if phrase.back is not None:
        return phrase.back
    groups = match.groupdict()
    if groups.get("n"):
        return numbers[groups["n"].lower()]
    back = (today.weekday() - weekdays[groups["day"].lower()]) % 7
    return MOST_DAYS_BACK if back == 0 and phrase.last else back


def as_read(text: str, locale: str, day: date) -> str:
    """A kept win's words without a day at their edge that names the day it is kept on: a
    win kept before its day was taken off ("went to a meeting today") is read back as
    "Today, you went to a meeting", not "Today, you went to a meeting today". Any other day
    said stays, for it was said of another day than the one the win is kept on."""
    rest, back = day_said(text, locale, day)
    return rest if back == 0 else text


def names_a_day(text: str, locale: str, today: date) -> bool:
    """Whether the words name their day at the start or the end, with more said besides."""
    return day_said(text, locale, today)[0] != text


def only_a_day(text: str, locale: str) -> bool:
    """Whether the words name a day and nothing more ("today", "last night", "hoy"): the
    start of a win, not a win to keep or confirm."""
    words = text.strip().strip(_EDGE)
    return bool(words) and any(
        phrase.start.sub("", words, count=1).strip(_EDGE) == "" for phrase in _phrases(locale)[0]
    )


@cache
def _asking(locale: str) -> re.Pattern[str]:
    words = speaking.table(locale, "hearing").get("days", {}).get("asked", r"(?!)")
    return re.compile(rf"(?:{words})\s+", re.IGNORECASE)


def asked_day(text: str, locale: str, today: Callable[[], date]) -> date | None:
    """The day asked about, when that is all the words say ("and yesterday?", "¿y el
    sábado?"), no more than a week back; else None. Said after wins were read, it asks for
    that day's; taken as a lapse, it was met with the words for a slip. `today` is asked
    for only then: most words open with no "and" or "what about"."""
    words = text.strip().strip(_EDGE)
    lead = _asking(locale).match(words)
    if lead is None:
        return None
    rest = words[lead.end() :].strip(_EDGE)
    phrases, weekdays, numbers = _phrases(locale)
    for phrase in phrases:
        match = phrase.start.match(rest)
        if match is not None and not rest[match.end() :].strip(_EDGE):
            day = today()
            back = _days_back(phrase, match, day, weekdays, numbers)
            return day - timedelta(days=back) if back <= MOST_DAYS_BACK else None
    return None
