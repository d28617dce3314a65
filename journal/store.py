"""Wins on Redis.

Writes are single Lua scripts or MULTI transactions over one owner's keys: a write either
happens whole or not at all, in one round trip. Reads page with a score cursor on a sorted
set, so the cost of a page depends on the page size, not on how long the history is.

The person's words (a win's text, what helped, how it felt) pass through the journal's
`Cipher` on the way in and out: with a key configured, Redis, its append-only file and its
snapshots only ever hold ciphertext. The Lua scripts never see plaintext either; `add_detail`
receives a field that is already encrypted and sets it as is.

Longer than 300 lines because every write on a person's wins is here, next to the key layout
and the Lua scripts it relies on, so the all-or-nothing rule can be checked in one file.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, Literal, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

import redis
import redis.exceptions

from journal import export, keys
from journal.crypto import PLAINTEXT, Cipher
from journal.erasure import erase_owner
from journal.errors import StorageUnavailable, StoredZoneDiffers
from journal.redating import redate_recent
from journal.wins import SENSITIVE_FIELDS, Win, segment
from journal.writes import reads_only
from journal.zones import KeptZone, device_value

P = ParamSpec("P")
R = TypeVar("R")

# Alexa retries a request within seconds, and a request stamped more than 150 seconds from
# our clock fails verification (`alexa.verification`): twice that covers any skew it accepts.
REQUEST_MARKER_TTL_SECONDS = 300
# Wins read per round trip by `export`: a whole history, without one huge reply.
_EXPORT_BATCH = 500

_RECORD = """
local kept = redis.call('HMGET', KEYS[5], 'tz', ARGV[4])
local zone = string.match(kept[2] or '', '^(%S+)') or kept[1] or ''
local seen = redis.call('GET', KEYS[4])
if seen then
  return {seen, redis.call('ZCARD', KEYS[2]), 1, zone, kept[1], kept[2]}
end
if ARGV[5] == 'device' then
  if zone ~= ARGV[6] then
    redis.call('HSET', KEYS[5], 'tz', ARGV[6])
    zone = ARGV[6]
  end
elseif ARGV[5] == 'assumed' then
  local fits = false
  for i = 6, #ARGV do
    if zone == ARGV[i] then fits = true end
  end
  if not fits then return {'', 0, 2, zone, kept[1], kept[2]} end
end
local id = redis.call('INCR', KEYS[1])
redis.call('HSET', KEYS[3], id, ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[1] .. string.format('%09d', id), id)
redis.call('SET', KEYS[4], id, 'EX', ARGV[3])
return {tostring(id), redis.call('ZCARD', KEYS[2]), 0, zone, kept[1], kept[2]}
"""

# A page of wins in one round trip: ids by score, their data, and (when asked) the kept zone
# and the win last heard as encouragement.
_PAGE = """
local rows = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[2], 'WITHSCORES',
  'LIMIT', 0, ARGV[3])
local ids = {}
for i = 1, #rows, 2 do ids[#ids + 1] = rows[i] end
local data = {}
if #ids > 0 then data = redis.call('HMGET', KEYS[2], unpack(ids)) end
local kept = {}
if ARGV[4] ~= '' then kept = redis.call('HMGET', KEYS[3], 'tz', ARGV[4], 'last_heard') end
return {rows, data, kept}
"""

# How the record script ended, besides recording: a retried request, or a zone not assumed.
_DUPLICATE, _ZONE_DIFFERS = 1, 2

# Sets fields of a stored win (see `journal.wins`) from already sealed segments: ARGV is the
# win id, then pairs of field position (2 helped, 3 felt) and segment. -1: the earlier JSON form.
_ADD_DETAIL = """
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
if string.byte(raw, 1) ~= 2 then return -1 end
local segments, at = {}, 13
for i = 1, 3 do
  local n = string.byte(raw, at) * 256 + string.byte(raw, at + 1)
  segments[i] = string.sub(raw, at, at + 1 + n)
  at = at + 2 + n
