"""The win: one spoken sentence about a time the person got it right."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from journal.crypto import PLAINTEXT, Cipher

# The person's own words. Each is encrypted on its own when a key is configured; ids, times
# and days stay readable so the server can order and page without seeing what was said.
SENSITIVE_FIELDS = ("text", "helped", "felt")


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

    def to_json(self, cipher: Cipher = PLAINTEXT) -> str:
        """The stored form, with the words encrypted by `cipher`."""
        return json.dumps(
            {
                "text": cipher.encrypt(self.text),
                "at": self.at.isoformat(),
                "day": self.day.isoformat(),
                "helped": cipher.encrypt_optional(self.helped),
                "felt": cipher.encrypt_optional(self.felt),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, win_id: str, raw: str | bytes, cipher: Cipher = PLAINTEXT) -> Win:
        """Read a stored win; raises `CannotDecrypt` when its key is not configured."""
        data = json.loads(raw)
        return cls(
            id=win_id,
            text=cipher.decrypt(data["text"]),
            at=datetime.fromisoformat(data["at"]),
            day=date.fromisoformat(data["day"]),
            helped=cipher.decrypt_optional(data.get("helped") or None),
            felt=cipher.decrypt_optional(data.get("felt") or None),
        )
