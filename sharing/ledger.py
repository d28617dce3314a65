"""The worker's ledger: which weekly sends are due, which deliveries are taken or done, and
which failed for good.

A delivery is sent at most once per idempotency key (`claim` then `mark_sent`); a claim is a
lease, so a worker that dies mid-send lets it lapse and the next try sends it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import redis

from journal import keys as journal_keys
from journal.store import storage_call
from sharing import keys
from sharing.records import Due, _text, due_member


def new_lease() -> str:
    return f"sending:{uuid.uuid4().hex}"


def _move_on(client: redis.Redis | redis.client.Pipeline, due: Due, following: datetime) -> None:
    """Only an existing entry, and only forward: a send stopped or moved meanwhile stays so."""
    client.zadd(keys.DUE, {due.member: following.timestamp()}, xx=True, gt=True)


# Extends a delivery claim only while it is still the caller's lease (not "sent", not another's).
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 0
"""


class Ledger:
    def __init__(self, client: redis.Redis, clock: Callable[[], datetime]) -> None:
        self.redis = client
        self.clock = clock

    # -- the weekly schedule --------------------------------------------------------------------

    @storage_call
    def schedule(self, owner: str, kind: str, recipient_id: str, at: datetime) -> None:
        member = due_member(kind, owner, recipient_id)
        # Not one transaction (the schedule is in another hash slot on a cluster), and a
        # cluster pipeline sends to both nodes at once: the link erasure follows is written,
        # and acknowledged, first, so no entry can exist that erasure can't find.
        self.redis.sadd(journal_keys.links(owner), journal_keys.link("zrem", keys.DUE, member))
        self.redis.zadd(keys.DUE, {member: at.timestamp()})

    @storage_call
    def unschedule(self, owner: str, kind: str, recipient_id: str) -> None:
        self.redis.zrem(keys.DUE, due_member(kind, owner, recipient_id))

    @storage_call
    def due(self, at: datetime, limit: int = 10_000) -> list[Due]:
        """Weekly sends due at `at` or before, oldest first."""
        rows = self.redis.zrangebyscore(
            keys.DUE, "-inf", at.timestamp(), start=0, num=limit, withscores=True
        )
        found = []
        for member, score in rows:
            kind, owner, recipient_id = _text(member).split("|")  # type: ignore[union-attr]
            found.append(Due(kind, owner, recipient_id, score))
        return found

    @storage_call
    def due_at(self, kind: str, owner: str, recipient_id: str) -> float | None:
        score = self.redis.zscore(keys.DUE, due_member(kind, owner, recipient_id))
        return None if score is None else float(score)

    @storage_call
    def advance(self, due: Due, following: datetime) -> None:
        """Move a send to its next week, unless someone already moved (or removed) it."""
        _move_on(self.redis, due, following)

    # -- deliveries: at most once per idempotency key ------------------------------------------

    @storage_call
    def claim(self, owner: str, what: str, *, lease_seconds: int) -> str | None:
        """Take the right to send `what`; None when it was sent or someone is sending it."""
        lease = new_lease()
        taken = self.redis.set(keys.sent(owner, what), lease, nx=True, ex=lease_seconds)
        return lease if taken else None

    def claim_in(
        self, pipe: redis.client.Pipeline, owner: str, what: str, lease: str, *, lease_seconds: int
    ) -> None:
        """`claim` as two commands in the caller's pipeline (its replies: taken, then what the
        key holds), so the claim shares a round trip with the reads that follow it."""
        pipe.set(keys.sent(owner, what), lease, nx=True, ex=lease_seconds)
        pipe.get(keys.sent(owner, what))

    @storage_call
    def renew(self, owner: str, what: str, lease: str, *, lease_seconds: int) -> bool:
        """Keep a claim for another `lease_seconds` while its sender lives; only our own."""
        return bool(self.redis.eval(_RENEW, 1, keys.sent(owner, what), lease, str(lease_seconds)))

    @storage_call
    def delivered(self, owner: str, what: str) -> bool:
        return _text(self.redis.get(keys.sent(owner, what))) == "sent"

    @storage_call
    def mark_sent(
        self,
        owner: str,
        what: str,
        *,
        keep_seconds: int = 120 * 24 * 3600,
        then: tuple[Due, datetime] | None = None,
        counted: str | None = None,
    ) -> None:
        """Note `what` as sent; with `then`, also move that weekly send on, in one round trip
        (each write waits for the append-only log). `counted` names the purpose of a message
        that really went out, for the operator's figures."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.set(keys.sent(owner, what), "sent", ex=keep_seconds)
        if then is not None:
            _move_on(pipe, *then)
        if counted is not None:
            pipe.hincrby(keys.DELIVERIES, f"{counted}:sent", 1)
        pipe.execute()

    @storage_call
    def release(self, owner: str, what: str, lease: str) -> None:
        """Give a claim back after a failed send, so a retry can take it; only our own."""
        key = keys.sent(owner, what)
        with self.redis.pipeline(transaction=True) as pipe:
            try:
                pipe.watch(key)
                if _text(pipe.get(key)) != lease:
                    return
                pipe.multi()
                pipe.delete(key)
                pipe.execute()
            except redis.WatchError:
                return

    # -- failures kept for the operator ---------------------------------------------------------

    @storage_call
    def record_failure(
        self, owner: str, job: str, args: list[Any], error: str, *, purpose: str | None = None
    ) -> None:
        """A send that failed after every retry, kept (ids only) so the operator can list it
        with `smallwins digest failures` and send it again; the words stay in the journal."""
        entry = json.dumps({"owner": owner, "job": job, "args": args, "error": error})
        # As in `schedule`: the link first, then the global entries (the failure list and the
        # delivery counters, each in a hash slot of its own on a cluster).
        self.redis.sadd(journal_keys.links(owner), journal_keys.link("zrem", keys.FAILURES, entry))
        pipe = self.redis.pipeline(transaction=False)
        pipe.zadd(keys.FAILURES, {entry: self.clock().timestamp()})
        if purpose is not None:
            pipe.hincrby(keys.DELIVERIES, f"{purpose}:failed", 1)
        pipe.execute()

    @storage_call
    def failures(self) -> list[tuple[datetime, dict[str, Any]]]:
        rows = self.redis.zrange(keys.FAILURES, 0, -1, withscores=True)
        return [(datetime.fromtimestamp(score, UTC), json.loads(raw)) for raw, score in rows]

    @storage_call
    def forget_failure(self, entry: dict[str, Any]) -> None:
        raw = json.dumps(entry)
        self.redis.zrem(keys.FAILURES, raw)
        self.redis.srem(
            journal_keys.links(entry["owner"]), journal_keys.link("zrem", keys.FAILURES, raw)
        )

    # -- figures for the operator ---------------------------------------------------------------

    @storage_call
    def delivery_counts(self) -> dict[tuple[str, str], int]:
        """Messages sent and given up on since the data began, by (purpose, outcome)."""
        counts: dict[tuple[str, str], int] = {}
        for field, value in self.redis.hgetall(keys.DELIVERIES).items():
            purpose, _, outcome = _text(field).partition(":")
            counts[(purpose, outcome)] = int(value)
        return counts

    @storage_call
    def failures_kept(self) -> int:
        return int(self.redis.zcard(keys.FAILURES))
