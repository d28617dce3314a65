"""Typed codes: finding a free one, and how often anyone may guess.

A six-digit code is a two-digit bucket and a four-digit secret. Three limits bound guessing,
and none of them can be turned into a lockout of a right code typed from somewhere else:
- each client (an address, or a person by voice) gets a few tries per window;
- when everyone together has tried many wrong codes in a window, the site is under attack and
  each client gets fewer tries, but a client within its own tries is always answered;
- every wrong code counts against the open invites in its bucket; after `INVITE_WRONG_TRIES`
  an invite's code ends (its link, which can't be guessed, still works).
So a guesser with any number of addresses gets at most `INVITE_WRONG_TRIES` wrong guesses at
one invite's secret: at most 20 in 10,000, a 0.2% chance over the invite's life. A lucky
guess still needs the person's spoken "yes" before anything flows.

A group's code lasts as long as the group, so no cap per group could bound a patient guesser
(a new code would just be guessed at again). Instead, while under attack, joining a group by
voice takes the group's name as well as its code, checked together so that neither answer
says which part was wrong.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

import redis

from sharing import keys
from sharing.errors import RateLimited, SharingError

CODE_DIGITS = 6
BUCKET_DIGITS = 2
TRY_WINDOW_SECONDS = 15 * 60
CLIENT_TRIES = 10
# Wrong codes from everyone in one window that mean someone is sweeping the codes.
ALL_WRONG_TRIES = 100
UNDER_ATTACK_TRIES = 3
GROUP_TRIES = 5
GROUP_UNDER_ATTACK_TRIES = 2
INVITE_WRONG_TRIES = 20


def digits_of(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


def bucket_of(code: str) -> str:
    return code[:BUCKET_DIGITS]


# Tries at a free code before giving up: a million codes all taken would be a very busy server.
CODE_TRIES = 20


def random_code() -> str:
    """Six random digits. Someone reading "nine one one" aloud as part of a code is heard as
    an emergency, so such codes are never handed out."""
    while "911" in (code := f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"):
        pass
    return code


def free_code(
    client: redis.Redis, key: Callable[[str], str], value: str, ex: int | None = None
) -> str:
    """A random code not in use, claimed for `value` under `key(code)`."""
    for _ in range(CODE_TRIES):
        code = random_code()
        if client.set(key(code), value, nx=True, ex=ex):
            return code
    raise SharingError("no free code")


class Limiter:
    """Tries per client, counted per time window, fewer while everyone's wrong tries run high.

    `every_try` counts each of a client's tries (the web page, where one client may try many
    codes); otherwise only its wrong ones count (a person by voice). Everyone's wrong tries
    never refuse anyone by themselves: they only shrink each client's share.
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
        under_attack: int,
        every_try: bool,
    ) -> None:
        self.redis = client
        self.clock = clock
        self.what, self.mine, self.everyone = what, mine, everyone
        self.per_client, self.attacked, self.every_try = per_client, under_attack, every_try

    def _keys(self, who: str) -> tuple[str, str]:
        window = int(self.clock().timestamp()) // TRY_WINDOW_SECONDS
        return keys.attempts(f"{self.mine}:{who}", window), keys.attempts(self.everyone, window)

    def under_attack(self) -> bool:
        """Whether everyone's wrong codes in this window mean someone is sweeping the codes."""
        _, everyone = self._keys("")
        return int(self.redis.get(everyone) or 0) >= ALL_WRONG_TRIES

    def check(self, who: str) -> None:
        """Raise `RateLimited` when `who` has had its share of tries this window."""
        mine, everyone = self._keys(who)
        pipe = self.redis.pipeline(transaction=False)
        if self.every_try:
            pipe.incr(mine)
            pipe.expire(mine, TRY_WINDOW_SECONDS)
        else:
            pipe.get(mine)
        pipe.get(everyone)
        tries, *_, wrong = pipe.execute()
        share = self.per_client if int(wrong or 0) < ALL_WRONG_TRIES else self.attacked
        # Counting every try, this one is among them; counting wrong ones, it is still to come.
        if int(tries or 0) > share - (0 if self.every_try else 1):
            raise RateLimited(self.what)

    def wrong(self, who: str) -> None:
        """Count a wrong code against everyone (and against `who`, unless every try is)."""
        mine, everyone = self._keys(who)
        pipe = self.redis.pipeline(transaction=False)
        for key in (everyone,) if self.every_try else (mine, everyone):
            pipe.incr(key)
            pipe.expire(key, TRY_WINDOW_SECONDS)
        pipe.execute()
