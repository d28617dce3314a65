"""Groups: a few people who hear each other's wins in a weekly note, joined by a spoken code.

A group's facts live outside any owner's prefix (several people share them); each person's
seat lives with them, so erasure finds it. Leaving ends the seat, the share and any group
digest to that person at once.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

import redis

from journal import keys as journal_keys
from journal.crypto import Cipher
from journal.store import storage_call
from sharing import keys
from sharing.codes import (
    CODE_DIGITS,
    GROUP_TRIES,
    GROUP_UNDER_ATTACK_TRIES,
    Limiter,
    digits_of,
    free_code,
)
from sharing.errors import NameNeeded, NotFound, SharingError
from sharing.records import Group, Membership, Recipient, _text, drop_recipient


class Groups:
    def __init__(self, client: redis.Redis, cipher: Cipher, clock: Callable[[], datetime]) -> None:
        self.redis = client
        self.cipher = cipher
        self.clock = clock
        # A group's code lasts as long as the group, and a seat reads its wins.
        self.limiter = Limiter(
            client,
            clock,
            what="group code tries",
            mine="group",
            everyone="group",
            per_client=GROUP_TRIES,
            under_attack=GROUP_UNDER_ATTACK_TRIES,
            every_try=False,
        )

    @storage_call
    def membership(self, owner: str) -> Membership | None:
        raw = self.redis.hget(keys.share(owner), "group")
        return Membership.from_json(raw, self.cipher) if raw else None

    @storage_call
    def get(self, group_id: str) -> Group | None:
        raw = self.redis.hget(keys.group(group_id), "meta")
        return Group.from_json(raw, self.cipher) if raw else None

    @storage_call
    def create(self, owner: str, name: str, tz: str) -> Group:
        if self.membership(owner) is not None:
            raise SharingError("already in a group")
        group_id = uuid.uuid4().hex[:16]
        code = free_code(self.redis, keys.group_code, group_id)
        group = Group(id=group_id, name=name, code=code, tz=tz)
        self.redis.hset(keys.group(group_id), "meta", group.to_json(self.cipher))
        self._seat(owner, group_id)
        return group

    @storage_call
    def join(self, owner: str, code: str, name: str | None = None) -> Group:
        """Take a seat by code (and, while codes are being swept, by the group's name too:
        without one then, `NameNeeded` whatever the code). Wrong tries are limited per person,
        and fewer while many are wrong."""
        # The owner key is hashed: no key outside the person's prefix may name them.
        person = hashlib.sha256(owner.encode()).hexdigest()[:16]
        self.limiter.check(person)
        if name is None and self.limiter.under_attack():
            raise NameNeeded("group name")
        digits = digits_of(code)
        if 0 < len(digits) < CODE_DIGITS:  # a number slot drops leading zeros
            digits = digits.zfill(CODE_DIGITS)
        group_id = _text(self.redis.get(keys.group_code(digits))) if digits else None
        group = self.get(group_id) if group_id else None
        if group is not None and name is not None and not _same_name(group.name, name):
            group = None
        if group is None:
            self.limiter.wrong(person)
            raise NotFound("group code")
        current = self.membership(owner)
        if current is not None and current.group != group.id:
            raise SharingError("already in a group")
        if current is None:
            self._seat(owner, group.id)
        return group

    def _seat(self, owner: str, group_id: str) -> None:
        members = keys.group_members(group_id)
        # The person's seat and its link first (their hash slot), then the group's member set
        # (the group's slot on a cluster): erasure can always find the membership.
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(keys.share(owner), "group", Membership(group=group_id).to_json(self.cipher))
        pipe.sadd(journal_keys.links(owner), journal_keys.link("srem", members, owner))
        pipe.execute()
        self.redis.sadd(members, owner)

    @storage_call
    def update_membership(self, owner: str, **changes: Any) -> Membership:
        current = self.membership(owner)
        if current is None:
            raise NotFound("membership")
        if changes.get("share") and not current.share:
            changes["since"] = self.clock()
        updated = replace(current, **changes)
        self.redis.hset(keys.share(owner), "group", updated.to_json(self.cipher))
        return updated

    @storage_call
    def leave(self, owner: str) -> Group | None:
        """Leave: the seat, the share and any group digest to this person all end now."""
        current = self.membership(owner)
        if current is None:
            return None
        group = self.get(current.group)
        for raw in self.redis.hvals(keys.recipients(owner)):
            recipient = Recipient.from_json(raw, self.cipher)
            if recipient.kind == "group":
                pipe = self.redis.pipeline(transaction=False)  # see `drop_recipient`
                drop_recipient(pipe, owner, recipient.id)
                pipe.execute()
        members = keys.group_members(current.group)
        # The group's member set first (its own slot on a cluster), then the seat and its link.
        self.redis.srem(members, owner)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hdel(keys.share(owner), "group")
        pipe.srem(journal_keys.links(owner), journal_keys.link("srem", members, owner))
        pipe.execute()
        if group is not None and not self.redis.scard(keys.group_members(group.id)):
            self.redis.unlink(keys.group(group.id), keys.group_code(group.code))
        return group

    @storage_call
    def members(self, group_id: str) -> list[tuple[str, Membership]]:
        """Every current member with their seat; a member whose seat is gone is skipped."""
        owners = sorted(_text(o) for o in self.redis.smembers(keys.group_members(group_id)))
        # Every seat in one round trip, not one a member: a group's note reads them all.
        pipe = self.redis.pipeline(transaction=False)
        for owner in owners:
            pipe.hget(keys.share(owner), "group")  # type: ignore[arg-type]
        seated = []
        for owner, raw in zip(owners, pipe.execute() if owners else [], strict=True):
            membership = Membership.from_json(raw, self.cipher) if raw else None
            if membership is not None and membership.group == group_id:
                seated.append((owner, membership))
        return seated  # type: ignore[return-value]


def _name_words(name: str) -> str:
    return " ".join("".join(ch for ch in word if ch.isalnum()) for word in name.casefold().split())


def _same_name(known: str, said: str) -> bool:
    return secrets.compare_digest(_name_words(known).encode(), _name_words(said).encode())
