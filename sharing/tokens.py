"""Signed, expiring tokens for the links in cards and emails.

Each token is encrypted and timestamped (Fernet) with a key derived from the app's secret, so
the ids inside can't be read or forged, and each names its purpose, so an unsubscribe token
can't be used to confirm. Whether a token is still *usable* (not yet used, not withdrawn) is
decided by the records it points at, not by the token.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from datetime import datetime

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

DAY = 24 * 60 * 60
LIFETIMES = {
    "invite": 2 * DAY,
    "confirm": 7 * DAY,
    "cheer": 30 * DAY,
    # An unsubscribe link must keep working as long as the mail that carries it is kept.
    "unsubscribe": 400 * DAY,
}


class Tokens:
    """Tokens for the purposes in `lifetimes`, under a key of their own (`info` tells the keys
    of different uses apart)."""

    def __init__(
        self,
        secret: bytes,
        clock: Callable[[], datetime],
        *,
        info: bytes = b"smallwins-sharing",
        lifetimes: Mapping[str, int] = LIFETIMES,
    ) -> None:
        key = HKDF(algorithm=SHA256(), length=32, salt=None, info=info).derive(secret)
        self._fernet = Fernet(base64.urlsafe_b64encode(key))
        self._clock = clock
        self._lifetimes = dict(lifetimes)

    def make(self, purpose: str, **data: str) -> str:
        if purpose not in self._lifetimes:
            raise ValueError(f"unknown token purpose {purpose!r}")
        payload = json.dumps({"p": purpose, **data}, separators=(",", ":")).encode()
        return self._fernet.encrypt_at_time(payload, self._now()).decode()

    def read(self, purpose: str, token: str, *fields: str) -> dict[str, str] | None:
        """The data in a genuine, unexpired token made for `purpose` that holds every one of
        `fields`; otherwise None."""
        try:
            lifetime = self._lifetimes[purpose]
            payload = self._fernet.decrypt_at_time(token.encode(), lifetime, self._now())
            data = json.loads(payload)
        except (InvalidToken, ValueError, UnicodeError):
            return None
        if not isinstance(data, dict) or data.pop("p", None) != purpose:
            return None
        if not all(isinstance(v, str) for v in data.values()) or not set(fields) <= data.keys():
            return None
        return data

    def _now(self) -> int:
        return int(self._clock().timestamp())
