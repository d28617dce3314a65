"""A clock tests move by hand: the app, the worker, their tokens and stores all read it."""

from __future__ import annotations

from datetime import datetime, timedelta


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now
