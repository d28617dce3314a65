"""The day a win names for itself: "yesterday I didn't smoke" was kept today and read back
as "Today, yesterday you didn't smoke"."""

from __future__ import annotations

import re
from functools import cache

from locales import speaking


@cache
def _patterns(locale: str) -> tuple[tuple[re.Pattern[str], int], ...]:
    days = speaking.table(locale, "hearing").get("days", {})
    return tuple(
        (re.compile(days[name], re.IGNORECASE), back)
        for name, back in (("yesterday", 1), ("today", 0))
        if name in days
    )


def day_said(text: str, locale: str) -> tuple[str, int]:
    """The words without a day named at their start or end, and how many days back that day
    is (0 when none is named). Words that are only the day are left as they are."""
    for pattern, back in _patterns(locale):
        rest = pattern.sub("", text.strip(), count=1)
        if rest != text.strip() and rest:
            return rest, back
    return text, 0


def only_a_day(text: str, locale: str) -> bool:
    """Whether the words name a day and nothing more ("today", "hoy"): the start of a win,
    not a win to keep or confirm."""
    words = text.strip()
    return any(
        pattern.search(words) and not pattern.sub("", words).strip(" ,.!?¡¿")
        for pattern, _ in _patterns(locale)
    )
