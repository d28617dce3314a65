"""Sharing by voice: invites, the consent question, one win now, who gets what, and stopping.

Nothing leaves the journal without the person's say-so: a buddy who confirmed is only asked
about ("share your wins with her each week?"), and only a yes starts weekly sharing. Stopping
is immediate; the worker checks consent again when it sends, so queued sends stop too.

A little over 300 lines because invites, consent and stopping share the same lookups of
who the person means; what each answer does per open question is in `answers.py`.
"""

from __future__ import annotations

from ask_sdk_model import Response

from locales import speaking
from sharing import Recipient
from sharing.errors import NotFound
from sharing.records import Me, News
from sharing.schedule import DAYS, next_due, spoken_when
from skill.awaiting import Awaiting
from skill.handlers import meanings
from skill.handlers.base import Handler
from skill.sharing_words import (
    clean_name,
    clock_in,
    day_in,
    role_in,
    spoken_code,
    spoken_name,
    written_code,
)
from skill.speech import Markup
from skill.turn import Turn
from skill.understanding import is_name
from skill.wording import reflect


def find(turn: Turn, name: str) -> Recipient | None:
    """The recipient called `name`: the whole name first, then the first name alone."""
    wanted = name.strip().lower()
    candidates = [r for r in turn.sharing.recipients.all(turn.owner) if r.kind != "group"]
    for recipient in candidates:
        if recipient.name.lower() == wanted:
            return recipient
    for recipient in candidates:
        if recipient.name.lower().split()[0] == wanted.split()[0]:
            return recipient
    # "My sponsor": the one recipient of that kind, when there is exactly one.
    role = role_in(name, turn.locale)
    if role is not None:
        kind = "sponsor" if role[0] == "SPONSOR" else "buddy"
        of_kind = [r for r in candidates if r.kind == kind]
        if len(of_kind) == 1:
            return of_kind[0]
    return None


def _unknown(turn: Turn, name: str) -> str:
    """No one by that name; named by a role ("my sponsor"), asked for a name instead."""
    role = role_in(name, turn.locale)
    if role is not None:
        return turn.say("share.unknown_role", role=role[1])
    return turn.say("share.unknown", name=spoken_name(name, turn.locale))


# -- invites -----------------------------------------------------------------------------------


class InviteBuddy(Handler):
    intents = ("InviteBuddyIntent",)

    def respond(self, turn: Turn) -> Response:
        # Alexa resolves "mentor" or "coach" to SPONSOR; without a resolution, the word itself.
        said = (turn.slot("role") or "").lower()
        sponsor = turn.slot_id("role") == "SPONSOR" or "sponsor" in said
        kind = "sponsor" if sponsor else "buddy"
        me = turn.sharing.recipients.me(turn.owner)
        remember_locale(turn, me)
        # "Invite my sister": she is invited as a buddy, and called what she is. A sponsor is
        # called what was said when it is a value of its own ("madrina", not "padrino o
        # madrina"); a synonym ("mentor") is called a sponsor.
        resolved = turn.slot_resolved("role")
        person = resolved is not None and resolved[0] == "PERSON"
        own_word = resolved is not None and resolved[0] == "SPONSOR" and resolved[1] == said
        word = said if (person or own_word) and said.isalpha() else kind
        if not me.name:
            turn.expect(Awaiting.MY_NAME, role=kind, word=word)
            return turn.ask(
                turn.say("share.ask_my_name"), reprompt=turn.say("share.ask_my_name_reprompt")
            )
        return make_invite(turn, kind, word)


def remember_locale(turn: Turn, me: Me | None = None) -> None:
    """Keep the language the person speaks to the skill in: their buddies' pages and notes
    are written in it. Written only when it changes."""
    me = me or turn.sharing.recipients.me(turn.owner)
    if me.locale != turn.locale:
        turn.sharing.recipients.update_me(turn.owner, locale=turn.locale)


def rename(turn: Turn, name: str) -> Response:
    turn.sharing.recipients.update_me(turn.owner, name=name)
    return turn.tell(turn.say("share.name_changed", name=name))


