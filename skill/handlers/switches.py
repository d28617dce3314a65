"""Switching off by voice: sharing, the weekly note, the group, the reminder; and the weekly
note on. Said through the model's intents or in one's own words (`requests.toml`).

"Stop my weekly note" ends the weekly digest for every buddy who gets it (or the one named),
and the group's weekly email to the person; the buddies stay, for a win shared now and then.
"Turn on the weekly note" asks about each buddy in turn, as the consent question at launch
does: a weekly note only ever starts with a yes about that person.
"""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_model import Response

from locales import speaking
from sharing import Recipient
from sharing.errors import NotFound
from sharing.schedule import spoken_when
from skill.awaiting import Awaiting
from skill.handlers import meanings, questions
from skill.handlers.base import Handler
from skill.handlers.groups import LeaveGroup, StopGroupSharing
from skill.handlers.reminding import CancelReminder, OneTimeReminder, set_said
from skill.handlers.sharing import ask_stop_who, find, stop_sharing
from skill.speech import Markup, user_text
from skill.turn import Turn
from skill.understanding import request_for_thing


def _buddies(turn: Turn) -> list[Recipient]:
    return [r for r in turn.sharing.recipients.all(turn.owner) if r.kind != "group"]


def named_in(turn: Turn, text: str, among: list[Recipient]) -> list[Recipient]:
    """The people among `among` the words name, by first name or by role ("my sponsor")."""
    words = set(text.lower().replace(",", " ").split())
    named = [r for r in among if r.name.lower().split()[0] in words]
    if named:
        return named
    by_role = find(turn, text) if text else None
    return [by_role] if by_role is not None and by_role in among else []


def _names(turn: Turn, people: list[Recipient]) -> Markup:
    return Markup(speaking.listing(turn.locale, [user_text(r.name) for r in people]))


def stop_weekly(turn: Turn, text: str = "") -> Response:
    """The weekly note off: for the buddies named, else for all who get it; the group's weekly
    email to the person stops too when no buddy is named."""
    weekly = [r for r in turn.sharing.recipients.all(turn.owner) if r.confirmed and r.weekly]
    buddies = [r for r in weekly if r.kind != "group"]
    named = named_in(turn, text, buddies)
    stopped = []
    for recipient in named or buddies:
        try:
            turn.sharing.recipients.answer_weekly(
                turn.owner, recipient.id, yes=False, tz=turn.zone.key
            )
        except NotFound:  # they unsubscribed a moment ago: nothing goes to them either way
            continue
        stopped.append(recipient)
    speech = []
    if stopped:
        speech.append(turn.say("share.weekly_off", names=_names(turn, stopped)))
    if not named:
        for recipient in (r for r in weekly if r.kind == "group"):
            turn.sharing.recipients.stop(turn.owner, recipient.id)
            group = turn.sharing.groups.get(recipient.group)
            speech.append(turn.say("share.weekly_off_group", group=group.name if group else ""))
    if not speech:
        turn.expect(Awaiting.WIN)
        return turn.ask(turn.say("share.weekly_none"), reprompt=turn.say("share.next_reprompt"))
    return turn.tell(*speech)


def start_weekly(turn: Turn, text: str = "") -> Response:
    """The weekly note on: asked about one buddy at a time (the one named, else the first who
    doesn't get it); with no buddy, how a weekly note comes to be."""
    buddies = [r for r in _buddies(turn) if r.confirmed]
    if not buddies:
        turn.expect(Awaiting.WIN)
        return turn.ask(turn.say("share.weekly_how"), reprompt=turn.say("share.next_reprompt"))
    wanted = named_in(turn, text, buddies) or buddies
    off = [r for r in wanted if not r.weekly]
    if off:
        turn.expect(Awaiting.CONSENT, recipient=off[0].id)
        return turn.ask(
            turn.say("share.ask_weekly", name=off[0].name),
            reprompt=turn.say("share.ask_consent_reprompt", name=off[0].name),
        )
    me = turn.sharing.recipients.me(turn.owner)
    return turn.tell(
        turn.say(
            "share.weekly_already",
            names=_names(turn, wanted),
            when=spoken_when(me.day, me.time, locale=turn.locale),
        )
    )


def stop_sharing_said(turn: Turn, text: str) -> Response:
    """ "I don't want Pat to get my wins anymore", "no quiero compartir nada": the person
    named; with no one named, who, asked (as "stop sharing" does), or the group when only it
    gets the wins."""
    buddies = _buddies(turn)
    named = named_in(turn, text, buddies)
    if len(named) == 1:
        return stop_sharing(turn, named[0].name)
    if buddies:
        return ask_stop_who(turn)
    seat = turn.sharing.groups.membership(turn.owner)
    if seat is not None and seat.share:
        return StopGroupSharing().respond(turn)
    turn.expect(Awaiting.WIN)
    return turn.ask(turn.say("share.nobody"), reprompt=turn.say("share.next_reprompt"))


# Requests to switch something off or on, said in one's own words, and the words themselves,
# which may name who is meant.
REQUESTS: dict[str, Callable[[Turn, str], Response]] = {
    "sharing_off": stop_sharing_said,
    "group_sharing_off": lambda turn, _: StopGroupSharing().respond(turn),
    "group_leave": lambda turn, _: LeaveGroup().respond(turn),
    "reminder_off": lambda turn, _: CancelReminder().respond(turn),
    "reminder_at": set_said,
    "reminder_once": lambda turn, _: OneTimeReminder().respond(turn),
    "who_hears": lambda turn, _: meanings.privacy(turn),
    "kept": lambda turn, _: meanings.privacy(turn),
    # What the skill is: the help, which says it is a journal, not a counselor.
    "what_you_are": lambda turn, _: questions.answer(turn, "help"),
    "weekly_off": stop_weekly,
    "weekly_on": start_weekly,
    "meetings": lambda turn, _: meanings.meetings(turn),
}


class StopSharing(Handler):
    intents = ("StopSharingIntent",)

    def respond(self, turn: Turn) -> Response:
        name = turn.slot("name") or turn.slot("role")
        if name is None:
            return stop_sharing_said(turn, "")
        # "Remove the reminder" reaches here as "remove {name}": no person is called that.
        thing = request_for_thing(name, turn.locale)
        if thing is not None:
            return REQUESTS[thing](turn, "")
        return stop_sharing(turn, name)


class StopWeekly(Handler):
    intents = ("StopWeeklyNoteIntent",)

    def respond(self, turn: Turn) -> Response:
        return stop_weekly(turn, turn.slot("name") or turn.slot("role") or "")


class StartWeekly(Handler):
    intents = ("StartWeeklyNoteIntent",)

    def respond(self, turn: Turn) -> Response:
        return start_weekly(turn, turn.slot("name") or turn.slot("role") or "")
