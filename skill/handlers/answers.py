"""What an answer does while a question is open: one table per answer, one row per question.

"The person says yes while a deletion is being confirmed" is the row `Awaiting.DELETE` of
`YES`. A question without a row gets the table's `otherwise`. This is the only module that
decides by the kind of the open question; the replies themselves live with their flows.

Near 400 lines because the tables read best side by side, with free speech (what it
means, crisis first) at the end where every table's rows can be seen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ask_sdk_model import Response

from skill.awaiting import Awaiting
from skill.days_said import names_a_day, only_a_day
from skill.handlers import flows, groups, meanings, questions, reminding, sharing, switches
from skill.handlers.privacy import confirm_erase
from skill.reminders import ReminderTime
from skill.sharing_words import aside, clock_in, has_hedge, is_request, reassured, takes_back
from skill.turn import Turn
from skill.understanding import CAUGHT, Meaning, is_name, understand, yes_or_no
from skill.wording import first_person, reflect

Reply = Callable[[Turn], Response]


@dataclass(frozen=True)
class Table:
    rows: Mapping[Awaiting, Reply]
    otherwise: Reply

    def __call__(self, turn: Turn) -> Response:
        return self.rows.get(turn.awaited, self.otherwise)(turn)  # type: ignore[arg-type]


def _say(key: str, reprompt: str) -> Reply:
    """Ask again, or say something, and keep the question open."""
    return lambda turn: turn.ask(turn.say(key), reprompt=turn.say(reprompt))


def _end(key: str) -> Reply:
    return lambda turn: turn.tell(turn.say(key))


def _goodbye(turn: Turn) -> Response:
    return turn.tell(turn.say("goodbye.text"))


def _not_understood(turn: Turn) -> Response:
    """Words the skill could not place; whatever it was waiting for, it still waits."""
    if not turn.awaiting:
        turn.expect(Awaiting.WIN)
    return turn.ask(turn.say("fallback.text"), reprompt=turn.say("fallback.reprompt"))


def _nothing_pending(turn: Turn) -> Response:
    turn.expect(Awaiting.WIN)
    return turn.ask(turn.say("yes_no.nothing_pending"), reprompt=turn.say("launch.reprompt"))


def _past_win_if_offered(turn: Turn) -> Response:
    """ "Yes" while a win is awaited: after a yes to "are you safe right now?" (the words are
    held then) the question was "would a past win help, or do you have one from today?", and
    yes is to the past win."""
    if "text" in turn.awaiting:
        return flows.encourage(turn, topic=None)
    return _nothing_pending(turn)


def _not_saved(turn: Turn) -> Response:
    turn.expect(Awaiting.WIN)
    return turn.ask(turn.say("record.not_saved"), reprompt=turn.say("launch.reprompt"))


def _save_unclear(turn: Turn) -> Response:
    text = turn.awaiting.get("text")
    return flows.save_win(turn, text) if isinstance(text, str) else _nothing_pending(turn)


def _nothing_to_save(turn: Turn) -> Response:
    turn.expect(Awaiting.WIN)
    return turn.ask(turn.say("safety.nothing_to_save"), reprompt=turn.say("launch.reprompt"))


def _already_saved(question: str) -> Reply:
    """ "Save it" while a follow-up is asked: the win is kept already, and the question stays.
    Told "nothing to save, tell me a win", people answered the follow-up next, and what
    helped was kept as a win of its own."""
    return lambda turn: turn.ask(
        turn.say("record.already_saved"),
        turn.say(question),
        reprompt=turn.say("record.followup_reprompt"),
    )


# The follow-up questions after a win, and where their answer goes.
FOLLOWUPS: Mapping[Awaiting, Callable[[Turn, str], Response]] = {
    Awaiting.HELPED: flows.note_helped,
    Awaiting.FELT: flows.note_felt,
}


def _save_held(turn: Turn) -> Response:
    """ "Save it": store what was held back, where it was meant to go."""
    step = turn.awaiting
    text = step.get("text")
    if not isinstance(text, str):
        return _nothing_to_save(turn)
    followup = Awaiting.read(step.get("field"))
    if followup in FOLLOWUPS:
        turn.expect(followup, win=step.get("win"))
        return FOLLOWUPS[followup](turn, text)
    return flows.save_win(turn, text)


def _or(reply: Callable[[Turn], Response | None], otherwise: Reply) -> Reply:
    return lambda turn: reply(turn) or otherwise(turn)


_followup_again = _say("record.followup_reprompt", "record.followup_reprompt")
# "Yes" after a crisis reply is not consent to store anything; only "save it" is.
_safety_again = _say("safety.again", "safety.reprompt")
_reminder_time_again = _say("reminder.ask_time_again", "reminder.ask_time_reprompt")
_check_again = _say("safety.check", "safety.check_reprompt")

FALLBACK = Table(
    {
        Awaiting.HELPED: _followup_again,
        Awaiting.FELT: _followup_again,
        Awaiting.SAFE_CHECK: _check_again,
        Awaiting.MY_NAME: sharing.ask_name_again,
    },
    otherwise=_not_understood,
)


def general_help(turn: Turn) -> Response:
    """What the skill can do; whatever was asked before is let go, and a win is awaited."""
    turn.expect(Awaiting.WIN)
    return turn.ask(turn.say("help.text"), reprompt=turn.say("help.reprompt"))


# "Help" while a question is open says what that question wants and keeps it open: help at
# "what helped?" or "what name should your buddy see?" is about that step, not the whole skill.
HELP = Table(
    {
        Awaiting.HELPED: _say("help.helped", "record.followup_reprompt"),
        Awaiting.FELT: _say("help.felt", "record.followup_reprompt"),
        # "Help" in answer to "are you safe right now?" is a call for help.
        Awaiting.SAFE_CHECK: meanings.unsafe,
        Awaiting.CRISIS: _safety_again,
        Awaiting.CRISIS_SAVE: _safety_again,
        Awaiting.CONFIRM_SAVE: _say(
            "record.confirm_unclear_reprompt", "record.confirm_unclear_reprompt"
        ),
        Awaiting.REMINDER_TIME: _say("reminder.ask_time_reprompt", "reminder.ask_time_reprompt"),
        Awaiting.REMINDER_UNDO: _say("reminder.undo_reprompt", "reminder.undo_reprompt"),
        Awaiting.MY_NAME: _say("share.ask_my_name_reprompt", "share.ask_my_name_reprompt"),
        Awaiting.INVITE_CODE: _say("share.invite_repeat_reprompt", "share.invite_repeat_reprompt"),
        Awaiting.CONSENT: _or(sharing.explain_consent, general_help),
        Awaiting.SHARE_TO: _say("share.who_to_reprompt", "share.who_to_reprompt"),
        Awaiting.STOP_WHO: _say("share.stop_who_reprompt", "share.stop_who_reprompt"),
        Awaiting.DIGEST_TIME: _say("share.schedule_unclear", "share.schedule_unclear"),
        Awaiting.GROUP_NAME: _say("group.ask_name_reprompt", "group.ask_name_reprompt"),
        Awaiting.GROUP_CODE: _say("group.ask_code_reprompt", "group.ask_code_reprompt"),
        Awaiting.GROUP_CHECK: _say(
            "group.ask_name_check_reprompt", "group.ask_name_check_reprompt"
        ),
        Awaiting.DISPLAY_NAME: _say("group.ask_display_reprompt", "group.ask_display_reprompt"),
        Awaiting.GROUP_SHARE: _say("group.share_explain", "group.ask_share_reprompt"),
        Awaiting.DELETE: _say("delete.confirm_reprompt", "delete.confirm_reprompt"),
        Awaiting.ERASE: _say("erase.reprompt", "erase.reprompt"),
        Awaiting.MORE: _say("read.more_reprompt", "read.more_reprompt"),
        Awaiting.LATEST_INSTEAD: _say("read.latest_reprompt", "read.latest_reprompt"),
        Awaiting.ANOTHER: _say("encourage.close_reprompt", "encourage.close_reprompt"),
        Awaiting.GROUP_MORE: _say("group.offer_more", "group.offer_more"),
    },
    otherwise=general_help,
)


# "More", "next", "another one": the next page, or after "want another?" another past win.
MORE = Table(
    {
        Awaiting.ANOTHER: lambda turn: flows.encourage(turn, topic=None, empathy=False),
        Awaiting.MORE: flows.read_more,
        Awaiting.LATEST_INSTEAD: flows.read_latest,
        Awaiting.GROUP_MORE: groups.read_more,
    },
    otherwise=FALLBACK,
)

YES = Table(
    {
        Awaiting.DELETE: flows.delete_awaited,
        Awaiting.ERASE: confirm_erase,
        Awaiting.CONFIRM_SAVE: _save_unclear,
        **MORE.rows,
        Awaiting.CONSENT: lambda turn: sharing.answer_consent(turn, yes=True),
        Awaiting.GROUP_SHARE: lambda turn: groups.answer_share(turn, yes=True),
        Awaiting.INVITE_CODE: sharing.repeat_code,
        Awaiting.HELPED: FALLBACK,
        Awaiting.FELT: FALLBACK,
        Awaiting.CRISIS: _safety_again,
        Awaiting.CRISIS_SAVE: _safety_again,
        Awaiting.SAFE_CHECK: meanings.safe_yes,
        Awaiting.WIN: _past_win_if_offered,
    },
    otherwise=_nothing_pending,
)

NO = Table(
    {
        Awaiting.DELETE: _end("delete.kept"),
        Awaiting.ERASE: _end("erase.kept"),
        Awaiting.CONFIRM_SAVE: _not_saved,
        Awaiting.CONSENT: lambda turn: sharing.answer_consent(turn, yes=False),
        Awaiting.GROUP_SHARE: lambda turn: groups.answer_share(turn, yes=False),
        Awaiting.HELPED: flows.skip_followup,
        Awaiting.FELT: flows.skip_followup,
        Awaiting.WIN: flows.no_idea,
        Awaiting.CRISIS: flows.crisis_goodbye,
        Awaiting.CRISIS_SAVE: flows.crisis_goodbye,
        Awaiting.SAFE_CHECK: meanings.unsafe,
        # "Skip" to "should I keep this as a win?" is the answer to the questions that follow
        # a win, said a turn early: the win was lost with a goodbye. It is asked again.
        Awaiting.CONFIRM_SAVE: _say(
            "record.confirm_unclear_reprompt", "record.confirm_unclear_reprompt"
        ),
    },
    otherwise=_goodbye,
)

# "Stop" and "cancel": leaving is always easy; a win already said stays saved.
STOP = Table(
    {
        Awaiting.DELETE: _end("delete.kept"),
        Awaiting.ERASE: _end("erase.kept"),
        Awaiting.UNSAFE: flows.crisis_goodbye,
        Awaiting.CRISIS: flows.crisis_goodbye,
        Awaiting.CRISIS_SAVE: flows.crisis_goodbye,
        Awaiting.SAFE_CHECK: flows.crisis_goodbye,
    },
    otherwise=_goodbye,
)

# To "are you safe right now?", anything but a clear yes gets help.
SKIP = Table(
    {
        Awaiting.HELPED: flows.skip_followup,
        Awaiting.FELT: flows.skip_followup,
        Awaiting.SAFE_CHECK: meanings.unsafe,
        # "Skip" to "should I keep this as a win?" is the answer to the questions that follow
        # a win, said a turn early: the win was lost with a goodbye. It is asked again.
        Awaiting.CONFIRM_SAVE: _say(
            "record.confirm_unclear_reprompt", "record.confirm_unclear_reprompt"
        ),
    },
    otherwise=_goodbye,
)

# "I don't know" asked for a name, a code or a time is not a plea for a win idea: the question
# is said again. After a crisis reply it is never met with a question about wins.
NO_IDEA = Table(
    {
        **HELP.rows,
        Awaiting.HELPED: flows.skip_followup,
        Awaiting.FELT: flows.skip_followup,
        Awaiting.SAFE_CHECK: meanings.unsafe,
    },
    otherwise=flows.no_idea,
)


# "Say that again": a code is repeated; otherwise what the open question wants is said again.
REPEAT = Table(
    {
        **HELP.rows,
        Awaiting.SAFE_CHECK: _check_again,
        Awaiting.WIN: _say("launch.reprompt", "launch.reprompt"),
        Awaiting.INVITE_CODE: sharing.repeat_code,
        Awaiting.CONSENT: _or(sharing.consent_again, FALLBACK),
        Awaiting.DISPLAY_NAME: _or(groups.code_again, FALLBACK),
        Awaiting.GROUP_SHARE: _say("group.ask_share_reprompt", "group.ask_share_reprompt"),
    },
    otherwise=FALLBACK,
)


# "Thanks": after crisis resources, a calm goodbye with the line, not "come back with a win".
THANKS = Table(
    {Awaiting.CRISIS: flows.crisis_goodbye, Awaiting.CRISIS_SAVE: flows.crisis_goodbye},
    otherwise=lambda turn: meanings.thanks(turn),
)


# "Save it", after a crisis reply or an unclear sentence.
SAVE = Table(
    {
        # Nothing is held after a plain crisis reply; "save it" there hears the lines again
        # rather than "tell me a win", which would brush past what was just said.
        Awaiting.CRISIS: _safety_again,
        Awaiting.CRISIS_SAVE: _save_held,
        Awaiting.CONFIRM_SAVE: _save_held,
        Awaiting.SAFE_CHECK: _save_held,
        # Held only after a "yes" to "are you safe right now?"; otherwise nothing is.
        Awaiting.WIN: _save_held,
        Awaiting.HELPED: _already_saved("record.ask_helped"),
        Awaiting.FELT: _already_saved("record.ask_felt"),
        # "Keep it" right after the reminder was cancelled: the reminder, not a win.
        Awaiting.REMINDER_UNDO: reminding.undo_cancel,
    },
    otherwise=_nothing_to_save,
)


# -- words said beside the question ------------------------------------------------------------


def _left(turn: Turn) -> Response:
    turn.expect(Awaiting.WIN)
    return turn.ask(turn.say("step.left"), reprompt=turn.say("launch.reprompt"))


# The steps of a flow whose answer is words: a name, a code, a time.
WANT_WORDS = (
    Awaiting.MY_NAME, Awaiting.SHARE_TO, Awaiting.STOP_WHO, Awaiting.DIGEST_TIME,
    Awaiting.REMINDER_TIME, Awaiting.GROUP_NAME, Awaiting.GROUP_CODE, Awaiting.GROUP_CHECK,
    Awaiting.DISPLAY_NAME,
)  # fmt: skip

# A change of mind ("go back", "actually no", "mejor no") is never the answer: a step that wants
# words is let go, a yes or no question hears a no, "what's a win?" stays open. After crisis
# resources there is no row: what was said is heard as it is.
BACK: Mapping[Awaiting, Reply] = {
    **{asked: _left for asked in WANT_WORDS},
    **{
        asked: NO
        for asked in (
            Awaiting.DELETE, Awaiting.ERASE, Awaiting.CONFIRM_SAVE, Awaiting.CONSENT,
            Awaiting.GROUP_SHARE, Awaiting.HELPED, Awaiting.FELT, Awaiting.INVITE_CODE,
            Awaiting.ANOTHER, Awaiting.MORE, Awaiting.LATEST_INSTEAD, Awaiting.GROUP_MORE,
        )
    },
    Awaiting.WIN: _nothing_pending,
}  # fmt: skip


def _examples(turn: Turn) -> Response:
    if turn.awaited is not Awaiting.WIN:  # what a win question holds stays held
        turn.expect(Awaiting.WIN)
    return turn.ask(turn.say("record.examples"), reprompt=turn.say("launch.reprompt"))


# A question back ("like what?", "which one is that?", "¿qué grupo?") is answered and the open
# question asked again: what it wants (the help rows), a few wins, the win to be deleted.
ASKING: Mapping[Awaiting, Reply] = {
    **HELP.rows,
    Awaiting.WIN: _examples,
    Awaiting.DELETE: flows.delete_asked_again,
    Awaiting.ERASE: _say("erase.explain", "erase.reprompt"),
    Awaiting.GROUP_NAME: _say("group.ask_name_explain", "group.ask_name_reprompt"),
}

# Any question ("what's the group for?", "who will see it?") where words are wanted (a name, a
# code, a time) cannot be them. Elsewhere it may be one for the skill ("what can you do?").
QUESTIONS = {asked: ASKING[asked] for asked in WANT_WORDS}

ASIDES: Mapping[str, Mapping[Awaiting, Reply]] = {
    "back": BACK,
    "asking": ASKING,
    "question": QUESTIONS,
}


# -- questions that hold every turn ------------------------------------------------------------


@dataclass(frozen=True)
class Hold:
    """A question no other intent may walk past: only the intents named answer it as
    themselves (through the tables above); any other gets `reply`."""

    reply: Reply
    heard_as_themselves: frozenset[str]


_LEAVING = frozenset({"AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent"})
# The intents that answer "are you safe right now?" through the tables above.
_ANSWERING_SAFE = _LEAVING | {
    "AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.HelpIntent", "AMAZON.RepeatIntent",
    "AMAZON.FallbackIntent", "AnswerIntent", "RecordWinIntent", "SkipIntent", "NoIdeaIntent",
    "SaveItIntent", "CrisisIntent",
}  # fmt: skip

HOLDS: Mapping[Awaiting, Hold] = {
    # To "are you safe right now?" a craving, thanks or a question is no clear yes: help.
    Awaiting.SAFE_CHECK: Hold(meanings.unsafe, _ANSWERING_SAFE),
    # After "not safe", every turn stays with the person until they leave.
    Awaiting.UNSAFE: Hold(meanings.stay, _LEAVING),
}


def holds(awaited: Awaiting | None, intent: str) -> bool:
    """Whether the open question answers `intent` itself, whatever the intent asks for."""
    hold = HOLDS.get(awaited) if awaited is not None else None
    return hold is not None and intent not in hold.heard_as_themselves


def held(turn: Turn) -> Response:
    return HOLDS[turn.awaited].reply(turn)  # type: ignore[index]


# -- free speech -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heard:
    text: str
    meaning: Meaning
    said_as_win: bool
    rule: str | None = None  # the understanding rule that decided, if any
    # Said after a hedge the model's carrier dropped ("I think {hedged}", "creo que {hedged}").
    hedged: bool = False
    request: str | None = None  # a request to switch something off or on, if it is one


Spoken = Callable[[Turn, Heard], Response | None]


def _words(reply: Callable[[Turn, str], Response]) -> Spoken:
    """A row that takes the words as the answer, whatever they sound like."""
    return lambda turn, heard: reply(turn, heard.text)


def _followup(note: Callable[[Turn, str], Response]) -> Spoken:
    def row(turn: Turn, heard: Heard) -> Response | None:
        # "Anxious" or "I wanted to drink" answer how it felt; they are not a plea for help.
        if heard.meaning in (Meaning.SKIP, Meaning.NO_IDEA):
            return flows.skip_followup(turn)
        # "I'd rather not share anything" to "what helped?" declines the question; another
        # request ("turn off my reminder") is done as asked.
        if heard.request == "sharing_off":
            return flows.skip_followup(turn)
        if heard.request is not None:
            return None
        # "Share my wins with my sponsor" or "read my wins" asks something of the skill: asked
        # plainly it is answered, and in any case it is not kept as what helped. "Sharing my
        # wins" said the same way is the answer.
        if is_request(heard.text, turn.locale):
            return None if heard.meaning is Meaning.QUESTION else HELP(turn)
        # A slip said outright is not an answer. One only the model reads ("like myself
        # again", "hopeful again": it learnt "again" from lapses) is how it felt. Thanks is
        # not taken from free speech here: "amazing", "happy" or "a quiet morning" can read
        # as thanks, and the answer was then lost and the session closed; Alexa sends a plain
        # "thanks" as ThanksIntent anyway.
        if heard.meaning is Meaning.SETBACK and heard.rule == "setback":
            return None
        # Through the "I {win}" carrier the "I" was dropped; put it back.
        return note(
            turn, first_person(heard.text, turn.locale) if heard.said_as_win else heard.text
        )

    return row


def _named(reply: Callable[[Turn, str], Response]) -> Spoken:
    """A row for a question that wants a name: "um" or "I don't know" is asked again, not
    made a group called "Um" or a buddy looked for by that name."""

    def row(turn: Turn, heard: Heard) -> Response:
        if heard.meaning in (Meaning.NO_IDEA, Meaning.SKIP) and not is_name(
            heard.text, turn.locale
        ):
            return HELP(turn)
        return reply(turn, heard.text)

    return row


def _yes_or_no(turn: Turn, heard: Heard) -> Response | None:
    """A free answer to "share your wins with them each week?": yes and no in other words are
    yes and no; a lone name or number ("42") is not a win to offer, so the question stays."""
    answer = yes_or_no(heard.text, turn.locale)
    # A hedge ("um maybe", "I'm not sure", "I guess") or "I don't know" is no clear answer:
    # the question is asked again, plainly. "Sure" reads as not knowing too, and is a yes.
    if has_hedge(heard.text, turn.locale) or (
        heard.meaning is Meaning.NO_IDEA and answer is not True
    ):
        return HEDGED[turn.awaited](turn)  # type: ignore[index]
    if answer is not None:
        return (YES if answer else NO)(turn)
    if heard.meaning in (Meaning.WIN, Meaning.UNCLEAR) and not heard.said_as_win:
        return HELP(turn)
    return None


HEDGED: Mapping[Awaiting, Reply] = {
    Awaiting.CONSENT: _or(sharing.consent_plainly, FALLBACK),
    Awaiting.GROUP_SHARE: _say("group.ask_share_reprompt", "group.ask_share_reprompt"),
}


def _safe_answer(turn: Turn, heard: Heard) -> Response:
    """A free answer to "are you safe right now?": only a clear yes is taken as safe. A yes
    with a hedge ("yeah I think so", "creo que sí", "I think {I'm okay}") is not clear."""
    if heard.hedged or has_hedge(heard.text, turn.locale):
        return meanings.unsafe(turn)
    if yes_or_no(heard.text, turn.locale):
        return meanings.safe_yes(turn)
    return meanings.unsafe(turn)


def _after_crisis(turn: Turn, heard: Heard) -> Response | None:
    """Free words after crisis resources (danger in them was read first). "I'm ok, I'm not
    going to do anything" hears that the skill is glad and the line is there day and night;
    thanks or "that's all" a calm goodbye with the line; "nothing" the lines again. None of
    them a question about wins. Anything else is heard as it is."""
    if reassured(heard.text, turn.locale):
        return meanings.glad_okay(turn)
    if heard.meaning in (Meaning.THANKS, Meaning.SKIP):
        return flows.crisis_goodbye(turn)
    if heard.meaning is Meaning.NO_IDEA:
        return _safety_again(turn)
    return None


# Free speech while a question is open; a row's None means "not an answer, hear it plainly".
SPOKEN: Mapping[Awaiting, Spoken] = {
    Awaiting.CRISIS: _after_crisis,
    Awaiting.CRISIS_SAVE: _after_crisis,
    Awaiting.SAFE_CHECK: _safe_answer,
    Awaiting.CONSENT: _yes_or_no,
    Awaiting.GROUP_SHARE: _yes_or_no,
    Awaiting.MY_NAME: _words(sharing.give_my_name),
    Awaiting.SHARE_TO: _named(sharing.share_to),
    Awaiting.STOP_WHO: _named(sharing.stop_who),
    Awaiting.DIGEST_TIME: _words(sharing.digest_time),
    Awaiting.GROUP_NAME: _named(groups.create),
    Awaiting.GROUP_CODE: _words(groups.join),
    Awaiting.GROUP_CHECK: _named(groups.join_by_name),
    Awaiting.DISPLAY_NAME: _words(groups.choose_display),
    Awaiting.REMINDER_TIME: lambda turn, heard: _reminder_time_again(turn),
    Awaiting.REMINDER_UNDO: lambda turn, heard: (
        reminding.undo_cancel(turn) if takes_back(heard.text, turn.locale) else None
    ),
    Awaiting.HELPED: _followup(flows.note_helped),
    Awaiting.FELT: _followup(flows.note_felt),
}


def heard(turn: Turn, text: str, *, said_as_win: bool, hedged: bool = False) -> Response:
    """Decide what free speech means, in the light of what the skill was waiting for.

    Danger comes first, whatever was asked: crisis resources, the safety question, or 911
    for someone else; said again in answer to the safety question, it gets help at once.
    """
    reading = understand(text, turn.locale)
    meaning = reading.meaning
    if meaning in CAUGHT:
        answering = turn.awaited if turn.awaited in FOLLOWUPS else None
        if meaning is Meaning.EMERGENCY:
            return meanings.emergency(turn)
        if meaning is Meaning.CHECK_SAFE and turn.awaited is not Awaiting.SAFE_CHECK:
            return meanings.check_safe(turn, text, answering=answering)
        if meaning is Meaning.CHECK_SAFE:
            return meanings.unsafe(turn)
        return flows.crisis(turn, text, answering=answering)
    # With nothing asked, "like what?" is about what the skill is for: what a win is.
    kind = aside(text, turn.locale)
    beside = ASIDES[kind].get(turn.awaited or Awaiting.WIN) if kind else None
    if beside is not None:
        return beside(turn)
    row = SPOKEN.get(turn.awaited)  # type: ignore[arg-type]
    said = Heard(text, meaning, said_as_win, reading.rule, hedged, reading.request)
    reply = row(turn, said) if row else None
    if reply is not None:
        return reply
    if reading.request is not None:
        # "I don't want to share anymore", "turn off the reminder": done, whatever else the
        # words sound like (a clock time in them is not a new reminder).
        return switches.REQUESTS[reading.request](turn, text)
    return _plainly(turn, text, reading.target, meaning, said_as_win=said_as_win)


def _plainly(
    turn: Turn, text: str, target: str | None, meaning: Meaning, *, said_as_win: bool
) -> Response:
    """What free speech means with no open question to answer."""
    if only_a_day(text, turn.locale):
        # "Hoy" said alone, then the win: it was offered as a win of its own, or taken for
        # "nothing to tell".
        turn.expect(Awaiting.WIN)
        return turn.ask(turn.say("record.go_on"), reprompt=turn.say("launch.reprompt"))
    if meaning is Meaning.SETBACK:
        return flows.setback(turn)
    if meaning is Meaning.ENCOURAGE:
        return flows.encourage(turn, topic=text)
    if meaning is Meaning.DISTRESS:
        return meanings.distress(turn, text)
    if meaning is Meaning.QUESTION and target == "reminder":
        # "Remind me at 9 pm" heard as free speech asks for the reminder, not about it.
        at = ReminderTime.parse(clock_in(text, turn.locale))
        if at is not None:
            return reminding.set_at(turn, at)
    if meaning is Meaning.QUESTION and (target or "help") == "help":
        # "What do you mean?" while a question is open is about that question: it is
        # explained and asked again (the help table's row), not swapped for the help menu.
        return HELP(turn)
    if meaning is Meaning.QUESTION:
        return questions.answer(turn, target)
    if meaning is Meaning.THANKS:
        return meanings.thanks(turn, text)
    if meaning is Meaning.INTENTION:
        return meanings.intention(turn, text)
    if meaning is Meaning.WIN_HARD:
        return meanings.hard_win(turn, text)
    if meaning is Meaning.NO_IDEA:
        return flows.no_idea(turn)
    if meaning is Meaning.SKIP:
        return SKIP(turn)
    if meaning is Meaning.WIN and names_a_day(text, turn.locale, turn.guess_today()):
        # "Last Tuesday I threw out the bottle" misses the "I {win}" carrier only for the day
        # said first; it is a win said outright, not words to confirm.
        said_as_win = True
    if meaning is not Meaning.UNCLEAR and (said_as_win or turn.expecting(Awaiting.WIN)):
        return flows.save_win(turn, text)
    turn.expect(Awaiting.CONFIRM_SAVE, text=text)
    # A word or two the model never met is often a name: "I Carlos" would mangle it.
    said = text if meaning is Meaning.UNCLEAR else first_person(text, turn.locale)
    echo = reflect(said, turn.locale)
    return turn.ask(
        turn.say("record.confirm_unclear", text=echo),
        reprompt=turn.say("record.confirm_unclear_reprompt"),
    )