end
for i = 2, #ARGV, 2 do segments[tonumber(ARGV[i])] = ARGV[i + 1] end
redis.call('HSET', KEYS[1], ARGV[1], string.sub(raw, 1, 12) .. table.concat(segments))
return 1
"""

# Write a value only if it is still the one read: the earlier JSON form's detail, set here.
_REPLACE = """
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
"""

REDIS_UNAVAILABLE = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    redis.exceptions.BusyLoadingError,
    # Up, but taking no writes: a replica, or a memory limit reached with nothing to evict.
    redis.exceptions.ReadOnlyError,
    redis.exceptions.OutOfMemoryError,
    # A cluster failing over or missing a slot's primary, and a node that answers MOVED to a
    # process that took it for a single server (it could not reach it at start).
    redis.exceptions.ClusterError,
    redis.exceptions.RedisClusterException,
    redis.exceptions.TryAgainError,
    redis.exceptions.AskError,
)
# What a Redis call may raise (a RedisClusterException is no RedisError); `outage` tells
# which of it means storage can't be used now.
_REDIS_ERRORS = (redis.exceptions.RedisError, redis.exceptions.RedisClusterException)
# Refusals of every write that redis-py has no class for: a failed snapshot or AOF write
# (MISCONF), too few replicas in reach for `min-replicas-to-write` (NOREPLICAS).
_WRITES_REFUSED = frozenset({"MISCONF", "NOREPLICAS"})


def outage(exc: BaseException) -> str | None:
    """What made storage unusable, when `exc` says it is (unreachable, or refusing writes),
    as a fixed name for logs; None for anything else, such as a command that is wrong."""
    if isinstance(exc, REDIS_UNAVAILABLE):
        return type(exc).__name__
    if isinstance(exc, redis.exceptions.ResponseError):
        code = _error_code(exc)
        return code if code in _WRITES_REFUSED else None
    return None


def _error_code(exc: redis.exceptions.ResponseError) -> str:
    # redis-py 8 keeps the reply's code; older ones leave it first in the message, after
    # "Command # n (...) of pipeline caused error: " for a command in a pipeline.
    code = getattr(exc, "status_code", None)
    return code or str(exc).rsplit("caused error: ", 1)[-1].split(" ", 1)[0]


def storage_call(method: Callable[P, R]) -> Callable[P, R]:
    """Turn Redis outages into `StorageUnavailable`, the one error callers must handle.

    Every room that talks to Redis wraps its calls with this, so an outage reads the same
    everywhere."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except _REDIS_ERRORS as exc:
            cause = outage(exc)
            if cause is None:
                raise
            raise StorageUnavailable(cause) from exc

    return wrapper


def _text(value: bytes | str | int) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


@dataclass(frozen=True)
class ZoneCheck:
    """What `Journal.record` does with the person's stored time zone, in its one round trip.

    A win's day is the local date in the person's zone, and the fallback for that zone is the
    one kept in the profile. Reading it first would cost a round trip of its own, which under
    load waits behind other requests' fsyncs; instead the caller says what it knows.
    """

    kind: Literal["device", "assumed"]
    zones: tuple[str | None, ...]

    @classmethod
    def device(cls, zone: str) -> ZoneCheck:
        """The device reported `zone`: keep it in the profile if it is not there already."""
        return cls("device", (zone,))

    @classmethod
    def assumed(cls, *zones: str | None) -> ZoneCheck:
        """The day was worked out for a stored zone among `zones` (None: none stored): record
        only if the profile holds one of them, else raise `StoredZoneDiffers`."""
        return cls("assumed", zones)

    def args(self) -> list[str]:
        return [self.kind, *(zone or "" for zone in self.zones)]


@dataclass(frozen=True)
class Recorded:
    """The outcome of `Journal.record`: the win, the running total, whether it was a retry,
    and the time zone the profile holds (None when it holds none)."""

    win: Win
    total: int
    duplicate: bool
    zone: str | None = None
    kept: KeptZone = field(default_factory=KeptZone)
    """The zones the profile keeps, read by the record itself (see `Journal.kept_zone`)."""


