"""Keeping wins: launch, record, follow-ups, reading back, deleting."""

from __future__ import annotations

from ask_sdk_model import Response

from skill.awaiting import Awaiting
from skill.dates import spoken_day
from skill.handlers import answers, flows, free_speech, reminding, sharing
from skill.handlers.base import Handler
from skill.sharing_words import said_whole
from skill.turn import Turn
from skill.understanding import keywords
from skill.wording import reflect, sentence_start


class Launch(Handler):
    requests = ("LaunchRequest",)

    def respond(self, turn: Turn) -> Response:
        # One round trip; no date is spoken, so the zone is not read (nor the clock localised).
        first, waiting, accepted = turn.sharing.news.launch(
            turn.owner, turn.utc_now, turn.request_id
        )
        turn.deps.timezones.look_ahead(turn.input, turn.owner)
        heard = sharing.news(turn, waiting)
        if accepted is not None:
            return sharing.ask_consent(turn, accepted, *heard)
        turn.expect(Awaiting.WIN)
        return turn.ask(
            *heard,
            turn.say("launch.first" if first else "launch.returning"),
            reprompt=turn.say("launch.reprompt"),
        )


class RecordWin(Handler):
    intents = ("RecordWinIntent",)

    def respond(self, turn: Turn) -> Response:
        text = turn.slot("win")
        if text is None:
            turn.expect(Awaiting.WIN)
            return turn.ask(turn.say("launch.reprompt"), reprompt=turn.say("launch.reprompt"))
        return free_speech.heard(turn, text, said_as_win=True)


# Slots whose samples' carriers are lost ("I feel {feeling}", "{helped} helped me"): the
# words alone answer the question they belong to; at any other point they are said whole
# again, or "great" and "my sister" would be kept as the wins "you great" and "your sister".
CARRIED = (("feeling", Awaiting.FELT), ("helped", Awaiting.HELPED))


class Answer(Handler):
    """Free speech without a carrier: an answer to whatever the skill last asked."""

    intents = ("AnswerIntent",)

    def respond(self, turn: Turn) -> Response:
        text = turn.slot("answer")
        # "I think {hedged}", "probably {hedged}": the words answer as they are, but the hedge
        # is remembered, for a hedged yes to "are you safe right now?" is not a clear yes.
        hedge = turn.slot("hedged")
        if hedge is not None:
            text = hedge
        for slot, question in CARRIED:
            words = turn.slot(slot)
            if words is not None:
                text = words if turn.expecting(question) else said_whole(slot, words, turn.locale)
                break
        if text is None:
            return answers.FALLBACK(turn)
        return free_speech.heard(turn, text, said_as_win=False, hedged=hedge is not None)


class Skip(Handler):
    intents = ("SkipIntent",)

    def respond(self, turn: Turn) -> Response:
        return answers.SKIP(turn)


class NoIdea(Handler):
    intents = ("NoIdeaIntent",)

    def respond(self, turn: Turn) -> Response:
        return answers.NO_IDEA(turn)


class SaveIt(Handler):
    """The explicit "save it" after a crisis reply or an unclear sentence."""

    intents = ("SaveItIntent",)

    def respond(self, turn: Turn) -> Response:
        return answers.SAVE(turn)


class ReadWins(Handler):
    intents = ("ReadWinsIntent",)

    def respond(self, turn: Turn) -> Response:
        return flows.read_when(turn, turn.slot("when"))


class More(Handler):
    intents = ("AMAZON.MoreIntent", "AMAZON.NextIntent")

    def respond(self, turn: Turn) -> Response:
        return answers.MORE(turn)


# How far back "delete the one about my mom" looks: the wins a person would remember saying.
FIND_DEPTH = 200


class DeleteWin(Handler):
    """ "Delete the one about my mom": the latest win sharing the most words with what was
    said, asked about before it goes (it got the privacy blurb, and only the last win could
    be deleted by voice)."""

    intents = ("DeleteWinIntent",)

    def respond(self, turn: Turn) -> Response:
        about = turn.slot("about")
        wanted = keywords(about, turn.locale) if about else frozenset()
        best, overlap = None, 0
        for win in turn.journal.recent(turn.owner, FIND_DEPTH) if wanted else ():
            shared = len(wanted & keywords(f"{win.text} {win.helped or ''}", turn.locale))
            if shared > overlap:  # newest first: a tie keeps the more recent
                best, overlap = win, shared
        if best is None:
            turn.expect(Awaiting.WIN)
            return turn.ask(
                turn.say("delete.not_found"), reprompt=turn.say("delete.not_found_reprompt")
            )
        turn.expect(Awaiting.DELETE, win=best.id)
        return turn.ask(
            turn.say(
                "delete.confirm_found",
                day=sentence_start(spoken_day(best.day, turn.today, turn.locale)),
                text=reflect(best.text, turn.locale),
            ),
            reprompt=turn.say("delete.confirm_reprompt"),
        )


class DeleteLastWin(Handler):
    intents = ("DeleteLastWinIntent",)

    def respond(self, turn: Turn) -> Response:
        if turn.expecting(Awaiting.REMINDER_UNDO):
            # "Undo that" right after the reminder was cancelled is about the reminder.
            return reminding.undo_cancel(turn)
        latest = turn.journal.recent(turn.owner, 1)
        if not latest:
            return turn.tell(turn.say("delete.nothing"))
        win = latest[0]
        turn.expect(Awaiting.DELETE, win=win.id)
        return turn.ask(
            turn.say("delete.confirm", text=reflect(win.text, turn.locale)),
            reprompt=turn.say("delete.confirm_reprompt"),
        )
