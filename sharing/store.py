"""Sharing state on Redis: recipients, invites, the person's own choices, groups and cheers.

Recipients' names and emails, display names, group names and cheers are people's words: they
pass through the journal's `Cipher` like win text does. Records are JSON in per-owner hashes,
so key rotation re-encrypts them with the wins (see `ENCRYPTED`).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import redis

from journal import keys as journal_keys
from journal.crypto import PLAINTEXT, Cipher
from journal.rotation import EncryptedJsonHash
from journal.store import storage_call
from sharing import keys
from sharing.errors import ConsentMissing, NotFound, RateLimited, SharingError
from sharing.schedule import next_due
from sharing.tokens import LIFETIMES, Tokens

INVITE_SECONDS = LIFETIMES["invite"]
CODE_DIGITS = 6
# Guessing a six-digit code: each client gets this many tries per window, and everyone
# together this many wrong ones, so even a botnet gets a few hundred guesses a day against a
# million codes, and a lucky guess still needs the person's spoken "yes" before anything flows.
CLIENT_TRIES = 10
ALL_WRONG_TRIES = 100
TRY_WINDOW_SECONDS = 15 * 60
GROUP_TRIES = 5
CHEERS_PER_DAY = 3
MAX_CHEER_CHARS = 280
MAX_NAME_CHARS = 40
DEFAULT_DAY = 6  # Sunday, counting Monday as 0 like `date.weekday()`
DEFAULT_TIME = "18:00"
KINDS = ("buddy", "sponsor", "group")


class _Group(EncryptedJsonHash):
    """Group facts live outside any owner's prefix; their name is still encrypted."""

    def pattern(self) -> str:
        return "sw:grp:{*}"


# Stored values key rotation must re-encrypt, beside the journal's own.
ENCRYPTED = (
    EncryptedJsonHash(keys.RECIPIENTS, ("name", "email")),
    EncryptedJsonHash(keys.SHARE, ("name", "display")),
    EncryptedJsonHash(keys.CHEERS, ("sender", "text")),
    _Group("grp", ("name",)),
)


def _now_iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Recipient:
    """Someone who receives what a person shares: a buddy, a sponsor, or the person themself
    receiving their group's digest (kind "group")."""

    id: str
    kind: str
    name: str
    email: str
    created: datetime
    confirmed: bool = False
    asked: bool = False
    weekly: bool = False
    since: datetime | None = None
    """When weekly sharing began: wins said before then are not in any digest."""
    nonce: str = ""
    group: str = ""

    def to_json(self, cipher: Cipher) -> str:
        data: dict[str, Any] = asdict(self)
        data.update(
            name=cipher.encrypt(self.name),
            email=cipher.encrypt(self.email),
            created=_now_iso(self.created),
            since=_now_iso(self.since) if self.since else None,
        )
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: bytes | str, cipher: Cipher) -> Recipient:
        data = json.loads(raw)
        return cls(
            **{
                **data,
                "name": cipher.decrypt(data["name"]),
                "email": cipher.decrypt(data["email"]),
                "created": datetime.fromisoformat(data["created"]),
                "since": _time(data.get("since")),
            }
        )


@dataclass(frozen=True)
class Me:
    """The person's own sharing choices: the name buddies see, and when digests go out."""

    name: str | None = None
    day: int = DEFAULT_DAY
    time: str = DEFAULT_TIME

    def to_json(self, cipher: Cipher) -> str:
        return json.dumps({**asdict(self), "name": cipher.encrypt_optional(self.name)})

    @classmethod
    def from_json(cls, raw: bytes | str | None, cipher: Cipher) -> Me:
        if not raw:
            return cls()
        data = json.loads(raw)
        return cls(**{**data, "name": cipher.decrypt_optional(data.get("name"))})


