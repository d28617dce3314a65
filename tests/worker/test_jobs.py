"""The worker's jobs end to end: real RQ workers, a real SMTP server, the embedded Redis.

Each test sets the clock, makes people and buddies through the public sharing API, queues
work the way the app does (the outbox, the scheduler), runs a burst worker and reads what the
SMTP server received.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
import os
import re
import signal
import threading
import time
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
import redis
from rq import Worker
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from journal import owner_key
from journal.crypto import Cipher
from sharing import keys
from sharing.erasure import erase_person
from tests.support.burst import keeping_signal_handlers, run_worker
from tests.support.smtp import MailSink, mail_text
from tests.worker.conftest import (
    PUBLIC_URL,
    SECRET,
    TZ,
    Clock,
    MakeContext,
    confirmed_buddy,
    say,
)
from worker.context import Context
from worker.schedules import enqueue_due, run_due

NY = ZoneInfo(TZ)
OWNER = owner_key(SECRET, "amzn1.ask.account.TEST-WORKER-SAM")
SECOND = owner_key(SECRET, "amzn1.ask.account.TEST-WORKER-BEN")
THIRD = owner_key(SECRET, "amzn1.ask.account.TEST-WORKER-CY")
# The clock starts on Monday 2 March 2026, 09:00 in New York; digests go out on Sundays at
# 18:00 there, which after the clock change of 8 March is 22:00 UTC.
FIRST_DUE = datetime(2026, 3, 8, 22, 0, tzinfo=UTC)
NEXT_DUE = datetime(2026, 3, 15, 22, 0, tzinfo=UTC)
WEEK = "2026W10"
# Words that must never show on a lock screen.
TELLING = re.compile(r"addict|recover|sober|drink|relaps|alcohol|drug", re.IGNORECASE)
LEASE = 3


def ny(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NY)


def html(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("html",))
    assert part is not None
    return str(part.get_content())


def assert_discreet(msg: EmailMessage) -> None:
    subject = str(msg["Subject"])
    assert not TELLING.search(subject), subject
    assert not TELLING.search(str(msg["From"]))


def raw_header(raw: bytes, name: str) -> bytes:
    """A header exactly as it was on the wire, continuation lines included."""
    head = raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    found = re.search(rb"^" + re.escape(name.encode()) + rb":(.*\n(?:[ \t].*\n)*)", head + b"\n",
                      re.MULTILINE | re.IGNORECASE)  # fmt: skip
    assert found, f"no {name} header"
    return found.group(1)


def redis_dump(client: redis.Redis) -> bytes:
    """Every key and every value in Redis, with what RQ compresses unpacked too."""
    out: list[bytes] = []
    for key in client.scan_iter(count=500):
        kind = client.type(key)
        values: list[bytes] = []
        if kind == b"string":
            values = [client.get(key) or b""]
        elif kind == b"hash":
            values = [part for pair in client.hgetall(key).items() for part in pair]
        elif kind == b"list":
            values = client.lrange(key, 0, -1)
        elif kind == b"set":
            values = list(client.smembers(key))
        elif kind == b"zset":
            values = client.zrange(key, 0, -1)
        elif kind == b"stream":
            values = [part for _, fields in client.xrange(key) for pair in fields.items()
                      for part in pair]  # fmt: skip
        out.append(key)
        for value in values:
            out.append(value)
            out.extend(_unpacked(value))
    return b"\n".join(out)


def _unpacked(value: bytes) -> list[bytes]:
    """What RQ packs: zlib (job data), or base64 of zlib (a failure's traceback)."""
    found = []
    for candidate in (value, _b64(value)):
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompress(candidate))
    return found


def _b64(value: bytes) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return b""


