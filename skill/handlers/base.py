"""What every handler shares: matching by request type or intent name, and the turn."""

from __future__ import annotations

from typing import ClassVar

from ask_sdk_core.dispatch_components import AbstractRequestHandler, AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import IntentRequest, Response

from skill.turn import Deps, Turn


class Handler(AbstractRequestHandler):
    """Handles the intents named in `intents` (or the request types in `requests`).

    `can_handle` only compares names: no side effects, no storage, so the SDK can ask every
    handler in turn. The work happens in `respond`, with the turn already built.
    """

    intents: ClassVar[tuple[str, ...]] = ()
    requests: ClassVar[tuple[str, ...]] = ()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        request = handler_input.request_envelope.request
        if isinstance(request, IntentRequest):
            return request.intent.name in self.intents
        return request.object_type in self.requests

    def handle(self, handler_input: HandlerInput) -> Response:
        return self.respond(Turn.of(handler_input))

    def respond(self, turn: Turn) -> Response:
        raise NotImplementedError


class TurnInterceptor(AbstractRequestInterceptor):
    """Builds the turn once per request, before any handler runs."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    def process(self, handler_input: HandlerInput) -> None:
        handler_input.attributes_manager.request_attributes["turn"] = Turn(
            handler_input, self._deps
        )
