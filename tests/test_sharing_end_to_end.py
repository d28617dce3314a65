"""Sharing end to end: the voice skill, the buddy pages and real workers on one real Redis,
with mail through a real SMTP server.

invite by voice → code on the web → name and email → confirmation mail → confirm → the
"share with Maria each week?" question at launch → wins → the weekly digest → a cheer heard
once → one-click unsubscribe → nothing more. Plus the two promises about failure: nothing goes
out after "stop sharing", even what was already queued, and a worker killed in the middle of
sending costs neither a digest nor a duplicate.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from flask.testing import FlaskClient

from journal import owner_key
from skill.app import create_app
from smallwins.settings import Settings
from tests.support.burst import run_worker
from tests.support.clock import Clock
from tests.support.dialog import SPOKEN, Dialog
from tests.support.processes import descendants
from tests.support.smtp import MailSink, mail_text
from worker import context as worker_context
from worker.context import Context, rq_connection
from worker.schedules import enqueue_due, run_due

ROOT = Path(__file__).resolve().parents[1]
SECRET = b"test-secret-key-for-small-wins-0123456789"
USER = "amzn1.ask.account.TEST-SHARING"
PUBLIC_URL = "https://wins.example.org"
# Short, so a dead worker's claim lapses within the test.
LEASE_SECONDS = 2
# Tuesday 24 November 2026, noon in New York.
TUESDAY_NOON = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
# Sunday 29 November 2026, 18:05 in New York: five minutes after the default digest time.
SUNDAY_EVENING = datetime(2026, 11, 29, 23, 5, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(TUESDAY_NOON)


@pytest.fixture
def settings(redis_url: str, queue_url: str | None, mail_sink: MailSink) -> Settings:
    return Settings(
        env="development",
        secret_key=SECRET,
        redis_url=redis_url,
        queue_url=queue_url,
        verify_signatures=False,
        default_tz="America/New_York",
        public_url=PUBLIC_URL,
        smtp_url=mail_sink.url,
    )


@pytest.fixture
def client(settings: Settings, redis_client: redis.Redis, clock: Clock) -> FlaskClient:
    return create_app(settings, redis_client=redis_client, clock=clock).test_client()


@pytest.fixture
def ctx(
    settings: Settings, redis_client: redis.Redis, redis_url: str, clock: Clock
) -> Iterator[Context]:
    rq_client = rq_connection(settings.queue_url or redis_url)
    built = worker_context.build(
        settings, redis_client=redis_client, rq_client=rq_client, clock=clock,
        retry_intervals=(), lease_seconds=LEASE_SECONDS,
    )  # fmt: skip
    worker_context.install(built)
    yield built
    worker_context.install(None)
    rq_client.close()


@pytest.fixture
def dialog(client: FlaskClient, clock: Clock) -> Dialog:
    return Dialog(client, user=USER, now=clock())


@pytest.fixture
def owner() -> str:
    return owner_key(SECRET, USER)


def link(message: EmailMessage, kind: str) -> str:
    """The path of the `kind` link (confirm, cheer, unsubscribe) in a message's text part."""
    text = message.get_body(("plain",)).get_content()
    found = re.search(rf"{re.escape(PUBLIC_URL)}/{kind}/\S+", text)
    assert found, f"no {kind} link in: {text}"
    return urlsplit(found[0]).path


def invite_by_voice(
    dialog: Dialog, client: FlaskClient, ctx: Context, mail_sink: MailSink
) -> EmailMessage:
    """Sam invites a sponsor by voice; Maria enters the code and her address on the web."""
    assert "name" in dialog.intent("InviteBuddyIntent", role="sponsor")
    said = dialog.intent("AnswerIntent", answer="Sam")
    code = re.search(r"\d{3} ?\d{3}", said)
    assert code, said
    card = dialog.last["response"]["card"]["content"]
    assert f"{PUBLIC_URL}/invite/" in card and "48 hours" in card
    page = client.post("/invite", data={"code": code[0].replace(" ", "")})
    assert page.status_code == 303
    SPOKEN.update({"Maria", "maria@example.org"})
    page = client.post(
        page.headers["Location"], data={"name": "Maria", "email": "maria@example.org"}
    )
    assert page.status_code == 303 and page.headers["Location"].endswith("/invite/sent")
    run_worker(ctx)
    (confirmation,) = mail_sink.wait_for(1)
    assert confirmation["To"].addresses[0].addr_spec == "maria@example.org"
    return confirmation


def confirm_and_consent(dialog: Dialog, client: FlaskClient, confirmation: EmailMessage) -> None:
    path = link(confirmation, "confirm")
    assert "Confirm" in client.get(path).get_data(as_text=True)
    page = client.post(path)
    assert page.status_code == 200 and "all set" in page.get_data(as_text=True)
    asked = dialog.launch()
    assert "Maria accepted your invite" in asked and "each week" in asked
    assert "Sunday at 6 PM" in dialog.intent("AMAZON.YesIntent")