def wait_until(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(0.05)


def job_status(ctx: Context, job_id: str) -> JobStatus | None:
    job = Job.fetch(job_id, connection=ctx.outbox.jobs.connection, serializer=JSONSerializer)
    return job.get_status(refresh=False)


# -- the confirmation --------------------------------------------------------------------------


def test_confirmation_goes_once_with_its_link_and_without_unsubscribe(
    ctx: Context, mail_sink: MailSink
) -> None:
    """Queued twice (a double submit), the double opt-in mail is sent once, to the address
    given; its link opens the confirm page under the public URL and carries a confirm token
    for this recipient; it is no list mail, so it has no List-Unsubscribe."""
    ctx.sharing.recipients.update_me(OWNER, name="Sam")
    invite = ctx.sharing.invites.open(OWNER, "buddy")
    _, robin, _ = ctx.sharing.invites.accept(invite.token, "Robin", "robin@example.org")

    ctx.outbox.confirmation(OWNER, robin.id)
    ctx.outbox.confirmation(OWNER, robin.id)
    run_worker(ctx)

    [received] = mail_sink.received
    assert received.recipients == ("robin@example.org",)
    msg = received.message
    link = re.search(rf"{re.escape(PUBLIC_URL)}/confirm/(\S+)", mail_text(msg))
    assert link is not None
    assert link.group(0) in html(msg)
    token = ctx.sharing.tokens.read("confirm", link.group(1))
    assert token == {"o": OWNER, "r": robin.id, "n": robin.nonce}
    assert "List-Unsubscribe" not in msg and "List-Unsubscribe-Post" not in msg
    assert_discreet(msg)


def test_no_confirmation_once_confirmed(ctx: Context, mail_sink: MailSink) -> None:
    """A confirmation queued after the recipient already confirmed sends nothing."""
    robin = confirmed_buddy(ctx, OWNER, weekly=False)
    ctx.outbox.confirmation(OWNER, robin.id)
    run_worker(ctx)
    assert mail_sink.messages == []


# -- sharing one win ---------------------------------------------------------------------------


def test_a_shared_win_arrives_once_with_a_cheer_link_and_one_click_unsubscribe(
    ctx: Context, mail_sink: MailSink
) -> None:
    """One message, text and HTML, with the win's words, a cheer link, and RFC 8058 headers:
    List-Unsubscribe is one https URL in angle brackets, written plainly on one line (not an
    RFC 2047 encoded word), with List-Unsubscribe-Post "List-Unsubscribe=One-Click"."""
    ctx.sharing.recipients.update_me(OWNER, name="Sam")
    robin = confirmed_buddy(ctx, OWNER, weekly=False)
    win_id = say(ctx, OWNER, "made soup for the whole building", at=ny(3, 2, 12))

    ctx.outbox.share(OWNER, robin.id, win_id)
    run_worker(ctx)

    [received] = mail_sink.received
    msg = received.message
    assert received.recipients == ("robin@example.org",)
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    for body in (mail_text(msg), html(msg)):
        assert "made soup for the whole building" in body
        assert f"{PUBLIC_URL}/cheer/" in body
    cheer = re.search(rf"{re.escape(PUBLIC_URL)}/cheer/(\S+)", mail_text(msg))
    assert cheer is not None
    assert ctx.sharing.tokens.read("cheer", cheer.group(1)) == {"o": OWNER, "r": robin.id}

    unsubscribe = re.fullmatch(
        rf"<({re.escape(PUBLIC_URL)}/unsubscribe/([A-Za-z0-9_=-]+))>", str(msg["List-Unsubscribe"])
    )
    assert unsubscribe is not None
    assert ctx.sharing.tokens.read("unsubscribe", unsubscribe.group(2)) == {
        "o": OWNER,
        "r": robin.id,
    }
    assert str(msg["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    on_the_wire = raw_header(received.raw, "List-Unsubscribe")
    assert on_the_wire.strip() == f"<{unsubscribe.group(1)}>".encode()
    assert b"=?" not in on_the_wire
    assert_discreet(msg)


def test_a_win_deleted_before_the_send_is_not_shared(ctx: Context, mail_sink: MailSink) -> None:
    """The worker reads the win when it runs: deleted meanwhile, nothing goes out."""
    robin = confirmed_buddy(ctx, OWNER, weekly=False)
    win_id = say(ctx, OWNER, "said no to the party", at=ny(3, 2, 12))
    ctx.outbox.share(OWNER, robin.id, win_id)
    assert ctx.journal.delete(OWNER, win_id)
    run_worker(ctx)
    assert mail_sink.messages == []


# -- the weekly digest -------------------------------------------------------------------------


def test_weekly_digest_holds_the_wins_said_since_consent_with_days_and_what_helped(
    ctx: Context, mail_sink: MailSink, clock: Clock
) -> None:
    """The digest lists the week's wins said after the person said yes, with their days and
    what helped; a win said before the yes, or deleted before the send, is not in it; the
    schedule then moves to the following Sunday."""
    ctx.sharing.recipients.update_me(OWNER, name="Sam")
    say(ctx, OWNER, "an early win from before the yes", at=ny(3, 2, 8))  # 08:00, yes at 09:00
    robin = confirmed_buddy(ctx, OWNER)
    assert ctx.sharing.ledger.due_at("d", OWNER, robin.id) == FIRST_DUE.timestamp()
    say(ctx, OWNER, "walked the long way home", at=ny(3, 3, 19), helped="my headphones")
    say(ctx, OWNER, "fixed the bike chain", at=ny(3, 5, 7))
    gone = say(ctx, OWNER, "a win taken back later", at=ny(3, 6, 12))
    assert ctx.journal.delete(OWNER, gone)

    clock.set(FIRST_DUE)
    assert run_due(ctx, FIRST_DUE) == (1, 0)

    [msg] = mail_sink.messages
    assert str(msg["Subject"]) == "Sam's week: 2 small wins"
    for body in (mail_text(msg), html(msg)):
        assert "Tuesday, March 3" in body and "walked the long way home" in body
        assert "What helped: my headphones" in body
        assert "Thursday, March 5" in body and "fixed the bike chain" in body
        assert "an early win from before the yes" not in body
        assert "a win taken back later" not in body and "Friday, March 6" not in body
    assert mail_text(msg).index("walked the long way home") < mail_text(msg).index("fixed the bike")
    assert "List-Unsubscribe" in msg
    assert_discreet(msg)
    assert ctx.sharing.ledger.due_at("d", OWNER, robin.id) == NEXT_DUE.timestamp()


def test_a_win_said_on_the_due_evening_goes_in_the_next_note_and_none_twice(
    ctx: Context, mail_sink: MailSink, clock: Clock
) -> None:
    """Sunday evening, after the 6 PM note went out, is when people reflect: those wins go
    into the following Sunday's note. A win said at the due minute itself went in the first."""
    ctx.sharing.recipients.update_me(OWNER, name="Sam")
    confirmed_buddy(ctx, OWNER)
    say(ctx, OWNER, "made the afternoon meeting", at=ny(3, 8, 17))
    say(ctx, OWNER, "spoke up right on time", at=FIRST_DUE.astimezone(NY))
    clock.set(FIRST_DUE)
    assert run_due(ctx, FIRST_DUE) == (1, 0)
    say(ctx, OWNER, "wrote down three good things", at=ny(3, 8, 19, 30))
    say(ctx, OWNER, "a Monday walk", at=ny(3, 9, 8))
    clock.set(NEXT_DUE)
    assert run_due(ctx, NEXT_DUE) == (1, 0)

    first, second = (mail_text(msg) for msg in mail_sink.messages)
    assert "made the afternoon meeting" in first and "spoke up right on time" in first
    assert "wrote down three good things" not in first
    assert "wrote down three good things" in second and "a Monday walk" in second
    assert "made the afternoon meeting" not in second and "spoke up right on time" not in second


def test_running_the_digests_twice_sends_each_recipient_one_message(
    ctx: Context, mail_sink: MailSink, clock: Clock
) -> None:
    """`run_due` at the same instant twice (an operator repeating `digest run --at`) sends one
    message per recipient for the week."""
    robin = confirmed_buddy(ctx, OWNER)
    kim = confirmed_buddy(ctx, OWNER, name="Kim", email="kim@example.org")
    say(ctx, OWNER, "answered the hard email", at=ny(3, 3, 10))
    clock.set(FIRST_DUE)

    assert run_due(ctx, FIRST_DUE) == (2, 0)
    assert run_due(ctx, FIRST_DUE) == (0, 0)

    got = sorted(r for item in mail_sink.received for r in item.recipients)
    assert got == ["kim@example.org", "robin@example.org"]
    for recipient in (robin, kim):
        assert ctx.sharing.ledger.due_at("d", OWNER, recipient.id) == NEXT_DUE.timestamp()


def test_a_digest_queued_twice_before_the_worker_runs_goes_once(
    ctx: Context, mail_sink: MailSink, clock: Clock
) -> None:
    """Two scheduler ticks before any worker runs queue the digest once; and a copy queued
    past that check (two schedulers racing) is still sent once: the week is claimed."""
    robin = confirmed_buddy(ctx, OWNER)
    say(ctx, OWNER, "answered the hard email", at=ny(3, 3, 10))
    clock.set(FIRST_DUE)

    first = enqueue_due(ctx, FIRST_DUE)
    assert len(first) == 1
    assert enqueue_due(ctx, FIRST_DUE) == []
    ctx.outbox.weekly("d", OWNER, robin.id, FIRST_DUE.timestamp())
    run_worker(ctx)

    assert len(mail_sink.messages) == 1
    assert job_status(ctx, first[0]) == JobStatus.FINISHED
    assert ctx.sharing.ledger.due_at("d", OWNER, robin.id) == NEXT_DUE.timestamp()


def test_a_quiet_week_sends_nothing_and_moves_on(
    ctx: Context, mail_sink: MailSink, clock: Clock
) -> None:
    """No wins this week: no message ("0 small wins" is nobody's business), and the schedule
    still moves to next Sunday rather than trying again every tick."""
    robin = confirmed_buddy(ctx, OWNER)
    clock.set(FIRST_DUE)
    assert run_due(ctx, FIRST_DUE) == (1, 0)
    assert mail_sink.messages == []
    assert ctx.sharing.ledger.due_at("d", OWNER, robin.id) == NEXT_DUE.timestamp()


def test_nothing_goes_out_after_stop_even_if_already_queued(
    ctx: Context, mail_sink: MailSink, clock: Clock
) -> None:
    """A digest and a share already in the queue when the person says "stop sharing with
    Robin" are not sent: each job checks consent when it runs. Nothing stays scheduled."""
    robin = confirmed_buddy(ctx, OWNER)
    win_id = say(ctx, OWNER, "answered the hard email", at=ny(3, 3, 10))
    clock.set(FIRST_DUE)
    assert len(enqueue_due(ctx, FIRST_DUE)) == 1
    ctx.outbox.share(OWNER, robin.id, win_id)

    ctx.sharing.recipients.stop(OWNER, robin.id)
    run_worker(ctx)

    assert mail_sink.messages == []
    assert ctx.sharing.ledger.due(FIRST_DUE + timedelta(days=365)) == []


# -- when the mail server says no --------------------------------------------------------------


def test_a_refused_send_is_retried_and_arrives_once_when_the_server_recovers(
    make_context: MakeContext, mail_sink: MailSink
) -> None:
    """The server answers "451 try again later" twice; RQ retries (interval 0 requeues at
    once, so a burst worker runs every try) and the third try delivers exactly one message."""
    ctx = make_context(retry_intervals=(0, 0))
    robin = confirmed_buddy(ctx, OWNER, weekly=False)
    win_id = say(ctx, OWNER, "kept the promise to myself", at=ny(3, 2, 12))
    mail_sink.refuse(2)

    job_id = ctx.outbox.share(OWNER, robin.id, win_id)
    run_worker(ctx)

    assert mail_sink.refused == 2
    assert len(mail_sink.messages) == 1
    assert ctx.sharing.ledger.failures() == []
    assert job_status(ctx, job_id) == JobStatus.FINISHED


def test_a_send_refused_on_every_try_is_kept_for_the_operator_and_nothing_is_lost(
    make_context: MakeContext, mail_sink: MailSink
) -> None:
    """Refused on every try: after the last retry the send is listed in `failures()` with ids
    only (no address, no name, no words), the win is still in the journal, and sending the
    same job again once the server is back delivers it."""
    ctx = make_context(retry_intervals=(0, 0))
    robin = confirmed_buddy(ctx, OWNER, weekly=False)
    win_id = say(ctx, OWNER, "kept the promise to myself", at=ny(3, 2, 12))
    mail_sink.refuse()

    ctx.outbox.share(OWNER, robin.id, win_id)
    run_worker(ctx)

    assert mail_sink.refused == 3  # the first try and two retries
    assert mail_sink.messages == []
    [(_, entry)] = ctx.sharing.ledger.failures()
    assert entry == {
        "owner": OWNER,
        "job": "deliver_share",
        "args": [OWNER, robin.id, win_id],
        "error": "SMTPDataError",
    }
    flat = json.dumps(entry)
    assert "@" not in flat and "Robin" not in flat and "promise" not in flat
    kept = ctx.journal.get(OWNER, win_id)
    assert kept is not None and kept.text == "kept the promise to myself"
    assert not ctx.sharing.ledger.delivered(OWNER, f"{robin.id}-w{win_id}")

    mail_sink.accept()
    ctx.outbox.share(*entry["args"])
    run_worker(ctx)
    assert len(mail_sink.messages) == 1


def test_a_refused_address_stays_out_of_logs_and_out_of_redis(
    make_context: MakeContext,
    mail_sink: MailSink,
    redis_client: redis.Redis,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A server refusing at RCPT makes smtplib quote the address in its exception. With
    encryption on, that address must appear in no log line and in no Redis value: not in
    the failed job RQ keeps for 30 days, nor in the operator's failure list.

    smtplib's own exception quotes the address; chained to ours it would be in the traceback
    RQ logs and stores with the failed job."""
    caplog.set_level(logging.DEBUG)
    ctx = make_context(encryption_keys=(Cipher.generate_key(),))
    address = "robin.refused@example.org"
    robin = confirmed_buddy(ctx, OWNER, weekly=False, email=address)
    win_id = say(ctx, OWNER, "slept a full eight hours", at=ny(3, 2, 12))
    mail_sink.refuse(at="RCPT")

    ctx.outbox.share(OWNER, robin.id, win_id)
    run_worker(ctx)

    assert mail_sink.refused == 1 and mail_sink.messages == []
    assert len(ctx.sharing.ledger.failures()) == 1
    in_logs = address in caplog.text
    in_redis = address.encode() in redis_dump(redis_client)
    assert not in_logs and not in_redis, f"address in logs: {in_logs}, in Redis: {in_redis}"


# -- a group's digest --------------------------------------------------------------------------


def test_group_digest_lists_sharing_members_by_display_name_only(
    ctx: Context, mail_sink: MailSink, clock: Clock
) -> None:
    """A member who asked for the group's weekly mail gets one message with the wins of the
    members who share, each under their display name (not the name they gave buddies), and
    nothing of the member who is in the group without sharing."""
    group = ctx.sharing.groups.create(OWNER, "Tuesday Circle", TZ)
    ctx.sharing.groups.join(SECOND, group.code)
    ctx.sharing.groups.join(THIRD, group.code)
    ctx.sharing.recipients.update_me(SECOND, name="Benjamin Private")
    ctx.sharing.groups.update_membership(OWNER, share=True, display="Ana")
    ctx.sharing.groups.update_membership(SECOND, share=True, display="Ben")
    ctx.sharing.groups.update_membership(THIRD, display="Cyrus")  # seated, not sharing
    me = confirmed_buddy(ctx, OWNER, kind="group", name="Ana", email="ana@example.org")
    assert ctx.sharing.ledger.due_at("g", OWNER, me.id) == FIRST_DUE.timestamp()

    say(ctx, OWNER, "painted the back fence", at=ny(3, 3, 11))
    say(ctx, SECOND, "went to the early meeting", at=ny(3, 4, 7), helped="the alarm clock")
    say(ctx, THIRD, "a private win kept to myself", at=ny(3, 4, 9))

    clock.set(FIRST_DUE)
    assert run_due(ctx, FIRST_DUE) == (1, 0)

    [received] = mail_sink.received
    assert received.recipients == ("ana@example.org",)
    msg = received.message
    assert str(msg["Subject"]) == "Tuesday Circle: this week's small wins"
    text = mail_text(msg)
    assert "painted the back fence" in text and "(Ana)" in text
    assert "went to the early meeting" in text and "(Ben)" in text
    assert "What helped: the alarm clock" in text
    for body in (text, html(msg)):
        assert "a private win kept to myself" not in body
        assert "Cyrus" not in body and "Benjamin Private" not in body
        assert OWNER not in body and SECOND not in body and THIRD not in body
    assert text.index("painted the back fence") < text.index("went to the early meeting")
    assert "List-Unsubscribe" in msg
    assert_discreet(msg)
    assert ctx.sharing.ledger.due_at("g", OWNER, me.id) == NEXT_DUE.timestamp()


# -- a worker killed in the middle of a send ---------------------------------------------------


def _work_and_kill_the_horse_mid_send(ctx: Context, sink: MailSink) -> list[int]:
    """Run a forking RQ worker in burst mode; when its work horse is held inside RCPT, kill
    it with SIGKILL (a crash or an OOM kill). Returns the pids killed."""
    worker = Worker([ctx.outbox.jobs], connection=ctx.outbox.jobs.connection,
                    serializer=JSONSerializer)  # fmt: skip
    killed: list[int] = []

    def kill_when_stalled() -> None:
        try:
            if not sink.stalled.wait(30):
                return
            deadline = time.monotonic() + 10
            while not worker.horse_pid and time.monotonic() < deadline:
                time.sleep(0.01)
            if worker.horse_pid:
                killed.append(worker.horse_pid)
                os.kill(worker.horse_pid, signal.SIGKILL)
        finally:
            if not killed:
                sink.release()

    killer = threading.Thread(target=kill_when_stalled, daemon=True)
    killer.start()
    with keeping_signal_handlers():
        worker.work(burst=True, logging_level="DEBUG")
    killer.join(timeout=30)
    sink.release()
    return killed


def test_a_digest_whose_worker_died_mid_send_goes_once_on_the_next_run(
    make_context: MakeContext, mail_sink: MailSink, clock: Clock, redis_client: redis.Redis
) -> None:
    """The sender dies holding its claim on the week: nothing went out. Once its lease lapses,
    the next scheduler run sends the digest, exactly once, and the schedule moves on."""
    ctx = make_context(retry_intervals=(0,), lease_seconds=LEASE)
    robin = confirmed_buddy(ctx, OWNER)
    say(ctx, OWNER, "called my brother back", at=ny(3, 3, 10))
    clock.set(FIRST_DUE)
    mail_sink.stall()
    assert len(enqueue_due(ctx, FIRST_DUE)) == 1

    assert len(_work_and_kill_the_horse_mid_send(ctx, mail_sink)) == 1
    assert mail_sink.messages == [] or len(mail_sink.messages) == 1  # a slow retry may send

    claim = keys.sent(OWNER, f"{robin.id}-{WEEK}")
    wait_until(lambda: redis_client.get(claim) in (None, b"sent"), timeout=LEASE + 10)
    run_due(ctx, FIRST_DUE)

    assert len(mail_sink.messages) == 1
    assert ctx.sharing.ledger.due_at("d", OWNER, robin.id) == NEXT_DUE.timestamp()


def test_a_share_whose_worker_died_mid_send_is_not_lost(
    make_context: MakeContext, mail_sink: MailSink, redis_client: redis.Redis
) -> None:
    """The sender of a shared win dies mid-send. Once its claim lapses the win must still
    arrive, or at least be listed for the operator: a share has no scheduler to bring it back.

    The retry that finds the dead worker's claim must not count as done: it is retried with
    back-off, and kept for the operator if the claim outlives every try."""
    ctx = make_context(retry_intervals=(0, 0), lease_seconds=LEASE)
    robin = confirmed_buddy(ctx, OWNER, weekly=False)
    win_id = say(ctx, OWNER, "finished the puzzle with dad", at=ny(3, 2, 12))
    mail_sink.stall()
    ctx.outbox.share(OWNER, robin.id, win_id)

    assert len(_work_and_kill_the_horse_mid_send(ctx, mail_sink)) == 1

    claim = keys.sent(OWNER, f"{robin.id}-w{win_id}")
    wait_until(lambda: redis_client.get(claim) in (None, b"sent"), timeout=LEASE + 10)
    run_worker(ctx)  # whatever is still queued

    delivered = len(mail_sink.messages)
    kept = len(ctx.sharing.ledger.failures())
    assert (delivered, kept) in {(1, 0), (0, 1)}, f"{delivered} delivered, {kept} kept"


# -- erasure reaches the job queue -------------------------------------------------------------


def test_erasure_leaves_no_job_naming_the_person(
    make_context: MakeContext, mail_sink: MailSink, redis_client: redis.Redis, clock: Clock
) -> None:
    """After "delete all my data" (`erase_person`), no Redis key or value names the person's
    owner key, their buddy's address or their words: not a finished job, not a failed one
    kept for 30 days, not one still waiting in the queue. Another person's job is untouched."""
    ctx = make_context(encryption_keys=(Cipher.generate_key(),))
    robin = confirmed_buddy(ctx, OWNER)
    sent = say(ctx, OWNER, "took the stairs all week", at=ny(3, 2, 12))
    failing = say(ctx, OWNER, "returned the library books", at=ny(3, 2, 13))
    waiting = say(ctx, OWNER, "booked the dentist at last", at=ny(3, 2, 14))
    kim = confirmed_buddy(ctx, SECOND, name="Kim", email="kim@example.org", weekly=False)
    other = say(ctx, SECOND, "a win of someone else", at=ny(3, 2, 12))
    ctx.outbox.share(OWNER, robin.id, sent)
    run_worker(ctx)
    mail_sink.refuse()
    ctx.outbox.share(OWNER, robin.id, failing)
    run_worker(ctx)
    mail_sink.accept()
    ctx.outbox.share(OWNER, robin.id, waiting)
    other_job = ctx.outbox.share(SECOND, kim.id, other)
    assert len(mail_sink.messages) == 1 and len(ctx.sharing.ledger.failures()) == 1

    erase_person(ctx.journal, ctx.sharing, ctx.outbox, OWNER)

    dump = redis_dump(redis_client)
    assert OWNER.encode() not in dump
    assert robin.email.encode() not in dump
    assert ctx.sharing.ledger.failures() == []
    assert job_status(ctx, other_job) == JobStatus.QUEUED
    run_worker(ctx)
    assert [r for item in mail_sink.received for r in item.recipients] == [
        "robin@example.org",
        "kim@example.org",
    ]
