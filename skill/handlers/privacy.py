"""A person's control over their data: take it with them, or erase it."""

from __future__ import annotations

from ask_sdk_model import Response

from sharing.erasure import erase_person
from skill.awaiting import Awaiting
from skill.handlers.base import Handler
from skill.turn import Turn
from web.export import EXPORT_MINUTES


class DeleteAllData(Handler):
    """Asks twice: this cannot be undone."""

    intents = ("DeleteAllDataIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.expect(Awaiting.ERASE, step=1)
        return turn.ask(turn.say("erase.confirm_first"), reprompt=turn.say("erase.reprompt"))


def confirm_erase(turn: Turn) -> Response:
    """A "yes" to one of the two questions; the second one erases."""
    if turn.awaiting.get("step") == 1:
        turn.expect(Awaiting.ERASE, step=2)
        return turn.ask(turn.say("erase.confirm_second"), reprompt=turn.say("erase.reprompt"))
    reminder_gone = turn.deps.reminders.forget(turn.input, turn.owner)
    erase_person(turn.journal, turn.sharing, turn.deps.outbox, turn.owner)
    turn.session.clear()
    return turn.tell(turn.say("erase.done" if reminder_gone else "erase.done_reminder_left"))


class ExportWins(Handler):
    intents = ("ExportWinsIntent",)

    def respond(self, turn: Turn) -> Response:
        if not turn.journal.count(turn.owner):
            return turn.tell(turn.say("export.none"))
        link = turn.deps.export_links.link_for(turn.owner, turn.locale)
        return turn.tell(
            turn.say("export.sent", minutes=EXPORT_MINUTES),
            card=(
                turn.say("export.card_title"),
                turn.say("export.card_text", minutes=EXPORT_MINUTES, link=link),
            ),
        )
