"""What the job functions need, built once per worker process from `Settings`.

Job functions are plain importable functions (RQ looks them up by name), so they reach their
dependencies here rather than through closures. Tests and benchmarks `install` their own.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Protocol

import redis

from journal import Journal
from journal.connection import connect
from sharing import Sharing
from sharing.mail import Composer, SmtpTransport
from sharing.outbox import RETRY_INTERVALS, Outbox, queue
from sharing.tokens import Tokens
from smallwins import stores
from smallwins.settings import Settings, SettingsError

# A live sender renews its claim every third of this while it sends; a dead one's lapses
# within it, well before the retry that takes the delivery up again (30 s back-off, which
# RQ's scheduler may honour up to a second early).
LEASE_SECONDS = 20


class Session(Protocol):
    lost: bool

    def send(self, message: EmailMessage) -> None: ...


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...

    def session(self) -> AbstractContextManager[Session]: ...


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Context:
    settings: Settings
    journal: Journal
    sharing: Sharing
    composer: Composer
    transport: Transport
    outbox: Outbox
    clock: Callable[[], datetime] = _utcnow
    lease_seconds: int = LEASE_SECONDS


def rq_connection(url: str) -> redis.Redis:
    """A connection for RQ: without the app's two-second read timeout, which would cut RQ's
    blocking waits for work short; refused when `url` is a cluster node."""
    return stores.queue_client(url, blocking=True)


def build(
    settings: Settings,
    *,
    redis_client: redis.Redis | redis.RedisCluster | None = None,
    rq_client: redis.Redis | None = None,
    transport: Transport | None = None,
    clock: Callable[[], datetime] = _utcnow,
    retry_intervals: tuple[int, ...] = RETRY_INTERVALS,
    lease_seconds: int = LEASE_SECONDS,
) -> Context:
    if redis_client is None or rq_client is None:
        if not settings.redis_url:
            raise SettingsError("SMALLWINS_REDIS_URL is required for the worker and scheduler")
        redis_client = redis_client or connect(settings.redis_url)
        rq_client = rq_client or stores.queue_for(settings, redis_client, blocking=True)
    if transport is None:
        if not settings.smtp_url:
            raise SettingsError("SMALLWINS_SMTP_URL is required to send mail")
        transport = SmtpTransport(settings.smtp_url)
    cipher = settings.cipher()
    tokens = Tokens(settings.secret_key, clock)
    return Context(
        settings=settings,
        journal=Journal(redis_client, cipher=cipher),
        sharing=Sharing(redis_client, cipher=cipher, tokens=tokens, clock=clock),
        composer=Composer(
            public_url=settings.public_url, mail_from=settings.mail_from, tokens=tokens
        ),
        transport=transport,
        # With the queues on a server of their own, the owners' job sets stay with the data.
        outbox=Outbox(
            queue(rq_client),
            retry_intervals=retry_intervals,
            data=redis_client if settings.queue_url else None,
        ),
        clock=clock,
        lease_seconds=lease_seconds,
    )


_current: Context | None = None


def install(context: Context | None) -> None:
    global _current
    _current = context


def current() -> Context:
    """The installed context, or one built from the environment on first use."""
    global _current
    if _current is None:
        _current = build(Settings.from_env())
    return _current
