"""The win: one spoken sentence about a time the person got it right, and how it is stored.

A stored win is compact bytes, because wins are most of what Redis holds:

    0x02 | when said (microseconds since 1970, 8 bytes) | local day (ordinal, 3 bytes)
    | then text, helped, felt: each a 2-byte length and, when present, a kind byte
      (0 plain UTF-8, 1 sealed by `Cipher.seal`) and the bytes

Each of the person's words is sealed on its own, so the record script can store a new win and
the detail script can set one follow-up (see `journal.store`) without ever seeing plaintext.
Wins stored before this format are JSON with Fernet tokens; they are still read as they are,
and `smallwins keys rotate` rewrites them in this form.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from journal.crypto import PLAINTEXT, Cipher

# The person's own words. Each is encrypted on its own when a key is configured; ids, times
# and days stay readable so the server can order and page without seeing what was said.
SENSITIVE_FIELDS = ("text", "helped", "felt")
# The associated data each sealed field is bound to: one field cannot pass for another.
_BOUND = {name: f"win:{name}".encode() for name in SENSITIVE_FIELDS}
VERSION = b"\x02"
HEADER = 12
_PLAIN, _SEALED = 0, 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(at: datetime) -> int:
    return (at - _EPOCH) // timedelta(microseconds=1)


def when_said(raw: bytes) -> tuple[datetime, date] | None:
    """When a stored win was said and its local day, from the header alone (nothing is
    decrypted); None for the earlier JSON form."""
    if not raw.startswith(VERSION):
        return None
    micros = struct.unpack(">q", raw[1:9])[0]
    return _EPOCH + timedelta(microseconds=micros), date.fromordinal(int.from_bytes(raw[9:HEADER]))


@dataclass(frozen=True)
class Win:
    """A win as stored: the words, the optional follow-ups, and when it happened.

    `day` is the person's local date when they said it, kept as said: a later change of
    time zone must not move yesterday's win to today.
    """

    id: str
    text: str
    at: datetime
    day: date
    helped: str | None = None
    felt: str | None = None

    def to_stored(self, cipher: Cipher = PLAINTEXT) -> bytes:
        """The stored form, with the words sealed by `cipher` (plain without a key)."""
        header = VERSION + struct.pack(">q", _micros(self.at)) + self.day.toordinal().to_bytes(3)
        return header + b"".join(
            segment(name, value, cipher)
            for name, value in (("text", self.text), ("helped", self.helped), ("felt", self.felt))
        )

    @classmethod
    def from_stored(cls, win_id: str, raw: bytes | str, cipher: Cipher = PLAINTEXT) -> Win:
        """Read a stored win, in either form; raises `CannotDecrypt` when its key is not
        configured, and ValueError when it is neither form."""
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        header = when_said(raw)
        if header is None:
            return cls.from_json(win_id, raw, cipher)
        words = {name: open_value(name, value, cipher) for name, value in stored_values(raw)}
        text = words.get("text")
        if text is None:
            raise ValueError("a stored win without words")
        return cls(
            id=win_id,
            text=text,
            at=header[0],
            day=header[1],
            helped=words.get("helped"),
            felt=words.get("felt"),
        )

    @classmethod
    def from_json(cls, win_id: str, raw: str | bytes, cipher: Cipher = PLAINTEXT) -> Win:
        """Read a win stored in the earlier JSON form (Fernet tokens or plaintext)."""
        data = json.loads(raw)
        return cls(
            id=win_id,
            text=cipher.decrypt(data["text"]),
            at=datetime.fromisoformat(data["at"]),
            day=date.fromisoformat(data["day"]),
            helped=cipher.decrypt_optional(data.get("helped") or None),
            felt=cipher.decrypt_optional(data.get("felt") or None),
        )


def segment(name: str, value: str | None, cipher: Cipher) -> bytes:
    """One field of the stored form: its length, then its kind and bytes (empty for None)."""
    if value is None:
        return b"\x00\x00"
    if cipher.enabled:
        body = bytes([_SEALED]) + cipher.seal(value, _BOUND[name])
    else:
        body = bytes([_PLAIN]) + value.encode("utf-8")
    if len(body) > 0xFFFF:
        raise ValueError("a field too long to store")
    return len(body).to_bytes(2) + body


def stored_values(raw: bytes) -> list[tuple[str, str | bytes]]:
    """The present fields of a stored win as (name, value): plaintext as str, sealed as bytes
    (what `is_encrypted` and rotation look at)."""
    found: list[tuple[str, str | bytes]] = []
    position = HEADER
    for name in SENSITIVE_FIELDS:
        length = int.from_bytes(raw[position : position + 2])
        body = raw[position + 2 : position + 2 + length]
        position += 2 + length
        if len(body) != length:
            raise ValueError("a stored win cut short")
        if body:
            kind, value = body[0], body[1:]
            found.append((name, value if kind == _SEALED else value.decode("utf-8")))
    return found


def present_values(raw: bytes) -> list[str | bytes]:
    """The stored values of a win's present fields, in either form, without opening them."""
    if raw.startswith(VERSION):
        return [value for _, value in stored_values(raw)]
    record = json.loads(raw)
    return [record[name] for name in SENSITIVE_FIELDS if record.get(name)]


def open_value(name: str, value: str | bytes, cipher: Cipher) -> str:
    return cipher.unseal(value, _BOUND[name]) if isinstance(value, bytes) else value


def reseal(raw: bytes, cipher: Cipher) -> tuple[bytes, list[tuple[str | bytes, bool]]]:
    """A stored win (either form) with every field sealed by the newest key, and for each
    present field (its stored value, whether it had to change). Raises `CannotDecrypt`."""
    if not raw.startswith(VERSION):
        legacy = json.loads(raw)
        win = Win.from_json("", raw, cipher)
        values = [(legacy[name], True) for name in SENSITIVE_FIELDS if legacy.get(name)]
        return win.to_stored(cipher), values
    out = [raw[:HEADER]]
    values: list[tuple[str | bytes, bool]] = []
    present = dict(stored_values(raw))
    for name in SENSITIVE_FIELDS:
        value = present.get(name)
        current = isinstance(value, bytes) and cipher.sealed_by_newest(value, _BOUND[name])
        if value is not None:
            values.append((value, not current))
        if current:
            assert isinstance(value, bytes)
            body = bytes([_SEALED]) + value
            out.append(len(body).to_bytes(2) + body)
        else:
            plain = None if value is None else open_value(name, value, cipher)
            out.append(segment(name, plain, cipher))
    return b"".join(out), values
