"""Typed errors become spoken apologies, never an HTTP 500."""

from __future__ import annotations

import functools
import logging
import traceback

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from journal import StorageUnavailable
from journal.deadline import write_unanswered
from journal.store import outage
from skill.speech import Phrasebook, Speaker, join
from skill.turn import Caller, request_locale

log = logging.getLogger(__name__)


def _note(handler_input: HandlerInput, outcome: str) -> None:
    caller = handler_input.context
    if isinstance(caller, Caller):
        caller.notes["outcome"] = outcome


@functools.cache
def _known_intents() -> frozenset[str]:
    from skill.handlers import HANDLERS  # here: the package imports this module first

    return frozenset(name for handler in HANDLERS for name in handler.intents)


def _apologise(handler_input: HandlerInput, key: str) -> Response:
    speech = Speaker(Phrasebook.load(request_locale(handler_input)))(key)
    return handler_input.response_builder.speak(join(speech)).set_should_end_session(True).response


def _where(exc: BaseException) -> str:
    """The innermost frame of a traceback: enough to find the bug, and no message text,
    which could quote what the person said."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno} in {last.name}"


def _intent_name(handler_input: HandlerInput) -> str:
    """The intent's name when our model has it, else the request's type: never a name taken
    from the body as it came, which could be anything at all."""
    request = handler_input.request_envelope.request
    name = getattr(getattr(request, "intent", None), "name", None)
    if isinstance(name, str) and name in _known_intents():
        return name
    return type(request).__name__


class JournalOffline(AbstractExceptionHandler):
    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        # Raw Redis errors too: the job queue's client is Redis', not the journal's.
        return isinstance(exception, StorageUnavailable) or outage(exception) is not None

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        cause = str(exception) if isinstance(exception, StorageUnavailable) else ""
        cause = cause or outage(exception) or type(exception).__name__
        log.warning("journal storage unavailable during %s: %s", _intent_name(handler_input), cause)
        _note(handler_input, "storage_unavailable")
        return _apologise(handler_input, _apology(cause))


def _apology(cause: str) -> str:
    """ "Nothing was saved" only when it is true: a write whose answer was lost (a timeout, a
    connection cut after sending) may have run."""
    if write_unanswered():
        return "error.unsure"
    return "error.slow" if cause == "TimeoutError" else "error.storage"


class Failure(AbstractExceptionHandler):
    """Anything else: apologise, and log where it happened without what was said."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.error(
            "handler failed during %s: %s at %s",
            _intent_name(handler_input),
            type(exception).__name__,
            _where(exception),
        )
        _note(handler_input, "error")
        return _apologise(handler_input, "error.internal")