def ask_name_again(turn: Turn) -> Response:
    return turn.ask(
        turn.say("share.ask_my_name_again"), reprompt=turn.say("share.ask_my_name_reprompt")
    )


def make_invite(turn: Turn, kind: str, word: str | None = None, *before: str) -> Response:
    invite = turn.sharing.invites.open(turn.owner, kind, turn.request_id)
    link = f"{turn.deps.public_url}/invite/{invite.token}"
    turn.expect(Awaiting.INVITE_CODE, code=invite.code, role=kind)
    # "Invite my sister": she is called what the person called her.
    role = word if word and word != kind else turn.say(f"share.role_{kind}")
    return turn.ask(
        *before,
        turn.say("share.invite_made", code=spoken_code(invite.code), role=role),
        reprompt=turn.say("share.invite_repeat_reprompt"),
        card=(
            turn.say("share.card_invite_title"),
            turn.say(
                "share.card_invite_text", code=written_code(invite.code), link=link, role=role
            ),
        ),
    )


def repeat_code(turn: Turn) -> Response:
    step = turn.awaiting
    code = str(step.get("code", ""))
    return turn.ask(
        turn.say("share.invite_repeat", code=spoken_code(code)),
        reprompt=turn.say("share.invite_repeat_reprompt"),
    )


# -- launch news and the consent question ----------------------------------------------------


def news(turn: Turn, items: list[News]) -> list[str]:
    """Cheers and notices waiting for the person, each heard once."""
    said = []
    for item in items:
        if item.kind == "cheer":
            said.append(turn.say("share.news_cheer", name=item.sender, text=item.text))
        elif item.kind == "left":
            said.append(turn.say("share.news_left", name=item.sender))
        elif item.kind == "code_closed":
            said.append(turn.say("share.news_code_closed"))
    return said


def ask_consent(turn: Turn, recipient: Recipient, *before: str) -> Response:
    turn.expect(Awaiting.CONSENT, recipient=recipient.id)
    return turn.ask(
        *before,
        turn.say("share.ask_consent", name=recipient.name),
        reprompt=turn.say("share.ask_consent_reprompt", name=recipient.name),
    )


def consent_again(turn: Turn) -> Response | None:
    """The consent question again, if the buddy it was about is still there."""
    recipient = turn.sharing.recipients.get(turn.owner, str(turn.awaiting.get("recipient", "")))
    return ask_consent(turn, recipient) if recipient is not None else None


def consent_plainly(turn: Turn) -> Response | None:
    """The consent question once more, plainly ("say yes or no"), after an unclear answer."""
    recipient = turn.sharing.recipients.get(turn.owner, str(turn.awaiting.get("recipient", "")))
    if recipient is None:
        return None
    asked = turn.say("share.ask_consent_reprompt", name=recipient.name)
    return turn.ask(asked, reprompt=asked)


def explain_consent(turn: Turn) -> Response | None:
    """ "What do you mean?" to the consent question: what a yes does, and the question again."""
    recipient = turn.sharing.recipients.get(turn.owner, str(turn.awaiting.get("recipient", "")))
    if recipient is None:
        return None
    return turn.ask(
        turn.say("share.consent_explain", name=recipient.name),
        reprompt=turn.say("share.ask_consent_reprompt", name=recipient.name),
    )


def answer_consent(turn: Turn, *, yes: bool) -> Response:
    recipient_id = str(turn.awaiting.get("recipient", ""))
    turn.expect(Awaiting.WIN)
    try:
        recipient = turn.sharing.recipients.answer_weekly(
            turn.owner, recipient_id, yes=yes, tz=turn.zone.key
        )
    except NotFound:  # they unsubscribed between the question and the answer
        return turn.ask(turn.say("share.consent_gone"), reprompt=turn.say("launch.reprompt"))
    if yes:
        me = turn.sharing.recipients.me(turn.owner)
        every = spoken_when(me.day, me.time, locale=turn.locale)
        speech = turn.say("share.consent_yes", name=recipient.name, when=every)
    else:
        speech = turn.say("share.consent_no", name=recipient.name)
    return turn.ask(speech, reprompt=turn.say("launch.reprompt"))


