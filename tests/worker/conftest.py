"""The worker room's fixtures: a worker `Context` on the embedded Redis with a clock the test
sets, mailing the shared SMTP sink; and helpers the tests import: a buddy who has said yes
through the public API, a win said by a test person."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
import redis

from journal.zones import zone_named
from sharing.records import Recipient
from smallwins.settings import Settings
from tests.support.clock import Clock
from tests.support.dialog import SPOKEN
from tests.support.smtp import MailSink
from worker import context as worker_context
from worker.context import Context

SECRET = b"worker-tests-secret-0123456789abcdefghij"  # 40 characters
PUBLIC_URL = "https://wins.example.org"
TZ = "America/New_York"
# Monday 2 March 2026, 09:00 in New York: the week before the spring clock change.
START = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def rq_client(redis_url: str, queue_url: str | None) -> Iterator[redis.Redis]:
    client = worker_context.rq_connection(queue_url or redis_url)
    yield client
    client.close()


MakeContext = Callable[..., Context]


@pytest.fixture
def make_context(
    redis_url: str,
    queue_url: str | None,
    redis_client: redis.Redis,
    rq_client: redis.Redis,
    mail_sink: MailSink,
    clock: Clock,
) -> Iterator[MakeContext]:
    """Build and install a worker context; keyword arguments go to `worker.context.build`."""

    def make(
        *,
        retry_intervals: tuple[int, ...] = (),
        lease_seconds: int = 30,
        encryption_keys: tuple[str, ...] = (),
    ) -> Context:
        settings = Settings(
            env="development",
            secret_key=SECRET,
            redis_url=redis_url,
            queue_url=queue_url,
            smtp_url=mail_sink.url,
            default_tz=TZ,
            public_url=PUBLIC_URL,
            encryption_keys=encryption_keys,
        )
        settings.validate()
        ctx = worker_context.build(
            settings,
            redis_client=redis_client,
            rq_client=rq_client,
            clock=clock,
            retry_intervals=retry_intervals,
            lease_seconds=lease_seconds,
        )
        worker_context.install(ctx)
        return ctx

    yield make
    worker_context.install(None)


@pytest.fixture
def ctx(make_context: MakeContext) -> Context:
    """The default context: no retries, a 30-second lease."""
    return make_context()


def confirmed_buddy(
    ctx: Context,
    owner: str,
    *,
    name: str = "Robin",
    email: str = "robin@example.org",
    weekly: bool = True,
    kind: str = "buddy",
) -> Recipient:
    """A buddy made the way people make one: invite, accept, confirm, and the person's "yes"."""
    invite = ctx.sharing.invites.open(owner, kind)
    _, recipient, new = ctx.sharing.invites.accept(invite.token, name, email)
    assert new
    assert ctx.sharing.recipients.confirm(owner, recipient.id, recipient.nonce) is not None
    if weekly and kind != "group":
        # The zone the skill would pass: the device's as last read, else the default.
        kept = zone_named(ctx.journal.profile_field(owner, "tz"))
        tz = kept.key if kept else ctx.settings.zone_for(None)
        ctx.sharing.recipients.answer_weekly(owner, recipient.id, yes=True, tz=tz)
    found = ctx.sharing.recipients.get(owner, recipient.id)
    assert found is not None
    return found


def say(ctx: Context, owner: str, text: str, at: datetime, *, helped: str | None = None) -> str:
    """Record a win as the person said it (and let the privacy audit look for its words)."""
    SPOKEN.add(text)
    win = ctx.journal.record(owner, text, at=at).win
    if helped is not None:
        SPOKEN.add(helped)
        assert ctx.journal.add_detail(owner, win.id, helped=helped)
    return win.id
