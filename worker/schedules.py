"""The scheduler: every half minute, queue each weekly digest that is due.

Our own small loop rather than `rq cron`: cron jobs are enqueued with pickle whatever
serializer is set, and our queue is JSON (ids only). Running two schedulers, or one that fires
twice, is safe: a digest already queued is not queued again, and a digest queued twice is sent
once (the job claims its week before sending).
"""

from __future__ import annotations

import logging
import signal
import threading
from datetime import UTC, datetime, timedelta

from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from sharing.outbox import job_id_for, weekly_name
from worker.context import Context
from worker.rq_workers import SimpleWorker

log = logging.getLogger(__name__)

TICK_SECONDS = 30
_WAITING = (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED)


def _busy(ctx: Context, job_id: str) -> bool:
    """Whether the digest's job is still on its way: waiting, or running on a live worker.

    A job left "started" by a worker that died is not busy once its lease has long lapsed.
    """
    try:
        job = Job.fetch(job_id, connection=ctx.outbox.jobs.connection, serializer=JSONSerializer)
    except NoSuchJobError:
        return False
    status = job.get_status(refresh=False)
    if status in _WAITING:
        return True
    if status == JobStatus.STARTED and job.started_at is not None:
        started = job.started_at
        if started.tzinfo is None:  # RQ keeps UTC, with or without saying so
            started = started.replace(tzinfo=UTC)
        return datetime.now(UTC) - started < timedelta(seconds=2 * ctx.lease_seconds)
    return False


def enqueue_due(ctx: Context, at: datetime) -> list[str]:
    """Queue every weekly send due at `at`; return the ids of the jobs queued now."""
    queued = []
    for due in ctx.sharing.ledger.due(at):
        job_id = job_id_for(weekly_name(due.kind, due.recipient, due.at), due.owner)
        if _busy(ctx, job_id):
            continue
        queued.append(ctx.outbox.weekly(due.kind, due.owner, due.recipient, due.at))
    if queued:
        log.info("queued %d weekly digests", len(queued))
    return queued


def run_due(ctx: Context, at: datetime) -> tuple[int, int]:
    """`smallwins digest run --at`: queue what is due at `at` and work the queue until it is
    empty, here and now. Safe to repeat: what was sent is not sent again.

    Returns (jobs queued, jobs that failed and will be retried or were kept as failures).
    """
    queued = enqueue_due(ctx, at)
    worker = SimpleWorker([ctx.outbox.jobs], connection=ctx.outbox.jobs.connection,
                          serializer=JSONSerializer)  # fmt: skip
    worker.work(burst=True, logging_level="WARNING")
    failed = sum(
        1
        for job_id in queued
        if Job.fetch(
            job_id, connection=ctx.outbox.jobs.connection, serializer=JSONSerializer
        ).get_status(refresh=False)
        != JobStatus.FINISHED
    )
    return len(queued), failed


def run_scheduler(ctx: Context, *, every: float = TICK_SECONDS) -> int:
    """Tick until SIGTERM or SIGINT; a Redis outage is logged and the next tick tries again."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    log.info("scheduler started: checking for due digests every %ss", every)
    while not stop.is_set():
        try:
            enqueue_due(ctx, ctx.clock())
        except Exception as exc:
            log.warning("scheduler tick failed: %s", type(exc).__name__)
        stop.wait(every)
    return 0