@dataclass(frozen=True)
class Membership:
    """A person's seat in a group: the name the group knows them by and whether their wins
    go to the group."""

    group: str
    display: str | None = None
    share: bool = False
    since: datetime | None = None

    def to_json(self, cipher: Cipher) -> str:
        return json.dumps(
            {
                **asdict(self),
                "display": cipher.encrypt_optional(self.display),
                "since": _now_iso(self.since) if self.since else None,
            }
        )

    @classmethod
    def from_json(cls, raw: bytes | str, cipher: Cipher) -> Membership:
        data = json.loads(raw)
        return cls(
            **{
                **data,
                "display": cipher.decrypt_optional(data.get("display")),
                "since": _time(data.get("since")),
            }
        )


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    code: str
    tz: str
    day: int = DEFAULT_DAY
    time: str = DEFAULT_TIME

    def to_json(self, cipher: Cipher) -> str:
        return json.dumps({**asdict(self), "name": cipher.encrypt(self.name)})

    @classmethod
    def from_json(cls, raw: bytes | str, cipher: Cipher) -> Group:
        data = json.loads(raw)
        return cls(**{**data, "name": cipher.decrypt(data["name"])})


@dataclass(frozen=True)
class Invite:
    id: str
    code: str
    token: str
    kind: str


@dataclass(frozen=True)
class News:
    """Something to tell the person at their next launch: a cheer, or that someone left."""

    kind: str
    sender: str
    text: str = ""
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True)
class Due:
    """One weekly send that is due: who, to whom, and the moment it was due."""

    kind: str
    owner: str
    recipient: str
    at: float

    @property
    def member(self) -> str:
        return due_member(self.kind, self.owner, self.recipient)


def due_member(kind: str, owner: str, recipient_id: str) -> str:
    return f"{kind}|{owner}|{recipient_id}"


def _move_on(client: redis.Redis | redis.client.Pipeline, due: Due, following: datetime) -> None:
    """Only an existing entry, and only forward: a send stopped or moved meanwhile stays so."""
    client.zadd(keys.DUE, {due.member: following.timestamp()}, xx=True, gt=True)


