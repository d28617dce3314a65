"""What the person hosting the skill runs by hand: keys, rotation, and people's data requests.

`smallwins keys new|rotate` and `smallwins user export|delete` (see `smallwins.cli`). They read
the same `SMALLWINS_*` settings as the app and talk to the same Redis, as their own process
beside it: nothing here needs the app stopped.

A data request names a person by their Alexa id (the person id when Alexa recognised the
speaker, otherwise the account's user id): the id is turned into the owner key at once, as the
webhook does, and is never printed or logged. Pass `-` to read it from stdin and keep it out
of the shell history and the process list.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from typing import TextIO

import redis
import redis.exceptions

from journal import Journal, StorageUnavailable, keys, owner_key
from journal.connection import connect
from journal.crypto import CannotDecrypt, Cipher
from journal.export import render_text
from journal.rotation import ENCRYPTED, KeyRotation, RotationReport
from journal.store import outage
from sharing import Sharing
from sharing.erasure import erase_person
from sharing.export import render_sharing_text, with_sharing
from sharing.outbox import Outbox, queue
from sharing.records import ENCRYPTED as SHARED
from sharing.tokens import Tokens
from smallwins import stores
from smallwins.settings import Settings, SettingsError


class OperatorError(Exception):
    """A command could not do its job; the message is safe to print (no ids, no words)."""


def _unavailable(exc: Exception, then: str) -> Exception:
    """A Redis that can't be reached or refuses writes (out of memory, a failed snapshot) as
    one line for the operator; any other Redis error as it was, since it is ours to fix."""
    if isinstance(exc, StorageUnavailable):
        return OperatorError(f"Redis is unavailable ({exc}); {then}")
    name = outage(exc)
    return exc if name is None else OperatorError(f"Redis is unavailable ({name}); {then}")


def new_key() -> str:
    """A fresh key for `SMALLWINS_ENCRYPTION_KEYS`."""
    return Cipher.generate_key()


def read_identity(value: str, stdin: TextIO) -> str:
    """The Alexa id from the command line, or from the first line of stdin for `-`."""
    identity = (stdin.readline() if value == "-" else value).strip()
    if not identity:
        raise OperatorError("an Alexa person or user id is needed (--alexa-id ID, or - for stdin)")
    return identity


class ProgressBar:
    """A one-line progress bar on a stream: redrawn ten times a second on a terminal, and
    only every few seconds into a file or pipe, where each redraw leaves a line behind."""

    def __init__(self, total: int, stream: TextIO, *, label: str, width: int = 30) -> None:
        self.total = total
        self.done = 0
        self._stream = stream
        self._label = label
        self._width = width
        self._drawn_at = 0.0
        self._interval = 0.1 if stream.isatty() else 5.0
        self._draw()

    def advance(self, n: int) -> None:
        self.done += n
        if time.monotonic() - self._drawn_at >= self._interval:
            self._draw()

    def close(self) -> None:
        self._draw()
        self._stream.write("\n")
        self._stream.flush()

    def _draw(self) -> None:
        self._drawn_at = time.monotonic()
        # Records written while the run goes on can take `done` past the count made at start.
        share = 1.0 if self.total <= 0 else min(1.0, self.done / self.total)
        filled = round(share * self._width)
        bar = "#" * filled + "-" * (self._width - filled)
        self._stream.write(
            f"\r{self._label} [{bar}] {share:4.0%} {self.done}/{max(self.total, self.done)}"
        )
        self._stream.flush()


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _sharing(client: redis.Redis, settings: Settings) -> Sharing:
    return Sharing(client, cipher=settings.cipher(), tokens=Tokens(settings.secret_key, _utcnow))


def _client(settings: Settings) -> redis.Redis:
    if not settings.redis_url:
        raise SettingsError("SMALLWINS_REDIS_URL must name the Redis the app uses")
    return connect(settings.redis_url)


def rotate_keys(
    settings: Settings,
    *,
    batch_size: int,
    pause: float,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Re-encrypt everything with the newest key; print progress to `err`, a summary to `out`.

    Exit status 0 when everything readable is under the newest key, 1 when values were left
    (undecryptable, unreadable or busy: the summary says which and what to do).
    """
    cipher = settings.cipher()
    if not cipher.enabled:
        raise SettingsError("SMALLWINS_ENCRYPTION_KEYS is empty: there is no key to rotate to")
    client = _client(settings)
    try:
        rotation = KeyRotation(
            client, cipher, batch_size=batch_size, pause=pause, kinds=(*ENCRYPTED, *SHARED)
        )
        bar = ProgressBar(rotation.count(), err, label="re-encrypting")
        try:
            report = rotation.run(progress=bar.advance)
        finally:
            bar.close()
    except redis.exceptions.RedisError as exc:
        raise _unavailable(exc, "re-run later") from None
    finally:
        client.close()
    out.write(summary(report))
    return 0 if report.clean else 1


