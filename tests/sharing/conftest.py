"""Fixtures for the buddy pages: the real app on the embedded Redis with a clock the test sets,
a real SMTP sink, and a worker context that shares the app's secret, keys and clock, so the
links in the mails it sends open the app's pages. The browser fixtures come from
`tests.support.browser`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.message import EmailMessage

import pytest
import redis
from flask import Flask

from journal import owner_key
from sharing import Sharing
from skill.app import create_app
from smallwins.settings import Settings
from tests.support.browser import browser, live_server  # noqa: F401
from tests.support.burst import run_worker
from tests.support.clock import Clock
from tests.support.smtp import MailSink, mail_text
from worker import context as worker_context
from worker.context import Context

PAGES_SECRET = b"sharing-pages-tests-secret-0123456789abc"
# A Fernet key (base64 of 32 bytes): names and addresses are stored encrypted, as in production.
PAGES_KEY = "c2hhcmluZy1wYWdlcy10ZXN0LWtleS0wMDAwMDAwMDA="
PAGES_TZ = "America/New_York"
PAGES_PUBLIC_URL = "https://wins.example.org"
# Tuesday 24 November 2026, noon in New York.
PAGES_START = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
SAM = owner_key(PAGES_SECRET, "amzn1.ask.account.TEST-PAGES-SAM")
# What Maria meets on the pages, in both the HTTP and the browser tests.
MARIA = "maria@example.org"
WIN = "I went for a walk instead of drinking"
# The confirmed page's list, for Sam's default schedule.
ALL_SET = [
    "A short note whenever Sam chooses to share a win with you.",
    "If Sam says yes, a weekly note on Sundays at 6 PM with the week's wins and what helped. "
    "They'll be asked the next time they open Small Wins.",
    "A link in each note to send Sam a few words of encouragement.",
]
HOW_TO_STOP = (
    "How to stop: every note has an unsubscribe link. One click, and nothing more comes to you."
)


@dataclass
class Pages:
    """The app serving the pages, and the worker that sends the mails they lead to."""

    settings: Settings
    app: Flask
    clock: Clock
    sink: MailSink
    rq_client: redis.Redis
    redis_client: redis.Redis
    ctx: Context | None = None

    @property
    def sharing(self) -> Sharing:
        return self.app.extensions["sharing-pages"].sharing

    def use_public_url(self, public_url: str) -> Context:
        """(Re)build and install the worker context, its mails linking to `public_url`."""
        settings = replace(self.settings, public_url=public_url)
        settings.validate()
        self.ctx = worker_context.build(
            settings,
            redis_client=self.redis_client,
            rq_client=self.rq_client,
            clock=self.clock,
            retry_intervals=(),
        )
        worker_context.install(self.ctx)
        return self.ctx

    @property
    def worker(self) -> Context:
        assert self.ctx is not None, "call use_public_url first"
        return self.ctx

    def run_worker(self) -> list[EmailMessage]:
        """Work the queue until it is empty (a real RQ worker, burst mode); every mail so far."""
        run_worker(self.worker)
        return self.sink.messages


def pages_settings(
    redis_url: str, smtp_url: str | None = None, queue_url: str | None = None
) -> Settings:
    """The same settings for the app and the worker, as in one deployment."""
    settings = Settings(
        env="development",
        secret_key=PAGES_SECRET,
        verify_signatures=False,
        default_tz=PAGES_TZ,
        redis_url=redis_url,
        queue_url=queue_url,
        smtp_url=smtp_url,
        public_url=PAGES_PUBLIC_URL,
        encryption_keys=(PAGES_KEY,),
    )
    settings.validate()
    return settings


@pytest.fixture
def pages_clock() -> Clock:
    return Clock(PAGES_START)


@pytest.fixture
def pages(
    redis_url: str,
    queue_url: str | None,
    redis_client: redis.Redis,
    mail_sink: MailSink,
    pages_clock: Clock,
) -> Iterator[Pages]:
    """The app (as `create_app` builds it for gunicorn) and a worker context installed beside
    it, mailing links to `PAGES_PUBLIC_URL` until a test points them elsewhere."""
    settings = pages_settings(redis_url, mail_sink.url, queue_url)
    rq_client = worker_context.rq_connection(queue_url or redis_url)
    harness = Pages(
        settings=settings,
        app=create_app(settings, redis_client=redis_client, clock=pages_clock),
        clock=pages_clock,
        sink=mail_sink,
        rq_client=rq_client,
        redis_client=redis_client,
    )
    harness.use_public_url(PAGES_PUBLIC_URL)
    yield harness
    worker_context.install(None)
    rq_client.close()


def mail_link(message: EmailMessage, kind: str) -> str:
    """The one `kind` link (confirm, cheer, unsubscribe) in a mail's plain text."""
    found = set(re.findall(rf"https?://\S+/{kind}/[\w=-]+", mail_text(message)))
    assert len(found) == 1, f"expected one {kind} link, found {len(found)}"
    return found.pop()
