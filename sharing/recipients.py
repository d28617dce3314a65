"""Recipients and consent: who may receive what, and the person's own sharing choices.

`Recipients.consent` is the one check every send passes through, at the moment of sending, so
a withdrawal stops what is already queued or scheduled.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import redis

from journal.crypto import Cipher
from journal.store import storage_call
from sharing import keys
from sharing.errors import ConsentMissing, NotFound
from sharing.groups import Groups
from sharing.ledger import Ledger, new_lease
from sharing.records import (
    Me,
    Membership,
    News,
    Recipient,
    _text,
    awaiting,
    drop_recipient,
    parse_recipients,
    tell,
)
from sharing.schedule import next_due


class Recipients:
    def __init__(
        self,
        client: redis.Redis,
        cipher: Cipher,
        clock: Callable[[], datetime],
        *,
        groups: Groups,
        ledger: Ledger,
    ) -> None:
        self.redis = client
        self.cipher = cipher
        self.clock = clock
        self.groups = groups
        self.ledger = ledger

    # -- the person's own choices --------------------------------------------------------------

    @storage_call
    def me(self, owner: str) -> Me:
        return Me.from_json(self.redis.hget(keys.share(owner), "me"), self.cipher)

    @storage_call
    def me_of(self, owners: Iterable[str]) -> dict[str, Me]:
        """`me` of several people, in one round trip (a batch of digests)."""
        wanted = list(dict.fromkeys(owners))
        pipe = self.redis.pipeline(transaction=False)
        for owner in wanted:
            pipe.hget(keys.share(owner), "me")
        found = pipe.execute() if wanted else []
        return {o: Me.from_json(raw, self.cipher) for o, raw in zip(wanted, found, strict=True)}

    @storage_call
    def update_me(self, owner: str, **changes: Any) -> Me:
        me = replace(self.me(owner), **changes)
        self.redis.hset(keys.share(owner), "me", me.to_json(self.cipher))
        return me

    # -- recipients ------------------------------------------------------------------------------

    @storage_call
    def all(self, owner: str) -> list[Recipient]:
        return parse_recipients(self.redis.hgetall(keys.recipients(owner)), self.cipher)

    @storage_call
    def get(self, owner: str, recipient_id: str) -> Recipient | None:
        raw = self.redis.hget(keys.recipients(owner), recipient_id)
        return Recipient.from_json(raw, self.cipher) if raw else None

    @storage_call
    def groups_of(self, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """The group of each (owner, recipient id) that is a group's note, in one round trip:
        the scheduler puts a group's members in the same batch."""
        wanted = list(wanted)
        pipe = self.redis.pipeline(transaction=False)
        for owner, recipient_id in wanted:
            pipe.hget(keys.recipients(owner), recipient_id)
        found = pipe.execute() if wanted else []
        return {
            pair: Recipient.from_json(raw, self.cipher).group
            for pair, raw in zip(wanted, found, strict=True)
            if raw
        }

    def save(self, owner: str, recipient: Recipient) -> None:
        self.redis.hset(keys.recipients(owner), recipient.id, recipient.to_json(self.cipher))

    @storage_call
    def confirm(self, owner: str, recipient_id: str, nonce: str) -> Recipient | None:
        """Complete the double opt-in. Returns the recipient (already confirmed is fine: a
        replayed link says so); None when the link's recipient is gone or the nonce is wrong."""
        recipient = self.get(owner, recipient_id)
        if recipient is None or not secrets.compare_digest(recipient.nonce, nonce):
            return None
        if recipient.confirmed:
            return recipient
        confirmed = replace(recipient, confirmed=True)
        if recipient.kind == "group":
            # The person asked for their own group's digest: that request was the consent.
            confirmed = replace(confirmed, asked=True, weekly=True, since=self.clock())
        self.save(owner, confirmed)
        if confirmed.weekly:
            group = self.groups.get(confirmed.group)
            if group is not None:
                at = next_due(group.day, group.time, group.tz, self.clock())
                self.ledger.schedule(owner, "g", confirmed.id, at)
        return confirmed

    @storage_call
    def awaiting_answer(self, owner: str) -> Recipient | None:
        """The oldest buddy who confirmed and whose weekly sharing the person hasn't answered."""
        return awaiting(self.all(owner))

    @storage_call
    def answer_weekly(self, owner: str, recipient_id: str, *, yes: bool, tz: str) -> Recipient:
        """The person's answer to "share your wins with her each week?"; only yes starts.

        `tz` is the person's time zone now; the digest goes out on their day and time there.
        """
        recipient = self.get(owner, recipient_id)
        if recipient is None or not recipient.confirmed:
            raise NotFound("recipient")
        updated = replace(recipient, asked=True, weekly=yes, since=self.clock() if yes else None)
        self.save(owner, updated)
        me = self.me(owner)
        if yes:
            at = next_due(me.day, me.time, tz, self.clock())
            self.ledger.schedule(owner, "d", updated.id, at)
        else:
            self.ledger.unschedule(owner, "d", updated.id)
        return updated

    @storage_call
    def stop(self, owner: str, recipient_id: str) -> Recipient | None:
        """End sharing with a recipient at once: their record (and address) goes, and with it
        every queued or scheduled send, which checks consent before going out."""
        recipient = self.get(owner, recipient_id)
        pipe = self.redis.pipeline(transaction=False)  # see `drop_recipient`
        drop_recipient(pipe, owner, recipient_id)
        pipe.execute()
        return recipient

    @storage_call
    def unsubscribe(self, owner: str, recipient_id: str) -> Recipient | None:
        """The recipient asked to stop: as `stop`, and the person hears about it next time."""
        recipient = self.stop(owner, recipient_id)
        if recipient is not None and recipient.kind != "group":
            tell(self.redis, self.cipher, owner, News("left", recipient.name, at=self.clock()))
        return recipient

    def consent(self, owner: str, recipient_id: str, purpose: str) -> Recipient:
        """The recipient, if `purpose` may go to them right now; else `ConsentMissing`."""
        recipient = self.get(owner, recipient_id)
        if recipient is None:
            raise ConsentMissing("no such recipient")
        seat = self.groups.membership(owner) if purpose == "group" else None
        if not _allowed(recipient, purpose, seat):
            raise ConsentMissing(purpose)
        return recipient

    @storage_call
    def claim(
        self, owner: str, what: str, recipient_id: str, purpose: str, *, lease_seconds: int
    ) -> Claim:
        """The ledger's claim on delivery `what` and `consent` for `purpose`, read in the same
        round trip right after it, at the moment of sending (the keys share the owner's slot)."""
        lease = new_lease()
        pipe = self.redis.pipeline(transaction=False)
        self.ledger.claim_in(pipe, owner, what, lease, lease_seconds=lease_seconds)
        pipe.hget(keys.recipients(owner), recipient_id)
        if purpose == "group":
            pipe.hget(keys.share(owner), "group")
        taken, held, raw, *seat = pipe.execute()
        recipient = Recipient.from_json(raw, self.cipher) if raw else None
        membership = Membership.from_json(seat[0], self.cipher) if seat and seat[0] else None
        if recipient is not None and not _allowed(recipient, purpose, membership):
            recipient = None
        return Claim(
            lease=lease if taken else None,
            sent=not taken and _text(held) == "sent",
            recipient=recipient,
        )


@dataclass(frozen=True)
class Claim:
    """What `Recipients.claim` found: `lease` is None when the delivery was `sent` already or
    someone else holds it; `recipient` is None when consent for the purpose is missing."""

    lease: str | None
    sent: bool
    recipient: Recipient | None


def _allowed(recipient: Recipient, purpose: str, seat: Membership | None) -> bool:
    allowed = {
        "confirm": not recipient.confirmed,
        "share": recipient.confirmed and recipient.kind != "group",
        "digest": recipient.confirmed and recipient.weekly and recipient.kind != "group",
        "group": recipient.confirmed and recipient.kind == "group",
    }.get(purpose, False)
    if purpose == "group" and allowed:
        allowed = seat is not None and seat.group == recipient.group
    return allowed