def test_invite_confirm_consent_digest_cheer_unsubscribe(
    dialog: Dialog, client: FlaskClient, ctx: Context, mail_sink: MailSink, clock: Clock, owner: str
) -> None:
    # A win before any sharing: it must never reach Maria.
    dialog.intent("RecordWinIntent", win="skipped the bar on friday")
    dialog.intent("SkipIntent")
    clock.now += timedelta(minutes=5)
    dialog.now = clock.now
    confirmation = invite_by_voice(dialog, client, ctx, mail_sink)
    confirm_and_consent(dialog, client, confirmation)

    clock.now += timedelta(minutes=5)

    dialog.now = clock.now
    dialog.intent("RecordWinIntent", win="went for a walk instead of drinking")
    dialog.intent("AnswerIntent", answer="calling my sponsor on the way")
    dialog.intent("AnswerIntent", answer="proud")

    clock.now = SUNDAY_EVENING

    dialog.now = clock.now
    assert run_due(ctx, clock()) == (1, 0)
    assert run_due(ctx, clock()) == (0, 0)  # the same instant again: nothing new
    messages = mail_sink.wait_for(2)
    assert len(messages) == 2
    digest = messages[1]
    body = mail_text(digest)
    assert digest["Subject"] == "Sam's week: 1 small win"
    assert "I went for a walk instead of drinking" in body
    assert "What helped: calling my sponsor on the way" in body
    assert "Tuesday, November 24" in body
    assert "skipped the bar" not in body
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    SPOKEN.add("So proud of you")
    page = client.post(link(digest, "cheer"), data={"message": "So proud of you"})
    assert page.status_code == 200
    heard = dialog.launch()
    assert "Maria" in heard and "So proud of you" in heard
    dialog.intent("AMAZON.StopIntent")
    assert "So proud of you" not in dialog.launch()  # heard once
    dialog.intent("AMAZON.StopIntent")

    unsubscribe = link(digest, "unsubscribe")
    page = client.post(
        unsubscribe, data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    assert page.status_code == 200 and "unsubscribed" in page.get_data(as_text=True)
    assert "Maria has stopped receiving your wins" in dialog.launch()
    dialog.intent("RecordWinIntent", win="cooked dinner for my kids")
    dialog.intent("SkipIntent")
    clock.now = SUNDAY_EVENING + timedelta(weeks=1)
    dialog.now = clock.now
    assert run_due(ctx, clock()) == (0, 0)
    assert len(mail_sink.messages) == 2
    assert ctx.sharing.recipients.all(owner) == []


def test_nothing_goes_out_after_stop_sharing_even_what_was_queued(
    dialog: Dialog, client: FlaskClient, ctx: Context, mail_sink: MailSink, clock: Clock, owner: str
) -> None:
    confirm_and_consent(dialog, client, invite_by_voice(dialog, client, ctx, mail_sink))
    dialog.intent("RecordWinIntent", win="called my sponsor before the party")
    dialog.intent("SkipIntent")
    said = dialog.intent("ShareWinIntent", name="Maria")
    assert "Maria" in said and "you called your sponsor before the party" in said
    clock.now = SUNDAY_EVENING
    dialog.now = clock.now
    assert len(enqueue_due(ctx, clock())) == 1
    assert ctx.outbox.jobs.count == 2  # the single win and the weekly digest, both queued

    assert "Maria" in dialog.intent("StopSharingIntent", name="Maria")
    run_worker(ctx)
    assert len(mail_sink.messages) == 1  # the confirmation only
    assert ctx.sharing.ledger.due(SUNDAY_EVENING + timedelta(weeks=4)) == []


def test_a_worker_killed_mid_send_costs_no_digest_and_no_duplicate(
    dialog: Dialog,
    client: FlaskClient,
    ctx: Context,
    mail_sink: MailSink,
    clock: Clock,
    redis_url: str,
) -> None:
    confirm_and_consent(dialog, client, invite_by_voice(dialog, client, ctx, mail_sink))
    dialog.intent("RecordWinIntent", win="drove past the liquor store")
    dialog.intent("SkipIntent")
    clock.now = SUNDAY_EVENING
    dialog.now = clock.now
    mail_sink.stall()
    assert len(enqueue_due(ctx, clock())) == 1
    worker = subprocess.Popen(  # a production-style forking worker, in its own process group
        [sys.executable, "-m", "tests.support.worker_process", redis_url, mail_sink.url,
         str(LEASE_SECONDS), *([ctx.settings.queue_url] if ctx.settings.queue_url else [])],
        cwd=ROOT, start_new_session=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    try:
        assert mail_sink.stalled.wait(30), "the worker never started sending"
        # The machine dies mid-transaction: the worker and its work horse, which RQ puts in a
        # session of its own, are killed together.
        for pid in [worker.pid, *descendants(worker.pid)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    mail_sink.release()
    assert len(mail_sink.messages) == 1  # the confirmation; the dead worker delivered nothing

    # The next scheduler tick, once the dead worker's claim has lapsed, queues it again.
    deadline = time.monotonic() + 30
    while not enqueue_due(ctx, clock()):
        assert time.monotonic() < deadline, "the digest was never queued again"
        time.sleep(0.5)
    run_worker(ctx)
    assert len(enqueue_due(ctx, clock())) == 0
    run_worker(ctx)
    messages = mail_sink.wait_for(2)
    assert len(messages) == 2  # the confirmation and exactly one digest
    assert "I drove past the liquor store" in mail_text(messages[1])
