"""AMAZON.DATE values into periods, dates into natural speech, wins into read-back wording."""

from __future__ import annotations

from datetime import date

import pytest

from skill.dates import period_from_slot, spoken_day
from skill.wording import first_person, reflect

TODAY = date(2026, 11, 24)  # a Tuesday


@pytest.mark.parametrize(
    ("value", "first", "last", "name"),
    [
        ("2026-11-24", "2026-11-24", "2026-11-24", "today"),
        ("PRESENT_REF", "2026-11-24", "2026-11-24", "today"),
        ("2026-11-23", "2026-11-23", "2026-11-23", "yesterday"),
        ("2026-11-26", "2026-11-19", "2026-11-19", "on Thursday"),  # "Thursday" sent forward
        ("2026-11-28", "2026-11-21", "2026-11-21", "on Saturday"),
        ("2027-11-03", "2026-11-03", "2026-11-03", "on November 3rd"),  # "November third"
        ("2026-W48", "2026-11-23", "2026-11-29", "this week"),
        ("2026-W47", "2026-11-16", "2026-11-22", "last week"),
        ("2026-W47-WE", "2026-11-21", "2026-11-22", "last weekend"),
        ("2026-W44", "2026-10-26", "2026-11-01", "the week of October 26th"),
        ("2026-11", "2026-11-01", "2026-11-30", "this month"),
        ("2026-02", "2026-02-01", "2026-02-28", "in February"),
        ("2025", "2025-01-01", "2025-12-31", "in 2025"),
    ],
)
def test_periods(value: str, first: str, last: str, name: str) -> None:
    period = period_from_slot(value, TODAY)
    assert period is not None
    assert (period.first.isoformat(), period.last.isoformat(), period.name) == (first, last, name)


@pytest.mark.parametrize("value", ["", "2026-WI", "XXXX-11-03", "201X", "2026-13", "2026-02-30"])
def test_dates_that_name_no_period(value: str) -> None:
    assert period_from_slot(value, TODAY) is None


@pytest.mark.parametrize(
    ("day", "spoken"),
    [
        (date(2026, 11, 24), "today"),
        (date(2026, 11, 23), "yesterday"),
        (date(2026, 11, 19), "on Thursday"),
        (date(2026, 11, 17), "on November 17th"),
        (date(2026, 11, 1), "on November 1st"),
        (date(2026, 11, 12), "on November 12th"),
        (date(2025, 12, 22), "on December 22nd, 2025"),
    ],
)
def test_spoken_days(day: date, spoken: str) -> None:
    assert spoken_day(day, TODAY) == spoken


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("went for a walk", "I went for a walk"),
        ("I called my sponsor", "I called my sponsor"),
        ("a walk in the park", "a walk in the park"),
        ("  today   I   made dinner ", "today I made dinner"),
        # A fragment on "-ing" or "gonna" takes "I'm", never "I gonna" or "I going".
        ("gonna call my sponsor tomorrow", "I'm gonna call my sponsor tomorrow"),
        ("going to a meeting tonight", "I'm going to a meeting tonight"),
        ("feeling pretty good", "I'm feeling pretty good"),
        ("nothing to drink all day", "nothing to drink all day"),
        ("meeting went well", "meeting went well"),
        # Unless a verb of its own follows: then the "-ing" phrase is its subject.
        ("calling my sponsor helped me", "calling my sponsor helped me"),
        ("going to meetings keeps me sober", "going to meetings keeps me sober"),
        ("walking the dog was the best part", "walking the dog was the best part"),
        # How one is takes "I'm" too, alone or before what can follow it; never "I proud".
        ("proud", "I'm proud"),
        ("grateful for my kids", "I'm grateful for my kids"),
        ("clean for 30 days", "I'm clean for 30 days"),
        ("clean the kitchen", "I clean the kitchen"),
        # A thing described, then the thing: kept as said, never "you good talk with mom".
        ("good talk with mom", "good talk with mom"),
        ("long walk after work", "long walk after work"),
        ("sober weekend", "sober weekend"),
        ("great for my kids", "I'm great for my kids"),
        ("clean myself up", "I clean myself up"),
        ("calm myself down", "I calm myself down"),
        # A state before a comparison or a reason is still a state.
        ("better than yesterday", "I'm better than yesterday"),
        ("good but tired", "I'm good but tired"),
        ("sober because of my kids", "I'm sober because of my kids"),
        # How much, before either: never "I well rested" or "I really good talk with mom".
        ("well rested", "I'm well rested"),
        ("really proud of myself", "I'm really proud of myself"),
        ("more patient with my kids", "I'm more patient with my kids"),
        ("really good talk with mom", "really good talk with mom"),
        ("really tried hard today", "I really tried hard today"),
    ],
)
def test_first_person(said: str, kept: str) -> None:
    assert first_person(said) == kept


def test_reflect() -> None:
    assert reflect("I called my sponsor and I am proud of myself") == (
        "you called your sponsor and you are proud of yourself"
    )
    assert reflect("I'm at the 8 am meeting") == "you're at the 8 am meeting"


@pytest.mark.parametrize(
    ("said", "locale", "clock"),
    [
        # "Eight thirty" was heard as 8:00 and "half past eight" as 8:00: minutes in words
        # were lost, before or after the hour.
        ("eight thirty", "en-US", "20:30"),
        ("half past six in the evening", "en-US", "18:30"),
        ("quarter to nine", "en-US", "20:45"),
        ("quarter past seven am", "en-US", "07:15"),
        ("half eight", "en-GB", "20:30"),
        ("at six", "en-US", "18:00"),
        ("a las seis y media de la tarde", "es-US", "18:30"),
    ],
)
def test_clock_times_in_words(said: str, locale: str, clock: str) -> None:
    from skill.sharing_words import clock_in

    assert clock_in(said, locale) == clock
