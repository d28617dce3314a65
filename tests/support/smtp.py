"""A real SMTP server for tests: aiosmtpd on loopback, keeping every message it accepts.

`MailSink` can be told to refuse mail (a temporary "451" at RCPT or DATA, as a mail server
that is down or overloaded answers) and to stall: hold a client in the middle of its
transaction, inside RCPT, until the test releases it, so a test can kill the process that is
sending. Messages are parsed with `email.policy.default`, so headers read as `EmailMessage`s;
the raw bytes are kept too, for checks on how a header was written on the wire.

aiosmtpd logs envelope addresses at INFO and DEBUG on `mail.log`; the session's privacy audit
would read those as our leak, so while a sink runs its loggers are held at WARNING.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller

from smallwins.mail_sink import free_port

HOST = "127.0.0.1"
TRY_AGAIN = "451 4.3.0 try again later"
_SERVER_LOGGERS = ("mail.log", "mail.debug")


@dataclass(frozen=True)
class Received:
    """One accepted message: parsed, with its envelope and the bytes as they arrived."""

    message: EmailMessage
    sender: str
    recipients: tuple[str, ...]
    raw: bytes
    peer: tuple[str, int] | None = None
    """The client's address and port: messages with the same came over one connection."""


class _Handler:
    """aiosmtpd hooks; all state lives on the sink, guarded by its lock."""

    def __init__(self, sink: MailSink) -> None:
        self._sink = sink

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        sink = self._sink
        if sink._take_stall():
            sink.stalled.set()
            # Poll rather than block: the server's one event loop must keep serving others.
            while not sink._release.is_set():
                await asyncio.sleep(0.01)
        if sink._take_refusal("RCPT"):
            return sink._reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        sink = self._sink
        if sink._take_refusal("DATA"):
            return sink._reply
        raw = bytes(envelope.original_content or b"")
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        sink._keep(
            Received(
                message=parsed,
                sender=str(envelope.mail_from),
                recipients=tuple(envelope.rcpt_tos),
                raw=raw,
                peer=tuple(session.peer) if session.peer else None,
            )
        )
        return "250 2.0.0 OK: queued"


class MailSink:
    """An SMTP server on loopback that keeps what it accepts; use as a context manager."""

    def __init__(self, host: str = HOST) -> None:
        self.host = host
        self.port = free_port(host)
        self._controller: Controller | None = None
        self._changed = threading.Condition()
        self._received: list[Received] = []
        self._refuse_left: int | None = 0  # None: refuse until `accept()`
        self._refuse_stage = "DATA"
        self._let_through = 0
        self._reply = TRY_AGAIN
        self.refused = 0
        """How many times the sink said "no" since it started (or since `clear()`)."""
        self._stall_left = 0
        self._release = threading.Event()
        self.stalled = threading.Event()
        """Set while a client is held inside RCPT by `stall()`."""
        self._levels: dict[str, int] = {}

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> MailSink:
        for name in _SERVER_LOGGERS:
            logger = logging.getLogger(name)
            self._levels[name] = logger.level
            logger.setLevel(logging.WARNING)
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        self._release.set()  # never leave a held client behind
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
        for name, level in self._levels.items():
            logging.getLogger(name).setLevel(level)
        self._levels.clear()

    def __enter__(self) -> MailSink:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- behaviour ------------------------------------------------------------------------------

    def refuse(
        self, times: int | None = None, *, at: str = "DATA", reply: str = TRY_AGAIN, after: int = 0
    ) -> None:
        """Answer `reply` at RCPT or DATA for the next `times` messages (None: until `accept`),
        once `after` more have gone through (a server failing part-way through a batch). To
        a "421" reply (the server shutting down) the client hangs up."""
        if at not in ("RCPT", "DATA"):
            raise ValueError("refuse at RCPT or DATA")
        with self._changed:
            self._let_through = after
            self._refuse_left = times
            self._refuse_stage = at
            self._reply = reply

    def accept(self) -> None:
        """Take mail normally again."""
        with self._changed:
            self._refuse_left = 0

    def stall(self, times: int = 1) -> None:
        """Hold the next `times` clients inside RCPT until `release()`."""
        with self._changed:
            self._stall_left = times
            self._release.clear()
            self.stalled.clear()

    def release(self) -> None:
        """Let held clients go on (a client that died meanwhile just finds its line closed)."""
        self._release.set()

    def clear(self) -> None:
        with self._changed:
            self._received.clear()
            self.refused = 0

    # -- what arrived -----------------------------------------------------------------------------

    @property
    def received(self) -> list[Received]:
        with self._changed:
            return list(self._received)

    @property
    def messages(self) -> list[EmailMessage]:
        return [item.message for item in self.received]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """The messages once at least `count` have arrived; AssertionError after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self._received) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"expected {count} messages within {timeout}s, got {len(self._received)}"
                    )
                self._changed.wait(left)
            return [item.message for item in self._received]

    # -- used by the handler, on the server's thread ----------------------------------------------

    def _keep(self, item: Received) -> None:
        with self._changed:
            self._received.append(item)
            self._changed.notify_all()

    def _take_refusal(self, stage: str) -> bool:
        with self._changed:
            if stage != self._refuse_stage or self._refuse_left == 0:
                return False
            if self._let_through > 0:
                self._let_through -= 1
                return False
            if self._refuse_left is not None:
                self._refuse_left -= 1
            self.refused += 1
            self._changed.notify_all()
            return True

    def _take_stall(self) -> bool:
        with self._changed:
            if self._stall_left <= 0:
                return False
            self._stall_left -= 1
            return True


def mail_text(message: EmailMessage) -> str:
    """The text part of a message."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())
