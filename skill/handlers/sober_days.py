"""Days clean, counted only when the person asks, from a date only they give.

The product never counts days clean unless asked; asked ("how many days sober am I?"), it
counts from the sober date the person told it ("my sober date is March third"), and says how
to give one when it has none. A setback never moves the date: only the person does, by saying
a new one, or "forget my sober date".
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ask_sdk_model import Response

from journal import JournalError
from locales import speaking
from skill.awaiting import Awaiting
from skill.handlers.base import Handler
from skill.turn import Turn
from skill.wording import plural

FIELD = "sober_since"
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def sober_since(value: str | None, today: date) -> date | None:
    """The day an AMAZON.DATE value names as a sober date: a past day or today.

    Alexa resolves a month and day said without a year ("March third") to the next such day;
    a sober date is behind the person, so a day ahead is taken from a year before. A month
    alone ("since March") is its first day; a week, a year alone or a day still ahead after
    that is None.
    """
    value = (value or "").strip().upper()
    if value == "PRESENT_REF":
        return today
    if m := _DAY.match(value):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _MONTH.match(value):
        year, month, day = int(m[1]), int(m[2]), 1
    else:
        return None
    try:
        said = date(year, month, day)
        if said > today:
            said = date(year - 1, month, min(day, 28) if (month, day) == (2, 29) else day)
    except ValueError:
        return None
    return said if said <= today else None


def answer(turn: Turn) -> Response:
    """ "How many days sober am I?": the days since the person's sober date, or, without
    one, how to give it and what the journal knows (days with a win)."""
    turn.expect(Awaiting.WIN)
    since = _kept(turn)
    if since is not None:
        days = (turn.today - since).days
        if days == 0:
            return turn.ask(turn.say("sober.count_today"), reprompt=turn.say("launch.reprompt"))
        return turn.ask(
            turn.say("sober.count", days=plural(days, "day", turn.locale), date=_said(turn, since)),
            reprompt=turn.say("launch.reprompt"),
        )
    first = turn.today - timedelta(days=29)
    try:
        days = len(set(turn.journal.win_days(turn.owner, first_day=first, last_day=turn.today)))
    except JournalError:
        days = 0
    if days:
        return turn.ask(
            turn.say("sober.none", days=plural(days, "day", turn.locale)),
            reprompt=turn.say("launch.reprompt"),
        )
    return turn.ask(turn.say("sober.none_no_wins"), reprompt=turn.say("launch.reprompt"))


def _kept(turn: Turn) -> date | None:
    value = turn.journal.profile_field(turn.owner, FIELD)
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _said(turn: Turn, day: date) -> str:
    return speaking.date_name(turn.locale, day, year=day.year != turn.today.year)


class SoberDate(Handler):
    """ "My sober date is March third", "estoy limpio desde el 3 de marzo"."""

    intents = ("SoberDateIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.expect(Awaiting.WIN)
        said = turn.slot("date")
        since = sober_since(said, turn.today)
        if since is None:
            # The answer must come whole ("my sober date is October third"): a date said alone
            # ("October third") was kept as a win.
            turn.expect(Awaiting.SOBER_DATE)
            key = "sober.not_past" if said else "sober.ask_date"
            return turn.ask(turn.say(key), reprompt=turn.say("sober.ask_date_reprompt"))
        turn.journal.update_profile(turn.owner, **{FIELD: since.isoformat()})
        if since == turn.today:
            return turn.ask(turn.say("sober.kept_today"), reprompt=turn.say("launch.reprompt"))
        # Kept, not counted: the days are said only when asked.
        return turn.ask(
            turn.say("sober.kept", date=_said(turn, since)), reprompt=turn.say("launch.reprompt")
        )


class ForgetSoberDate(Handler):
    """ "Forget my sober date": no date kept, no days counted."""

    intents = ("ForgetSoberDateIntent",)

    def respond(self, turn: Turn) -> Response:
        if _kept(turn) is None:
            return turn.tell(turn.say("sober.forget_none"))
        turn.journal.update_profile(turn.owner, **{FIELD: None})
        return turn.tell(turn.say("sober.forgotten"))
