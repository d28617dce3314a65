"""Encryption at rest for the words people say: one `Cipher`, used field by field.

Why Fernet (through `MultiFernet`) rather than AES-GCM with a key id of our own:

- it is a complete, reviewed construction (AES-128-CBC with HMAC-SHA256, random IVs,
  versioned tokens) with nothing for us to get wrong: no nonce bookkeeping, no key-id format;
- its keys are one copy-pasteable string (`Fernet.generate_key()`, 32 url-safe base64 bytes),
  which is what an operator puts in `SMALLWINS_ENCRYPTION_KEYS`;
- `MultiFernet` already has the rotation semantics we want: encrypt with the first key, decrypt
  with any, re-encrypt with the first.

What it costs, accepted knowingly: a token is about 100 bytes longer than its text (wins are
one sentence; this is noise), decryption tries keys newest first (after a rotation the first
try succeeds), and a token is not bound to where it is stored, so someone who can already
*write* to Redis could swap two ciphertexts. The threat here is disclosure of a dump, an
append-only file or a backup, and against that every value is covered.

Each sensitive field is encrypted on its own, so a Lua script can still set one field of a
stored win (it receives a value that is already encrypted) and JSON structure, dates and ids
stay readable to the server. Stored tokens carry the `fernet:` prefix: a value without it is
plaintext, written before a key was configured (or with none), and is still read as such until
`smallwins keys rotate` encrypts it. (Only plaintext that itself began with `fernet:` would be
misread, and spoken words do not.)

The cipher is general on purpose: cheers and email addresses will go through the same one.

Wins, the bulk of what is stored, are sealed more compactly (`seal`/`unseal`): ChaCha20-Poly1305
over raw bytes, under a key derived with HKDF from each configured key, so a value costs its
words plus 28 bytes (nonce and tag) instead of Fernet's base64 (a third more) plus about 60.
The derived keys come from the same `SMALLWINS_ENCRYPTION_KEYS`, in the same order, so rotation
works alike; the associated data binds each sealed value to what it is (a win's text, what
helped, how it felt), so one cannot pass for another.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from journal.errors import JournalError

PREFIX = "fernet:"
_NONCE = 12
_SEAL_INFO = b"smallwins sealed values v1"


class CannotDecrypt(JournalError):
    """A stored value was encrypted with a key that is not configured (any more).

    The message never contains the value: the caller sees only that a key is missing.
    """


class InvalidKey(ValueError):
    """A configured key is not a Fernet key. The message says which one, never the key."""


def is_encrypted(stored: str | bytes) -> bool:
    """True for a value this module encrypted (a Fernet token, or sealed bytes); False for
    plaintext stored without a key."""
    return isinstance(stored, bytes) or stored.startswith(PREFIX)


class Cipher:
    """Encrypts and decrypts single string values with the newest of several keys.

    `Cipher.none()` is the "no key configured" cipher: it stores plaintext and reads plaintext,
    and refuses (with `CannotDecrypt`) to pretend it can read an encrypted value.
    """

    def __init__(self, fernets: Sequence[Fernet], raw_keys: Sequence[bytes] = ()) -> None:
        self._fernets = tuple(fernets)
        self._newest = self._fernets[0] if self._fernets else None
        self._all = MultiFernet(list(self._fernets)) if self._fernets else None
        self._aeads = tuple(
            ChaCha20Poly1305(
                HKDF(algorithm=SHA256(), length=32, salt=None, info=_SEAL_INFO).derive(raw)
            )
            for raw in raw_keys
        )

    @classmethod
    def from_keys(cls, keys: Sequence[str]) -> Cipher:
        """A cipher over `keys`, newest first; an empty list is `Cipher.none()`.

        Raises `InvalidKey` naming the key's position (1-based) and never its text.
        """
        fernets, raws = [], []
        for position, key in enumerate(keys, start=1):
            try:
                raw = base64.b64decode(key.encode("ascii"), altchars=b"-_", validate=True)
                # Canonical form only: two keys pasted without a comma, or stray characters,
                # must not quietly decode to some other key.
                if len(raw) != 32 or base64.urlsafe_b64encode(raw).decode("ascii") != key:
                    raise ValueError("not a canonical 32-byte key")
                fernets.append(Fernet(key.encode("ascii")))
                raws.append(raw)
            except (ValueError, binascii.Error):
                # `from None`: the underlying message or traceback must not carry the key.
                raise InvalidKey(
                    f"key {position} of {len(keys)} is not a Fernet key "
                    "(32 url-safe base64-encoded bytes; `smallwins keys new` makes one)"
                ) from None
        return cls(fernets, raws)

    @classmethod
    def none(cls) -> Cipher:
        return cls(())

    @staticmethod
    def generate_key() -> str:
        return Fernet.generate_key().decode("ascii")

    @property
    def enabled(self) -> bool:
        """True when values are encrypted on write."""
        return self._newest is not None

    def encrypt(self, plaintext: str) -> str:
        """The stored form of `plaintext`: a prefixed token, or the text itself without a key."""
        if self._newest is None:
            return plaintext
        return PREFIX + self._newest.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, stored: str) -> str:
        """The text of a stored value, whichever configured key wrote it; plaintext as is."""
        if not is_encrypted(stored):
            return stored
        if self._all is None:
            raise CannotDecrypt("an encrypted value was read but no encryption key is configured")
        try:
            return self._all.decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            raise CannotDecrypt("no configured encryption key decrypts a stored value") from None

    def needs_rotation(self, stored: str) -> bool:
        """True when `stored` is not yet encrypted with the newest key (plaintext included).

        Always False without a key: there is nothing to rotate to.
        """
        if self._newest is None:
            return False
        if not is_encrypted(stored):
            return True
        try:
            self._newest.decrypt(stored[len(PREFIX) :].encode("ascii"))
        except (InvalidToken, UnicodeError):
            return True
        return False

    def rotate(self, stored: str) -> str:
        """`stored` re-encrypted with the newest key; plaintext is encrypted.

        Raises `CannotDecrypt` when no configured key reads it, and `ValueError` without a key.
        """
        if self._all is None:
            raise ValueError("rotation needs at least one encryption key")
        if not is_encrypted(stored):
            return self.encrypt(stored)
        try:
            token = self._all.rotate(stored[len(PREFIX) :].encode("ascii"))
        except (InvalidToken, UnicodeError):
            raise CannotDecrypt("no configured encryption key decrypts a stored value") from None
        return PREFIX + token.decode("ascii")

    # -- sealed bytes: compact, for wins ---------------------------------------------------------

    def seal(self, plaintext: str, what: bytes) -> bytes:
        """`plaintext` sealed with the newest key, bound to `what`; needs a key (`enabled`)."""
        if not self._aeads:
            raise ValueError("sealing needs an encryption key")
        nonce = os.urandom(_NONCE)
        return nonce + self._aeads[0].encrypt(nonce, plaintext.encode("utf-8"), what)

    def unseal(self, sealed: bytes, what: bytes) -> str:
        """The text of a sealed value, whichever configured key sealed it."""
        for aead in self._aeads:
            try:
                return aead.decrypt(sealed[:_NONCE], sealed[_NONCE:], what).decode("utf-8")
            except (InvalidTag, ValueError, UnicodeError):
                continue
        raise CannotDecrypt("no configured encryption key unseals a stored value")

    def sealed_by_newest(self, sealed: bytes, what: bytes) -> bool:
        """True when the newest key sealed `sealed` (nothing to rotate)."""
        if not self._aeads:
            return False
        try:
            self._aeads[0].decrypt(sealed[:_NONCE], sealed[_NONCE:], what)
        except (InvalidTag, ValueError):
            return False
        return True

    def encrypt_optional(self, plaintext: str | None) -> str | None:
        return None if plaintext is None else self.encrypt(plaintext)

    def decrypt_optional(self, stored: str | None) -> str | None:
        return None if stored is None else self.decrypt(stored)

    def __repr__(self) -> str:
        # Never the keys: a Cipher may end up in a log line or a traceback.
        return f"Cipher(keys={len(self._fernets)})"


PLAINTEXT = Cipher.none()
