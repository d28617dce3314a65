"""Groups by voice: start one, join with a code, choose a name and whether to share, hear what
the group celebrated this week, get its weekly note by email, and leave.

Members appear only by the display name they chose; their wins go to the group only after
they said yes to that question.
"""

from __future__ import annotations

from datetime import timedelta

from ask_sdk_model import Response

from sharing import Group, Membership
from sharing.digests import Entry, group_entries
from sharing.errors import NameNeeded, NotFound, RateLimited, SharingError
from sharing.schedule import Week
from skill.awaiting import Awaiting
from skill.dates import spoken_day
from skill.handlers.base import Handler
from skill.handlers.sharing import is_first_name, remember_locale
from skill.sharing_words import clean_name, digits_in, spoken_code, written_code
from skill.speech import Markup
from skill.turn import Turn

MAX_GROUP_NAME_CHARS = 40
READ_AT_ONCE = 3


def _none(turn: Turn) -> Response:
    """Not in a group: say how to start or join one, and listen for it."""
    turn.expect(Awaiting.WIN)
    return turn.ask(turn.say("group.none"), reprompt=turn.say("share.next_reprompt"))


def _seat(turn: Turn) -> tuple[Membership | None, Group | None]:
    seat = turn.sharing.groups.membership(turn.owner)
    group = turn.sharing.groups.get(seat.group) if seat else None
    return seat, group


class StartGroup(Handler):
    intents = ("StartGroupIntent",)

    def respond(self, turn: Turn) -> Response:
        _, group = _seat(turn)
        if group is not None:
            return _already(turn, group)
        name = turn.slot("group")
        if name is None:
            turn.expect(Awaiting.GROUP_NAME)
            return turn.ask(
                turn.say("group.ask_name"), reprompt=turn.say("group.ask_name_reprompt")
            )
        return _start(turn, name)


def create(turn: Turn, name: str) -> Response:
    """The group's name, asked for: the person may be in a group by now, as when Alexa sends
    the answer again because the reply that started it was lost."""
    _, group = _seat(turn)
    if group is not None:
        return _already(turn, group)
    return _start(turn, name)


def _already(turn: Turn, group: Group) -> Response:
    return turn.tell(turn.say("group.already", group=group.name))


def _start(turn: Turn, name: str) -> Response:
    name = " ".join(name.split())[:MAX_GROUP_NAME_CHARS]
    if name.islower():  # Alexa hears "tuesday circle"; cards and notes begin it with a capital
        name = name[:1].upper() + name[1:]
    group = turn.sharing.groups.create(turn.owner, name, turn.zone.key)
    turn.expect(Awaiting.DISPLAY_NAME, code=group.code)
    return turn.ask(
        turn.say("group.created", group=group.name, code=spoken_code(group.code)),
        reprompt=turn.say("group.ask_display_reprompt"),
        card=(
            turn.say("group.card_code_title"),
            turn.say("group.card_code_text", group=group.name, code=written_code(group.code)),
        ),
    )


class JoinGroup(Handler):
    intents = ("JoinGroupIntent",)

    def respond(self, turn: Turn) -> Response:
        _, group = _seat(turn)
        if group is not None:
            return turn.tell(turn.say("group.already_joined", group=group.name))
        code = turn.slot("code")
        if code is None:
            turn.expect(Awaiting.GROUP_CODE)
            return turn.ask(
                turn.say("group.ask_code"), reprompt=turn.say("group.ask_code_reprompt")
            )
        return join(turn, code)


def join(turn: Turn, said: str) -> Response:
    code = digits_in(said, turn.locale)
    try:
        group = turn.sharing.groups.join(turn.owner, code)
    except RateLimited:
        return turn.tell(turn.say("group.too_many_tries"))
    except NameNeeded:
        turn.expect(Awaiting.GROUP_CHECK, code=code)
        return turn.ask(
            turn.say("group.ask_name_check"), reprompt=turn.say("group.ask_name_check_reprompt")
        )
    except NotFound:
        turn.expect(Awaiting.GROUP_CODE)
        return turn.ask(turn.say("group.bad_code"), reprompt=turn.say("group.ask_code_reprompt"))
    return _joined(turn, group)


def join_by_name(turn: Turn, said: str) -> Response:
    """The group's name, asked after its code while many wrong codes are being tried."""
    code = str(turn.awaiting.get("code", ""))
    try:
        group = turn.sharing.groups.join(turn.owner, code, name=said)
    except RateLimited:
        return turn.tell(turn.say("group.too_many_tries"))
    except NotFound:
        turn.expect(Awaiting.GROUP_CODE)
        return turn.ask(
            turn.say("group.bad_code_or_name"), reprompt=turn.say("group.ask_code_reprompt")
        )
    return _joined(turn, group)


def _joined(turn: Turn, group: Group) -> Response:
    turn.expect(Awaiting.DISPLAY_NAME)
    return turn.ask(
        turn.say("group.joined", group=group.name), reprompt=turn.say("group.ask_display_reprompt")
    )


