"""One deadline for all the Redis round trips of a piece of work, such as one Alexa turn.

A socket timeout bounds each round trip, but a turn makes several, and a server that accepts
connections and then stops answering (a stalled disk, a paused VM, a failover) costs each of
them the whole timeout: Alexa gives up at 8 seconds and the person hears nothing. Inside
`within(seconds)` every command of every client made by `journal.connection.connect` waits
only for what is left of that one budget, and once it is spent a command fails at once with
`redis.exceptions.TimeoutError`, which the rooms already turn into `StorageUnavailable`.

The deadline lives in a context variable, so each request thread has its own; outside
`within` nothing changes and the socket timeouts alone apply (workers, commands).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import redis
from redis.backoff import AbstractBackoff
from redis.utils import SENTINEL

_deadline: ContextVar[float | None] = ContextVar("smallwins_redis_deadline", default=None)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Give every Redis command run inside this block, together, at most `seconds`."""
    end = time.monotonic() + seconds
    outer = _deadline.get()
    token = _deadline.set(end if outer is None else min(end, outer))
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left of the current deadline, or None outside any."""
    end = _deadline.get()
    return None if end is None else end - time.monotonic()


class _Deadlined:
    """Mixed into a redis-py connection class: sends and reads honour `within`."""

    socket_timeout: float | None
    socket_connect_timeout: float | None

    def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        left = remaining()
        if left is not None and left <= 0:
            # Nothing sent yet, so the connection stays usable for the next turn.
            raise redis.exceptions.TimeoutError("deadline passed before sending")
        super().send_packed_command(command, check_health)  # type: ignore[misc]

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
        return super().read_response(*args, timeout=timeout, **kwargs)  # type: ignore[misc]


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


__all__ = ["WithinDeadline", "bounded", "remaining", "within"]
