"""Cheers and notices waiting for the person's next launch, heard once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import redis

from journal import keys as journal_keys
from journal.crypto import Cipher
from journal.store import storage_call
from sharing import keys
from sharing.errors import RateLimited
from sharing.recipients import Recipients
from sharing.records import News, Recipient, awaiting, parse_recipients, tell

CHEERS_PER_DAY = 3


class Notices:
    def __init__(
        self,
        client: redis.Redis,
        cipher: Cipher,
        clock: Callable[[], datetime],
        *,
        recipients: Recipients,
    ) -> None:
        self.redis = client
        self.cipher = cipher
        self.clock = clock
        self.recipients = recipients

    @storage_call
    def cheer(self, owner: str, recipient_id: str, text: str) -> None:
        """Keep a cheer from a recipient for the person's next launch; a few a day at most."""
        recipient = self.recipients.consent(owner, recipient_id, "share")
        day = self.clock().date().isoformat()
        quota = keys.cheer_quota(owner, recipient_id, day)
        pipe = self.redis.pipeline(transaction=True)
        pipe.incr(quota)
        pipe.expire(quota, 2 * 24 * 3600)
        count, _ = pipe.execute()
        if int(count) > CHEERS_PER_DAY:
            raise RateLimited("cheers")
        tell(self.redis, self.cipher, owner, News("cheer", recipient.name, text, self.clock()))

    @storage_call
    def waiting(self, owner: str) -> int:
        """How many cheers and notices wait to be heard, without hearing them."""
        return int(self.redis.hlen(keys.cheers(owner)))

    @storage_call
    def take(self, owner: str) -> list[News]:
        """Everything waiting to be heard, oldest first, removed as it is read: heard once."""
        pipe = self.redis.pipeline(transaction=True)
        pipe.hgetall(keys.cheers(owner))
        pipe.delete(keys.cheers(owner))
        raw, _ = pipe.execute()
        return self._parse(raw)

    @storage_call
    def at_launch(self, owner: str) -> tuple[list[News], Recipient | None]:
        """What a launch tells, in one round trip: `take` and the recipient awaiting an answer."""
        _, news, recipient = self.launch(owner, None)
        return news, recipient

    @storage_call
    def launch(self, owner: str, at: datetime | None) -> tuple[bool, list[News], Recipient | None]:
        """A launch's one round trip: `Journal.first_visit` at `at` (skipped when None; True
        the very first time), then `at_launch`. The first visit is the journal's fact, noted
        here only so that a launch waits for one reply, not two."""
        pipe = self.redis.pipeline(transaction=True)
        if at is not None:
            pipe.hsetnx(journal_keys.profile(owner), "first_seen", at.isoformat())
        pipe.hgetall(keys.cheers(owner))
        pipe.delete(keys.cheers(owner))
        pipe.hgetall(keys.recipients(owner))
        *first, news, _, recipients = pipe.execute()
        recipient = awaiting(parse_recipients(recipients, self.cipher))
        return bool(first and first[0]), self._parse(news), recipient

    def _parse(self, raw: dict[bytes, bytes]) -> list[News]:
        return sorted((News.from_json(v, self.cipher) for v in raw.values()), key=lambda n: n.at)
