"""Sharing and groups by voice, as a person hears them: invites, the consent question, one win
now, who gets what, stopping, the weekly time, groups, safety, outages and erasure.

Every turn goes through the real webhook on a real Redis. Phrasings are chosen at random per
request, so each assertion on words holds for every variant of the phrase in
`locales/en-US/phrases/sharing.toml`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from journal import Journal, owner_key
from journal.connection import connect
from sharing import Recipient, Sharing
from sharing import keys as sharing_keys
from sharing.errors import ConsentMissing
from sharing.outbox import Outbox, queue
from skill.app import create_app
from smallwins.embedded_redis import EmbeddedRedis
from smallwins.settings import Settings
from tests.skill.conftest import SECRET, Clock
from tests.support.dialog import Dialog

NEW_YORK = ZoneInfo("America/New_York")
FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)
OTHER_USER = "amzn1.ask.account.TEST-OTHER"
THIRD_USER = "amzn1.ask.account.TEST-THIRD"
DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


# -- helpers ------------------------------------------------------------------------------------


@pytest.fixture
def sharing(app: Flask) -> Sharing:
    return app.extensions["sharing-pages"].sharing


@pytest.fixture
def outbox(app: Flask) -> Outbox:
    return app.extensions["sharing-pages"].outbox


def buddy(
    sharing: Sharing,
    owner: str,
    name: str = "Maria",
    *,
    email: str = "maria@example.org",
    kind: str = "buddy",
    confirmed: bool = True,
) -> Recipient:
    """A buddy made the way the web pages make one: invite, accept, confirm the email."""
    invite = sharing.invites.open(owner, kind)
    _, recipient, _ = sharing.invites.accept(invite.token, name, email)
    if confirmed:
        sharing.recipients.confirm(owner, recipient.id, recipient.nonce)
    found = sharing.recipients.get(owner, recipient.id)
    assert found is not None
    return found


def sharing_outbox(dialog: Dialog) -> Outbox:
    return dialog.client.application.extensions["sharing-pages"].outbox


def ssml(dialog: Dialog) -> str:
    return dialog.last["response"]["outputSpeech"]["ssml"]


def card(dialog: Dialog) -> str:
    return dialog.last["response"]["card"]["content"]


def code_on_card(dialog: Dialog) -> str:
    """The six digits written on the card ("123 456")."""
    found = re.search(r"(\d{3}) (\d{3})", card(dialog))
    assert found, card(dialog)
    return found.group(1) + found.group(2)


def spoken_as_digits(dialog: Dialog, code: str) -> bool:
    """The code is in the SSML, read digit by digit."""
    said = ssml(dialog)
    digits = re.findall(r'<say-as interpret-as="digits">(\d+)</say-as>', said)
    return "".join(digits) == code


def in_words(code: str) -> str:
    return " ".join(DIGIT_WORDS[int(d)] for d in code)


def local(day: int, hour: int, minute: int = 0) -> float:
    """An instant in November 2026, New York time, as the schedule stores it."""
    return datetime(2026, 11, day, hour, minute, tzinfo=NEW_YORK).timestamp()


def record(dialog: Dialog, clock: Clock, win: str) -> None:
    """Say a win a second after the last thing that happened, and skip the follow-ups.

    (A second, not more: requests stamped far from the clock are refused as stale.)"""
    clock.now += timedelta(seconds=1)
    dialog.intent("RecordWinIntent", win=win)
    dialog.intent("SkipIntent")  # what helped
    dialog.intent("SkipIntent")  # how it felt


def group_of(sharing: Sharing, owner: str):
    seat = sharing.groups.membership(owner)
    assert seat is not None
    group = sharing.groups.get(seat.group)
    assert group is not None
    return group


def is_crisis_reply(dialog: Dialog) -> bool:
    return "988" in ssml(dialog) and "1-800-662-4357" in card(dialog)


# -- invites ------------------------------------------------------------------------------------


def test_first_invite_asks_the_name_buddies_see_then_gives_a_code_and_a_link(
    dialog: Dialog, sharing: Sharing, owner: str, settings: Settings
) -> None:
    """The first invite asks for a first name; the answer brings a six-digit code, spoken digit
    by digit, and a card with the same code and the invite link."""
    asked = dialog.intent("InviteBuddyIntent")
    assert "name" in asked and "buddy" in asked and not dialog.ended
    assert dialog.reprompt

    said = dialog.intent("AnswerIntent", answer="Robin")
    assert sharing.recipients.me(owner).name == "Robin"
    code = code_on_card(dialog)
    assert len(code) == 6 and code in said
    assert 'interpret-as="digits"' in ssml(dialog) and spoken_as_digits(dialog, code)
    assert "buddy" in said and "48 hours" in said and not dialog.ended

    link = re.search(r"(\S+)/invite/(\S+)", card(dialog))
    assert link and link.group(1) == settings.public_url
    invite_owner, _, fields = sharing.invites.read(link.group(2))
    assert invite_owner == owner and fields["code"] == code and fields["kind"] == "buddy"


def test_yes_or_repeat_says_the_same_code_again_and_no_ends(dialog: Dialog) -> None:
    """After the code: "yes" and "repeat" both say the same code again; "no" ends."""
    dialog.intent("InviteBuddyIntent")
    dialog.intent("AnswerIntent", answer="Robin")
    code = code_on_card(dialog)

    again = dialog.intent("AMAZON.YesIntent")
    assert code in again and spoken_as_digits(dialog, code) and not dialog.ended
    once_more = dialog.intent("AMAZON.RepeatIntent")
    assert code in once_more and spoken_as_digits(dialog, code) and not dialog.ended
    dialog.intent("AMAZON.NoIntent")
    assert dialog.ended


@pytest.mark.parametrize("asked", ["what was the code again?", "sorry what's the invite code"])
def test_the_code_asked_for_in_words_is_said_again(dialog: Dialog, asked: str) -> None:
    # "What was the code again?" read the person's wins aloud instead.
    dialog.intent("InviteBuddyIntent")
    dialog.intent("AnswerIntent", answer="Robin")
    code = code_on_card(dialog)
    again = dialog.intent("AnswerIntent", answer=asked)
    assert code in again and spoken_as_digits(dialog, code) and not dialog.ended


def test_the_group_code_asked_for_in_spanish_is_said_again(
    client: FlaskClient, clock: Clock
) -> None:
    dialog = Dialog(client, now=clock(), locale="es-US")
    dialog.intent("StartGroupIntent", group="los del martes")
    first = dialog.last["response"]["outputSpeech"]["ssml"]
    code = re.findall(r'interpret-as="digits">(\d+)<', first)
    said = dialog.intent("AnswerIntent", answer="cuál era el código")
    assert code and code == re.findall(r'interpret-as="digits">(\d+)<', ssml(dialog)), said
    assert not dialog.ended


def test_a_second_invite_does_not_ask_the_name_again(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """The name is asked once; later invites go straight to a new code."""
    dialog.intent("InviteBuddyIntent")
    dialog.intent("AnswerIntent", answer="Robin")
    first = code_on_card(dialog)
    dialog.intent("AMAZON.NoIntent")

    said = dialog.intent("InviteBuddyIntent")
    second = code_on_card(dialog)
    assert "name" not in said and second in said and second != first
    assert sharing.recipients.me(owner).name == "Robin"


def test_invite_my_sponsor_speaks_of_a_sponsor_even_after_the_name_question(
    dialog: Dialog, sharing: Sharing
) -> None:
    """ "Invite my sponsor": the role survives the name question into speech, card and invite."""
    dialog.intent("InviteBuddyIntent", role="sponsor")
    said = dialog.intent("AnswerIntent", answer="Robin")
    assert "sponsor" in said and "sponsor" in card(dialog)
    token = re.search(r"/invite/(\S+)", card(dialog))
    assert token
    assert sharing.invites.read(token.group(1))[2]["kind"] == "sponsor"

    dialog.intent("AMAZON.NoIntent")
    assert "sponsor" in dialog.intent("InviteBuddyIntent", role="sponsor")


def test_a_mentor_is_invited_as_a_sponsor_when_alexa_resolves_the_word(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    sharing.recipients.update_me(owner, name="Sam")
    request = Dialog.intent_request("InviteBuddyIntent", role="mentor")
    request["intent"]["slots"]["role"]["resolutions"] = {
        "resolutionsPerAuthority": [
            {
                "authority": "amzn1.er-authority.echo-sdk.skill.ROLE",
                "status": {"code": "ER_SUCCESS_MATCH"},
                "values": [{"value": {"name": "sponsor", "id": "SPONSOR"}}],
            }
        ]
    }
    assert "sponsor" in dialog.send(dialog.envelope(request))
    token = re.search(r"/invite/(\S+)", card(dialog))
    assert token
    assert sharing.invites.read(token.group(1))[2]["kind"] == "sponsor"


def test_a_name_said_in_a_sentence_is_just_the_name(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """Asked "what first name should your buddy see?", people say "my name is Sam" or "call
    me Sam": the name kept is Sam, or buddies' mail would be signed "My Name Is Sam"."""
    dialog.intent("InviteBuddyIntent")
    dialog.intent("AnswerIntent", answer="my name is Sam")
    assert sharing.recipients.me(owner).name == "Sam"


