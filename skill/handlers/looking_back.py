"""Looking back: what works for this person, and how they are doing."""

from __future__ import annotations

from datetime import date, timedelta

from ask_sdk_model import Response

from journal.progress import progress, trend
from journal.toolkit import toolkit
from skill.awaiting import Awaiting
from skill.dates import Period, period_from_slot
from skill.handlers.base import Handler
from skill.turn import Turn
from skill.wording import plural, sentence_start, times

# The toolkit reads this many recent wins: a fixed cost, and recent habits weigh most.
TOOLKIT_DEPTH = 500
SPOKEN_TOOLS = 3


class Toolkit(Handler):
    intents = ("ToolkitIntent",)

    def respond(self, turn: Turn) -> Response:
        wins = turn.journal.recent(turn.owner, TOOLKIT_DEPTH)
        tools = toolkit(wins, limit=SPOKEN_TOOLS, locale=turn.locale)
        if not tools:
            return turn.tell(turn.say("toolkit.none"))
        items = [
            turn.say(
                "toolkit.item", phrase=sentence_start(t.phrase), times=times(t.count, turn.locale)
            )
            for t in tools
        ]
        return turn.tell(turn.say("toolkit.intro"), *items, turn.say("toolkit.close"))


class Progress(Handler):
    """Framed as progress, never as failure; nothing a setback could reset."""

    intents = ("ProgressIntent",)

    def respond(self, turn: Turn) -> Response:
        total = turn.journal.count(turn.owner)
        if not total:
            turn.expect(Awaiting.WIN)
            return turn.ask(turn.say("progress.none"), reprompt=turn.say("launch.reprompt"))
        period = period_from_slot(turn.slot("period"), turn.today, turn.locale)
        if period is not None and not _weekly_answers(period, turn.today):
            return _over(turn, period, total)
        days = turn.journal.win_days(
            turn.owner, first_day=turn.today - timedelta(days=35), last_day=turn.today
        )
        p = progress(days, today=turn.today, total=total)
        reading = trend(p)
        values = {
            "this_week": plural(p.this_week, "win", turn.locale),
            "last_week": plural(p.last_week, "win", turn.locale),
            "days_7": p.days_last_7,
            "days_30": p.days_last_30,
            "total": sentence_start(plural(p.total, "win", turn.locale)),
        }
        if reading == "quiet":
            # No comparison with zero: an invitation, with what is already there.
            turn.expect(Awaiting.WIN)
            key = "progress.quiet" if p.days_last_30 else "progress.quiet_long"
            return turn.ask(turn.say(key, **values), reprompt=turn.say("launch.reprompt"))
        return turn.tell(turn.say(f"progress.{reading}", **values))


# A week or less is what the weekly answer already tells; a month or a year is asked for.
WEEK_DAYS = 7


def _weekly_answers(period: Period, today: date) -> bool:
    """Whether the answer about this week tells what was asked: "how am I doing today" or
    "this week" does; "how did I do last week" was answered about this one."""
    return period.first <= today <= period.last and (period.last - period.first).days <= WEEK_DAYS


def _over(turn: Turn, period: Period, total: int) -> Response:
    """ "How am I doing this month": that period's wins and days with one, and the total."""
    days = turn.journal.win_days(
        turn.owner, first_day=period.first, last_day=min(period.last, turn.today)
    )
    values = {
        "period": sentence_start(period.name),
        "tally": plural(len(days), "win", turn.locale),
        "days": plural(len(set(days)), "day", turn.locale),
        "total": sentence_start(plural(total, "win", turn.locale)),
    }
    if not days:
        turn.expect(Awaiting.WIN)
        return turn.ask(
            turn.say("progress.period_none", **values), reprompt=turn.say("launch.reprompt")
        )
    key = "progress.period_day" if period.first == period.last else "progress.period"
    return turn.tell(turn.say(key, **values))
