"""The built-in intents: yes and no in context, help, leaving, and what was not understood."""

from __future__ import annotations

import logging

from ask_sdk_model import Response

from skill.handlers import flows, groups, sharing
from skill.handlers.base import Handler
from skill.handlers.privacy import confirm_erase
from skill.turn import Turn

log = logging.getLogger(__name__)


class Yes(Handler):
    intents = ("AMAZON.YesIntent",)

    def respond(self, turn: Turn) -> Response:
        step = turn.awaiting
        kind = step.get("kind")
        if kind == "delete":
            return flows.delete_awaited(turn)
        if kind == "erase":
            return confirm_erase(turn)
        if kind == "confirm_save" and isinstance(step.get("text"), str):
            return flows.save_win(turn, step["text"])
        if kind == "another":
            return flows.encourage(turn, topic=None, empathy=False)
        if kind in ("more", "latest_instead", "group_more"):
            return flows.continue_reading(turn)
        if kind == "consent":
            return sharing.answer_consent(turn, yes=True)
        if kind == "group_share":
            return groups.answer_share(turn, yes=True)
        if kind == "invite_code":
            return sharing.repeat_code(turn)
        if kind in ("helped", "felt"):
            return flows.fallback(turn)
        # "Yes" after a crisis reply is not consent to store anything; only "save it" is.
        if kind in ("crisis", "crisis_save"):
            return turn.ask(turn.say("safety.again"), reprompt=turn.say("safety.reprompt"))
        turn.expect("win")
        return turn.ask(turn.say("yes_no.nothing_pending"), reprompt=turn.say("launch.reprompt"))


class No(Handler):
    intents = ("AMAZON.NoIntent",)

    def respond(self, turn: Turn) -> Response:
        kind = turn.awaiting.get("kind")
        if kind == "delete":
            return turn.tell(turn.say("delete.kept"))
        if kind == "erase":
            return turn.tell(turn.say("erase.kept"))
        if kind == "confirm_save":
            turn.expect("win")
            return turn.ask(turn.say("record.not_saved"), reprompt=turn.say("launch.reprompt"))
        if kind == "consent":
            return sharing.answer_consent(turn, yes=False)
        if kind == "group_share":
            return groups.answer_share(turn, yes=False)
        if kind in ("helped", "felt"):
            return flows.skip_followup(turn)
        if kind == "win":
            return flows.no_idea(turn)
        if kind in ("crisis", "crisis_save"):
            return flows.crisis_goodbye(turn)
        return turn.tell(turn.say("goodbye.text"))


class Repeat(Handler):
    """ "Say that again": a code is repeated; otherwise the question is asked again."""

    intents = ("AMAZON.RepeatIntent",)

    def respond(self, turn: Turn) -> Response:
        again = sharing.repeat_question(turn)
        return again if again is not None else flows.fallback(turn)


class Help(Handler):
    intents = ("AMAZON.HelpIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.expect("win")
        return turn.ask(turn.say("help.text"), reprompt=turn.say("help.reprompt"))


class CancelOrStop(Handler):
    """Leaving is always easy; a win already said stays saved."""

    intents = ("AMAZON.CancelIntent", "AMAZON.StopIntent")

    def respond(self, turn: Turn) -> Response:
        if turn.expecting("delete"):
            return turn.tell(turn.say("delete.kept"))
        if turn.expecting("erase"):
            return turn.tell(turn.say("erase.kept"))
        if turn.expecting("crisis", "crisis_save"):
            return flows.crisis_goodbye(turn)
        return turn.tell(turn.say("goodbye.text"))


class NavigateHome(Handler):
    intents = ("AMAZON.NavigateHomeIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.session.pop("await", None)
        return turn.input.response_builder.set_should_end_session(True).response


class Fallback(Handler):
    intents = ("AMAZON.FallbackIntent",)

    def respond(self, turn: Turn) -> Response:
        return flows.fallback(turn)


class DeviceError(Handler):
    """Alexa reports that it could not use a response; it accepts no speech in reply."""

    requests = ("System.ExceptionEncountered",)

    def respond(self, turn: Turn) -> Response:
        error = getattr(turn.input.request_envelope.request, "error", None)
        log.warning(
            "alexa reported an error with a response: %s", getattr(error, "object_type", None)
        )
        return turn.input.response_builder.response


class SessionEnded(Handler):
    """Alexa closed the session; it accepts no speech here, only an empty answer."""

    requests = ("SessionEndedRequest",)

    def respond(self, turn: Turn) -> Response:
        request = turn.input.request_envelope.request
        reason = getattr(getattr(request, "reason", None), "value", None)
        error = getattr(getattr(request, "error", None), "object_type", None)
        log.info("session ended: reason=%s error=%s", reason, error)
        return turn.input.response_builder.response