# -- one win now, who gets what, stopping ----------------------------------------------------


class ShareWin(Handler):
    intents = ("ShareWinIntent",)

    def respond(self, turn: Turn) -> Response:
        name = turn.slot("name")
        if name is None:
            confirmed = [
                r
                for r in turn.sharing.recipients.all(turn.owner)
                if r.confirmed and r.kind != "group"
            ]
            if len(confirmed) == 1:  # "share that with my sponsor": there is only one
                return share_with(turn, confirmed[0].name)
            if not confirmed:
                return share_with(turn, "")
            turn.expect(Awaiting.SHARE_TO, win=_win_in_view(turn))
            return turn.ask(turn.say("share.who_to"), reprompt=turn.say("share.who_to_reprompt"))
        return share_with(turn, name)


def _win_in_view(turn: Turn) -> str | None:
    """The win "that" means: the one being talked about, else the one said last."""
    step = turn.awaiting
    if step.get("win"):
        return str(step["win"])
    last = turn.session.get("last_win")
    return str(last) if last else None


def share_with(turn: Turn, name: str) -> Response:
    recipients = [r for r in turn.sharing.recipients.all(turn.owner) if r.kind != "group"]
    if not recipients:
        seat = turn.sharing.groups.membership(turn.owner)
        if seat is not None and seat.share:  # not "private": their group gets their wins
            return _suggest(turn, turn.say("share.no_buddy"))
        return _suggest(turn, turn.say("share.nobody"))
    recipient = find(turn, name) if name else None
    if recipient is None:
        return _suggest(turn, _unknown(turn, name))
    if not recipient.confirmed:
        return turn.tell(turn.say("share.not_confirmed", name=recipient.name))
    win_id = _win_in_view(turn)
    win = turn.journal.get(turn.owner, win_id) if win_id else None
    if win is None:
        latest = turn.journal.recent(turn.owner, 1)
        win = latest[0] if latest else None
    if win is None:
        return turn.tell(turn.say("share.no_win"))
    turn.deps.outbox.share(turn.owner, recipient.id, win.id)
    return turn.tell(
        turn.say("share.queued", name=recipient.name, text=reflect(win.text, turn.locale))
    )


def _suggest(turn: Turn, speech: str) -> Response:
    """An answer that suggests what to say next keeps the microphone open for it."""
    turn.expect(Awaiting.WIN)
    return turn.ask(speech, reprompt=turn.say("share.next_reprompt"))


class SharingStatus(Handler):
    intents = ("SharingStatusIntent",)

    def respond(self, turn: Turn) -> Response:
        me = turn.sharing.recipients.me(turn.owner)
        parts = []
        for recipient in turn.sharing.recipients.all(turn.owner):
            if recipient.kind == "group":
                continue
            if not recipient.confirmed:
                parts.append(turn.say("share.status_pending", name=recipient.name))
            elif recipient.weekly:
                every = spoken_when(me.day, me.time, locale=turn.locale)
                parts.append(turn.say("share.status_weekly", name=recipient.name, when=every))
            else:
                parts.append(turn.say("share.status_single", name=recipient.name))
        seat = turn.sharing.groups.membership(turn.owner)
        group = turn.sharing.groups.get(seat.group) if seat else None
        if seat and group:
            if seat.share and seat.display:
                parts.append(turn.say("share.status_group", group=group.name, display=seat.display))
            else:
                parts.append(turn.say("share.status_group_off", group=group.name))
        if not parts:
            return _suggest(turn, turn.say("share.nobody"))
        # The parts are already speech; the locale's joining words are plain.
        listed = Markup(speaking.listing(turn.locale, parts))
        return turn.tell(turn.say("share.status", list=listed))


def ask_stop_who(turn: Turn) -> Response:
    turn.expect(Awaiting.STOP_WHO)
    return turn.ask(turn.say("share.stop_who"), reprompt=turn.say("share.stop_who_reprompt"))


def stop_sharing(turn: Turn, name: str) -> Response:
    recipient = find(turn, name)
    if recipient is None:
        return _suggest(turn, _nobody_to_stop(turn, name))
    turn.sharing.recipients.stop(turn.owner, recipient.id)
    return turn.tell(turn.say("share.stopped", name=recipient.name))


