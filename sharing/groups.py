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
    CODE_TRIES,
    GROUP_TRIES,
    GROUP_UNDER_ATTACK_TRIES,
    Limiter,
    digits_of,
    random_code,
)
from sharing.errors import NameNeeded, NotFound, SharingError
from sharing.records import Group, Membership, Recipient, _text, drop_recipient

# Removes a group's code only while it still names that group: a start cut short between the
# group and its code may name a code that another group has since taken.
_DROP_CODE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('UNLINK', KEYS[1]) end
return 0
"""


class Groups:
    def __init__(self, client: redis.Redis, cipher: Cipher, clock: Callable[[], datetime]) -> None:
        self.redis = client
        self.cipher = cipher
        self.clock = clock
        self._drop_code = client.register_script(_DROP_CODE)
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
        """Start a group with `owner` in it, and give it a free join code.

        The person's seat, the group and its code are in three hash slots, which no one
        transaction may span on a cluster. So they are written in an order where whatever an
        outage leaves behind is the person's, and goes when they leave or are erased: their
        seat (with the link erasure follows), then the group with them in it, and last the
        code, the only way anyone else reaches the group. A seat whose group never came is
        taken for no seat; a group cut short before its code has only the person in it, and
        no one can join it until they leave it and start again."""
        if self._seated(owner) is not None:
            raise SharingError("already in a group")
        group = Group(id=uuid.uuid4().hex[:16], name=name, code=random_code(), tz=tz)
        self._take_seat(owner, group.id)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(keys.group(group.id), "meta", group.to_json(self.cipher))
        pipe.sadd(keys.group_members(group.id), owner)
        pipe.execute()
        for _ in range(CODE_TRIES):
            if self.redis.set(keys.group_code(group.code), group.id, nx=True):
                return group
            # Taken: the group names its next code before that code names the group.
            group = replace(group, code=random_code())
            self.redis.hset(keys.group(group.id), "meta", group.to_json(self.cipher))
        raise SharingError("no free code")

    def _seated(self, owner: str) -> Membership | None:
        """The person's seat, unless its group is gone (a start that an outage cut short)."""
        seat = self.membership(owner)
        return seat if seat is not None and self.get(seat.group) is not None else None

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
        current = self._seated(owner)
        if current is not None and current.group != group.id:
            raise SharingError("already in a group")
        if current is None:
            # The person's seat and its link first (their hash slot), then the group's member
            # set (the group's slot on a cluster): erasure can always find the membership.
            self._take_seat(owner, group.id)
            self.redis.sadd(keys.group_members(group.id), owner)
        return group

    def _take_seat(self, owner: str, group_id: str) -> None:
        """The person's seat in `group_id`, and the link erasure follows to the member set."""
        members = keys.group_members(group_id)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(keys.share(owner), "group", Membership(group=group_id).to_json(self.cipher))
        pipe.sadd(journal_keys.links(owner), journal_keys.link("srem", members, owner))
        pipe.execute()

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
            self.redis.unlink(keys.group(group.id))
            self._drop_code(keys=[keys.group_code(group.code)], args=[group.id])
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
