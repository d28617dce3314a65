"""Free speech while a question is open: what it means, crisis first, then the open
question's row in `SPOKEN`, words said beside the question (`answers.ASIDES`), a request to
switch something off, and last what the words mean on their own.

Kept apart from the tables in `answers`, which it uses: this is the one place that reads
words rather than intents.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ask_sdk_model import Response

from skill.awaiting import Awaiting
from skill.days_said import asked_day, names_a_day, only_a_day
from skill.handlers import flows, groups, meanings, questions, reminding, sharing, switches
from skill.handlers.answers import (
    ASIDES,
    ASKING,
    FALLBACK,
    FOLLOWUPS,
    HELP,
    NO,
    SKIP,
    YES,
    Reply,
    either,
    reminder_time_again,
    safety_again,
    say,
)  # fmt: skip
from skill.reminders import ReminderTime
from skill.sharing_words import aside, clock_in, has_hedge, is_request, reassured, takes_back
from skill.turn import Turn
from skill.understanding import (
    CAUGHT,
    Meaning,
    is_name,
    understand,
    unhedged,
    without_filler,
    yes_or_no,
)
from skill.wording import first_person, reflect


@dataclass(frozen=True)
class Heard:
    text: str
    meaning: Meaning
    said_as_win: bool
    rule: str | None = None  # the understanding rule that decided, if any
    # Said after a hedge the model's carrier dropped ("I think {hedged}", "creo que {hedged}").
    hedged: bool = False
    request: str | None = None  # a request to switch something off or on, if it is one
    target: str | None = None  # what a question is about ("progress", "help"), if it is one
    aside: str | None = None  # what kind of words said beside the question, if any (`aside`)


Spoken = Callable[[Turn, Heard], Response | None]


def _words(reply: Callable[[Turn, str], Response]) -> Spoken:
    """A row that takes the words as the answer, whatever they sound like."""
    return lambda turn, heard: reply(turn, heard.text)


def _followup(note: Callable[[Turn, str], Response]) -> Spoken:
    def row(turn: Turn, heard: Heard) -> Response | None:
        # "Anxious" or "I wanted to drink" answer how it felt; they are not a plea for help.
        # "I don't know, tired I guess" does too: the hedge goes, the answer is kept.
        if heard.meaning in (Meaning.SKIP, Meaning.NO_IDEA):
            answer = unhedged(heard.text, turn.locale)
            return flows.skip_followup(turn) if answer is None else note(turn, answer)
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
        if heard.meaning is Meaning.QUESTION and heard.aside == "question":
            # "Why do you ask?" was kept as how it felt: a question back about this one is
            # answered by asking it again, plainly; one about the skill ("how am I doing?")
            # is answered as asked.
            return HELP(turn) if heard.target in (None, "help") else None
        # A slip said outright is not an answer. One only the model reads ("like myself
        # again", "hopeful again": it learnt "again" from lapses) is how it felt. Thanks is
        # not taken from free speech here: "amazing", "happy" or "a quiet morning" can read
        # as thanks, and the answer was then lost and the session closed; Alexa sends a plain
        # "thanks" as ThanksIntent anyway.
        if heard.meaning is Meaning.SETBACK and heard.rule == "setback":
            return None
        # Through the "I {win}" carrier the "I" was dropped; put it back.
        if heard.said_as_win:
            return note(turn, first_person(heard.text, turn.locale))
        # "My dog I guess" was kept, and read back, as "your dog you guess": the hedge goes.
        answer = unhedged(heard.text, turn.locale) or heard.text
        return note(turn, without_filler(answer, turn.locale))

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


def _confirmed(turn: Turn, heard: Heard) -> Response:
    """A free answer to "delete this win?" or "erase everything?": yes and no in other words
    ("yes delete it", "yep do it", "que sí") are yes and no. Anything else, a hedge or "wait
    what does that delete", asks the question again: nothing is erased without a clear yes,
    and the question is not let go for another reading ("yep do it" ended the session, the
    win kept; "yes delete it" was answered about privacy)."""
    answer = None if has_hedge(heard.text, turn.locale) else yes_or_no(heard.text, turn.locale)
    if answer is None and heard.meaning is Meaning.QUESTION:
        return ASKING[turn.awaited](turn)  # type: ignore[index]
    if answer is None:
        return HELP(turn)
    return (YES if answer else NO)(turn)


def _another(turn: Turn, heard: Heard) -> Response | None:
    """A free answer to "want to hear one?": a yes in other words, or one said with a hedge
    ("I guess"), hears the win (it was met with "was there a moment you felt like giving
    in?"); a no is a no; anything else is heard as it is."""
    answer = yes_or_no(heard.text, turn.locale)
    if answer is None and not has_hedge(heard.text, turn.locale):
        return None
    return NO(turn) if answer is False else YES(turn)


HEDGED: Mapping[Awaiting, Reply] = {
    Awaiting.CONSENT: either(sharing.consent_plainly, FALLBACK),
    Awaiting.GROUP_SHARE: say("group.ask_share_reprompt", "group.ask_share_reprompt"),
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
        return safety_again(turn)
    return None


# Free speech while a question is open; a row's None means "not an answer, hear it plainly".
SPOKEN: Mapping[Awaiting, Spoken] = {
    Awaiting.CRISIS: _after_crisis,
    Awaiting.CRISIS_SAVE: _after_crisis,
    Awaiting.SAFE_CHECK: _safe_answer,
    Awaiting.ANOTHER: _another,
    Awaiting.DELETE: _confirmed,
    Awaiting.ERASE: _confirmed,
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
    # A time said as a correction ("make it 8 in the morning") is the request's to set.
    Awaiting.REMINDER_TIME: lambda turn, heard: (
        None if heard.request == "reminder_at" else reminder_time_again(turn)
    ),
    # "October third" alone to "what day did you get sober?": asked again whole, never a win.
    Awaiting.SOBER_DATE: lambda turn, heard: HELP(turn),
    Awaiting.REMINDER_UNDO: lambda turn, heard: (
        reminding.undo_cancel(turn) if takes_back(heard.text, turn.locale) else None
    ),
    Awaiting.HELPED: _followup(flows.note_helped),
    Awaiting.FELT: _followup(flows.note_felt),
}


# Where a day said alone after "and" or "what about" asks for its wins; elsewhere it answers
# what was asked ("what about Saturday" for the weekly note's day).
_BROWSING = frozenset(
    {None, Awaiting.WIN, Awaiting.ANOTHER, Awaiting.MORE, Awaiting.LATEST_INSTEAD}
)


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
            return meanings.check_safe(turn, text, answering=answering, kind=reading.category)
        if meaning is Meaning.CHECK_SAFE:
            return meanings.unsafe(turn)
        return flows.crisis(turn, text, answering=answering)
    day = asked_day(text, turn.locale, turn.guess_today) if turn.awaited in _BROWSING else None
    if day is not None:
        # "And yesterday?", "¿y el sábado?": that day's wins. Taken for a lapse, they were
        # met with the words for a slip, and "what about Saturday" with examples of wins.
        return flows.read_when(turn, day.isoformat())
    # With nothing asked, "like what?" is about what the skill is for: what a win is.
    kind = aside(text, turn.locale)
    beside = ASIDES[kind].get(turn.awaited or Awaiting.WIN) if kind else None
    if beside is not None:
        return beside(turn)
    row = SPOKEN.get(turn.awaited)  # type: ignore[arg-type]
    said = Heard(
        text, meaning, said_as_win, reading.rule, hedged, reading.request, reading.target, kind
    )
    reply = row(turn, said) if row else None
    if reply is not None:
        return reply
    if reading.request is not None:
        # "I don't want to share anymore", "turn off the reminder": done, whatever else the
        # words sound like (a clock time in them is not a new reminder).
        return switches.REQUESTS[reading.request](turn, text)
    return _plainly(
        turn,
        text,
        reading.target,
        meaning,
        said_as_win=said_as_win,
        decoy=reading.category == "decoy",
    )


def _plainly(
    turn: Turn,
    text: str,
    target: str | None,
    meaning: Meaning,
    *,
    said_as_win: bool,
    decoy: bool = False,
) -> Response:
    """What free speech means with no open question to answer.

    A `decoy` (violent words read as meant harmlessly) is asked about before it is kept,
    however it was said: nothing danger-adjacent is saved without the person's clear word,
    and "my boss is gonna kill me for being late" or "I could kill for a pizza" is no win.
    """
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
    if (
        meaning is not Meaning.UNCLEAR
        and not decoy
        and (said_as_win or turn.expecting(Awaiting.WIN))
    ):
        return flows.save_win(turn, text)
    turn.expect(Awaiting.CONFIRM_SAVE, text=text)
    # A word or two the model never met is often a name: "I Carlos" would mangle it. A
    # decoy names its own subject or none ("work is killing me" is no "I work").
    plain = meaning is Meaning.UNCLEAR or (decoy and not said_as_win)
    said = text if plain else first_person(text, turn.locale)
    echo = reflect(said, turn.locale)
    return turn.ask(
        turn.say("record.confirm_unclear", text=echo),
        reprompt=turn.say("record.confirm_unclear_reprompt"),
    )
