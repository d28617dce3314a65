"""Downloads that a flood of made-up addresses cannot turn against the server.

Any request may name a new certificate URL, so the verifier's downloads go through
`GuardedDownloads`: one download per URL at a time (others asking for the same URL wait for its
answer), at most `max_concurrent` downloads at once (beyond that a request is refused at once
rather than queued behind someone else's), and a failure is remembered for `failure_ttl` seconds
so the same URL is not fetched again on every request that names it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


class DownloadsBusy(Exception):
    """Every download slot is taken; the caller is refused rather than made to wait."""


@dataclass
class _Flight(Generic[T]):
    done: threading.Event = field(default_factory=threading.Event)
    result: T | None = None
    error: Exception | None = None


class GuardedDownloads(Generic[T]):
    """Runs `load` for a key under the guards above; thread-safe, one instance per verifier.

    `clock` gives seconds (any origin). A failure is an exception raised by `load` for which
    `remember(exception)` is true; it is raised again, as a fresh exception of the same type and
    arguments, until it has been remembered for `failure_ttl` seconds. Other exceptions say
    something about the asking request, not the URL: they go to that caller alone, and a caller
    that was waiting on it tries for itself.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float],
        remember: Callable[[Exception], bool],
        max_concurrent: int = 2,
        failure_ttl: float = 30.0,
        wait: float = 5.0,
        max_failures: int = 1024,
    ) -> None:
        self._clock = clock
        self._remember = remember
        self._max_concurrent = max_concurrent
        self._failure_ttl = failure_ttl
        self._wait = wait
        self._max_failures = max_failures
        self._lock = threading.Lock()
        self._flights: dict[str, _Flight[T]] = {}
        self._failures: dict[str, tuple[float, Exception]] = {}

    def run(self, key: str, load: Callable[[], T]) -> T:
        while True:
            with self._lock:
                self._raise_remembered(key)
                flight = self._flights.get(key)
                leader = flight is None
                if flight is None:
                    if len(self._flights) >= self._max_concurrent:
                        raise DownloadsBusy
                    flight = self._flights[key] = _Flight()
            if leader:
                return self._lead(key, flight, load)
            if not flight.done.wait(self._wait):
                raise DownloadsBusy
            if flight.error is not None:
                raise _fresh(flight.error)
            if flight.result is not None:
                return flight.result
            # The leader's own request was refused; this one may well be fine.

    def _lead(self, key: str, flight: _Flight[T], load: Callable[[], T]) -> T:
        try:
            flight.result = load()
            return flight.result
        except Exception as exc:
            if self._remember(exc):
                flight.error = exc
                with self._lock:
                    self._note_failure(key, exc)
            raise
        finally:
            with self._lock:
                del self._flights[key]
            flight.done.set()

    def _raise_remembered(self, key: str) -> None:
        remembered = self._failures.get(key)
        if remembered is None:
            return
        until, error = remembered
        if self._clock() < until:
            raise _fresh(error)
        del self._failures[key]

    def _note_failure(self, key: str, error: Exception) -> None:
        # Bounded because every failing URL is the attacker's choice: the oldest go first.
        self._failures.pop(key, None)
        while len(self._failures) >= self._max_failures:
            del self._failures[next(iter(self._failures))]
        self._failures[key] = (self._clock() + self._failure_ttl, error)


def _fresh(error: Exception) -> Exception:
    # A new instance each time: re-raising one object would keep growing its traceback.
    return type(error)(*error.args)


__all__ = ["DownloadsBusy", "GuardedDownloads"]
