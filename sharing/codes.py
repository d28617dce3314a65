"""Typed codes: finding a free one, and limiting how often anyone may guess.

Invite codes (on the web page) and group codes (by voice) share one limiter, so the rules for
guessing live in one place.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

import redis

from sharing import keys
from sharing.errors import RateLimited, SharingError

CODE_DIGITS = 6
TRY_WINDOW_SECONDS = 15 * 60
# Guessing a six-digit code: each client gets this many tries per window, and everyone
# together this many wrong ones, so even a botnet gets a few hundred guesses a day against a
# million codes, and a lucky guess still needs the person's spoken "yes" before anything flows.
CLIENT_TRIES = 10
ALL_WRONG_TRIES = 100
GROUP_TRIES = 5


def digits_of(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


def free_code(
    client: redis.Redis, key: Callable[[str], str], value: str, ex: int | None = None
) -> str:
    """A random code not in use, claimed for `value` under `key(code)`."""
    for _ in range(20):
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        if client.set(key(code), value, nx=True, ex=ex):
            return code
    # A million codes all taken would be a very busy server.
    raise SharingError("no free code")


class Limiter:
    """Tries per client and wrong tries for everyone, counted per time window.

    `every_try` counts each of a client's tries (the web page, where one client may try many
    codes); otherwise only its wrong ones count (a person by voice).
    """

    def __init__(
        self,
        client: redis.Redis,
        clock: Callable[[], datetime],
        *,
        what: str,
        mine: str,
        everyone: str,
        per_client: int,
        every_try: bool,
    ) -> None:
        self.redis = client
        self.clock = clock
        self.what, self.mine, self.everyone = what, mine, everyone
        self.per_client, self.every_try = per_client, every_try

    def _keys(self, who: str) -> tuple[str, str]:
        window = int(self.clock().timestamp()) // TRY_WINDOW_SECONDS
        return keys.attempts(f"{self.mine}:{who}", window), keys.attempts(self.everyone, window)

    def check(self, who: str) -> None:
        """Raise `RateLimited` when `who` (or everyone) has had enough tries this window."""
        mine, everyone = self._keys(who)
        pipe = self.redis.pipeline(transaction=False)
        if self.every_try:
            pipe.incr(mine)
            pipe.expire(mine, TRY_WINDOW_SECONDS)
        else:
            pipe.get(mine)
        pipe.get(everyone)
        tries, *_, wrong = pipe.execute()
        over = int(tries or 0) > self.per_client if self.every_try else (
            int(tries or 0) >= self.per_client
        )
        if over or int(wrong or 0) >= ALL_WRONG_TRIES:
            raise RateLimited(self.what)

    def wrong(self, who: str) -> None:
        """Count a wrong code against everyone (and against `who`, unless every try is)."""
        mine, everyone = self._keys(who)
        pipe = self.redis.pipeline(transaction=False)
        for key in (everyone,) if self.every_try else (mine, everyone):
            pipe.incr(key)
            pipe.expire(key, TRY_WINDOW_SECONDS)
        pipe.execute()