def test_help_at_the_name_step_asks_for_the_name_again(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """ "Help" while the name is asked says what is wanted; the invite is still on its way."""
    dialog.intent("InviteBuddyIntent", role="sponsor")
    said = dialog.intent("AMAZON.HelpIntent")
    assert "first name" in said and not dialog.ended
    assert "sponsor" in dialog.intent("AnswerIntent", answer="Robin")
    assert sharing.recipients.me(owner).name == "Robin" and code_on_card(dialog)


@pytest.mark.parametrize("answer", ["42", "um"])
def test_a_number_or_a_filler_is_not_a_name(
    dialog: Dialog, sharing: Sharing, owner: str, answer: str
) -> None:
    """ "42" said for a first name would sign every buddy's note; the name is asked again."""
    dialog.intent("InviteBuddyIntent")
    said = dialog.intent("AnswerIntent", answer=answer)
    assert "first name" in said and not dialog.ended and not re.search(r"\d{3} \d{3}", said)
    dialog.intent("AnswerIntent", answer="Robin")
    assert sharing.recipients.me(owner).name == "Robin"


def test_i_dont_know_at_a_name_or_code_asks_that_again(dialog: Dialog) -> None:
    """ "I don't know" where a name or a join code is asked is not a plea for a win idea."""
    dialog.intent("InviteBuddyIntent")
    assert "first name" in dialog.intent("NoIdeaIntent") and not dialog.ended
    dialog.intent("AMAZON.StopIntent")
    dialog.intent("JoinGroupIntent")
    assert "digits" in dialog.intent("NoIdeaIntent") and not dialog.ended
    assert dialog.attributes["await"]["kind"] == "group_code"


# -- the consent question at launch ---------------------------------------------------------------


def test_launch_asks_about_a_confirmed_buddy_and_no_schedules_nothing(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """A buddy who confirmed is asked about once; "no" schedules nothing and is remembered."""
    maria = buddy(sharing, owner)
    asked = dialog.launch()
    assert "Maria accepted your invite" in asked and "each week" in asked
    assert "Maria" in dialog.reprompt

    said = dialog.intent("AMAZON.NoIntent")
    assert "Maria" in said and "week" in said and not dialog.ended
    assert sharing.ledger.due(FAR_FUTURE) == []
    after = sharing.recipients.get(owner, maria.id)
    assert after is not None and after.asked and not after.weekly

    dialog.intent("AMAZON.StopIntent")
    assert "accepted" not in dialog.launch()
    assert dialog.attributes["await"]["kind"] == "win"


def test_yes_schedules_weekly_sharing_for_next_sunday_evening_in_new_york(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """ "Yes" starts weekly sharing: due next Sunday (29 November) at 6 PM New York time."""
    maria = buddy(sharing, owner)
    dialog.launch()
    said = dialog.intent("AMAZON.YesIntent")
    assert "Maria" in said and "Sunday at 6 PM" in said and not dialog.ended
    assert sharing.ledger.due_at("d", owner, maria.id) == local(29, 18)
    after = sharing.recipients.get(owner, maria.id)
    assert after is not None and after.weekly and after.asked


def test_an_unconfirmed_buddy_is_never_asked(dialog: Dialog, sharing: Sharing, owner: str) -> None:
    """Accepting the invite is not enough: until the email is confirmed, launch is as usual."""
    buddy(sharing, owner, confirmed=False)
    assert "accepted" not in dialog.launch()
    dialog.intent("AMAZON.StopIntent")
    assert "accepted" not in dialog.launch()
    assert sharing.ledger.due(FAR_FUTURE) == []


def test_yes_after_the_buddy_unsubscribed_meanwhile_is_not_a_failure(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """Launch asks "share your wins with Maria each week?"; Maria unsubscribes before the
    person answers. Their "yes" gets a plain explanation, not "something went wrong"."""
    maria = buddy(sharing, owner)
    dialog.launch()
    sharing.recipients.unsubscribe(owner, maria.id)
    said = dialog.intent("AMAZON.YesIntent")
    assert "went wrong" not in said
    assert sharing.ledger.due(FAR_FUTURE) == []


# -- cheers and notices -------------------------------------------------------------------------


def test_a_cheer_is_heard_once_at_launch(dialog: Dialog, sharing: Sharing, owner: str) -> None:
    """A cheer from a buddy is read at the next launch, and only then."""
    maria = buddy(sharing, owner)
    sharing.recipients.answer_weekly(owner, maria.id, yes=True, tz="America/New_York")
    sharing.news.cheer(owner, maria.id, "You've got this")
    said = dialog.launch()
    assert "Maria" in said and "You've got this" in said and "accepted" not in said
    dialog.intent("AMAZON.StopIntent")
    assert "got this" not in dialog.launch()


def test_a_cheer_and_the_consent_question_come_in_the_same_launch(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """News first, then the pending question; the question is still answered by yes."""
    maria = buddy(sharing, owner)
    sharing.news.cheer(owner, maria.id, "You've got this")
    said = dialog.launch()
    assert "You've got this" in said and "Maria accepted your invite" in said
    assert said.index("got this") < said.index("accepted")
    dialog.intent("AMAZON.YesIntent")
    assert sharing.ledger.due_at("d", owner, maria.id) == local(29, 18)
    dialog.intent("AMAZON.StopIntent")
    assert "got this" not in dialog.launch()


def test_a_buddy_who_unsubscribed_is_mentioned_once(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """When a buddy stops receiving wins, the person hears it once at the next launch."""
    maria = buddy(sharing, owner)
    sharing.recipients.answer_weekly(owner, maria.id, yes=True, tz="America/New_York")
    sharing.recipients.unsubscribe(owner, maria.id)
    assert "Maria has stopped receiving your wins" in dialog.launch()
    dialog.intent("AMAZON.StopIntent")
    assert "stopped receiving" not in dialog.launch()


# -- one win now ----------------------------------------------------------------------------------


def test_share_with_nobody_to_share_with(dialog: Dialog, outbox: Outbox) -> None:
    """No buddies: the person hears that everything is private; nothing is queued."""
    said = dialog.intent("ShareWinIntent", name="Maria")
    assert "not sharing with anyone" in said
    assert not dialog.ended and dialog.reprompt  # it suggests "add a buddy": it listens for it
    assert outbox.jobs.count == 0


def test_share_with_an_unknown_name_queues_nothing(
    dialog: Dialog, sharing: Sharing, owner: str, outbox: Outbox, journal: Journal, clock: Clock
) -> None:
    """A name that isn't a buddy is said back, and nothing is sent."""
    buddy(sharing, owner)
    journal.record(owner, "I went for a walk", at=clock.now)
    said = dialog.intent("ShareWinIntent", name="Bob")
    assert "Bob" in said and "who am I sharing with" in said
    assert outbox.jobs.count == 0


def test_share_with_an_unconfirmed_buddy_says_so(
    dialog: Dialog, sharing: Sharing, owner: str, outbox: Outbox, journal: Journal, clock: Clock
) -> None:
    """A buddy who hasn't confirmed their email gets nothing yet."""
    buddy(sharing, owner, confirmed=False)
    journal.record(owner, "I went for a walk", at=clock.now)
    said = dialog.intent("ShareWinIntent", name="Maria")
    assert "Maria hasn't confirmed" in said
    assert outbox.jobs.count == 0


def test_share_with_a_confirmed_buddy_queues_the_win_and_reflects_it(
    dialog: Dialog, sharing: Sharing, owner: str, outbox: Outbox, journal: Journal, clock: Clock
) -> None:
    """A confirmed buddy: one job is queued, and the win is read back as "you"."""
    maria = buddy(sharing, owner)
    win = journal.record(owner, "I went for a walk", at=clock.now).win
    said = dialog.intent("ShareWinIntent", name="maria")
    assert "Maria" in said and "you went for a walk" in said and dialog.ended
    assert outbox.jobs.count == 1
    [job] = outbox.jobs.jobs
    assert job.args == [owner, maria.id, win.id]


def test_share_that_right_after_a_win_shares_that_win(
    dialog: Dialog, sharing: Sharing, owner: str, outbox: Outbox, journal: Journal, clock: Clock
) -> None:
    """ "Share that" means the win just said in this session, not an older one."""
    maria = buddy(sharing, owner)
    older = journal.record(owner, "I cooked dinner", at=clock.now - timedelta(days=1)).win
    dialog.intent("RecordWinIntent", win="went for a walk")
    said = dialog.intent("ShareWinIntent", name="Maria")
    assert "you went for a walk" in said and "cooked dinner" not in said
    [job] = outbox.jobs.jobs
    assert job.args[:2] == [owner, maria.id] and job.args[2] != older.id
    shared = journal.get(owner, job.args[2])
    assert shared is not None and shared.text == "I went for a walk"


def test_share_that_without_a_name_asks_who_then_shares(
    dialog: Dialog, sharing: Sharing, owner: str, outbox: Outbox
) -> None:
    """ "Share that" with no name, and two buddies, asks who; the answer "Maria" shares the
    win in view."""
    buddy(sharing, owner)
    buddy(sharing, owner, "Jo", email="jo@example.org")
    dialog.intent("RecordWinIntent", win="went for a walk")
    asked = dialog.intent("ShareWinIntent")
    assert "share it with" in asked and not dialog.ended and dialog.reprompt
    said = dialog.intent("AnswerIntent", answer="Maria")
    assert "Maria" in said and "you went for a walk" in said
    assert outbox.jobs.count == 1


def test_share_with_only_a_group_does_not_claim_everything_is_private(
    dialog: Dialog, sharing: Sharing, owner: str, journal: Journal, clock: Clock
) -> None:
    """Someone whose wins go to their group, with no buddy, asks to share with Maria: they
    must not be told "everything stays private", which would be untrue."""
    sharing.groups.create(owner, "Tuesday circle", "America/New_York")
    sharing.groups.update_membership(owner, display="Sam", share=True)
    journal.record(owner, "I went for a walk", at=clock.now)
    said = dialog.intent("ShareWinIntent", name="Maria")
    assert "private" not in said


# -- who gets what --------------------------------------------------------------------------------


def test_status_with_nobody_is_private(dialog: Dialog) -> None:
    """Nobody gets anything: the person hears it is all private."""
    said = dialog.intent("SharingStatusIntent")
    assert "not sharing with anyone" in said and "private" in said


def test_status_lists_weekly_single_pending_and_group(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """Each buddy in their state, and the group with the name it knows the person by."""
    maria = buddy(sharing, owner, "Maria")
    alex = buddy(sharing, owner, "Alex", email="alex@example.org")
    buddy(sharing, owner, "Kim", email="kim@example.org", confirmed=False)
    sharing.recipients.answer_weekly(owner, maria.id, yes=True, tz="America/New_York")
    sharing.recipients.answer_weekly(owner, alex.id, yes=False, tz="America/New_York")
    sharing.groups.create(owner, "Tuesday circle", "America/New_York")
    sharing.groups.update_membership(owner, display="Sam", share=True)

    said = dialog.intent("SharingStatusIntent")
    assert "Maria gets your wins each Sunday at 6 PM" in said
    assert "Alex gets only the wins you choose to share" in said
    assert "Kim hasn't confirmed their email yet" in said
    assert "your group, Tuesday circle, sees your wins each week as Sam" in said


def test_status_with_a_group_that_gets_nothing(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """In a group without sharing: the person hears their wins don't go to it."""
    sharing.groups.create(owner, "Tuesday circle", "America/New_York")
    said = dialog.intent("SharingStatusIntent")
    assert "you're in Tuesday circle, and your wins don't go to it" in said


# -- stopping -------------------------------------------------------------------------------------


def test_stop_sharing_ends_it_at_once(
    dialog: Dialog, sharing: Sharing, owner: str, outbox: Outbox, journal: Journal, clock: Clock
) -> None:
    """Stopping removes the buddy and their weekly send; a queued share loses its consent."""
    maria = buddy(sharing, owner)
    sharing.recipients.answer_weekly(owner, maria.id, yes=True, tz="America/New_York")
    journal.record(owner, "I went for a walk", at=clock.now)
    dialog.intent("ShareWinIntent", name="Maria")
    assert outbox.jobs.count == 1

    said = dialog.intent("StopSharingIntent", name="maria")
    assert "Maria" in said and dialog.ended
    assert sharing.recipients.get(owner, maria.id) is None
    assert sharing.ledger.due_at("d", owner, maria.id) is None
    with pytest.raises(ConsentMissing):
        sharing.recipients.consent(owner, maria.id, "share")


def test_stop_sharing_with_an_unknown_name(dialog: Dialog, sharing: Sharing, owner: str) -> None:
    """An unknown name is said back and nobody is removed."""
    maria = buddy(sharing, owner)
    said = dialog.intent("StopSharingIntent", name="Bob")
    assert "Bob" in said and "who am I sharing with" in said
    assert sharing.recipients.get(owner, maria.id) is not None


def test_stop_sharing_before_anyone_accepted_says_nothing_goes_out(dialog: Dialog) -> None:
    """Right after "invite my sponsor", "stop sharing with my sponsor" was asked who the
    sponsor is; nobody is shared with, and an accepted invite still waits for a yes."""
    dialog.intent("InviteBuddyIntent", role="sponsor")
    dialog.intent("AnswerIntent", answer="Sam")
    said = dialog.intent("StopSharingIntent", role="sponsor")
    assert "not sharing with anyone" in said and "your sponsor" in said
    assert "until you say yes" in said and not dialog.ended


def test_stop_sharing_without_a_name_asks_who(dialog: Dialog, sharing: Sharing, owner: str) -> None:
    """ "Stop sharing" alone asks who; the answer stops that buddy."""
    maria = buddy(sharing, owner)
    asked = dialog.intent("StopSharingIntent")
    assert "stop sharing with" in asked.lower() and not dialog.ended and dialog.reprompt
    said = dialog.intent("AnswerIntent", answer="Maria")
    assert "Maria" in said
    assert sharing.recipients.get(owner, maria.id) is None


def test_stop_sharing_with_my_sponsor_finds_the_one_sponsor(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """ "Stop sharing with my sponsor": the role is enough when one person has it."""
    maria = buddy(sharing, owner)
    dana = buddy(sharing, owner, "Dana", email="dana@example.org", kind="sponsor")
    said = dialog.intent("StopSharingIntent", role="sponsor")
    assert "Dana" in said and dialog.ended
    assert sharing.recipients.get(owner, dana.id) is None
    assert sharing.recipients.get(owner, maria.id) is not None


def test_stop_who_answered_with_a_role(dialog: Dialog, sharing: Sharing, owner: str) -> None:
    """ "Who should I stop sharing with?" "My sponsor.": found by the role, not a name."""
    dana = buddy(sharing, owner, "Dana", email="dana@example.org", kind="sponsor")
    dialog.intent("StopSharingIntent")
    said = dialog.intent("AnswerIntent", answer="my sponsor")
    assert "Dana" in said
    assert sharing.recipients.get(owner, dana.id) is None


def test_a_role_two_people_have_asks_for_a_name(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """Two buddies: "my buddy" could be either, so nobody is removed and a name is asked for,
    not "I don't have a buddy called my buddy"."""
    maria = buddy(sharing, owner)
    alex = buddy(sharing, owner, "Alex", email="alex@example.org")
    said = dialog.intent("StopSharingIntent", name="my buddy")
    assert "your buddy" in said and "called" not in said and "who am I sharing with" in said
    assert sharing.recipients.get(owner, maria.id) is not None
    assert sharing.recipients.get(owner, alex.id) is not None


def test_deja_de_compartir_con_mi_madrina(dialog: Dialog, sharing: Sharing, owner: str) -> None:
    """Spanish roles come from the Spanish model: "mi madrina" is the one sponsor."""
    dana = buddy(sharing, owner, "Dana", email="dana@example.org", kind="sponsor")
    dialog.locale = "es-US"
    said = dialog.intent("StopSharingIntent", name="mi madrina")
    assert "Dana" in said
    assert sharing.recipients.get(owner, dana.id) is None


# -- the weekly time ------------------------------------------------------------------------------


def test_digest_time_moves_to_friday_evening(dialog: Dialog, sharing: Sharing, owner: str) -> None:
    """ "Send my weekly note on Friday at 18:30": said back in words, and rescheduled."""
    maria = buddy(sharing, owner)
    sharing.recipients.answer_weekly(owner, maria.id, yes=True, tz="America/New_York")
    said = dialog.intent("DigestTimeIntent", day="friday", time="18:30")
    assert "Friday at 6:30 PM" in said
    assert sharing.ledger.due_at("d", owner, maria.id) == local(27, 18, 30)
    assert (sharing.recipients.me(owner).day, sharing.recipients.me(owner).time) == (4, "18:30")


def test_digest_time_that_makes_no_sense_is_asked_again(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """No usable day or time: a helpful example, and the microphone stays open."""
    said = dialog.intent("DigestTimeIntent", day="someday", time="whenever")
    assert "For example" in said
    assert not dialog.ended and dialog.reprompt
    assert (sharing.recipients.me(owner).day, sharing.recipients.me(owner).time) == (6, "18:00")


@pytest.mark.parametrize("time", ["12:60", "25:00", "99:99", "7:5", "18:30:00", "T19"])
@pytest.mark.parametrize("with_buddy", [True, False])
def test_a_clock_time_that_cannot_be_is_asked_again_and_nothing_is_saved(
    dialog: Dialog, sharing: Sharing, owner: str, time: str, with_buddy: bool
) -> None:
    """A time Alexa should never send ("12:60", "25:00", "99:99") is refused where slots are
    read: the question is asked again with an example, and neither the day nor the time
    changes (it was once saved and read back as "Friday at 12:60 PM")."""
    if with_buddy:
        maria = buddy(sharing, owner)
        sharing.recipients.answer_weekly(owner, maria.id, yes=True, tz="America/New_York")
        due = sharing.ledger.due_at("d", owner, maria.id)
    said = dialog.intent("DigestTimeIntent", day="friday", time=time)
    assert "For example" in said and time not in said
    assert not dialog.ended and dialog.reprompt
    assert (sharing.recipients.me(owner).day, sharing.recipients.me(owner).time) == (6, "18:00")
    if with_buddy:
        assert sharing.ledger.due_at("d", owner, maria.id) == due
    said = dialog.intent("AnswerIntent", answer="Friday at 7 PM")
    assert "Friday at 7 PM" in said
    assert (sharing.recipients.me(owner).day, sharing.recipients.me(owner).time) == (4, "19:00")


def test_the_answer_to_which_day_and_time_is_not_saved_as_a_win(
    dialog: Dialog, wins_of, owner: str
) -> None:
    """ "Which day and time?" waits for a day and a time: the answer "Friday at 6 PM" sets
    the weekly note, and is never saved as the win "I Friday at 6 PM"."""
    dialog.intent("DigestTimeIntent")
    dialog.intent("AnswerIntent", answer="Friday at 6 PM")
    assert wins_of(owner) == []


# -- groups ---------------------------------------------------------------------------------------


def test_start_a_group_name_yourself_and_share(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """Start a group: its code is spoken and on a card; then a display name, then sharing.
    Alexa hears the name in lowercase; it is kept beginning with a capital."""
    said = dialog.intent("StartGroupIntent", group="tuesday circle")
    group = group_of(sharing, owner)
    assert group.name == "Tuesday circle"
    assert "Tuesday circle" in said and group.code in said and "Alexa app" in said
    assert spoken_as_digits(dialog, group.code) and not dialog.ended
    assert code_on_card(dialog) == group.code and "Tuesday circle" in card(dialog)

    asked = dialog.intent("AnswerIntent", answer="Sam")
    assert "Sam" in asked and "each week" in asked and not dialog.ended
    said = dialog.intent("AMAZON.YesIntent")
    assert "Tuesday circle" in said and "Sam" in said
    seat = sharing.groups.membership(owner)
    assert seat is not None and seat.display == "Sam" and seat.share


def test_start_a_group_without_a_name_asks_for_one(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """ "Start a group" alone asks what it should be called."""
    asked = dialog.intent("StartGroupIntent")
    assert "group" in asked and not dialog.ended and dialog.reprompt
    dialog.intent("AnswerIntent", answer="Tuesday circle")
    assert group_of(sharing, owner).name == "Tuesday circle"


def test_a_retried_group_name_says_the_group_is_there_already(
    dialog: Dialog, client: FlaskClient, sharing: Sharing, owner: str
) -> None:
    """Alexa sends the answer naming the group again (its first reply was lost): the group is
    there already, as for "start a group" said again, and no second one is started."""
    dialog.intent("StartGroupIntent")
    answer = dialog.envelope(Dialog.intent_request("AnswerIntent", answer="Tuesday circle"))
    client.post("/alexa", json=answer)
    said = dialog.send(answer)
    assert "already in Tuesday circle" in said
    assert group_of(sharing, owner).name == "Tuesday circle"


def test_join_with_the_code_in_words_and_keep_wins_private(
    dialog: Dialog, client: FlaskClient, clock: Clock, sharing: Sharing, owner: str
) -> None:
    """A second person joins with the code said as words, picks a name and says no to
    sharing: they are in the group, and their wins are not."""
    dialog.intent("StartGroupIntent", group="Tuesday circle")
    code = group_of(sharing, owner).code

    jo = Dialog(client, user=OTHER_USER, now=clock())
    said = jo.intent("JoinGroupIntent", code=in_words(code))
    assert "Tuesday circle" in said and "name" in said and not jo.ended
    asked = jo.intent("AnswerIntent", answer="Jo")
    assert "Jo" in asked and "each week" in asked
    said = jo.intent("AMAZON.NoIntent")
    assert "your wins stay" in said and jo.ended
    seat = sharing.groups.membership(owner_key(SECRET, OTHER_USER))
    assert seat is not None and seat.display == "Jo" and not seat.share
    assert seat.group == group_of(sharing, owner).id


def test_a_wrong_code_is_said_and_asked_again(
    dialog: Dialog, client: FlaskClient, clock: Clock, sharing: Sharing, owner: str
) -> None:
    """A code that matches no group: the person hears so and can say it again."""
    dialog.intent("StartGroupIntent", group="Tuesday circle")
    code = group_of(sharing, owner).code
    wrong = "".join(str((int(d) + 1) % 10) for d in code)

    jo = Dialog(client, user=OTHER_USER, now=clock())
    said = jo.intent("JoinGroupIntent", code=wrong)
    assert "doesn't match a group" in said and not jo.ended and jo.reprompt
    assert sharing.groups.membership(owner_key(SECRET, OTHER_USER)) is None
    said = jo.intent("AnswerIntent", answer=code)
    assert "Tuesday circle" in said
    assert sharing.groups.membership(owner_key(SECRET, OTHER_USER)) is not None


def test_a_filler_is_not_a_group_name_and_a_number_not_a_display_name(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    dialog.intent("StartGroupIntent")
    assert "called" in dialog.intent("AnswerIntent", answer="um") or dialog.reprompt
    assert dialog.attributes["await"]["kind"] == "group_name"
    dialog.intent("AnswerIntent", answer="Tuesday circle")
    dialog.intent("AnswerIntent", answer="42")
    assert dialog.attributes["await"]["kind"] == "display_name"
    dialog.intent("AnswerIntent", answer="Sam")
    assert dialog.attributes["await"]["kind"] == "group_share"


def test_call_me_sam_while_the_group_asks_a_name_is_the_groups_name_for_me(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """ "Call me Sam" (ChangeNameIntent) answers the group's question; it used to rename what
    buddies see and end the session before sharing with the group was asked."""
    dialog.intent("StartGroupIntent")
    dialog.intent("AnswerIntent", answer="Tuesday circle")
    said = dialog.intent("ChangeNameIntent", name="Sam")
    assert "Sam" in said and not dialog.ended
    assert dialog.attributes["await"]["kind"] == "group_share"
    assert sharing.recipients.me(owner).name is None


def test_a_number_at_the_group_share_question_asks_it_again_and_sure_is_yes(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """ "42" at "should your wins go to the group?" was offered back as a win to save, and
    the question was lost."""
    dialog.intent("StartGroupIntent")
    dialog.intent("AnswerIntent", answer="Tuesday circle")
    dialog.intent("AnswerIntent", answer="Sam")
    said = dialog.intent("AnswerIntent", answer="42")
    assert "win" not in said.replace("wins", "") and not dialog.ended
    assert dialog.attributes["await"]["kind"] == "group_share"
    done = dialog.intent("AnswerIntent", answer="sure go ahead")
    assert dialog.ended and "Tuesday circle" in done


def test_join_a_group_without_a_code_asks_for_it(
    dialog: Dialog, client: FlaskClient, clock: Clock, sharing: Sharing, owner: str
) -> None:
    """ "Join a group" alone asks for the six-digit code."""
    dialog.intent("StartGroupIntent", group="Tuesday circle")
    code = group_of(sharing, owner).code
    jo = Dialog(client, user=OTHER_USER, now=clock())
    asked = jo.intent("JoinGroupIntent")
    assert "six-digit" in asked and not jo.ended
    assert "Tuesday circle" in jo.intent("AnswerIntent", answer=in_words(code))


def _three_member_group(dialog: Dialog, client: FlaskClient, clock: Clock) -> tuple[Dialog, Dialog]:
    """Sam (sharing), Jo (not sharing) and Lee (sharing) in Tuesday circle, all by voice."""
    dialog.intent("StartGroupIntent", group="Tuesday circle")
    code = code_on_card(dialog)
    dialog.intent("AnswerIntent", answer="Sam")
    dialog.intent("AMAZON.YesIntent")
    jo = Dialog(client, user=OTHER_USER, now=clock())
    jo.intent("JoinGroupIntent", code=code)
    jo.intent("AnswerIntent", answer="Jo")
    jo.intent("AMAZON.NoIntent")
    lee = Dialog(client, user=THIRD_USER, now=clock())
    lee.intent("JoinGroupIntent", code=code)
    lee.intent("AnswerIntent", answer="Lee")
    lee.intent("AMAZON.YesIntent")
    return jo, lee


def test_group_wins_by_display_name_three_at_a_time_and_never_a_private_win(
    dialog: Dialog, client: FlaskClient, clock: Clock, sharing: Sharing, owner: str
) -> None:
    """The week's shared wins, by display name only, three at a time; "more" reads on.
    A member who said no to sharing is never heard."""
    sharing.recipients.update_me(owner, name="Robin")  # the name buddies see is not the group's
    jo, lee = _three_member_group(dialog, client, clock)
    record(dialog, clock, "went for a walk")
    record(jo, clock, "ate the secret cake")
    record(lee, clock, "called my sister")
    record(dialog, clock, "made my bed")
    record(lee, clock, "slept eight hours")

    first = jo.intent("GroupWinsIntent")
    assert "Tuesday circle" in first
    assert "Sam shared, today: I went for a walk" in first
    assert "Lee shared, today: I called my sister" in first
    assert "Sam shared, today: I made my bed" in first
    assert "eight hours" not in first and "more" in first and not jo.ended
    second = jo.intent("AMAZON.MoreIntent")
    assert (
        "Lee shared, today: I slept eight hours" in second and "everything" in second and jo.ended
    )
    for said in (first, second):
        assert "secret cake" not in said and "Jo," not in said and "Robin" not in said


def test_yes_to_more_group_wins_reads_on(dialog: Dialog, client: FlaskClient, clock: Clock) -> None:
    """ "Want to hear more?" — "yes" reads on, like "more"."""
    jo, lee = _three_member_group(dialog, client, clock)
    for n in range(4):
        record(lee, clock, f"drank water number {n}")
    jo.intent("GroupWinsIntent")
    assert "number 3" in jo.intent("AMAZON.YesIntent")


def test_a_quiet_group(dialog: Dialog, client: FlaskClient, clock: Clock) -> None:
    """No shared wins this week: the group is said to be quiet."""
    jo, _ = _three_member_group(dialog, client, clock)
    record(jo, clock, "ate the secret cake")
    said = jo.intent("GroupWinsIntent")
    assert "hasn't shared any wins this week" in said and "cake" not in said


def test_share_with_group_and_stop_group_sharing_toggle(
    dialog: Dialog, client: FlaskClient, clock: Clock, sharing: Sharing
) -> None:
    """Jo starts sharing, then stops; only wins said while sharing reach the group."""
    jo, lee = _three_member_group(dialog, client, clock)
    jo_key = owner_key(SECRET, OTHER_USER)

    clock.now += timedelta(seconds=1)
    said = jo.intent("ShareWithGroupIntent")
    assert "Tuesday circle" in said and "Jo" in said
    seat = sharing.groups.membership(jo_key)
    assert seat is not None and seat.share
    record(jo, clock, "went to a meeting")
    assert "Jo shared, today: I went to a meeting" in lee.intent("GroupWinsIntent")

    said = jo.intent("StopGroupSharingIntent")
    assert "no longer go to Tuesday circle" in said
    seat = sharing.groups.membership(jo_key)
    assert seat is not None and not seat.share
    assert "went to a meeting" not in lee.intent("GroupWinsIntent")


def test_share_with_group_before_choosing_a_name_asks_for_one(
    dialog: Dialog, client: FlaskClient, clock: Clock, sharing: Sharing, owner: str
) -> None:
    """Someone who joined but left the name question unanswered is asked for a name first."""
    dialog.intent("StartGroupIntent", group="Tuesday circle")
    code = code_on_card(dialog)
    jo = Dialog(client, user=OTHER_USER, now=clock())
    jo.intent("JoinGroupIntent", code=code)
    jo.intent("AMAZON.StopIntent")
    asked = jo.intent("ShareWithGroupIntent")
    assert "name" in asked and not jo.ended
    seat = sharing.groups.membership(owner_key(SECRET, OTHER_USER))
    assert seat is not None and not seat.share
    jo.intent("AnswerIntent", answer="Jo")
    jo.intent("AMAZON.YesIntent")
    seat = sharing.groups.membership(owner_key(SECRET, OTHER_USER))
    assert seat is not None and seat.share and seat.display == "Jo"


def test_leave_the_group(
    dialog: Dialog, client: FlaskClient, clock: Clock, sharing: Sharing, owner: str
) -> None:
    """Leaving takes the seat away; the group goes on for the others."""
    jo, _ = _three_member_group(dialog, client, clock)
    group = group_of(sharing, owner)
    said = jo.intent("LeaveGroupIntent")
    assert "left Tuesday circle" in said and jo.ended
    jo_key = owner_key(SECRET, OTHER_USER)
    assert sharing.groups.membership(jo_key) is None
    assert jo_key not in [m for m, _ in sharing.groups.members(group.id)]
    assert "not in a group" in jo.intent("GroupWinsIntent")


def test_group_email_gives_an_invite_link_on_a_card(
    dialog: Dialog, sharing: Sharing, owner: str, settings: Settings
) -> None:
    """ "Email me the group digest": a card with a link to the usual confirmed web flow."""
    dialog.intent("StartGroupIntent", group="Tuesday circle")
    dialog.intent("AMAZON.StopIntent")
    said = dialog.intent("GroupEmailIntent")
    assert "Alexa app" in said
    link = re.search(r"(\S+)/invite/(\S+)", card(dialog))
    assert link and link.group(1) == settings.public_url
    invite_owner, _, fields = sharing.invites.read(link.group(2))
    assert invite_owner == owner and fields["kind"] == "group"


@pytest.mark.parametrize(
    "intent",
    [
        "GroupWinsIntent",
        "LeaveGroupIntent",
        "ShareWithGroupIntent",
        "StopGroupSharingIntent",
        "GroupEmailIntent",
    ],
)
def test_not_in_a_group_hears_how_to_start_or_join_one(dialog: Dialog, intent: str) -> None:
    """Every group request from someone in no group explains how to start or join one."""
    said = dialog.intent(intent)
    assert "not in a group" in said and "start a group" in said and "join a group" in said


def test_starting_or_joining_while_in_a_group_says_so(
    dialog: Dialog, sharing: Sharing, owner: str
) -> None:
    """One group at a time: the person hears which group they are in and how to leave it."""
    dialog.intent("StartGroupIntent", group="Tuesday circle")
    dialog.intent("AMAZON.StopIntent")
    for said in (
        dialog.intent("StartGroupIntent", group="Another one"),
        dialog.intent("JoinGroupIntent", code="123456"),
    ):
        assert "already in Tuesday circle" in said and "leave the group" in said
    assert group_of(sharing, owner).name == "Tuesday circle"


# -- safety ---------------------------------------------------------------------------------------


def test_crisis_words_as_the_name_for_buddies_get_the_crisis_reply(
    dialog: Dialog, sharing: Sharing, owner: str, redis_client: redis.Redis
) -> None:
    """Crisis language answering "what name should your buddy see?" gets help first, and is
    not taken as a name; no invite is made."""
    dialog.intent("InviteBuddyIntent")
    dialog.intent("AnswerIntent", answer="I want to end my life")
    assert is_crisis_reply(dialog) and not dialog.ended
    assert sharing.recipients.me(owner).name is None
    assert not list(redis_client.scan_iter(match="sw:code:*"))


@pytest.mark.parametrize("answering", [True, False])
def test_crisis_words_given_to_change_my_name_get_the_crisis_reply(
    dialog: Dialog, sharing: Sharing, owner: str, answering: bool
) -> None:
    """Alexa may fill the name slot of "change my name" with anything heard: danger in it
    gets help first, whether it answers the name question or comes on its own."""
    if answering:
        dialog.intent("InviteBuddyIntent")
    dialog.intent("ChangeNameIntent", name="kill myself")
    assert is_crisis_reply(dialog) and not dialog.ended
    assert sharing.recipients.me(owner).name is None


@pytest.mark.parametrize("start", ["StartGroupIntent", "JoinGroupIntent"])
def test_crisis_words_as_the_display_name_get_the_crisis_reply(
    dialog: Dialog, client: FlaskClient, clock: Clock, sharing: Sharing, owner: str, start: str
) -> None:
    """Crisis language answering "what name should the group know you by?" gets help first,
    and no display name is set."""
    dialog.intent("StartGroupIntent", group="Tuesday circle")
    person = dialog
    if start == "JoinGroupIntent":
        person = Dialog(client, user=OTHER_USER, now=clock())
        person.intent("JoinGroupIntent", code=group_of(sharing, owner).code)
    person.intent("AnswerIntent", answer="I want to end my life")
    assert is_crisis_reply(person) and not person.ended
    key = owner if person is dialog else owner_key(SECRET, OTHER_USER)
    seat = sharing.groups.membership(key)
    assert seat is not None and seat.display is None and not seat.share


# -- storage outages ------------------------------------------------------------------------------


SHARING_INTENTS: list[tuple[str, dict[str, str]]] = [
    ("InviteBuddyIntent", {}),
    ("ShareWinIntent", {"name": "Maria"}),
    ("SharingStatusIntent", {}),
    ("StopSharingIntent", {"name": "Maria"}),
    ("DigestTimeIntent", {"day": "friday", "time": "18:30"}),
    ("StartGroupIntent", {"group": "Tuesday circle"}),
    ("JoinGroupIntent", {"code": "123456"}),
    ("GroupWinsIntent", {}),
    ("LeaveGroupIntent", {}),
    ("ShareWithGroupIntent", {}),
    ("StopGroupSharingIntent", {}),
    ("GroupEmailIntent", {}),
]


def test_an_outage_during_sharing_is_a_spoken_apology(
    own_server: EmbeddedRedis, settings: Settings, clock: Clock
) -> None:
    """Redis gone: every sharing request gets the storage apology (HTTP 200, session ended)."""
    client = create_app(settings, redis_client=connect(own_server.url), clock=clock).test_client()
    dialog = Dialog(client, now=clock())
    own_server.kill()
    heard = {}
    for name, slots in SHARING_INTENTS:
        said = dialog.intent(name, **slots)  # Dialog asserts HTTP 200
        heard[name] = (said, dialog.last["response"]["shouldEndSession"])
    wrong = {
        name: said
        for name, (said, ended) in heard.items()
        if "nothing was saved" not in said or ended is not True
    }
    assert wrong == {}


def test_an_outage_while_queueing_a_share_is_the_storage_apology(
    own_server: EmbeddedRedis,
    dialog: Dialog,
    sharing: Sharing,
    outbox: Outbox,
    owner: str,
    journal: Journal,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If Redis goes away between reading the buddy and queueing the share (here: the
    queue's connection points at a dead server), the person hears the storage apology, so
    they know the win did not go out; never a generic failure."""
    buddy(sharing, owner)
    journal.record(owner, "I went for a walk", at=clock.now)
    dead = connect(own_server.url)
    own_server.kill()
    monkeypatch.setattr(outbox, "jobs", queue(dead))
    said = dialog.intent("ShareWinIntent", name="Maria")
    assert "nothing was saved" in said


# -- erasure --------------------------------------------------------------------------------------


def _share_everything(
    dialog: Dialog, client: FlaskClient, clock: Clock, sharing: Sharing, owner: str
) -> tuple[str, str]:
    """Invite (one accepted and confirmed, one still open), consent, share a win, get a cheer,
    and sit in a group with someone else; returns the group id and the queued job id."""
    dialog.intent("InviteBuddyIntent")
    dialog.intent("AnswerIntent", answer="Robin")
    token = re.search(r"/invite/(\S+)", card(dialog))
    assert token
    dialog.intent("AMAZON.NoIntent")
    _, maria, _ = sharing.invites.accept(token.group(1), "Maria", "maria@example.org")
    sharing.recipients.confirm(owner, maria.id, maria.nonce)
    dialog.intent("InviteBuddyIntent")  # a second invite, left open
    dialog.intent("AMAZON.NoIntent")

    dialog.launch()
    dialog.intent("AMAZON.YesIntent")
    dialog.intent("AnswerIntent", answer="went for a walk")
    dialog.intent("ShareWinIntent", name="Maria")
    sharing.news.cheer(owner, maria.id, "You've got this")

    dialog.intent("StartGroupIntent", group="Tuesday circle")
    code = code_on_card(dialog)
    dialog.intent("AnswerIntent", answer="Robin")
    dialog.intent("AMAZON.YesIntent")
    dialog.intent("GroupEmailIntent")
    jo = Dialog(client, user=OTHER_USER, now=clock())
    jo.intent("JoinGroupIntent", code=code)
    jo.intent("AnswerIntent", answer="Jo")
    jo.intent("AMAZON.NoIntent")

    group = group_of(sharing, owner)
    assert sharing.ledger.due_at("d", owner, maria.id) is not None
    job_ids = sharing_outbox(dialog).jobs.job_ids
    assert len(job_ids) == 1
    return group.id, job_ids[0]


def _erase(dialog: Dialog) -> None:
    dialog.intent("DeleteAllDataIntent")
    dialog.intent("AMAZON.YesIntent")
    assert "deleted" in dialog.intent("AMAZON.YesIntent")


def test_delete_all_data_leaves_no_key_schedule_seat_or_job(
    dialog: Dialog,
    client: FlaskClient,
    clock: Clock,
    sharing: Sharing,
    outbox: Outbox,
    owner: str,
    redis_client: redis.Redis,
) -> None:
    """After inviting, consenting, sharing and joining a group, "delete all my data" leaves no
    key named after the person, no weekly send, no group seat and no queued job."""
    group_id, job_id = _share_everything(dialog, client, clock, sharing, owner)
    _erase(dialog)

    names = [k.decode() for k in redis_client.scan_iter(count=1000)]
    assert names and [k for k in names if owner in k] == []
    due = [m.decode() for m in redis_client.zrange(sharing_keys.DUE, 0, -1)]
    assert [m for m in due if owner in m] == []
    members = {m.decode() for m in redis_client.smembers(sharing_keys.group_members(group_id))}
    assert owner not in members and owner_key(SECRET, OTHER_USER) in members
    assert outbox.jobs.count == 0
    assert not redis_client.exists(f"rq:job:{job_id}")
    assert sharing.groups.get(group_id) is not None  # Jo's group goes on


def test_delete_all_data_leaves_no_value_that_names_the_person(
    dialog: Dialog,
    client: FlaskClient,
    clock: Clock,
    sharing: Sharing,
    owner: str,
    redis_client: redis.Redis,
) -> None:
    """Nor is the person's key, or their buddy's address, left inside any value (an open
    invite code, a job's arguments, a registry entry)."""
    _share_everything(dialog, client, clock, sharing, owner)
    _erase(dialog)

    leftovers = []
    for raw in redis_client.scan_iter(count=1000):
        kind = redis_client.type(raw).decode()
        if kind == "string":
            values = [redis_client.get(raw)]
        elif kind == "hash":
            values = [*redis_client.hkeys(raw), *redis_client.hvals(raw)]
        elif kind == "set":
            values = list(redis_client.smembers(raw))
        elif kind == "zset":
            values = list(redis_client.zrange(raw, 0, -1))
        elif kind == "list":
            values = list(redis_client.lrange(raw, 0, -1))
        else:
            values = []
        for value in values:
            text = value.decode(errors="replace") if isinstance(value, bytes) else str(value)
            if owner in text or "maria@example.org" in text:
                leftovers.append(raw.decode())
    assert leftovers == []


def test_share_that_with_only_one_buddy_needs_no_name(
    dialog: Dialog, sharing: Sharing, owner: str, outbox: Outbox
) -> None:
    """ "Share that with my sponsor" carries no name; with one buddy there is no one to ask
    about, so the win goes to them."""
    buddy(sharing, owner)
    dialog.intent("RecordWinIntent", win="went for a walk")
    said = dialog.intent("ShareWinIntent")
    assert "Maria" in said and "you went for a walk" in said
    assert outbox.jobs.count == 1


def test_repeat_says_a_new_group_code_again(dialog: Dialog) -> None:
    """After "start a group", "say that again" repeats the join code, then the question."""
    dialog.intent("StartGroupIntent", group="Tuesday circle")
    code = re.search(
        r'interpret-as="digits">(\d{3})</say-as><break time="400ms"/><say-as '
        r'interpret-as="digits">(\d{3})',
        dialog.last["response"]["outputSpeech"]["ssml"],
    )
    assert code
    again = dialog.intent("AMAZON.RepeatIntent")
    assert f"{code[1]} {code[2]}" in again or f"{code[1]}{code[2]}" in again.replace(" ", "")
    assert "What name should the group know you by" in again and not dialog.ended
