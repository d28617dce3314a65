"""Invites: a single-use link or spoken code that turns someone into an unconfirmed recipient.

An invite lives 48 hours under its owner's prefix; its code (typed on the web page before
anyone is known) lives outside it and is recorded in the owner's links for erasure.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import redis

from journal import keys as journal_keys
from journal.crypto import Cipher
from journal.store import REQUEST_MARKER_TTL_SECONDS, storage_call
from sharing import keys
from sharing.codes import (
    CLIENT_TRIES,
    CODE_DIGITS,
    INVITE_WRONG_TRIES,
    UNDER_ATTACK_TRIES,
    Limiter,
    bucket_of,
    digits_of,
    free_code,
)
from sharing.errors import NotFound
from sharing.groups import Groups
from sharing.recipients import Recipients
from sharing.records import KINDS, Invite, News, Recipient, _text, tell
from sharing.tokens import LIFETIMES, Tokens

INVITE_SECONDS = LIFETIMES["invite"]


class Invites:
    def __init__(
        self,
        client: redis.Redis,
        cipher: Cipher,
        clock: Callable[[], datetime],
        *,
        tokens: Tokens,
        recipients: Recipients,
        groups: Groups,
    ) -> None:
        self.redis = client
        self.cipher = cipher
        self.clock = clock
        self.tokens = tokens
        self.recipients = recipients
        self.groups = groups
        # Every try counts against the client; wrong ones also count against everyone.
        self.limiter = Limiter(
            client,
            clock,
            what="code tries",
            mine="client",
            everyone="all",
            per_client=CLIENT_TRIES,
            under_attack=UNDER_ATTACK_TRIES,
            every_try=True,
        )

    @storage_call
    def open(self, owner: str, kind: str, request_id: str | None = None) -> Invite:
        """A single-use invite valid for 48 hours, findable by its code or its link.

        An Alexa retry of the request that opened one (the same `request_id`) gets that same
        invite back, not a second live code."""
        if kind not in KINDS:
            raise ValueError(f"unknown invite kind {kind!r}")
        if request_id is not None and (again := self._opened_by(owner, request_id)):
            return again
        invite_id = uuid.uuid4().hex
        code = free_code(self.redis, keys.code, f"{owner}:{invite_id}", ex=INVITE_SECONDS)
        # The person's keys in one transaction (their hash slot), the links erasure follows
        # among them; then the code's bucket, a global key in a slot of its own on a cluster.
        pipe = self.redis.pipeline(transaction=True)
        created = self.clock().astimezone(UTC).isoformat()
        pipe.hset(
            keys.invite(owner, invite_id), mapping={"code": code, "kind": kind, "created": created}
        )
        pipe.expire(keys.invite(owner, invite_id), INVITE_SECONDS)
        pipe.sadd(journal_keys.links(owner), journal_keys.link("del", keys.code(code)))
        bucket = keys.code_bucket(bucket_of(code))
        pipe.sadd(journal_keys.links(owner), journal_keys.link("srem", bucket, code))
        if request_id is not None:
            pipe.set(keys.invite_asked(owner, request_id), invite_id, ex=REQUEST_MARKER_TTL_SECONDS)
        pipe.execute()
        pipe = self.redis.pipeline(transaction=False)
        pipe.sadd(bucket, code)
        pipe.expire(bucket, INVITE_SECONDS)
        pipe.execute()
        token = self.tokens.make("invite", o=owner, i=invite_id)
        return Invite(id=invite_id, code=code, token=token, kind=kind)

    def _opened_by(self, owner: str, request_id: str) -> Invite | None:
        invite_id = _text(self.redis.get(keys.invite_asked(owner, request_id)))
        if invite_id is None:
            return None
        found = self.redis.hgetall(keys.invite(owner, invite_id))
        if not found:  # taken or gone meanwhile: a new one is what the person asked for
            return None
        token = self.tokens.make("invite", o=owner, i=invite_id)
        return Invite(
            id=invite_id, code=_text(found[b"code"]), token=token, kind=_text(found[b"kind"])
        )

    @storage_call
    def by_code(self, code: str, client_id: str) -> str:
        """The link token for a typed code; raises `RateLimited` or `NotFound`."""
        self.limiter.check(client_id)
        digits = digits_of(code)
        found = _text(self.redis.get(keys.code(digits))) if len(digits) == CODE_DIGITS else None
        if found is None:
            self.limiter.wrong(client_id)
            if len(digits) == CODE_DIGITS:
                self._count_against_bucket(bucket_of(digits))
            raise NotFound("code")
        owner, invite_id = found.split(":", 1)
        return self.tokens.make("invite", o=owner, i=invite_id)

    def _count_against_bucket(self, bucket: str) -> None:
        """A wrong code is a guess at every open invite in its bucket; an invite guessed at
        `INVITE_WRONG_TRIES` times loses its code, and the person hears so at their next launch."""
        members = keys.code_bucket(bucket)
        for code in [_text(c) for c in self.redis.smembers(members)]:
            found = _text(self.redis.get(keys.code(code)))  # type: ignore[arg-type]
            if found is None:  # used or expired: nothing left to guess
                self.redis.srem(members, code)  # type: ignore[arg-type]
                continue
            owner, invite_id = found.split(":", 1)
            invite = keys.invite(owner, invite_id)
            if not self.redis.hexists(invite, "code"):  # never make an invite without expiry
                continue
            wrong = self.redis.hincrby(invite, "wrong", 1)
            if wrong >= INVITE_WRONG_TRIES:
                # Two global keys, two hash slots on a cluster: a code left in its bucket
                # is dropped by the next wrong guess (it finds no code).
                pipe = self.redis.pipeline(transaction=False)
                pipe.unlink(keys.code(code))  # type: ignore[arg-type]
                pipe.srem(members, code)  # type: ignore[arg-type]
                pipe.execute()
                if wrong == INVITE_WRONG_TRIES:
                    tell(self.redis, self.cipher, owner, News("code_closed", "", at=self.clock()))

    @storage_call
    def read(self, token: str) -> tuple[str, str, dict[str, str]]:
        """The owner, invite id and invite fields behind a live invite link.

        Raises `NotFound` when the link is forged, expired, or its invite is gone.
        """
        data = self.tokens.read("invite", token, "o", "i")
        if data is None:
            raise NotFound("invite link")
        raw = self.redis.hgetall(keys.invite(data["o"], data["i"]))
        if not raw:
            raise NotFound("invite")
        return data["o"], data["i"], {k.decode(): v.decode() for k, v in raw.items()}

    @storage_call
    def accept(self, token: str, name: str, email: str) -> tuple[str, Recipient, bool]:
        """Turn an invite into an unconfirmed recipient: (owner, recipient, is_new).

        Single use: the first submission takes the invite. The same address submitted again
        (a double click, a reload) gets the same recipient back; any other is refused.
        """
        owner, invite_id, invite = self.read(token)
        group_id = ""
        if invite["kind"] == "group":
            membership = self.groups.membership(owner)
            if membership is None:
                raise NotFound("group seat")
            group_id = membership.group
        used = invite.get("recipient")
        if used:
            existing = self.recipients.get(owner, used)
            if existing is not None and existing.email.lower() == email.lower():
                return owner, existing, False
            raise NotFound("invite used")
        recipient = Recipient(
            id=uuid.uuid4().hex[:16],
            kind=invite["kind"],
            name=name,
            email=email,
            created=self.clock(),
            nonce=secrets.token_urlsafe(12),
            group=group_id,
        )
        # Claim the invite first: of two simultaneous submissions only one gets a recipient.
        if not self.redis.hsetnx(keys.invite(owner, invite_id), "recipient", recipient.id):
            return self.accept(token, name, email)
        # The code is a global key, in another hash slot on a cluster: not one transaction.
        # The invite is already claimed, so a code that outlives a failure here leads nowhere.
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(keys.recipients(owner), recipient.id, recipient.to_json(self.cipher))
        pipe.unlink(keys.code(invite["code"]))
        pipe.execute()
        return owner, recipient, True
