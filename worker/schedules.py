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
from rq.utils import as_text, utcparse

from sharing.records import Due
from worker.context import Context
from worker.rq_workers import SimpleWorker
from worker.weekly import BATCH

log = logging.getLogger(__name__)

TICK_SECONDS = 30
_WAITING = (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED)


def _on_their_way(ctx: Context, job_ids: set[str]) -> set[str]:
    """Which of these jobs are still on their way: waiting, or running on a live worker; one
    round trip for them all.

    A job left "started" by a worker that died is not on its way once its lease has long
    lapsed."""
    ids = sorted(job_ids)
    pipe = ctx.outbox.jobs.connection.pipeline(transaction=False)
    for job_id in ids:
        pipe.hmget(Job.key_for(job_id), "status", "started_at")
    found = pipe.execute() if ids else []
    busy = set()
    now = datetime.now(UTC)
    for job_id, (status, started) in zip(ids, found, strict=True):
        if status is None:  # no such job (finished long ago, or cancelled)
            continue
        status = JobStatus(as_text(status))
        if status in _WAITING:
            busy.add(job_id)
        elif status == JobStatus.STARTED and started:
            # RQ keeps UTC, without saying so
            began = utcparse(as_text(started)).replace(tzinfo=UTC)
            if now - began < timedelta(seconds=2 * ctx.lease_seconds):
                busy.add(job_id)
    return busy


def _batches(ctx: Context, dues: list[Due]) -> list[list[Due]]:
    """Due digests in batches of `BATCH`, a group's members together, so that a group's wins
    are read once for each batch rather than once for each member."""
    alone = [due for due in dues if due.kind != "g"]
    grouped = [due for due in dues if due.kind == "g"]
    if grouped:
        of = ctx.sharing.recipients.groups_of([(due.owner, due.recipient) for due in grouped])
        grouped.sort(key=lambda due: (due.at, of.get((due.owner, due.recipient), "")))
    return [part[k : k + BATCH] for part in (alone, grouped) for k in range(0, len(part), BATCH)]


def enqueue_due(ctx: Context, at: datetime, *, on_its_way: list[str] | None = None) -> list[str]:
    """Queue every weekly send due at `at`, in batches; return, for each digest queued now,
    the id of the job that carries it (a batch's id once for each of its digests). The ids of
    the jobs carrying due sends already queued or running (by another scheduler or worker) go
    to `on_its_way`, likewise once a digest.

    A few round trips for a whole tick, whatever is due: the due sends, their carriers, the
    carriers' states, then one for each batch queued."""
    due = ctx.sharing.ledger.due(at)
    carriers = ctx.outbox.carriers(due)
    busy = _on_their_way(ctx, set(carriers))
    fresh = []
    for item, carrier in zip(due, carriers, strict=True):
        if carrier in busy:
            if on_its_way is not None:
                on_its_way.append(carrier)
        else:
            fresh.append(item)
    queued = []
    for batch in _batches(ctx, fresh):
        queued += [ctx.outbox.digests(batch)] * len(batch)
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
    outcomes: Counter[str] = Counter()
    # A batch is fetched once, and tells each of its digests' outcomes.
    for job_id, count in Counter([*queued, *elsewhere]).items():
        outcomes.update(_outcomes(ctx, job_id, count, deadline))
    return len(queued), len(elsewhere), outcomes


def _outcomes(ctx: Context, job_id: str, count: int, deadline: float) -> list[str]:
    """How the `count` digests a job carries ended: its own answers once it finished."""
    try:
        job = Job.fetch(job_id, connection=ctx.outbox.jobs.connection, serializer=JSONSerializer)
    except NoSuchJobError:
        return ["gone"] * count
    status = job.get_status()
    while status in (JobStatus.QUEUED, JobStatus.STARTED) and time.monotonic() < deadline:
        time.sleep(0.2)
        status = job.get_status()
    if status == JobStatus.FINISHED:
        value = job.return_value()
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if status in (JobStatus.SCHEDULED, JobStatus.DEFERRED):
        return ["will be retried"] * count
    if status in (JobStatus.QUEUED, JobStatus.STARTED):
        return ["still running"] * count
    return ["failed"] * count


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
