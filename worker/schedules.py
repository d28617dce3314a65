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
import time
from collections import Counter
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


def enqueue_due(ctx: Context, at: datetime, *, on_its_way: list[str] | None = None) -> list[str]:
    """Queue every weekly send due at `at`; return the ids of the jobs queued now. The ids of
    due sends already queued or running (by another scheduler or worker) go to `on_its_way`."""
    queued = []
    for due in ctx.sharing.ledger.due(at):
        job_id = job_id_for(weekly_name(due.kind, due.recipient, due.at), due.owner)
        if _busy(ctx, job_id):
            if on_its_way is not None:
                on_its_way.append(job_id)
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
    queued, _, outcomes = run_due_and_tell(ctx, at)
    return queued, sum(n for outcome, n in outcomes.items() if outcome in FAILED)


# How a job ended, as `run_due_and_tell` counts it; these count as failed.
FAILED = frozenset({"failed", "will be retried", "still running"})


def run_due_and_tell(
    ctx: Context, at: datetime, *, wait: float = 60.0
) -> tuple[int, int, Counter[str]]:
    """`run_due`, and what became of every send that was due: (queued here, already on their
    way when this began, outcomes), outcomes being the jobs' own answers ("sent",
    "nothing to send", "already sent", ...) or how they stand. A job another worker took
    (the one `smallwins run` started, say) is waited for, up to `wait` seconds, and counted
    by its own outcome, not as a failure of this command."""
    elsewhere: list[str] = []
    queued = enqueue_due(ctx, at, on_its_way=elsewhere)
    worker = SimpleWorker([ctx.outbox.jobs], connection=ctx.outbox.jobs.connection,
                          serializer=JSONSerializer)  # fmt: skip
    worker.work(burst=True, logging_level="WARNING")
    deadline = time.monotonic() + wait
    outcomes: Counter[str] = Counter(
        _outcome(ctx, job_id, deadline) for job_id in [*queued, *elsewhere]
    )
    return len(queued), len(elsewhere), outcomes


def _outcome(ctx: Context, job_id: str, deadline: float) -> str:
    try:
        job = Job.fetch(job_id, connection=ctx.outbox.jobs.connection, serializer=JSONSerializer)
    except NoSuchJobError:
        return "gone"
    status = job.get_status()
    while status in (JobStatus.QUEUED, JobStatus.STARTED) and time.monotonic() < deadline:
        time.sleep(0.2)
        status = job.get_status()
    if status == JobStatus.FINISHED:
        return str(job.return_value())
    if status in (JobStatus.SCHEDULED, JobStatus.DEFERRED):
        return "will be retried"
    if status in (JobStatus.QUEUED, JobStatus.STARTED):
        return "still running"
    return "failed"


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
