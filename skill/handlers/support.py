"""Hard moments: encouragement on request, setbacks, and crisis."""

from __future__ import annotations

from ask_sdk_model import Response

from skill.handlers import flows
from skill.handlers.base import Handler
from skill.turn import Turn
from skill.understanding import is_crisis


class Encourage(Handler):
    intents = ("EncourageIntent",)

    def respond(self, turn: Turn) -> Response:
        topic = turn.slot("topic")
        if topic and is_crisis(topic):
            return flows.crisis(turn)
        return flows.encourage(turn, topic=topic)


class Setback(Handler):
    intents = ("SetbackIntent",)

    def respond(self, turn: Turn) -> Response:
        return flows.setback(turn)


class Crisis(Handler):
    intents = ("CrisisIntent",)

    def respond(self, turn: Turn) -> Response:
        return flows.crisis(turn)
