"""A worker killed mid-send (the OOM killer, a deploy): the digest it was sending goes out once,
within a minute of a new worker starting, with production's lease and retry back-off.

Real processes throughout: `smallwins worker` (RQ's forking worker and its scheduler), killed
with SIGKILL together with its work horse and scheduler, then a second `smallwins worker`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import redis

from sharing import Sharing
from sharing.outbox import Outbox, queue
from tests.support.processes import descendants
from tests.support.smtp import MailSink, mail_text
from tests.worker.test_commands import OWNER, _buddy_with_a_win, _env
from worker.context import rq_connection

# The delivery comes about 30 s after the new worker starts (production's retry back-off), and
# the test prints when; the bound leaves room for a loaded machine while still failing on the
# ~11.5 minutes a dead worker's lock used to cost.
NEW_WORKER_WINDOW = 90


@contextlib.contextmanager
def worker(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "smallwins.cli", "worker"],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def sigkill_tree(process: subprocess.Popen[bytes]) -> None:
    """The machine takes the worker, its work horse and its scheduler all at once."""
    for pid in [process.pid, *descendants(process.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait(10)


def test_a_digest_interrupted_by_a_killed_worker_goes_once_within_a_minute_of_the_next(
    redis_url: str, queue_url: str | None, redis_client: redis.Redis, tmp_path: Path
) -> None:
    sharing: Sharing = _buddy_with_a_win(redis_client)
    (maria,) = sharing.recipients.all(OWNER)
    due = sharing.ledger.due_at("d", OWNER, maria.id)
    assert due is not None
    rq = rq_connection(queue_url or redis_url)
    log = tmp_path / "workers.log"
    with MailSink() as sink:
        env = _env(redis_url, sink.url) | ({"SMALLWINS_QUEUE_URL": queue_url} if queue_url else {})
        sink.stall()
        with worker(env, log) as first:
            # Queued as the scheduler queues it, with production's retry back-off.
            Outbox(queue(rq), data=redis_client if queue_url else None).weekly(
                "d", OWNER, maria.id, due
            )
            assert sink.stalled.wait(30), "the first worker never started sending"
            sigkill_tree(first)
        sink.release()
        assert sink.messages == []

        started = time.monotonic()
        with worker(env, log):
            try:
                (digest,) = sink.wait_for(1, timeout=NEW_WORKER_WINDOW)
            except AssertionError:
                raise AssertionError("no digest; the workers said:\n" + log.read_text()) from None
            took = time.monotonic() - started
            assert "I made it to the Wednesday meeting" in mail_text(digest)
            # Nothing more comes: not a retry of the dead worker's job, not a scheduler tick.
            time.sleep(5)
            assert len(sink.messages) == 1
        print(f"\ndigest delivered {took:.1f} s after the new worker started, once")
    rq.close()
    text = log.read_text()
    assert "freed 1 scheduler lock(s) of a dead worker" in text
    assert "took up 1 job(s) of a dead worker" in text
