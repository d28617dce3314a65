"""The worker room's commands: `smallwins worker`, `smallwins scheduler` and
`smallwins digest run|failures`.

Each builds one `Context` from `Settings` and installs it before the first job, so every job
(run in the worker's own process, see `run_worker`) finds its connections and templates ready.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import TextIO

from rq.serializers import JSONSerializer

import worker.jobs  # noqa: F401 - imported before the first job, not during it
from sharing.outbox import JobName
from smallwins.settings import Settings
from worker.context import Context, build, install
from worker.rq_workers import SimpleWorker
from worker.schedules import FAILED, run_due_and_tell, run_scheduler

log = logging.getLogger(__name__)


def _context(settings: Settings) -> Context:
    context = build(settings)
    install(context)
    return context


def run_worker(settings: Settings, *, burst: bool = False) -> int:
    """Work the queue; RQ's own scheduler (`with_scheduler`) brings back jobs that wait for a
    retry after a mail failure."""
    context = _context(settings)
    queue = context.outbox.jobs
    # No work horse forked per job: a fork cost about half of a digest's CPU (17 of 33 ms in
    # bench/digests.py), and our jobs are our own short, importable functions that need no
    # isolation from each other. A job still times out (SIGALRM in this process), and a worker
    # that dies mid-job is rescued by the next (`worker.rescue`), as a dead horse was.
    worker = SimpleWorker([queue], connection=queue.connection, serializer=JSONSerializer)
    worker.work(burst=burst, with_scheduler=True, logging_level=settings.log_level)
    return 0


def run_schedule(settings: Settings) -> int:
    return run_scheduler(_context(settings))


def digest_run(settings: Settings, at: str, out: TextIO = sys.stdout) -> int:
    """Send whatever is due at `at` (ISO 8601; without a zone, UTC) now, in this process."""
    moment = datetime.fromisoformat(at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    queued, elsewhere, outcomes = run_due_and_tell(_context(settings), moment)
    failed = sum(n for outcome, n in outcomes.items() if outcome in FAILED)
    told = [f"{outcome}: {n}" for outcome, n in sorted(outcomes.items())]
    if elsewhere:
        told.append(f"{elsewhere} already queued by a running scheduler")
    out.write(
        f"{queued + elsewhere} weekly digests were due at {moment.isoformat()}; {failed} failed"
        + (f" ({', '.join(told)})" if told else "")
        + "\n"
    )
    return 1 if failed else 0


def digest_failures(settings: Settings, *, retry: bool, out: TextIO = sys.stdout) -> int:
    """List deliveries that failed after every retry (ids only); `retry` queues them again."""
    context = _context(settings)
    failures = context.sharing.ledger.failures()
    if not failures:
        out.write("no failed deliveries\n")
        return 0
    again = {
        JobName.SEND_WEEKLY: context.outbox.weekly,
        JobName.DELIVER_SHARE: context.outbox.share,
        JobName.SEND_CONFIRMATION: context.outbox.confirmation,
    }
    for when, entry in failures:
        job, error = str(entry["job"]), str(entry["error"])
        owner = str(entry.get("owner", ""))[:12]
        out.write(f"{when:%Y-%m-%d %H:%M} UTC  {job:<17} owner {owner}…  {error}\n")
        if retry and job in again:
            again[job](*entry["args"])
            context.sharing.ledger.forget_failure(entry)
    if retry:
        out.write(f"queued {len(failures)} deliveries again\n")
    return 0
