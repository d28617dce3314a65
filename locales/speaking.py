"""Dates, clock times, counts and read-backs as a locale says them, from its `speaking.toml`.

The rules here are language-neutral; every word is in `locales/<locale>/speaking.toml`. Each
table merges key by key along the locale's same-language chain, so es-ES can change one word
of es-US's dates and keep the rest.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

import locales


@cache
def words(locale: str) -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for name in reversed(locales.spoken_chain(locale)):  # farthest first: nearer ones override
        path = locales.folder(name) / "speaking.toml"
        if path.is_file():
            for table, values in tomllib.loads(path.read_text(encoding="utf-8")).items():
                merged.setdefault(table, {}).update(values)
    return merged


def _dates(locale: str) -> dict[str, Any]:
    return words(locale)["dates"]


def month(locale: str, number: int) -> str:
    return _dates(locale)["months"][number - 1]


def day_of_month(locale: str, n: int) -> str:
    table = _dates(locale)
    return table["days"].get(str(n), table["day"]).format(n=n)


def date_name(locale: str, day: date, *, year: bool) -> str:
    """'on November 3rd' / 'el 3 de noviembre', with the year when it is not this one."""
    table = _dates(locale)
    template = table["date_other_year" if year else "date"]
    return template.format(
        month=month(locale, day.month), day=day_of_month(locale, day.day), year=day.year
    )


def written_day(locale: str, day: date) -> str:
    """A day as written in a message: 'Monday, November 24', 'lunes 24 de noviembre'."""
    table = _dates(locale)
    return table["written"].format(
        weekday=table["weekdays"][day.weekday()], month=month(locale, day.month), n=day.day
    )


def table(locale: str, name: str) -> dict[str, Any]:
    """One table of a locale's words file (`locales/<locale>/<name>.toml`), merged key by key
    along its same-language chain, nearest first."""
    return _file(locale, name)


@cache
def _file(locale: str, name: str) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for folder in reversed(locales.spoken_chain(locale)):
        path = locales.folder(folder) / f"{name}.toml"
        if path.is_file():
            for values in tomllib.loads(path.read_text(encoding="utf-8")).values():
                merged.update(values)
    return merged


def weekday_name(locale: str, weekday: int) -> str:
    table = _dates(locale)
    return table["weekday"].format(weekday=table["weekdays"][weekday])


def named(locale: str, key: str, **values: object) -> str:
    """One of the locale's fixed date words ("today", "last week", "in {month}")."""
    return _dates(locale)[key].format(**values)


def clock(locale: str, hour: int, minute: int) -> str:
    """A time of day as said aloud: '6:30 PM', 'a las 6 y 30 de la tarde'."""
    table = words(locale)["clock"]
    parts = sorted((int(start), name) for start, name in table["parts"].items())
    part = [name for start, name in parts if start <= hour][-1]
    h = hour % 12 or 12
    key = ("at_one" if h == 1 and "at_one" in table else "at") + ("_minutes" if minute else "")
    said = table.get("said_minutes", {}).get(str(minute), minute)  # "y media", not "y 30"
    return table[key].format(h=h, mm=f"{minute:02d}", m=said, part=part).strip()


def weekly(locale: str, day: int, hour: int, minute: int, *, every: bool) -> str:
    """'Sunday at 6 PM' (or 'Sundays at 6 PM' with `every`), as the locale says it."""
    table = words(locale)["weekly"]
    at = clock(locale, hour, minute)
    if every:
        return table["every"].format(weekdays=table["weekdays"][day], clock=at)
    return table["once"].format(weekday=_dates(locale)["weekdays"][day], clock=at)


def count(locale: str, noun: str, n: int) -> str:
    """'one win', '2 wins', 'un logro'."""
    forms = words(locale)["counts"][noun]
    return forms.get(str(n), forms["one"] if n == 1 else forms["other"]).format(n=n)


def times(locale: str, n: int) -> str:
    """How often something happened: 'once', 'twice', '3 times', 'una vez'."""
    forms = words(locale)["counts"]["times"]
    return forms.get(str(n), forms["other"]).format(n=n)


def listing(locale: str, items: Sequence[str]) -> str:
    """Items read as one sentence: 'a and b', 'a; b; and c', 'a y b'."""
    table = words(locale)["lists"]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return table["two"].format(first=items[0], second=items[1])
    return table["last"].format(most=table["separator"].join(items[:-1]), final=items[-1])


