"""How am I doing: wins this week and last, days with a win, and the running total.

Progress is counted, never scored: there are no streaks and no "days clean" here, because a
broken streak reads as failure and the product never counts days clean unless asked. What is
counted only grows with effort (wins, days with a win) and a setback cannot reset any of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

MORE = "more"
SAME = "same"
FEWER = "fewer"
FIRST_WEEK = "first_week"
RESTART = "restart"
QUIET = "quiet"


@dataclass(frozen=True)
class Progress:
    """Counts for "how am I doing", all in the person's local days.

    Weeks are ISO weeks (Monday to Sunday): `this_week` runs from Monday to today, `last_week`
    is the whole week before. `days_last_7` and `days_last_30` count distinct days with at
    least one win in the 7 and 30 days ending today, today included.
    """

    this_week: int
    last_week: int
    days_last_7: int
    days_last_30: int
    total: int


def progress(days: Iterable[date], *, today: date, total: int) -> Progress:
    """Count the wins whose local days are `days` (one entry per win, repeats expected).

    `days` must cover at least the 30 days ending today; older days are ignored, as are days
    after `today` (a win said just after midnight in a zone ahead of the one `today` was taken
    in), so no count depends on how much history the caller happened to fetch.
    `total` is the person's count of all wins ever, passed through unchanged.
    """
    this_monday = today - timedelta(days=today.weekday())
    last_monday = this_monday - timedelta(days=7)
    first_of_7 = today - timedelta(days=6)
    first_of_30 = today - timedelta(days=29)
    this_week = last_week = 0
    seen: set[date] = set()
    for day in days:
        # Last Monday is at most 13 days back, so the 30-day window holds both weeks.
        if not first_of_30 <= day <= today:
            continue
        if day >= this_monday:
            this_week += 1
        elif day >= last_monday:
            last_week += 1
        seen.add(day)
    return Progress(
        this_week=this_week,
        last_week=last_week,
        days_last_7=sum(1 for day in seen if day >= first_of_7),
        days_last_30=len(seen),
        total=total,
    )


def trend(p: Progress) -> str:
    """Which reading of the numbers fits: "first_week", "restart", "quiet", "more", "same"
    or "fewer".

    A week with no wins yet is "quiet", never a comparison against zero: that is often the
    week someone comes back after a slip. A week with wins after a week without any is a
    "first_week" only when these are all the wins there are; otherwise a "restart". Early in
    a week "fewer" is the usual answer, since a part of a week is compared with a whole one:
    the wording for it must not read as falling behind.
    """
    if p.this_week == 0:
        return QUIET
    if p.last_week == 0:
        return FIRST_WEEK if p.total == p.this_week else RESTART
    if p.this_week > p.last_week:
        return MORE
    if p.this_week == p.last_week:
        return SAME
    return FEWER
