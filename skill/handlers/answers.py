"""What an answer does while a question is open: one table per answer, one row per question.

"The person says yes while a deletion is being confirmed" is the row `Awaiting.DELETE` of
`YES`. A question without a row gets the table's `otherwise`. This module and
`free_speech` (free speech, read by the same open question) are the only ones that decide by
the kind of the open question; the replies themselves live with their flows.

Longer than most modules because the tables read best side by side. Free speech (what it
means, crisis first) is read in `free_speech`, which uses these tables.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ask_sdk_model import Response

from skill.awaiting import Awaiting
from skill.handlers import flows, groups, meanings, reminding, sharing
from skill.handlers.privacy import confirm_erase
from skill.turn import Turn

Reply = Callable[[Turn], Response]


@dataclass(frozen=True)
class Table:
    rows: Mapping[Awaiting, Reply]
    otherwise: Reply

    def __call__(self, turn: Turn) -> Response:
        return self.rows.get(turn.awaited, self.otherwise)(turn)  # type: ignore[arg-type]


def say(key: str, reprompt: str) -> Reply:
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


def _skip_unclear(turn: Turn) -> Response:
    """ "Skip" to "should I keep this as a win?" is often the answer to the questions that
    follow a win, said a turn early (the win was lost with a goodbye): it is asked again, once,
    saying what a yes does. A second skip is a no, not the same question a third time."""
    text = turn.awaiting.get("text")
    if not isinstance(text, str):
        return _nothing_pending(turn)
    if turn.awaiting.get("step"):
        return _not_saved(turn)
    turn.expect(Awaiting.CONFIRM_SAVE, text=text, step=1)
    return turn.ask(
        turn.say("record.confirm_unclear_skipped"),
        reprompt=turn.say("record.confirm_unclear_reprompt"),
    )


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
    text = step.get("text", step.get("goal"))
    if not isinstance(text, str):
        return _nothing_to_save(turn)
    followup = Awaiting.read(step.get("field"))
    if followup in FOLLOWUPS:
        turn.expect(followup, win=step.get("win"))
        return FOLLOWUPS[followup](turn, text)
    return flows.save_win(turn, text)


def either(reply: Callable[[Turn], Response | None], otherwise: Reply) -> Reply:
    return lambda turn: reply(turn) or otherwise(turn)


_followup_again = say("record.followup_reprompt", "record.followup_reprompt")
# "Yes" after a crisis reply is not consent to store anything; only "save it" is.
safety_again = say("safety.again", "safety.reprompt")
reminder_time_again = say("reminder.ask_time_again", "reminder.ask_time_reprompt")
_check_again = say("safety.check", "safety.check_reprompt")

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
        Awaiting.HELPED: say("help.helped", "record.followup_reprompt"),
        Awaiting.FELT: say("help.felt", "record.followup_reprompt"),
        # "Help" in answer to "are you safe right now?" is a call for help.
        Awaiting.SAFE_CHECK: meanings.unsafe,
        Awaiting.CRISIS: safety_again,
        Awaiting.CRISIS_SAVE: safety_again,
        Awaiting.CONFIRM_SAVE: say(
            "record.confirm_unclear_reprompt", "record.confirm_unclear_reprompt"
        ),
        Awaiting.REMINDER_TIME: say("reminder.ask_time_reprompt", "reminder.ask_time_reprompt"),
        Awaiting.REMINDER_UNDO: say("reminder.undo_reprompt", "reminder.undo_reprompt"),
        Awaiting.MY_NAME: say("share.ask_my_name_reprompt", "share.ask_my_name_reprompt"),
        Awaiting.INVITE_CODE: say("share.invite_repeat_reprompt", "share.invite_repeat_reprompt"),
        Awaiting.SOBER_DATE: say("sober.ask_date_again", "sober.ask_date_reprompt"),
        Awaiting.CONSENT: either(sharing.explain_consent, general_help),
        Awaiting.SHARE_TO: say("share.who_to_reprompt", "share.who_to_reprompt"),
        Awaiting.STOP_WHO: say("share.stop_who_reprompt", "share.stop_who_reprompt"),
        Awaiting.DIGEST_TIME: say("share.schedule_unclear", "share.schedule_unclear"),
        Awaiting.GROUP_NAME: say("group.ask_name_reprompt", "group.ask_name_reprompt"),
        Awaiting.GROUP_CODE: say("group.ask_code_reprompt", "group.ask_code_reprompt"),
        Awaiting.GROUP_CHECK: say("group.ask_name_check_reprompt", "group.ask_name_check_reprompt"),
        Awaiting.DISPLAY_NAME: say("group.ask_display_reprompt", "group.ask_display_reprompt"),
        Awaiting.GROUP_SHARE: say("group.share_explain", "group.ask_share_reprompt"),
        Awaiting.DELETE: say("delete.confirm_reprompt", "delete.confirm_reprompt"),
        Awaiting.ERASE: say("erase.reprompt", "erase.reprompt"),
        Awaiting.MORE: say("read.more_reprompt", "read.more_reprompt"),
        Awaiting.LATEST_INSTEAD: say("read.latest_reprompt", "read.latest_reprompt"),
        Awaiting.ANOTHER: say("encourage.close_reprompt", "encourage.close_reprompt"),
        Awaiting.GROUP_MORE: say("group.offer_more", "group.offer_more"),
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
        Awaiting.CRISIS: safety_again,
        Awaiting.CRISIS_SAVE: safety_again,
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
        Awaiting.ANOTHER: lambda turn: (
            flows.setback_declined(turn)
            if turn.awaiting.get("after") == "setback"
            else _goodbye(turn)
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
        Awaiting.CONFIRM_SAVE: _skip_unclear,
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
        Awaiting.ANOTHER: flows.repeat_heard,
        Awaiting.WIN: say("launch.reprompt", "launch.reprompt"),
        Awaiting.INVITE_CODE: sharing.repeat_code,
        Awaiting.CONSENT: either(sharing.consent_again, FALLBACK),
        Awaiting.DISPLAY_NAME: either(groups.code_again, FALLBACK),
        Awaiting.GROUP_SHARE: say("group.ask_share_reprompt", "group.ask_share_reprompt"),
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
        Awaiting.CRISIS: safety_again,
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
    Awaiting.REMINDER_TIME, Awaiting.SOBER_DATE, Awaiting.GROUP_NAME, Awaiting.GROUP_CODE,
    Awaiting.GROUP_CHECK,
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
    Awaiting.ERASE: say("erase.explain", "erase.reprompt"),
    Awaiting.GROUP_NAME: say("group.ask_name_explain", "group.ask_name_reprompt"),
}

# Any question ("what's the group for?", "who will see it?") where words are wanted (a name, a
# code, a time) cannot be them. Elsewhere it may be one for the skill ("what can you do?").
QUESTIONS = {asked: ASKING[asked] for asked in WANT_WORDS}

ASIDES: Mapping[str, Mapping[Awaiting, Reply]] = {
    # "Okay stop" was met with "Hello! Good to hear from you": stopping with words around it
    # is stopping, whatever was asked.
    "stop": {asked: STOP for asked in Awaiting},
    # The code just given, again ("what was the code again?" read the wins aloud); elsewhere
    # a question like any other.
    "code": {
        **QUESTIONS,
        Awaiting.INVITE_CODE: sharing.repeat_code,
        Awaiting.DISPLAY_NAME: either(groups.code_again, FALLBACK),
    },
    # "Mejor no lo guardes" at what helped was ignored, and the win kept. Elsewhere it is a
    # change of mind ("undo that").
    "unsave": {
        **BACK,
        Awaiting.HELPED: flows.unsave,
        Awaiting.FELT: flows.unsave,
        Awaiting.CONFIRM_SAVE: NO,
    },
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