def summary(report: RotationReport) -> str:
    """The lines `smallwins keys rotate` ends with."""
    lines = [
        f"records looked at:      {report.records}",
        f"values re-encrypted:    {report.reencrypted}"
        + (f" ({report.was_plaintext} of them were plaintext)" if report.was_plaintext else ""),
        f"values already current: {report.current}",
    ]
    if report.undecryptable:
        lines.append(
            f"values NOT decryptable: {report.undecryptable} - no configured key reads them; "
            "put the key that wrote them back in SMALLWINS_ENCRYPTION_KEYS and re-run"
        )
    if report.unreadable:
        lines.append(f"records not readable:   {report.unreadable} - left as they are")
    if report.contended:
        lines.append(f"records busy:           {report.contended} - re-run to finish them")
    if not report.reencrypted and report.clean:
        lines.append("nothing to do: every value is already under the newest key")
    return "\n".join(lines) + "\n"


def export_user(
    settings: Settings,
    identity: str,
    *,
    fmt: str,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Print everything stored for `identity`, decrypted, as JSON or as readable text."""
    owner = owner_key(settings.secret_key, identity)
    client = _client(settings)
    try:
        journal = Journal(client, cipher=settings.cipher())
        sharing = _sharing(client, settings)
        data = with_sharing(journal.export(owner), sharing, owner)
    except CannotDecrypt as exc:
        raise OperatorError(str(exc)) from None
    except (StorageUnavailable, redis.exceptions.RedisError) as exc:
        raise _unavailable(exc, "re-run later") from None
    finally:
        client.close()
    if not data["wins"] and data["first_seen"] is None:
        err.write(
            "smallwins: nothing is stored for this id (is it the person id or user id the "
            "skill saw, and the same SMALLWINS_SECRET_KEY?)\n"
        )
    if fmt == "json":
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_text(data) + render_sharing_text(data))
    return 0


def delete_user(
    settings: Settings,
    identity: str,
    *,
    assume_yes: bool,
    stdin: TextIO,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Erase everything stored for `identity`, after a confirmation unless `assume_yes`."""
    owner = owner_key(settings.secret_key, identity)
    short = owner[:12]
    client = _client(settings)
    try:
        journal = Journal(client, cipher=settings.cipher())
        found = sum(1 for _ in client.scan_iter(match=keys.owner_pattern(owner), count=500))
        if not found:
            out.write(f"nothing is stored for this id (owner {short}…); nothing deleted\n")
            return 0
        if not assume_yes:
            err.write(
                f"This permanently deletes everything stored for owner {short}… "
                f"({found} keys, {journal.count(owner)} wins). Type 'yes' to delete: "
            )
            err.flush()
            if stdin.readline().strip().lower() not in {"y", "yes"}:
                err.write("\nnot deleted\n")
                return 1
        had_reminder = bool(journal.profile(owner).get("reminder_token"))
        sharing = _sharing(client, settings)
        jobs = stores.queue_for(settings, client)
        removed = erase_person(journal, sharing, Outbox(queue(jobs), data=client), owner)
    except (StorageUnavailable, redis.exceptions.RedisError) as exc:
        raise _unavailable(exc, "re-run") from None
    finally:
        client.close()
    out.write(f"deleted {removed} keys for owner {short}…\n")
    if had_reminder:
        # Only a request from the person's own device carries the token Alexa needs.
        out.write(
            "note: this person had a daily reminder; it lives in their Alexa account and can\n"
            "only be removed there (Alexa app, Reminders) or by voice before deletion.\n"
        )
    return 0
