"""What sharing stores, as records: recipients, the person's own choices, seats, groups, news.

Names, emails, display names, group names and cheers are people's words: they pass through the
journal's `Cipher` like win text does. Each record names its encrypted fields once (`SECRET`);
`to_json`/`from_json` and key rotation (`ENCRYPTED`) all read that one list.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

import redis

from journal.crypto import Cipher
from journal.rotation import EncryptedJsonHash
from sharing import keys

DEFAULT_DAY = 6  # Sunday, counting Monday as 0 like `date.weekday()`
DEFAULT_TIME = "18:00"
KINDS = ("buddy", "sponsor", "group")
MAX_CHEER_CHARS = 280
MAX_NAME_CHARS = 40


def _iso(at: datetime | None) -> str | None:
    return at.astimezone(UTC).isoformat() if at else None


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _text(value: bytes | str | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


def _seal(data: dict[str, Any], fields: tuple[str, ...], cipher: Cipher) -> dict[str, Any]:
    for name in fields:
        data[name] = cipher.encrypt_optional(data.get(name))
    return data


def _open(data: dict[str, Any], fields: tuple[str, ...], cipher: Cipher) -> dict[str, Any]:
    for name in fields:
        data[name] = cipher.decrypt_optional(data.get(name))
    return data


@dataclass(frozen=True)
class Recipient:
    """Someone who receives what a person shares: a buddy, a sponsor, or the person themself
    receiving their group's digest (kind "group")."""

    SECRET: ClassVar[tuple[str, ...]] = ("name", "email")

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
        data = _seal(asdict(self), self.SECRET, cipher)
        data.update(created=_iso(self.created), since=_iso(self.since))
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: bytes | str, cipher: Cipher) -> Recipient:
        data = _open(json.loads(raw), cls.SECRET, cipher)
        data.update(created=datetime.fromisoformat(data["created"]), since=_time(data.get("since")))
        return cls(**data)


@dataclass(frozen=True)
class Me:
    """The person's own sharing choices: the name buddies see, and when digests go out."""

    SECRET: ClassVar[tuple[str, ...]] = ("name",)

    name: str | None = None
    day: int = DEFAULT_DAY
    time: str = DEFAULT_TIME
    # The locale the person speaks to the skill in: their buddies' pages and notes use it.
    locale: str | None = None

    def to_json(self, cipher: Cipher) -> str:
        return json.dumps(_seal(asdict(self), self.SECRET, cipher))

    @classmethod
    def from_json(cls, raw: bytes | str | None, cipher: Cipher) -> Me:
        return cls(**_open(json.loads(raw), cls.SECRET, cipher)) if raw else cls()


@dataclass(frozen=True)
class Membership:
    """A person's seat in a group: the name the group knows them by and whether their wins
    go to the group."""

    SECRET: ClassVar[tuple[str, ...]] = ("display",)

    group: str
    display: str | None = None
    share: bool = False
    since: datetime | None = None

    def to_json(self, cipher: Cipher) -> str:
        data = _seal(asdict(self), self.SECRET, cipher)
        return json.dumps({**data, "since": _iso(self.since)})

    @classmethod
    def from_json(cls, raw: bytes | str, cipher: Cipher) -> Membership:
        data = _open(json.loads(raw), cls.SECRET, cipher)
        return cls(**{**data, "since": _time(data.get("since"))})


@dataclass(frozen=True)
class Group:
    SECRET: ClassVar[tuple[str, ...]] = ("name",)

    id: str
    name: str
    code: str
    tz: str
    day: int = DEFAULT_DAY
    time: str = DEFAULT_TIME

    def to_json(self, cipher: Cipher) -> str:
        return json.dumps(_seal(asdict(self), self.SECRET, cipher))

    @classmethod
    def from_json(cls, raw: bytes | str, cipher: Cipher) -> Group:
        return cls(**_open(json.loads(raw), cls.SECRET, cipher))


@dataclass(frozen=True)
class Invite:
    id: str
    code: str
    token: str
    kind: str


@dataclass(frozen=True)
class News:
    """Something to tell the person at their next launch: a cheer, or that someone left."""

    SECRET: ClassVar[tuple[str, ...]] = ("sender", "text")

    kind: str
    sender: str
    text: str = ""
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def to_json(self, cipher: Cipher) -> str:
        return json.dumps(_seal({**asdict(self), "at": _iso(self.at)}, self.SECRET, cipher))

    @classmethod
    def from_json(cls, raw: bytes | str, cipher: Cipher) -> News:
        data = _open(json.loads(raw), cls.SECRET, cipher)
        return cls(**{**data, "at": datetime.fromisoformat(data["at"])})


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


def drop_recipient(pipe: redis.client.Pipeline, owner: str, recipient_id: str) -> None:
    """A recipient's record (and address) and every weekly send to them, in one round trip.

    Not a transaction: the schedule is a global key, in another hash slot on a cluster. Should
    its part fail, a send still scheduled finds no consent when it comes due.
    """
    pipe.hdel(keys.recipients(owner), recipient_id)
    for kind in ("d", "g"):
        pipe.zrem(keys.DUE, due_member(kind, owner, recipient_id))


def parse_recipients(raw: dict[bytes, bytes], cipher: Cipher) -> list[Recipient]:
    return sorted((Recipient.from_json(v, cipher) for v in raw.values()), key=lambda r: r.created)


def awaiting(recipients: list[Recipient]) -> Recipient | None:
    """The oldest buddy who confirmed and whose weekly sharing the person hasn't answered."""
    for recipient in recipients:
        if recipient.confirmed and not recipient.asked and recipient.kind != "group":
            return recipient
    return None


class _Group(EncryptedJsonHash):
    """Group facts live outside any owner's prefix; their name is still encrypted."""

    def pattern(self) -> str:
        return "sw:grp:{*}"


# Stored values key rotation must re-encrypt, beside the journal's own.
ENCRYPTED = (
    EncryptedJsonHash(keys.RECIPIENTS, Recipient.SECRET),
    EncryptedJsonHash(keys.SHARE, Me.SECRET + Membership.SECRET),
    EncryptedJsonHash(keys.CHEERS, News.SECRET),
    _Group("grp", Group.SECRET),
)


def tell(client: redis.Redis, cipher: Cipher, owner: str, news: News) -> None:
    """Keep `news` for the person's next launch."""
    client.hset(keys.cheers(owner), uuid.uuid4().hex, news.to_json(cipher))
