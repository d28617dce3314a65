"""The built-in intents: yes, no, repeat, help, leaving, and what was not understood; and
thanks, whose answer after a crisis reply is not the everyday one.

What yes, no, stop, repeat and thanks do depends on the open question; that is in `answers.py`.
"""

from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import IntentRequest, Response

from skill.awaiting import Awaiting
from skill.handlers import answers
from skill.handlers.base import Handler
from skill.turn import Turn

log = logging.getLogger(__name__)


class Held(Handler):
    """First in line: a question that holds every turn ("are you safe right now?", and what
    follows a no to it) answers whatever intent Alexa heard, but leaving (see `answers.HOLDS`).
    `can_handle` reads only the session the request carries."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        request = handler_input.request_envelope.request
        if not isinstance(request, IntentRequest):
            return False
        stored = handler_input.attributes_manager.session_attributes.get("await")
        kind = stored.get("kind") if isinstance(stored, dict) else None
        return answers.holds(Awaiting.read(kind), request.intent.name)

    def respond(self, turn: Turn) -> Response:
        return answers.held(turn)


class Yes(Handler):
    intents = ("AMAZON.YesIntent",)

    def respond(self, turn: Turn) -> Response:
        return answers.YES(turn)


class No(Handler):
    intents = ("AMAZON.NoIntent",)

    def respond(self, turn: Turn) -> Response:
        return answers.NO(turn)


class Thanks(Handler):
    intents = ("ThanksIntent",)

    def respond(self, turn: Turn) -> Response:
        return answers.THANKS(turn)


class Repeat(Handler):
    intents = ("AMAZON.RepeatIntent",)

    def respond(self, turn: Turn) -> Response:
        return answers.REPEAT(turn)


class Help(Handler):
    intents = ("AMAZON.HelpIntent",)

    def respond(self, turn: Turn) -> Response:
        return answers.HELP(turn)


class CancelOrStop(Handler):
    intents = ("AMAZON.CancelIntent", "AMAZON.StopIntent")

    def respond(self, turn: Turn) -> Response:
        return answers.STOP(turn)


class NavigateHome(Handler):
    intents = ("AMAZON.NavigateHomeIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.session.pop("await", None)
        return turn.input.response_builder.set_should_end_session(True).response


class Fallback(Handler):
    intents = ("AMAZON.FallbackIntent",)

    def respond(self, turn: Turn) -> Response:
        return answers.FALLBACK(turn)


class Unrecognised(Handler):
    """Last in line: an intent our model does not have is heard as the fallback, and any other
    request type Alexa may send is answered with an empty response, as it expects."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def respond(self, turn: Turn) -> Response:
        request = turn.input.request_envelope.request
        if isinstance(request, IntentRequest):
            return answers.FALLBACK(turn)
        log.info("no answer for a %s request", type(request).__name__)
        return turn.input.response_builder.response


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