def _text(value: bytes | str | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


class Sharing:
    """Everything about who may receive what, addressed by owner key."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        cipher: Cipher = PLAINTEXT,
        tokens: Tokens,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.redis = client
        self.cipher = cipher
        self.tokens = tokens
        self.clock = clock

    # -- the person's own choices --------------------------------------------------------------

    @storage_call
    def me(self, owner: str) -> Me:
        return Me.from_json(self.redis.hget(keys.share(owner), "me"), self.cipher)

    @storage_call
    def update_me(self, owner: str, **changes: Any) -> Me:
        me = replace(self.me(owner), **changes)
        self.redis.hset(keys.share(owner), "me", me.to_json(self.cipher))
        return me

    # -- invites ---------------------------------------------------------------------------------

    @storage_call
    def open_invite(self, owner: str, kind: str) -> Invite:
        """A single-use invite valid for 48 hours, findable by its code or its link."""
        if kind not in KINDS:
            raise ValueError(f"unknown invite kind {kind!r}")
        invite_id = uuid.uuid4().hex
        code = self._free_code(keys.code, f"{owner}:{invite_id}", ex=INVITE_SECONDS)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(
            keys.invite(owner, invite_id),
            mapping={"code": code, "kind": kind, "created": _now_iso(self.clock())},
        )
        pipe.expire(keys.invite(owner, invite_id), INVITE_SECONDS)
        pipe.sadd(journal_keys.links(owner), journal_keys.link("del", keys.code(code)))
        pipe.execute()
        token = self.tokens.make("invite", o=owner, i=invite_id)
        return Invite(id=invite_id, code=code, token=token, kind=kind)

    def _free_code(self, key: Callable[[str], str], value: str, ex: int | None = None) -> str:
        """A random code not in use, claimed for `value` under `key(code)`."""
        for _ in range(20):
            code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
            if self.redis.set(key(code), value, nx=True, ex=ex):
                return code
        # A million codes all taken would be a very busy server.
        raise SharingError("no free code")

    @storage_call
    def invite_by_code(self, code: str, client_id: str) -> str:
        """The link token for a typed code; raises `RateLimited` or `NotFound`.

        Every try counts against the client; wrong ones also count against everyone.
        """
        window = int(self.clock().timestamp()) // TRY_WINDOW_SECONDS
        mine = keys.attempts(f"client:{client_id}", window)
        everyone = keys.attempts("all", window)
        pipe = self.redis.pipeline(transaction=False)
        pipe.incr(mine)
        pipe.expire(mine, TRY_WINDOW_SECONDS)
        pipe.get(everyone)
        tries, _, wrong = pipe.execute()
        if int(tries) > CLIENT_TRIES or int(wrong or 0) >= ALL_WRONG_TRIES:
            raise RateLimited("code tries")
        digits = "".join(ch for ch in code if ch.isdigit())
        found = _text(self.redis.get(keys.code(digits))) if len(digits) == CODE_DIGITS else None
        if found is None:
            pipe = self.redis.pipeline(transaction=False)
            pipe.incr(everyone)
            pipe.expire(everyone, TRY_WINDOW_SECONDS)
            pipe.execute()
            raise NotFound("code")
        owner, invite_id = found.split(":", 1)
        return self.tokens.make("invite", o=owner, i=invite_id)

    @storage_call
    def invite(self, token: str) -> tuple[str, str, dict[str, str]]:
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
    def accept_invite(self, token: str, name: str, email: str) -> tuple[str, Recipient, bool]:
        """Turn an invite into an unconfirmed recipient: (owner, recipient, is_new).

        Single use: the first submission takes the invite. The same address submitted again
        (a double click, a reload) gets the same recipient back; any other is refused.
        """
        owner, invite_id, invite = self.invite(token)
        group_id = ""
        if invite["kind"] == "group":
            membership = self.membership(owner)
            if membership is None:
                raise NotFound("group seat")
            group_id = membership.group
        used = invite.get("recipient")
        if used:
            existing = self.recipient(owner, used)
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
            return self.accept_invite(token, name, email)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(keys.recipients(owner), recipient.id, recipient.to_json(self.cipher))
        pipe.unlink(keys.code(invite["code"]))
        pipe.execute()
        return owner, recipient, True

    # -- recipients ------------------------------------------------------------------------------

    @storage_call
    def recipients(self, owner: str) -> list[Recipient]:
        return self._recipients(self.redis.hgetall(keys.recipients(owner)))

    def _recipients(self, raw: dict[bytes, bytes]) -> list[Recipient]:
        found = [Recipient.from_json(v, self.cipher) for v in raw.values()]
        return sorted(found, key=lambda r: r.created)

    @storage_call
    def recipient(self, owner: str, recipient_id: str) -> Recipient | None:
        raw = self.redis.hget(keys.recipients(owner), recipient_id)
        return Recipient.from_json(raw, self.cipher) if raw else None

    def _save(self, owner: str, recipient: Recipient) -> None:
        self.redis.hset(keys.recipients(owner), recipient.id, recipient.to_json(self.cipher))

    @storage_call
    def confirm(self, owner: str, recipient_id: str, nonce: str) -> Recipient | None:
        """Complete the double opt-in. Returns the recipient (already confirmed is fine: a
        replayed link says so); None when the link's recipient is gone or the nonce is wrong."""
        recipient = self.recipient(owner, recipient_id)
        if recipient is None or not secrets.compare_digest(recipient.nonce, nonce):
            return None
        if recipient.confirmed:
            return recipient
        confirmed = replace(recipient, confirmed=True)
        if recipient.kind == "group":
            # The person asked for their own group's digest: that request was the consent.
            confirmed = replace(confirmed, asked=True, weekly=True, since=self.clock())
        self._save(owner, confirmed)
        if confirmed.weekly:
            self._schedule_group_digest(owner, confirmed)
        return confirmed

    @storage_call
    def awaiting_answer(self, owner: str) -> Recipient | None:
        """The oldest buddy who confirmed and whose weekly sharing the person hasn't answered."""
        return _awaiting(self.recipients(owner))

    @storage_call
    def at_launch(self, owner: str) -> tuple[list[News], Recipient | None]:
        """What a launch tells, in one round trip: `take_news` and `awaiting_answer`."""
        pipe = self.redis.pipeline(transaction=True)
        pipe.hgetall(keys.cheers(owner))
        pipe.delete(keys.cheers(owner))
        pipe.hgetall(keys.recipients(owner))
        news, _, recipients = pipe.execute()
        return self._news(news), _awaiting(self._recipients(recipients))

    @storage_call
    def answer_weekly(self, owner: str, recipient_id: str, *, yes: bool, tz: str) -> Recipient:
        """The person's answer to "share your wins with her each week?"; only yes starts.

        `tz` is the person's time zone now; the digest goes out on their day and time there.
        """
        recipient = self.recipient(owner, recipient_id)
        if recipient is None or not recipient.confirmed:
            raise NotFound("recipient")
        updated = replace(recipient, asked=True, weekly=yes, since=self.clock() if yes else None)
        self._save(owner, updated)
        me = self.me(owner)
        if yes:
            self.schedule(owner, "d", updated.id, next_due(me.day, me.time, tz, self.clock()))
        else:
            self.unschedule(owner, "d", updated.id)
        return updated

    @storage_call
    def stop(self, owner: str, recipient_id: str) -> Recipient | None:
        """End sharing with a recipient at once: their record (and address) goes, and with it
        every queued or scheduled send, which checks consent before going out."""
        recipient = self.recipient(owner, recipient_id)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hdel(keys.recipients(owner), recipient_id)
        for kind in ("d", "g"):
            pipe.zrem(keys.DUE, due_member(kind, owner, recipient_id))
        pipe.execute()
        return recipient

    @storage_call
    def unsubscribe(self, owner: str, recipient_id: str) -> Recipient | None:
        """The recipient asked to stop: as `stop`, and the person hears about it next time."""
        recipient = self.stop(owner, recipient_id)
        if recipient is not None and recipient.kind != "group":
            self._tell(owner, News(kind="left", sender=recipient.name, at=self.clock()))
        return recipient

    def consent(self, owner: str, recipient_id: str, purpose: str) -> Recipient:
        """The recipient, if `purpose` may go to them right now; else `ConsentMissing`.

        The one check every send passes through, at the moment of sending, so a withdrawal
        stops what is already queued or scheduled.
        """
        recipient = self.recipient(owner, recipient_id)
        if recipient is None:
            raise ConsentMissing("no such recipient")
        allowed = {
            "confirm": not recipient.confirmed,
            "share": recipient.confirmed and recipient.kind != "group",
            "digest": recipient.confirmed and recipient.weekly and recipient.kind != "group",
            "group": recipient.confirmed and recipient.kind == "group",
        }.get(purpose, False)
        if purpose == "group" and allowed:
            membership = self.membership(owner)
            allowed = membership is not None and membership.group == recipient.group
        if not allowed:
            raise ConsentMissing(purpose)
        return recipient

    # -- the weekly schedule --------------------------------------------------------------------

    @storage_call
    def schedule(self, owner: str, kind: str, recipient_id: str, at: datetime) -> None:
        member = due_member(kind, owner, recipient_id)
        pipe = self.redis.pipeline(transaction=True)
        pipe.zadd(keys.DUE, {member: at.timestamp()})
        pipe.sadd(journal_keys.links(owner), journal_keys.link("zrem", keys.DUE, member))
        pipe.execute()

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

    def _schedule_group_digest(self, owner: str, recipient: Recipient) -> None:
        group = self.group(recipient.group)
        if group is not None:
            self.schedule(
                owner, "g", recipient.id, next_due(group.day, group.time, group.tz, self.clock())
            )

    # -- deliveries: at most once per idempotency key ------------------------------------------

    @storage_call
    def claim(self, owner: str, what: str, *, lease_seconds: int) -> str | None:
        """Take the right to send `what`; None when it was sent or someone is sending it.

        The claim is a lease: a worker that dies mid-send lets it lapse, and the next try
        (a retry, or the next scheduler tick) sends it.
        """
        lease = f"sending:{uuid.uuid4().hex}"
        taken = self.redis.set(keys.sent(owner, what), lease, nx=True, ex=lease_seconds)
        return lease if taken else None

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
    ) -> None:
        """Note `what` as sent; with `then`, also move that weekly send on, in one round trip
        (each write waits for the append-only log)."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.set(keys.sent(owner, what), "sent", ex=keep_seconds)
        if then is not None:
            _move_on(pipe, *then)
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

    @storage_call
    def record_failure(self, owner: str, job: str, args: list[Any], error: str) -> None:
        """A send that failed after every retry, kept (ids only) so the operator can list it
        with `smallwins digest failures` and send it again; the words stay in the journal."""
        entry = json.dumps({"owner": owner, "job": job, "args": args, "error": error})
        pipe = self.redis.pipeline(transaction=True)
        pipe.zadd(keys.FAILURES, {entry: self.clock().timestamp()})
        pipe.sadd(journal_keys.links(owner), journal_keys.link("zrem", keys.FAILURES, entry))
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

    # -- cheers and notices ---------------------------------------------------------------------

    @storage_call
    def cheer(self, owner: str, recipient_id: str, text: str) -> None:
        """Keep a cheer from a recipient for the person's next launch; a few a day at most."""
        recipient = self.consent(owner, recipient_id, "share")
        day = self.clock().date().isoformat()
        quota = keys.cheer_quota(owner, recipient_id, day)
        pipe = self.redis.pipeline(transaction=True)
        pipe.incr(quota)
        pipe.expire(quota, 2 * 24 * 3600)
        count, _ = pipe.execute()
        if int(count) > CHEERS_PER_DAY:
            raise RateLimited("cheers")
        self._tell(owner, News(kind="cheer", sender=recipient.name, text=text, at=self.clock()))

    def _tell(self, owner: str, news: News) -> None:
        raw = json.dumps(
            {
                "kind": news.kind,
                "sender": self.cipher.encrypt(news.sender),
                "text": self.cipher.encrypt(news.text),
                "at": _now_iso(news.at),
            }
        )
        self.redis.hset(keys.cheers(owner), uuid.uuid4().hex, raw)

    @storage_call
    def news_waiting(self, owner: str) -> int:
        """How many cheers and notices wait to be heard, without hearing them."""
        return int(self.redis.hlen(keys.cheers(owner)))

    @storage_call
    def take_news(self, owner: str) -> list[News]:
        """Everything waiting to be heard, oldest first, removed as it is read: heard once."""
        pipe = self.redis.pipeline(transaction=True)
        pipe.hgetall(keys.cheers(owner))
        pipe.delete(keys.cheers(owner))
        raw, _ = pipe.execute()
        return self._news(raw)

    def _news(self, raw: dict[bytes, bytes]) -> list[News]:
        news = []
        for value in raw.values():
            data = json.loads(value)
            news.append(
                News(
                    kind=data["kind"],
                    sender=self.cipher.decrypt(data["sender"]),
                    text=self.cipher.decrypt(data["text"]),
                    at=datetime.fromisoformat(data["at"]),
                )
            )
        return sorted(news, key=lambda n: n.at)

    # -- groups ---------------------------------------------------------------------------------

    @storage_call
    def membership(self, owner: str) -> Membership | None:
        raw = self.redis.hget(keys.share(owner), "group")
        return Membership.from_json(raw, self.cipher) if raw else None

    @storage_call
    def group(self, group_id: str) -> Group | None:
        raw = self.redis.hget(keys.group(group_id), "meta")
        return Group.from_json(raw, self.cipher) if raw else None

    @storage_call
    def create_group(self, owner: str, name: str, tz: str) -> Group:
        if self.membership(owner) is not None:
            raise SharingError("already in a group")
        group_id = uuid.uuid4().hex[:16]
        code = self._free_code(keys.group_code, group_id)
        group = Group(id=group_id, name=name, code=code, tz=tz)
        self.redis.hset(keys.group(group_id), "meta", group.to_json(self.cipher))
        self._seat(owner, group_id)
        return group

    @storage_call
    def join_group(self, owner: str, code: str) -> Group:
        """Take a seat by code. Wrong codes are limited per person and for everyone, as on
        the web: a group's code lasts as long as the group, and a seat reads its wins."""
        window = int(self.clock().timestamp()) // TRY_WINDOW_SECONDS
        # The owner key is hashed: no key outside the person's prefix may name them.
        person = hashlib.sha256(owner.encode()).hexdigest()[:16]
        mine, everyone = keys.attempts(f"group:{person}", window), keys.attempts("group", window)
        wrong_mine, wrong_all = self.redis.mget(mine, everyone)
        if int(wrong_mine or 0) >= GROUP_TRIES or int(wrong_all or 0) >= ALL_WRONG_TRIES:
            raise RateLimited("group code tries")
        digits = "".join(ch for ch in code if ch.isdigit())
        if 0 < len(digits) < CODE_DIGITS:  # a number slot drops leading zeros
            digits = digits.zfill(CODE_DIGITS)
        group_id = _text(self.redis.get(keys.group_code(digits))) if digits else None
        group = self.group(group_id) if group_id else None
        if group is None:
            pipe = self.redis.pipeline(transaction=False)
            for key in (mine, everyone):
                pipe.incr(key)
                pipe.expire(key, TRY_WINDOW_SECONDS)
            pipe.execute()
            raise NotFound("group code")
        current = self.membership(owner)
        if current is not None and current.group != group.id:
            raise SharingError("already in a group")
        if current is None:
            self._seat(owner, group.id)
        return group

    def _seat(self, owner: str, group_id: str) -> None:
        members = keys.group_members(group_id)
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(keys.share(owner), "group", Membership(group=group_id).to_json(self.cipher))
        pipe.sadd(members, owner)
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
    def leave_group(self, owner: str) -> Group | None:
        """Leave: the seat, the share and any group digest to this person all end now."""
        current = self.membership(owner)
        if current is None:
            return None
        group = self.group(current.group)
        for recipient in self.recipients(owner):
            if recipient.kind == "group":
                self.stop(owner, recipient.id)
        pipe = self.redis.pipeline(transaction=False)
        pipe.hdel(keys.share(owner), "group")
        pipe.srem(keys.group_members(current.group), owner)
        pipe.srem(
            journal_keys.links(owner),
            journal_keys.link("srem", keys.group_members(current.group), owner),
        )
        pipe.execute()
        if group is not None and not self.redis.scard(keys.group_members(group.id)):
            self.redis.unlink(keys.group(group.id), keys.group_code(group.code))
        return group

    @storage_call
    def members(self, group_id: str) -> list[tuple[str, Membership]]:
        """Every current member with their seat; a member whose seat is gone is skipped."""
        owners = sorted(_text(o) for o in self.redis.smembers(keys.group_members(group_id)))
        seated = []
        for owner in owners:
            membership = self.membership(owner)  # type: ignore[arg-type]
            if membership is not None and membership.group == group_id:
                seated.append((owner, membership))
        return seated  # type: ignore[return-value]


def _awaiting(recipients: list[Recipient]) -> Recipient | None:
    for recipient in recipients:
        if recipient.confirmed and not recipient.asked and recipient.kind != "group":
            return recipient
    return None
