"""Hard moments: encouragement on request, setbacks, and crisis."""

from __future__ import annotations

from ask_sdk_model import Response

from skill.carriers import read_carried
from skill.handlers import flows, meanings
from skill.handlers.base import Handler
from skill.turn import Turn
from skill.understanding import Meaning


class Encourage(Handler):
    intents = ("EncourageIntent",)

    def respond(self, turn: Turn) -> Response:
        topic = turn.slot("topic")
        # "no puedo dejar de pensar en morirme" arrives as the topic "morirme": read it as said.
        meaning = kind = None
        if topic:
            reading = read_carried(topic, "EncourageIntent", "topic", turn.locale)
            meaning, kind = reading.meaning, reading.category
        if meaning is Meaning.EMERGENCY:
            return meanings.emergency(turn)
        if meaning is Meaning.CHECK_SAFE and topic:
            return meanings.check_safe(turn, topic, kind=kind)
        if meaning is Meaning.CRISIS:
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
