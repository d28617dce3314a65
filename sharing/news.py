"""Cheers and notices waiting for the person's next launch, heard once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import redis

from journal import keys as journal_keys
from journal.crypto import Cipher
from journal.store import REQUEST_MARKER_TTL_SECONDS, storage_call
from sharing import keys
from sharing.errors import RateLimited
from sharing.recipients import Recipients
from sharing.records import News, Recipient, awaiting, parse_recipients, tell

CHEERS_PER_DAY = 3
# How long what a launch took stays to be given again to a retry of that same request: Alexa's
# retry window, as for the request marker of a win.
HEARD_SECONDS = REQUEST_MARKER_TTL_SECONDS

# Takes what waits to be heard, once per request. A launch's reply can be lost after Redis ran
# it (a dropped connection that redis-py retries, or Alexa retrying the request): a plain read
# and delete would hand the retry nothing, and a buddy's cheer would never be heard. So the
# waiting hash is moved aside under the request id, and the same request id gets it again.
# The empty field holds the id; a cheer's field is its (never empty) id.
_TAKE = """
if redis.call('HGET', KEYS[2], '') == ARGV[1] then
  return redis.call('HGETALL', KEYS[2])
end
redis.call('DEL', KEYS[2])
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {}
end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('HSET', KEYS[2], '', ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return redis.call('HGETALL', KEYS[2])
"""


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
    def take(self, owner: str, request_id: str) -> list[News]:
        """Everything waiting to be heard, oldest first, taken as it is read: heard once, and
        given again only to the same request."""
        pipe = self.redis.pipeline(transaction=True)
        self._take(pipe, owner, request_id)
        [raw] = pipe.execute()
        return self._parse(raw)

    @storage_call
    def launch(
        self, owner: str, at: datetime | None, request_id: str
    ) -> tuple[bool, list[News], Recipient | None]:
        """A launch's one round trip: `Journal.first_visit` at `at` (skipped when None; True
        the very first time), `take`, and the recipient awaiting an answer. The first visit is
        the journal's fact, noted here only so that a launch waits for one reply, not two."""
        pipe = self.redis.pipeline(transaction=True)
        if at is not None:
            pipe.hsetnx(journal_keys.profile(owner), "first_seen", at.isoformat())
        self._take(pipe, owner, request_id)
        pipe.hgetall(keys.recipients(owner))
        *first, news, recipients = pipe.execute()
        recipient = awaiting(parse_recipients(recipients, self.cipher))
        return bool(first and first[0]), self._parse(news), recipient

    def _take(self, pipe: redis.client.Pipeline, owner: str, request_id: str) -> None:
        # EVAL, not EVALSHA: a launch must not wait on a second round trip to load a script
        # after a restart, and the script is a few hundred bytes. Sent as a plain command,
        # since a cluster pipeline has no `eval` (both keys share the owner's slot).
        pipe.execute_command(
            "EVAL", _TAKE, 2, keys.cheers(owner), keys.heard(owner), request_id, HEARD_SECONDS
        )

    def _parse(self, raw: list[bytes]) -> list[News]:
        """The script's HGETALL (field, value, field, value ...), less the request id's field."""
        values = (raw[i + 1] for i in range(0, len(raw), 2) if raw[i])
        return sorted((News.from_json(v, self.cipher) for v in values), key=lambda n: n.at)
