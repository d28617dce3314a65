"""Work an RQ queue until it is empty, in the test's own process (a real worker, burst mode)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

from rq.serializers import JSONSerializer

from worker.context import Context
from worker.rq_workers import SimpleWorker


@contextmanager
def keeping_signal_handlers() -> Iterator[None]:
    """RQ workers install their own SIGINT/SIGTERM handlers; give pytest its own back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def run_worker(ctx: Context) -> None:
    """Work `ctx`'s queue until it is empty, in this process (a real RQ worker, burst mode)."""
    worker = SimpleWorker(
        [ctx.outbox.jobs], connection=ctx.outbox.jobs.connection, serializer=JSONSerializer
    )
    # DEBUG: everything RQ says goes through the session's privacy audit.
    with keeping_signal_handlers():
        worker.work(burst=True, logging_level="DEBUG")
