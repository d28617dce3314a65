"""Key rotation: re-encrypt every stored sensitive value with the newest key, beside the live app.

How to rotate: make a key (`smallwins keys new`), put it first in `SMALLWINS_ENCRYPTION_KEYS`
with the old ones after it, restart the app (it now writes with the new key and still reads the
old), run `smallwins keys rotate`, and drop an old key only once a run reports nothing left
under it. Plaintext stored before any key was configured is encrypted by the same run.

Why it is safe beside the live app:

- Owners' hashes are found with SCAN (never KEYS) and read with HSCAN, in batches, so the
  server is never blocked by one long command.
- Each batch is written by one Lua script that compares every win with the value read and
  sets it only when unchanged (compare-and-set). A win changed meanwhile, say by `add_detail`
  setting "how it felt", is re-read and re-encrypted, never overwritten with the stale copy;
  a win deleted meanwhile stays deleted.
- Nothing is rewritten that is already under the newest key, so a run is idempotent: stop it
  at any point and run it again, and the second run finishes the job and reports the rest as
  current.

The kinds of stored data that carry encrypted values are listed in `ENCRYPTED`; a feature
that stores encrypted values elsewhere (cheers, email addresses) adds its entry there.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields

import redis

from journal import keys
from journal.crypto import CannotDecrypt, Cipher, is_encrypted
from journal.wins import SENSITIVE_FIELDS, present_values, reseal

BATCH_SIZE = 100
# A win that changes this many times during one batch is left for the next run.
MAX_ATTEMPTS = 5

_COMPARE_AND_SET = """
local stale = {}
for i = 1, #ARGV, 3 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
  else
    stale[#stale + 1] = ARGV[i]
  end
end
return stale
"""


@dataclass
class RotationReport:
    """What a rotation did, counted in values (one field of one record) and records."""

    reencrypted: int = 0
    """Values now under the newest key that were not before (plaintext ones included)."""
    was_plaintext: int = 0
    """Of `reencrypted`, values that had been stored as plaintext."""
    current: int = 0
    """Values that were already under the newest key."""
    undecryptable: int = 0
    """Values no configured key decrypts: left as they are; a key was dropped too early."""
    unreadable: int = 0
    """Records that are not the JSON they should be: left as they are."""
    contended: int = 0
    """Records that kept changing during their batch: left for the next run."""
    records: int = 0
    """Records looked at."""

    def add(self, other: RotationReport) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def clean(self) -> bool:
        """True when everything readable is now under the newest key."""
        return not (self.undecryptable or self.unreadable or self.contended)


@dataclass(frozen=True)
class EncryptedJsonHash:
    """Per-owner hashes whose values are JSON objects with some fields encrypted."""

    suffix: str
    fields: tuple[str, ...]

    def pattern(self) -> str:
        return keys.every_owner(self.suffix)

    def rewrap(self, raw: bytes, cipher: Cipher) -> tuple[str | None, RotationReport]:
        """The record with its fields under the newest key, or None when nothing changes."""
        tally = RotationReport(records=1)
        try:
            record = json.loads(raw)
            if not isinstance(record, dict):
                raise ValueError("not an object")
        except ValueError:
            tally.unreadable = 1
            return None, tally
        changed = False
        for name in self.fields:
            value = record.get(name)
            if not isinstance(value, str) or not value:
                continue
            if not cipher.needs_rotation(value):
                tally.current += 1
                continue
            try:
                record[name] = cipher.rotate(value)
            except CannotDecrypt:
                tally.undecryptable += 1
                continue
            tally.reencrypted += 1
            tally.was_plaintext += int(not is_encrypted(value))
            changed = True
        return (json.dumps(record, ensure_ascii=False) if changed else None), tally


class WinRecords(EncryptedJsonHash):
    """Wins: compact sealed records (`journal.wins`); ones still in the earlier JSON form with
    Fernet tokens are rewritten in the compact form."""

    def rewrap(self, raw: bytes, cipher: Cipher) -> tuple[bytes | None, RotationReport]:  # type: ignore[override]
        tally = RotationReport(records=1)
        try:
            new, values = reseal(raw, cipher)
        except CannotDecrypt:
            tally.undecryptable = len(present_values(raw))
            return None, tally
        except (ValueError, KeyError, TypeError):
            tally.unreadable = 1
            return None, tally
        for value, changed in values:
            if changed:
                tally.reencrypted += 1
                tally.was_plaintext += int(not is_encrypted(value))
            else:
                tally.current += 1
        return (new if tally.reencrypted or new != raw else None), tally


ENCRYPTED: tuple[EncryptedJsonHash, ...] = (WinRecords(keys.WIN_DATA, SENSITIVE_FIELDS),)


class KeyRotation:
    """One run of re-encryption over every owner, in batches, safe beside the live app."""

    def __init__(
        self,
        client: redis.Redis,
        cipher: Cipher,
        *,
        batch_size: int = BATCH_SIZE,
        pause: float = 0.0,
        kinds: Sequence[EncryptedJsonHash] = ENCRYPTED,
    ) -> None:
        if not cipher.enabled:
            raise ValueError("rotation needs at least one encryption key")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self._redis = client
        self._cipher = cipher
        self._batch = batch_size
        self._pause = pause
        self._kinds = tuple(kinds)
        self._compare_and_set = client.register_script(_COMPARE_AND_SET)

    def hashes(self) -> Iterator[tuple[EncryptedJsonHash, bytes]]:
        """Every stored hash that may hold encrypted values, found with SCAN."""
        for kind in self._kinds:
            for key in self._redis.scan_iter(match=kind.pattern(), count=1000, _type="hash"):
                yield kind, key

    def count(self) -> int:
        """How many records there are to look at: the total of the progress bar."""
        total = 0
        batch: list[bytes] = []
        for _, key in self.hashes():
            batch.append(key)
            if len(batch) >= 1000:
                total += self._hlen(batch)
                batch = []
        return total + self._hlen(batch)

    def run(self, progress: Callable[[int], None] | None = None) -> RotationReport:
        """Rotate everything; `progress` hears how many records each batch looked at."""
        report = RotationReport()
        for kind, key in self.hashes():
            seen: set[bytes] = set()
            rows: list[tuple[bytes, bytes]] = []
            for field, raw in self._redis.hscan_iter(key, count=self._batch):
                # HSCAN may return a field twice while the hash is resized; once is enough.
                if field in seen:
                    continue
                seen.add(field)
                rows.append((field, raw))
                if len(rows) >= self._batch:
                    self._step(kind, key, rows, report, progress)
                    rows = []
            if rows:
                self._step(kind, key, rows, report, progress)
        return report

    def rotate_rows(
        self, kind: EncryptedJsonHash, key: bytes | str, rows: Sequence[tuple[bytes, bytes]]
    ) -> RotationReport:
        """Re-encrypt `rows` of hash `key` as they were read, possibly a while ago.

        Each row is written only if the stored value is still the one read; rows changed
        since are read again and re-encrypted from their new value, up to `MAX_ATTEMPTS`.
        """
        report = RotationReport()
        pending = dict(rows)
        for _ in range(MAX_ATTEMPTS):
            if not pending:
                return report
            writes: dict[bytes, tuple[bytes, str, RotationReport]] = {}
            for field, raw in pending.items():
                new, tally = kind.rewrap(raw, self._cipher)
                if new is None:
                    report.add(tally)
                else:
                    writes[field] = (raw, new, tally)
            if not writes:
                return report
            args: list[bytes | str] = []
            for field, (raw, new, _) in writes.items():
                args += [field, raw, new]
            stale = {
                f if isinstance(f, bytes) else str(f).encode()
                for f in self._compare_and_set(keys=[key], args=args)
            }
            for field, (_, _, tally) in writes.items():
                if field not in stale:
                    report.add(tally)
            if not stale:
                return report
            fresh = self._redis.hmget(key, list(stale))
            # A field gone since is a win deleted meanwhile: nothing left to rotate.
            pending = {f: v for f, v in zip(stale, fresh, strict=True) if v is not None}
        report.records += len(pending)
        report.contended += len(pending)
        return report

    def _step(
        self,
        kind: EncryptedJsonHash,
        key: bytes,
        rows: list[tuple[bytes, bytes]],
        report: RotationReport,
        progress: Callable[[int], None] | None,
    ) -> None:
        report.add(self.rotate_rows(kind, key, rows))
        if progress is not None:
            progress(len(rows))
        if self._pause:
            time.sleep(self._pause)

    def _hlen(self, hashes: list[bytes]) -> int:
        if not hashes:
            return 0
        pipe = self._redis.pipeline(transaction=False)
        for key in hashes:
            pipe.hlen(key)
        return sum(int(n) for n in pipe.execute())