_WORD = re.compile(r"[A-Za-z']+|[^A-Za-z']+")


@cache
def _word(pattern: str | None) -> re.Pattern[str]:
    return re.compile(pattern) if pattern else _WORD


def first_person(locale: str, text: str) -> str:
    """A win as the person would write it: 'called my sponsor' -> 'I called my sponsor'."""
    table = words(locale)["reading"]
    text = " ".join(text.split())
    first, _, rest = text.lower().partition(" ")
    if not text or first in table["starts_on_its_own"]:
        return text
    ongoing = table.get("ongoing")
    if ongoing and re.match(ongoing["starts"], first) and first not in ongoing["not"]:
        if "own_verb" in ongoing and re.search(ongoing["own_verb"], rest):
            return text
        return ongoing["first_person"].format(text=text)
    state = table.get("state")
    if state and re.match(state.get("degree", "(?!)"), first):
        # "well rested", "really good talk with mom": what follows how much of it decides.
        first, _, rest = rest.partition(" ")
    second = rest.partition(" ")[0]
    described = table.get("described")
    if (
        described
        and second
        and re.match(described["starts"], first)
        and not re.match(described["not_before"], second)
    ):
        return text
    if (
        state
        and re.match(state["starts"], first)
        and (not second or re.match(state["then"], second))
    ):
        return state["first_person"].format(text=text)
    return table["first_person"].format(text=text)


def reflect_word(locale: str, word: str, previous: str) -> str | None:
    """The read-back form of a lowercase `word` that followed `previous`, or None when it
    stays as it is."""
    table = words(locale)["reading"]
    if previous == "i" and word in table["after_i"]:
        return table["after_i"][word]
    found = table["reflect"].get(word)
    if found is None and word not in table.get("keep", ()):
        # "llamé" -> "llamaste": a regular ending, where the language has them.
        for ending, turned, shortest in table.get("endings", ()):
            if word.endswith(ending) and len(word) >= shortest:
                return word[: -len(ending)] + turned
    return found


def reflect(locale: str, text: str, frame: str = "quote") -> str:
    """The speaker's words, turned to be read back to them ('I called' -> 'you called').

    Where a language marks the person in its verbs ('llamé', 'camino'), a word it cannot be
    sure of turning ('celebro', 'caminaba') leaves the words as they were said, framed as the
    person's (`frames`: 'dijiste: "..."' for a win read back, '"..."' inside a sentence):
    half turned, they would mix the person's voice with the skill's.
    """
    table = words(locale)["reading"]
    out: list[str] = []
    previous = ""
    tokens = _word(table.get("word")).findall(text)
    before_i = table.get("before_i", {})
    unsure = table.get("unsure")
    spelled = table.get("spelled", {})
    turned = doubtful = False
    for index, token in enumerate(tokens):
        lower = token.lower()
        following = next((t.lower() for t in tokens[index + 1 :] if t.strip()), "")
        if following == "i" and lower in before_i:  # "how am I doing" -> "how are you doing"
            out.append(before_i[lower])
        elif index and token[:1].isupper() and unsure:
            out.append(token)  # a name ("René") is no verb
        elif lower in spelled:
            out.append(spelled[lower])  # Alexa hears "AA" as "aa", which speech says as a sound
        else:
            said = reflect_word(locale, lower, previous)
            out.append(said or token)
            turned = turned or said is not None
            if unsure and said is None and token.strip():
                doubtful = doubtful or _doubtful(table, lower, previous)
        if token.strip():
            previous = lower if not re.fullmatch(r"[\W\d_]+", token) else ","
    if unsure and (doubtful or (not turned and frame in table["frame_unchanged"])):
        return table["frames"][frame].format(text=" ".join(text.split()))
    return "".join(out)


def _doubtful(table: dict[str, Any], word: str, previous: str) -> bool:
    """Could this word, left as it was said, be the speaker's own verb ('celebro', 'caminaba')?"""
    unsure = table["unsure"]
    if word in unsure["after"] or word in table["keep"]:
        return False
    if re.fullmatch(unsure["anywhere"], word):
        return True
    starts = not previous or previous in unsure["after"]
    return starts and re.fullmatch(unsure["at_start"], word) is not None