@dataclass(frozen=True)
class Page:
    """Some wins, newest first, and the cursor for the next page (None when there is none)."""

    wins: list[Win]
    cursor: int | None
    kept: KeptZone | None = None
    """The kept zones, when the page was asked to read them too."""
    last_heard: str | None = None
    """With the kept zones: the id of the win last read back as encouragement."""


class Journal:
    """A person's wins, addressed by owner key.

    Without a `cipher` the words are stored as plaintext (development, and tests that do not
    care); the app passes the one built from `SMALLWINS_ENCRYPTION_KEYS`.
    """

    def __init__(self, client: redis.Redis, *, cipher: Cipher = PLAINTEXT) -> None:
        self._redis = client
        self._cipher = cipher
        self._record = client.register_script(_RECORD)
        self._add_detail = client.register_script(_ADD_DETAIL)
        self._page = reads_only(client.register_script(_PAGE))
        self._replace = client.register_script(_REPLACE)

    @storage_call
    def ping(self) -> bool:
        return bool(self._redis.ping())

    @storage_call
    def record(
        self,
        owner: str,
        text: str,
        *,
        at: datetime,
        request_id: str | None = None,
        zone: ZoneCheck | None = None,
        device: str = "",
    ) -> Recorded:
        """Store a win said at `at` (an aware local time) and return it with the new total.

        The same `request_id` twice stores one win and answers the second time as the first.
        With `zone`, the profile's time zone is checked or kept in the same round trip (see
        `ZoneCheck`); a retry is answered as the first time whatever the zone. The stored zone
        is the `device` field's (see `journal.zones.device_field`) when it keeps one, else the
        person's.
        """
        if at.tzinfo is None:
            raise ValueError("record needs an aware datetime")
        text = text.strip()
        if not text:
            raise ValueError("a win needs words")
        day = at.date()
        draft = Win(id="", text=text, at=at.astimezone(UTC), day=day)
        marker = keys.request_marker(owner, request_id or uuid.uuid4().hex)
        raw_id, total, outcome, raw_zone, person, device_kept = self._record(
            keys=[keys.seq(owner), keys.wins(owner), keys.win_data(owner), marker,
                  keys.profile(owner)],
            args=[str(day.toordinal()), draft.to_stored(self._cipher), REQUEST_MARKER_TTL_SECONDS,
                  device, *(zone.args() if zone else [""])],
        )  # fmt: skip
        held = _text(raw_zone) or None
        kept = KeptZone.parse(device_kept, person)
        if outcome == _ZONE_DIFFERS:
            raise StoredZoneDiffers(held)
        win_id = _text(raw_id)
        duplicate = outcome == _DUPLICATE
        if duplicate:
            stored = self._get(owner, win_id)
            if stored is not None:
                return Recorded(win=stored, total=int(total), duplicate=True, zone=held, kept=kept)
        return Recorded(
            win=replace(draft, id=win_id), total=int(total), duplicate=duplicate, zone=held,
            kept=kept,
        )  # fmt: skip

    @storage_call
    def add_detail(
        self, owner: str, win_id: str, *, helped: str | None = None, felt: str | None = None
    ) -> bool:
        """Attach what helped and/or how it felt to a win; False when the win is gone."""
        given = {
            name: value.strip()
            for name, value in (("helped", helped), ("felt", felt))
            if value is not None and value.strip()
        }
        if not given:
            return self._redis.hexists(keys.win_data(owner), win_id)
        args: list[str | bytes] = [win_id]
        for name, value in given.items():
            args += [str(SENSITIVE_FIELDS.index(name) + 1), segment(name, value, self._cipher)]
        done = int(self._add_detail(keys=[keys.win_data(owner)], args=args))
        for _ in range(3 if done == -1 else 0):
            # Stored in the earlier JSON form: rewritten whole, in the compact one.
            raw = self._redis.hget(keys.win_data(owner), win_id)
            if raw is None:
                return False
            win = replace(Win.from_stored(win_id, raw, self._cipher), **given)
            new = win.to_stored(self._cipher)
            if self._replace(keys=[keys.win_data(owner)], args=[win_id, raw, new]):
                return True
        return done == 1

    @storage_call
    def get(self, owner: str, win_id: str) -> Win | None:
        return self._get(owner, win_id)

    @storage_call
    def count(self, owner: str) -> int:
        return int(self._redis.zcard(keys.wins(owner)))

    @storage_call
    def page(
        self,
        owner: str,
        *,
        first_day: date | None = None,
        last_day: date | None = None,
        cursor: int | None = None,
        size: int = 3,
        device: str | None = None,
    ) -> Page:
        """Wins between two local days (inclusive, either open), newest first, in one round trip.

        `cursor` is the one a previous page returned; the next page starts just below it. With
        `device` (a device field, "" for none) the kept zones, and the win last heard, are read
        in the same trip.
        """
        high: str | int = "+inf" if last_day is None else keys.day_end(last_day)
        if cursor is not None:
            high = f"({cursor}"
        low: str | int = "-inf" if first_day is None else keys.win_score(first_day, 0)
        rows, data, kept = self._page(
            keys=[keys.wins(owner), keys.win_data(owner), keys.profile(owner)],
            args=[high, low, size + 1, "" if device is None else device or "\t"],
        )
        ids = [_text(member) for member in rows[0::2]]
        scores = [int(float(score)) for score in rows[1::2]]
        wins = [
            Win.from_stored(i, raw, self._cipher)
            for i, raw in zip(ids[:size], data[:size], strict=False)
            if raw
        ]
        next_cursor = scores[size - 1] if len(ids) > size else None
        return Page(
            wins=wins,
            cursor=next_cursor,
            kept=None if device is None else KeptZone.parse(kept[1], kept[0]),
            last_heard=_text(kept[2]) if device is not None and kept[2] is not None else None,
        )

    @storage_call
    def kept_zone(self, owner: str, device: str) -> KeptZone:
        """The zones the profile keeps for a turn on `device` (a device field, "" for none)."""
        person, device_kept = self._redis.hmget(keys.profile(owner), "tz", device or "\t")
        return KeptZone.parse(device_kept, person)

    @storage_call
    def redate_recent(
        self, owner: str, *, guessed: ZoneInfo, learnt: ZoneInfo, now: datetime
    ) -> int:
        """Recent wins dated by `guessed` moved to `learnt`'s day (see `journal.redating`)."""
        return redate_recent(self._redis, owner, guessed=guessed, learnt=learnt, now=now)

    @storage_call
    def keep_device_zone(self, owner: str, device: str, zone: str | None, *, day: int) -> None:
        """Keep what a device's settings said on `day` (an epoch day; `zone` None: nothing);
        a zone read becomes the person's zone too, which work outside a request goes by."""
        fields = {device: device_value(zone, day)}
        if zone:
            fields["tz"] = zone
        self._redis.hset(keys.profile(owner), mapping=fields)

    @storage_call
    def recent(self, owner: str, limit: int) -> list[Win]:
        """The newest `limit` wins, newest first, in one round trip."""
        return self.page(owner, size=limit).wins

    @storage_call
    def delete(self, owner: str, win_id: str) -> bool:
        """Remove one win; the other wins and the id counter are untouched."""
        pipe = self._redis.pipeline(transaction=True)
        pipe.zrem(keys.wins(owner), win_id)
        pipe.hdel(keys.win_data(owner), win_id)
        removed, _ = pipe.execute()
        return bool(removed)

    @storage_call
    def first_visit(self, owner: str, at: datetime) -> bool:
        """Note that the person opened the skill; True only the very first time."""
        return bool(self._redis.hsetnx(keys.profile(owner), "first_seen", at.isoformat()))

    @storage_call
    def last_heard(self, owner: str) -> str | None:
        """The id of the win last read back as encouragement, so it is not repeated next."""
        value = self._redis.hget(keys.profile(owner), "last_heard")
        return value.decode() if isinstance(value, bytes) else value

    @storage_call
    def mark_heard(self, owner: str, win_id: str) -> None:
        self._redis.hset(keys.profile(owner), "last_heard", win_id)

    @storage_call
    def win_days(self, owner: str, *, first_day: date, last_day: date) -> list[date]:
        """The local day of every win between two days, one entry per win.

        Read from the scores alone (day ordinal times 10^9 plus id): no win is loaded or
        decrypted to count them.
        """
        scores = self._redis.zrangebyscore(
            keys.wins(owner),
            keys.win_score(first_day, 0),
            keys.day_end(last_day),
            withscores=True,
            score_cast_func=int,
        )
        return [keys.score_day(score) for _, score in scores]

    @storage_call
    def profile(self, owner: str) -> dict[str, str]:
        """Small settings and facts kept for a person (time zone, reminder), as strings."""
        raw = self._redis.hgetall(keys.profile(owner))
        return {k.decode(): v.decode() for k, v in raw.items()}

    @storage_call
    def profile_field(self, owner: str, name: str) -> str | None:
        """One profile field, or None."""
        value = self._redis.hget(keys.profile(owner), name)
        return value.decode() if isinstance(value, bytes) else value

    @storage_call
    def profile_field_of(self, owners: Iterable[str], name: str) -> dict[str, str | None]:
        """`profile_field` of several people, in one round trip (a batch of digests)."""
        wanted = list(dict.fromkeys(owners))
        pipe = self._redis.pipeline(transaction=False)
        for owner in wanted:
            pipe.hget(keys.profile(owner), name)
        found = pipe.execute() if wanted else []
        return {o: None if v is None else _text(v) for o, v in zip(wanted, found, strict=True)}

    @storage_call
    def update_profile(self, owner: str, **fields: str | None) -> None:
        """Set profile fields in one transaction; a field given as None is removed."""
        pipe = self._redis.pipeline(transaction=True)
        present = {k: v for k, v in fields.items() if v is not None}
        if present:
            pipe.hset(keys.profile(owner), mapping=present)
        absent = [k for k, v in fields.items() if v is None]
        if absent:
            pipe.hdel(keys.profile(owner), *absent)
        pipe.execute()

    @storage_call
    def open_export(self, owner: str, nonce: str, *, seconds: int) -> None:
        """Allow one export link, identified by `nonce`, for `seconds`; it replaces any other."""
        self._redis.set(keys.export_nonce(owner), nonce, ex=seconds)

    @storage_call
    def export_open(self, owner: str, nonce: str) -> bool:
        value = self._redis.get(keys.export_nonce(owner))
        return value is not None and value.decode() == nonce

    @storage_call
    def erase(self, owner: str) -> int:
        """Remove everything `owner` has (every key under their prefix); return the key count.

        Complete by the rule in `journal.keys`: personal data lives only under `sw:{owner}:`.
        """
        return erase_owner(self._redis, owner)

    @storage_call
    def export(self, owner: str) -> dict[str, Any]:
        """Everything the journal holds about `owner`, decrypted: wins oldest first, counts.

        Reads in batches along the sorted set's scores, so a long history is never one reply
        and a win deleted meanwhile does not shift the rest.
        """
        wins: list[Win] = []
        low: str = "-inf"
        while True:
            rows = self._redis.zrangebyscore(
                keys.wins(owner), low, "+inf", start=0, num=_EXPORT_BATCH, withscores=True
            )
            wins.extend(self._load(owner, [member for member, _ in rows]))
            if len(rows) < _EXPORT_BATCH:
                break
            low = f"({int(rows[-1][1])}"
        return export.build(wins, profile=self.profile(owner))

    def export_text(self, owner: str) -> str:
        """The export as plain text a person can read."""
        return export.render_text(self.export(owner))

    def _get(self, owner: str, win_id: str) -> Win | None:
        wins = self._load(owner, [win_id])
        return wins[0] if wins else None

    def _load(self, owner: str, ids: Iterable[bytes | str]) -> list[Win]:
        id_list = [i.decode() if isinstance(i, bytes) else i for i in ids]
        if not id_list:
            return []
        raws = self._redis.hmget(keys.win_data(owner), id_list)
        return [
            Win.from_stored(i, raw, self._cipher)
            for i, raw in zip(id_list, raws, strict=True)
            if raw
        ]