def _nobody_to_stop(turn: Turn, name: str) -> str:
    """No one by that name. With nobody shared with at all (often an invite not accepted
    yet), say that nothing goes anywhere, rather than ask who "your sponsor" is."""
    if any(r.kind != "group" for r in turn.sharing.recipients.all(turn.owner)):
        return _unknown(turn, name)
    role = role_in(name, turn.locale)
    if role is not None:
        return turn.say("share.stop_nobody_role", role=role[1])
    return turn.say("share.stop_nobody", name=spoken_name(name, turn.locale))


class DigestTime(Handler):
    """ "Send my weekly note on Fridays at 6 PM": the day and time weekly digests go out."""

    intents = ("DigestTimeIntent",)

    def respond(self, turn: Turn) -> Response:
        if turn.unclear("time"):
            # "12:60" is no time: ask again, and keep what was set.
            turn.expect(Awaiting.DIGEST_TIME)
            return turn.ask(
                turn.say("share.schedule_unclear"), reprompt=turn.say("share.schedule_unclear")
            )
        clock = turn.slot("time")
        clock = clock if clock and ":" in clock else None  # a part of the day is not a time
        # The slot's id is the day in every language ("FRIDAY"); the words said, the locale's.
        day_id = (turn.slot_id("day") or "").lower()
        day = DAYS.index(day_id) if day_id in DAYS else day_in(turn.slot("day") or "", turn.locale)
        return set_digest_time(turn, day, clock)


def set_digest_time(turn: Turn, day: int | None, clock: str | None) -> Response:
    if day is None and clock is None:
        turn.expect(Awaiting.DIGEST_TIME)
        return turn.ask(
            turn.say("share.schedule_unclear"), reprompt=turn.say("share.schedule_unclear")
        )
    me = turn.sharing.recipients.me(turn.owner)
    me = turn.sharing.recipients.update_me(
        turn.owner,
        day=me.day if day is None else day,
        time=clock or me.time,
    )
    now = turn.deps.clock()
    weekly = [r for r in turn.sharing.recipients.all(turn.owner) if r.weekly and r.kind != "group"]
    for recipient in weekly:
        turn.sharing.ledger.schedule(
            turn.owner, "d", recipient.id, next_due(me.day, me.time, turn.zone.key, now)
        )
    when = spoken_when(me.day, me.time, locale=turn.locale)
    # With nobody getting a weekly note, the day is kept for later; nothing goes out on it.
    return turn.tell(turn.say("share.schedule_set" if weekly else "share.schedule_kept", when=when))


# -- free answers to the sharing questions ---------------------------------------------------


def is_first_name(name: str, locale: str) -> bool:
    """A name a buddy or a group can be shown: words that are a name, with a letter in them
    ("42" is a number said where a name was asked, and would sign every buddy's note)."""
    return is_name(name, locale) and any(c.isalpha() for c in name)


def give_my_name(turn: Turn, text: str) -> Response:
    """The name a buddy will see (only a name: "say it again" is asked again); then the
    invite that was waiting for it is made, with a word on changing it later."""
    danger = meanings.danger_first(turn, text)
    if danger is not None:
        return danger
    name = clean_name(text, turn.locale)
    if not is_first_name(name, turn.locale):
        return ask_name_again(turn)
    step = turn.awaiting
    if step.get("renaming"):
        return rename(turn, name)
    turn.sharing.recipients.update_me(turn.owner, name=name)
    kind = str(step.get("role", "buddy"))
    word = step.get("word")
    return make_invite(
        turn, kind, word if isinstance(word, str) else None, turn.say("share.name_kept", name=name)
    )


def share_to(turn: Turn, text: str) -> Response:
    return share_with(turn, clean_name(text, turn.locale))


def stop_who(turn: Turn, text: str) -> Response:
    return stop_sharing(turn, clean_name(text, turn.locale))


def digest_time(turn: Turn, text: str) -> Response:
    return set_digest_time(turn, day_in(text, turn.locale), clock_in(text, turn.locale))
