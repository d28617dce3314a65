"""Replies to free speech that is not a plain win: safety checks, distress, goals, thanks,
questions, and a win said inside a hard sentence.

What the words mean is decided by `skill.understanding`; which reply a meaning gets while a
question is open is decided by the tables in `answers.py`. These are the replies.
"""

from __future__ import annotations

from ask_sdk_model import Response

from journal import JournalError
from skill.awaiting import Awaiting
from skill.handlers import flows
from skill.sharing_words import small_talk
from skill.turn import Turn
from skill.understanding import Meaning, understand, win_part
from skill.wording import first_person, reflect


def _card(turn: Turn) -> tuple[str, str]:
    return (turn.say("safety.card_title"), turn.say("safety.card_text"))


# -- safety --------------------------------------------------------------------------------------


def danger_first(turn: Turn, text: str) -> Response | None:
    """The danger reply when words given for something else (a name) speak of danger; else
    None. Nothing is held to save: a name is never a win."""
    reading = understand(text, turn.locale)
    meaning = reading.meaning
    if meaning is Meaning.EMERGENCY:
        return emergency(turn)
    if meaning is Meaning.CHECK_SAFE:
        return check_safe(turn, text, kind=reading.category)
    if meaning is Meaning.CRISIS:
        return flows.crisis(turn)
    return None


# Kinds whose innocent reading is rare enough, and whose danger fast enough, that the number
# to call is said before the question, not left on a card a speaker has no screen for.
_BODY = ("crisis_overdose", "crisis_withdrawal")


def check_safe(
    turn: Turn, text: str, *, answering: Awaiting | None = None, kind: str | None = None
) -> Response:
    """Signals that may be innocent (a bridge, a racing heart after using, the shakes): one
    question before anything else. The words are held, never saved; the card carries help.
    After signs of an overdose or of dangerous withdrawal (`kind`), the emergency number is
    said before the question."""
    turn.expect(
        Awaiting.SAFE_CHECK,
        text=text,
        win=turn.awaiting.get("win") if answering else None,
        field=answering.value if answering else None,
    )
    asked = "safety.check_body" if kind in _BODY else "safety.check"
    return turn.ask(turn.say(asked), reprompt=turn.say("safety.check_reprompt"), card=_card(turn))


def safe_yes(turn: Turn) -> Response:
    """Safe: gentle support, and nothing danger-adjacent saved. The words stay held for one
    more turn: "I drove past my old bar and kept going" may well be a win, and "save it" is
    how the person says so."""
    held = turn.awaiting
    turn.expect(Awaiting.WIN, **{key: held[key] for key in ("text", "field", "win") if key in held})
    return turn.ask(turn.say("safety.safe_yes"), reprompt=turn.say("safety.safe_yes_reprompt"))


def unsafe(turn: Turn) -> Response:
    """Not safe, or no clear yes: emergency help first, then the crisis line."""
    turn.expect(Awaiting.UNSAFE)
    return turn.ask(
        turn.say("safety.unsafe"), reprompt=turn.say("safety.reprompt"), card=_card(turn)
    )


def stay(turn: Turn) -> Response:
    """After "not safe", whatever comes next ("I don't want to call anyone", "what should I
    do", "ok thanks", "I'm scared"): calm, 911 and 988 again, and it's okay to be scared. Never
    a goal, a win, the help menu or a goodbye; someone else in danger still gets 911 first."""
    words = turn.slot_words()
    if words and understand(words, turn.locale).meaning is Meaning.EMERGENCY:
        return emergency(turn)
    turn.expect(Awaiting.UNSAFE)
    return turn.ask(turn.say("safety.stay"), reprompt=turn.say("safety.reprompt"), card=_card(turn))


def glad_okay(turn: Turn) -> Response:
    """After crisis resources, "I'm ok, I'm not going to do anything": glad, and the line is
    there day and night. No question about wins, here of all turns; the session closes gently."""
    return turn.tell(turn.say("safety.glad_okay"), card=_card(turn))


def emergency(turn: Turn) -> Response:
    """Someone else is in danger: 911 first."""
    turn.expect(Awaiting.CRISIS)
    return turn.ask(
        turn.say("safety.emergency"), reprompt=turn.say("safety.reprompt"), card=_card(turn)
    )


# -- support -------------------------------------------------------------------------------------


def distress(turn: Turn, text: str) -> Response:
    """Support, one gentle offer of help a session, and a past win if there is one. Never an
    offer to save the words as a win."""
    speech = [turn.say("distress.empathy")]
    if not turn.session.get("offered_help"):
        turn.session["offered_help"] = True
        speech.append(turn.say("safety.distress_offer"))
    try:
        has_wins = turn.journal.count(turn.owner) > 0
    except JournalError:
        has_wins = False
    if has_wins:
        return flows.encourage(turn, topic=text, before=speech)
    turn.expect(Awaiting.WIN)
    speech.append(turn.say("distress.no_wins"))
    return turn.ask(*speech, reprompt=turn.say("distress.no_wins_reprompt"))


def intention(turn: Turn, text: str) -> Response:
    """A goal is heard as a goal: acknowledged, not saved as done. The words stay held for
    one turn: "save it" is the person's word that it was done after all (it was met with
    "there's nothing waiting to be saved")."""
    turn.expect(Awaiting.WIN, goal=text)
    return turn.ask(
        turn.say("intention.ack", text=reflect(first_person(text, turn.locale), turn.locale)),
        reprompt=turn.say("intention.reprompt"),
    )


def thanks(turn: Turn, text: str = "") -> Response:
    """Thanks and small talk: "you're welcome" only to thanks; a goodbye closes, and a hello
    ("good morning", "how are you") is met with one and the day's question."""
    kind = small_talk(text, turn.locale) if text else "thanks"
    if kind == "hello":
        turn.expect(Awaiting.WIN)
        return turn.ask(turn.say("thanks.hello"), reprompt=turn.say("launch.reprompt"))
    return turn.tell(turn.say("thanks.reply" if kind == "thanks" else "thanks.farewell"))


def hard_win(turn: Turn, text: str) -> Response:
    """ "This craving is killing me but I went for a run": the run is saved, the hard part
    heard."""
    return flows.save_win(turn, win_part(text, turn.locale), before=[turn.say("hard_win.support")])


# -- questions to the skill ----------------------------------------------------------------------


def reminder_status(turn: Turn) -> Response:
    at = turn.deps.reminders.current(turn.owner)
    turn.expect(Awaiting.WIN)
    if at is None:
        return turn.ask(turn.say("question.reminder_none"), reprompt=turn.say("question.reprompt"))
    return turn.ask(
        turn.say("question.reminder_at", time=at.spoken(turn.locale)),
        reprompt=turn.say("question.reprompt"),
    )


def sharing_how(turn: Turn) -> Response:
    turn.expect(Awaiting.WIN)
    return turn.ask(turn.say("question.sharing_how"), reprompt=turn.say("question.reprompt"))


def privacy(turn: Turn) -> Response:
    turn.expect(Awaiting.WIN)
    return turn.ask(turn.say("question.privacy"), reprompt=turn.say("question.reprompt"))


def meetings(turn: Turn) -> Response:
    """Where the fellowships list their meetings, spoken and on a card: a journal cannot look
    one up, and must not seem to."""
    turn.expect(Awaiting.WIN)
    return turn.ask(
        turn.say("meetings.reply"),
        reprompt=turn.say("meetings.reprompt"),
        card=(turn.say("meetings.card_title"), turn.say("meetings.card_text")),
    )
