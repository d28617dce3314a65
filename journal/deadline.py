"""One deadline for all the Redis round trips of a piece of work, such as one Alexa turn.

A socket timeout bounds each round trip, but a turn makes several, and a server that accepts
connections and then stops answering (a stalled disk, a paused VM, a failover) costs each of
them the whole timeout: Alexa gives up at 8 seconds and the person hears nothing. Inside
`within(seconds)` every command of every client made by `journal.connection.connect` waits
only for what is left of that one budget, and once it is spent a command fails at once with
`redis.exceptions.TimeoutError`, which the rooms already turn into `StorageUnavailable`.

Time spent waiting on something else inside a turn (Alexa's Reminders API, with its own
timeout) is not Redis's: inside `paused()` the budget's clock stops, so a slow API answer does
not leave the write that keeps its result with nothing left.

The budget also notes whether a command that may write lost its answer (`write_unanswered`):
it may have run, so the person must not hear that nothing was saved.

The deadline lives in a context variable, so each request thread has its own; outside
`within` nothing changes and the socket timeouts alone apply (workers, commands).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import redis
from redis.backoff import AbstractBackoff
from redis.utils import SENTINEL

from journal.writes import replies_at_stake


@dataclass
class _Budget:
    """One `within` block's end, inside the block that encloses it, if any, and whether a
    command that may write lost its answer within it."""

    end: float
    outer: _Budget | None
    unanswered_write: bool = False

    def left(self, now: float) -> float:
        own = self.end - now
        return own if self.outer is None else min(own, self.outer.left(now))

    def extend(self, seconds: float) -> None:
        # Every enclosing budget too: time not spent on Redis is no block's.
        self.end += seconds
        if self.outer is not None:
            self.outer.extend(seconds)

    def note_unanswered_write(self) -> None:
        self.unanswered_write = True
        if self.outer is not None:
            self.outer.note_unanswered_write()


_deadline: ContextVar[_Budget | None] = ContextVar("smallwins_redis_deadline", default=None)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Give every Redis command run inside this block, together, at most `seconds`."""
    token = _deadline.set(_Budget(time.monotonic() + seconds, _deadline.get()))
    try:
        yield
    finally:
        _deadline.reset(token)


@contextmanager
def paused() -> Iterator[None]:
    """Stop the current deadline's clock while this block runs: for waiting on something that
    is not Redis and has a timeout of its own (an Alexa API call), which the Redis budget must
    not pay for. Outside any deadline it does nothing."""
    budget = _deadline.get()
    started = time.monotonic()
    try:
        yield
    finally:
        if budget is not None:
            budget.extend(time.monotonic() - started)


def remaining() -> float | None:
    """Seconds left of the current deadline, or None outside any."""
    budget = _deadline.get()
    return None if budget is None else budget.left(time.monotonic())


def write_unanswered() -> bool:
    """Whether, within the current deadline, a command that may change data was sent and its
    answer was lost (a timeout, a connection cut): it may have run, or not."""
    budget = _deadline.get()
    return budget is not None and budget.unanswered_write


class _Deadlined:
    """Mixed into a redis-py connection class: sends and reads honour `within`, and a write
    whose answer is lost is noted in it."""

    socket_timeout: float | None
    socket_connect_timeout: float | None
    # Answers still to come for the last send, when it held a command that may write. A send
    # that fails did not reach the server whole, and Redis runs no command it got in part.
    _owed_for_write = 0

    def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        left = remaining()
        if left is not None and left <= 0:
            # Nothing sent yet, so the connection stays usable for the next turn.
            raise redis.exceptions.TimeoutError("deadline passed before sending")
        super().send_packed_command(command, check_health)  # type: ignore[misc]
        # Only a deadline's work needs telling apart (and is worth reading the command for).
        self._owed_for_write = 0 if left is None else replies_at_stake(command)

    def _connect(self) -> Any:
        left = remaining()
        if left is None:
            return super()._connect()  # type: ignore[misc]
        if left <= 0:
            raise redis.exceptions.TimeoutError("deadline passed before connecting")
        saved = self.socket_connect_timeout
        self.socket_connect_timeout = min(saved or left, left)
        try:
            return super()._connect()  # type: ignore[misc]
        finally:
            self.socket_connect_timeout = saved

    def read_response(self, *args: Any, timeout: Any = SENTINEL, **kwargs: Any) -> Any:
        left = remaining()
        if left is not None and timeout is SENTINEL:
            # At least a moment, so that a reply already waiting in the buffer is still read.
            timeout = max(0.001, min(left, self.socket_timeout or left))
        try:
            response = super().read_response(*args, timeout=timeout, **kwargs)  # type: ignore[misc]
        except redis.exceptions.ResponseError:  # an answer too: the server refused the command
            self._answered()
            raise
        except BaseException:
            self._answer_lost()
            raise
        self._answered()
        return response

    def _answered(self) -> None:
        self._owed_for_write = max(0, self._owed_for_write - 1)

    def _answer_lost(self) -> None:
        budget = _deadline.get()
        if self._owed_for_write and budget is not None:
            budget.note_unanswered_write()
        self._owed_for_write = 0


class WithinDeadline(AbstractBackoff):
    """A retry's pause that never sleeps past the current deadline."""

    def __init__(self, backoff: AbstractBackoff) -> None:
        self._backoff = backoff

    def reset(self) -> None:
        self._backoff.reset()

    def compute(self, failures: int) -> float:
        pause = self._backoff.compute(failures)
        left = remaining()
        return pause if left is None else max(0.0, min(pause, left))


_classes: dict[type, type] = {}


def bounded(client: redis.Redis) -> redis.Redis:
    """Make `client`'s connections honour `within`; returns the same client."""
    pool = client.connection_pool
    base = pool.connection_class
    if not issubclass(base, _Deadlined):
        if base not in _classes:
            _classes[base] = type(f"Deadlined{base.__name__}", (_Deadlined, base), {})
        pool.connection_class = _classes[base]
    return client


__all__ = ["WithinDeadline", "bounded", "paused", "remaining", "within", "write_unanswered"]
