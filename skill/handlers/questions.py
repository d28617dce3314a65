"""Questions and requests said as free speech ("how am I doing this month", "what can you
do"), and the intents that ask them through Alexa's own model: each goes to its answer."""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_model import Response

from skill.awaiting import Awaiting
from skill.handlers import flows, meanings, sober_days
from skill.handlers.base import Handler
from skill.handlers.looking_back import Progress, Toolkit
from skill.turn import Turn

ANSWERS: dict[str, Callable[[Turn], Response]] = {
    "help": lambda turn: _help(turn),
    "progress": lambda turn: Progress().respond(turn),
    "toolkit": lambda turn: Toolkit().respond(turn),
    "read_wins": lambda turn: flows.read_page(turn, first=None, last=None, name=None),
    "encourage": lambda turn: flows.encourage(turn, topic=None),
    "sober_days": sober_days.answer,
    "reminder": meanings.reminder_status,
    "sharing": meanings.sharing_how,
    "privacy": meanings.privacy,
    "meetings": meanings.meetings,
}


def _help(turn: Turn) -> Response:
    turn.expect(Awaiting.WIN)
    return turn.ask(turn.say("help.text"), reprompt=turn.say("help.reprompt"))


def answer(turn: Turn, target: str | None) -> Response:
    """The answer to a question; one the skill has no answer for gets the help."""
    return ANSWERS.get(target or "help", ANSWERS["help"])(turn)


class SoberDays(Handler):
    intents = ("SoberDaysIntent",)

    def respond(self, turn: Turn) -> Response:
        return sober_days.answer(turn)


class ReminderStatus(Handler):
    intents = ("ReminderStatusIntent",)

    def respond(self, turn: Turn) -> Response:
        return meanings.reminder_status(turn)


class SharingHow(Handler):
    intents = ("SharingHowIntent",)

    def respond(self, turn: Turn) -> Response:
        return meanings.sharing_how(turn)


class Meetings(Handler):
    intents = ("MeetingsIntent",)

    def respond(self, turn: Turn) -> Response:
        return meanings.meetings(turn)


class Treatment(Handler):
    """ "I need help to quit drinking": the country's addiction helpline, spoken and on a card.
    A journal cannot be treatment; it can say where treatment starts."""

    intents = ("TreatmentIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.expect(Awaiting.WIN)
        return turn.ask(
            turn.say("treatment.reply"),
            reprompt=turn.say("treatment.reprompt"),
            card=(turn.say("treatment.card_title"), turn.say("treatment.card_text")),
        )


class Distress(Handler):
    """ "I'm in a really dark place": support, never an offer to save it as a win."""

    intents = ("DistressIntent",)

    def respond(self, turn: Turn) -> Response:
        return meanings.distress(turn, "")