def choose_display(turn: Turn, text: str) -> Response:
    """The name the group knows me by; then whether to share is asked."""
    display = clean_name(text, turn.locale)
    if not is_first_name(display, turn.locale):
        return turn.ask(
            turn.say("group.ask_display_reprompt"), reprompt=turn.say("group.ask_display_reprompt")
        )
    try:
        turn.sharing.groups.update_membership(turn.owner, display=display)
    except NotFound:
        return _none(turn)
    turn.expect(Awaiting.GROUP_SHARE)
    return turn.ask(
        turn.say("group.ask_share", display=display), reprompt=turn.say("group.ask_share_reprompt")
    )


def code_again(turn: Turn) -> Response | None:
    """The new group's code again, while its founder is choosing a display name."""
    code = turn.awaiting.get("code")
    if not code:
        return None
    return turn.ask(
        turn.say("group.code_again", code=spoken_code(str(code))),
        reprompt=turn.say("group.ask_display_reprompt"),
    )


def answer_share(turn: Turn, *, yes: bool) -> Response:
    seat, group = _seat(turn)
    if seat is None or group is None:
        return _none(turn)
    return _set_share(turn, seat, group, yes=yes)


def _set_share(turn: Turn, seat: Membership, group: Group, *, yes: bool) -> Response:
    turn.sharing.groups.update_membership(turn.owner, share=yes)
    if yes:
        return turn.tell(turn.say("group.share_on", group=group.name, display=seat.display or ""))
    return turn.tell(turn.say("group.share_off"))


class ShareWithGroup(Handler):
    intents = ("ShareWithGroupIntent",)

    def respond(self, turn: Turn) -> Response:
        seat, group = _seat(turn)
        if seat is None or group is None:
            return _none(turn)
        if not seat.display:
            turn.expect(Awaiting.DISPLAY_NAME)
            return turn.ask(
                turn.say("group.joined", group=group.name),
                reprompt=turn.say("group.ask_display_reprompt"),
            )
        return _set_share(turn, seat, group, yes=True)


class StopGroupSharing(Handler):
    intents = ("StopGroupSharingIntent",)

    def respond(self, turn: Turn) -> Response:
        seat, group = _seat(turn)
        if seat is None or group is None:
            return _none(turn)
        turn.sharing.groups.update_membership(turn.owner, share=False)
        return turn.tell(turn.say("group.stopped_sharing", group=group.name))


class LeaveGroup(Handler):
    intents = ("LeaveGroupIntent",)

    def respond(self, turn: Turn) -> Response:
        group = turn.sharing.groups.leave(turn.owner)
        if group is None:
            return _none(turn)
        return turn.tell(turn.say("group.left", group=group.name))


class GroupEmail(Handler):
    """ "Email me the group's weekly note": the same confirmed web flow a buddy uses."""

    intents = ("GroupEmailIntent",)

    def respond(self, turn: Turn) -> Response:
        _, group = _seat(turn)
        if group is None:
            return _none(turn)
        remember_locale(turn)
        try:
            invite = turn.sharing.invites.open(turn.owner, "group")
        except SharingError:
            return _none(turn)
        link = f"{turn.deps.public_url}/invite/{invite.token}"
        return turn.tell(
            turn.say("group.email_link"),
            card=(
                turn.say("group.card_email_title"),
                turn.say("group.card_email_text", group=group.name, link=link),
            ),
        )


class GroupWins(Handler):
    """ "What did my group celebrate this week?": the last seven days, three at a time."""

    intents = ("GroupWinsIntent",)

    def respond(self, turn: Turn) -> Response:
        return read_group(turn, 0)


def read_more(turn: Turn) -> Response:
    return read_group(turn, int(turn.awaiting.get("start", 0)))


def read_group(turn: Turn, start: int) -> Response:
    _, group = _seat(turn)
    if group is None:
        return _none(turn)
    week = Week(first=turn.today - timedelta(days=6), last=turn.today, label="")
    entries = group_entries(turn.journal, turn.sharing, group.id, week)
    if not entries:
        return turn.tell(turn.say("group.quiet", group=group.name))
    shown = entries[start : start + READ_AT_ONCE]
    listed = Markup(" ".join(_entry(turn, e) for e in shown))
    key = "group.wins" if start == 0 else "group.more_wins"
    speech = (
        turn.say(key, group=group.name, list=listed) if start == 0 else turn.say(key, list=listed)
    )
    if start + READ_AT_ONCE < len(entries):
        turn.expect(Awaiting.GROUP_MORE, start=start + READ_AT_ONCE)
        return turn.ask(speech, turn.say("group.offer_more"), reprompt=turn.say("group.offer_more"))
    return turn.tell(speech, turn.say("group.end"))


def _entry(turn: Turn, entry: Entry) -> str:
    return turn.say(
        "group.entry",
        who=entry.who or "",
        day=spoken_day(entry.day, turn.today, turn.locale),
        text=entry.text,
    )
