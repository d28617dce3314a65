"""Weekly digests in batches: one job, one SMTP connection, and still each digest claimed,
consented and marked on its own.

Three people, each with a buddy who said yes, and a win each in the week: the scheduler's one
tick puts their three digests in one batch job.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from journal import owner_key
from sharing import keys
from sharing.records import Recipient
from tests.support.burst import run_worker
from tests.support.smtp import MailSink
from tests.worker.conftest import SECRET, TZ, Clock, MakeContext, confirmed_buddy, say
from worker.context import Context
from worker.schedules import enqueue_due, run_due_and_tell

NY = ZoneInfo(TZ)
PEOPLE = [owner_key(SECRET, f"amzn1.ask.account.TEST-BATCH-{n}") for n in range(3)]
FIRST_DUE = datetime(2026, 3, 8, 22, 0, tzinfo=UTC)
NEXT_DUE = datetime(2026, 3, 15, 22, 0, tzinfo=UTC)
WEEK = "2026W10"


def three_buddies(ctx: Context) -> list[tuple[str, Recipient]]:
    made = []
    for n, owner in enumerate(PEOPLE):
        ctx.sharing.recipients.update_me(owner, name=f"Person {n}")
        buddy = confirmed_buddy(ctx, owner, name=f"Buddy {n}", email=f"buddy{n}@example.org")
        say(ctx, owner, f"batched win number {n}", at=datetime(2026, 3, 4, 12, tzinfo=NY))
        made.append((owner, buddy))
    return made


def got(sink: MailSink) -> list[str]:
    return sorted(r for item in sink.received for r in item.recipients)


def test_a_batch_is_one_job_and_one_connection_and_each_digest_goes_once(
    ctx: Context, mail_sink: MailSink, clock: Clock
) -> None:
    made = three_buddies(ctx)
    clock.set(FIRST_DUE)

    queued = enqueue_due(ctx, FIRST_DUE)
    assert len(queued) == 3 and len(set(queued)) == 1  # three digests, one job
    assert enqueue_due(ctx, FIRST_DUE) == []  # on its way: not queued again
    run_worker(ctx)

    assert got(mail_sink) == ["buddy0@example.org", "buddy1@example.org", "buddy2@example.org"]
    assert len({item.peer for item in mail_sink.received}) == 1
    job = Job.fetch(queued[0], connection=ctx.outbox.jobs.connection, serializer=JSONSerializer)
    assert job.return_value() == ["sent", "sent", "sent"]
    for owner, buddy in made:
        assert ctx.sharing.ledger.delivered(owner, f"{buddy.id}-{WEEK}")
        assert ctx.sharing.ledger.due_at("d", owner, buddy.id) == NEXT_DUE.timestamp()
    assert enqueue_due(ctx, FIRST_DUE) == []  # sent and moved on


def test_a_buddy_who_withdrew_mid_batch_gets_nothing_and_the_others_get_theirs(
    ctx: Context, mail_sink: MailSink, clock: Clock
) -> None:
    """The mail server holds the batch's first message; meanwhile one of the two buddies still
    waiting stops. Consent is read as each message goes: that buddy gets nothing and is no
    longer scheduled, the other two get their notes."""
    made = three_buddies(ctx)
    clock.set(FIRST_DUE)
    [job_id] = set(enqueue_due(ctx, FIRST_DUE))
    mail_sink.stall()
    stopped: list[str] = []

    def withdraw_while_the_first_is_held() -> None:
        try:
            assert mail_sink.stalled.wait(30)
            # The digest in flight holds a claim; the others have none yet.
            for owner, buddy in made:
                claim = ctx.sharing.ledger.redis.get(keys.sent(owner, f"{buddy.id}-{WEEK}"))
                if claim is None and not stopped:
                    ctx.sharing.recipients.stop(owner, buddy.id)
                    stopped.append(buddy.email)
        finally:
            mail_sink.release()

    helper = threading.Thread(target=withdraw_while_the_first_is_held, daemon=True)
    helper.start()
    run_worker(ctx)
    helper.join(30)

    assert len(stopped) == 1
    expected = sorted(buddy.email for _, buddy in made if buddy.email not in stopped)
    assert got(mail_sink) == expected
    job = Job.fetch(job_id, connection=ctx.outbox.jobs.connection, serializer=JSONSerializer)
    assert sorted(job.return_value()) == ["no consent", "sent", "sent"]
    assert ctx.sharing.ledger.failures() == []
    for owner, buddy in made:
        if buddy.email in stopped:
            assert ctx.sharing.ledger.due_at("d", owner, buddy.id) is None


@pytest.mark.parametrize(
    "reply",
    ["451 4.3.0 try again later", "421 4.3.2 shutting down"],
    ids=["one message refused", "connection lost"],
)
def test_a_server_failing_part_way_sends_the_rest_on_the_retry_and_nothing_twice(
    make_context: MakeContext, mail_sink: MailSink, clock: Clock, reply: str
) -> None:
    """The server takes the batch's first message, then refuses the second (451: the
    connection stays, and the third goes on it) or hangs up (421: the third is not tried).
    What was not sent is released, not marked: the batch's retry sends exactly that, and the
    first buddy gets one message, not two."""
    ctx = make_context(retry_intervals=(0,))
    made = three_buddies(ctx)
    clock.set(FIRST_DUE)
    mail_sink.refuse(1, after=1, reply=reply)

    [job_id] = set(enqueue_due(ctx, FIRST_DUE))
    run_worker(ctx)  # the first try, then at once its one retry

    assert mail_sink.refused == 1
    everyone = sorted(buddy.email for _, buddy in made)
    assert got(mail_sink) == everyone  # each exactly once
    first_try = mail_sink.received[0].peer
    tried_first = [item.peer for item in mail_sink.received].count(first_try)
    assert tried_first == (2 if reply.startswith("451") else 1)
    job = Job.fetch(job_id, connection=ctx.outbox.jobs.connection, serializer=JSONSerializer)
    assert job.get_status() == JobStatus.FINISHED
    assert sorted(job.return_value()) == (
        ["already sent", "already sent", "sent"]
        if reply.startswith("451")
        else ["already sent", "sent", "sent"]
    )
    assert ctx.sharing.ledger.failures() == []
    for owner, buddy in made:
        assert ctx.sharing.ledger.due_at("d", owner, buddy.id) == NEXT_DUE.timestamp()


def test_a_batch_failing_on_its_last_try_keeps_every_unsent_digest_for_the_operator(
    ctx: Context, mail_sink: MailSink, clock: Clock
) -> None:
    """No retries left, and the server hangs up after the first message: the one it took is
    sent, and the two it never took are each listed for the operator and moved on, so the
    scheduler does not queue them every half minute; `digest failures --retry` sends them."""
    made = three_buddies(ctx)
    clock.set(FIRST_DUE)
    mail_sink.refuse(1, after=1, reply="421 4.3.2 shutting down")

    queued, elsewhere, outcomes = run_due_and_tell(ctx, FIRST_DUE)

    assert (queued, elsewhere, outcomes) == (3, 0, {"failed": 3})
    assert len(mail_sink.received) == 1
    failures = [entry for _, entry in ctx.sharing.ledger.failures()]
    assert len(failures) == 2
    assert {entry["job"] for entry in failures} == {"send_weekly"}
    unsent = {tuple(entry["args"][1:3]) for entry in failures}
    sent_to = mail_sink.received[0].recipients[0]
    assert unsent == {(owner, buddy.id) for owner, buddy in made if buddy.email != sent_to}
    assert enqueue_due(ctx, FIRST_DUE) == []
    mail_sink.accept()
    for entry in failures:
        ctx.outbox.weekly(*entry["args"])
    run_worker(ctx)
    assert got(mail_sink) == sorted(buddy.email for _, buddy in made)


def test_two_groups_in_one_batch_each_hear_their_own_members_wins(
    ctx: Context, mail_sink: MailSink, clock: Clock
) -> None:
    """Four people in two groups, each asking for their group's note: one batch carries all
    four notes, a group's wins are read once for it, and no group hears the other's."""
    fourth = owner_key(SECRET, "amzn1.ask.account.TEST-BATCH-3")
    circles = {}
    for members, name in (((PEOPLE[0], PEOPLE[1]), "Tuesday Circle"),
                          ((PEOPLE[2], fourth), "Morning Walkers")):  # fmt: skip
        group = ctx.sharing.groups.create(members[0], name, TZ)
        ctx.sharing.groups.join(members[1], group.code)
        circles[name] = members
        for n, owner in enumerate(members):
            ctx.sharing.groups.update_membership(owner, share=True, display=f"{name[:4]}{n}")
            confirmed_buddy(ctx, owner, kind="group", name=f"{name[:4]}{n}",
                            email=f"{name[:4].lower()}{n}@example.org")  # fmt: skip
            say(ctx, owner, f"{name} win of member {n}", at=datetime(2026, 3, 4, 12, tzinfo=NY))
    clock.set(FIRST_DUE)

    queued = enqueue_due(ctx, FIRST_DUE)
    assert len(queued) == 4 and len(set(queued)) == 1
    run_worker(ctx)

    assert len(mail_sink.received) == 4
    for item in mail_sink.received:
        [to] = item.recipients
        name = "Tuesday Circle" if to.startswith("tues") else "Morning Walkers"
        other = "Morning Walkers" if name == "Tuesday Circle" else "Tuesday Circle"
        text = str(item.message.get_body(preferencelist=("plain",)).get_content())
        assert f"{name} win of member 0" in text and f"{name} win of member 1" in text
        assert other not in text
