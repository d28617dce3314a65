"""Our RQ workers: RQ's own, with two fixes for how they stop and how they notice the dead.

Stopping: RQ listens for its remote commands with a 60-second wait, and with redis-py 8 it
first unsubscribes and then joins that listener, which sits out the whole wait: a burst worker
said "done, quitting" and took up to a minute to go. Here the listener waits one second.

The dead: see `worker.rescue`, run before taking the scheduler lock and at every maintenance
pass, which comes every `MAINTENANCE_SECONDS` rather than every ten minutes.
"""

from __future__ import annotations

from typing import Any

from rq import SimpleWorker as _RQSimpleWorker
from rq import Worker as _RQWorker

from worker.rescue import MAINTENANCE_SECONDS, rescue

LISTEN_SECONDS = 1


class _Prompt:
    pubsub: Any
    pubsub_thread: Any
    connection: Any
    pubsub_channel_name: str
    log: Any
    name: str

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("maintenance_interval", MAINTENANCE_SECONDS)
        super().__init__(*args, **kwargs)

    def _start_scheduler(self, *args: Any, **kwargs: Any) -> None:
        rescue(self)  # a dead worker's lock is freed first, so this one can take it now
        super()._start_scheduler(*args, **kwargs)  # type: ignore[misc]

    def run_maintenance_tasks(self) -> None:
        rescue(self)
        super().run_maintenance_tasks()  # type: ignore[misc]

    def subscribe(self) -> None:
        self.log.info("Worker %s: subscribing to channel %s", self.name, self.pubsub_channel_name)
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})  # type: ignore[attr-defined]
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=LISTEN_SECONDS,
            daemon=True,
            exception_handler=self._pubsub_exception_handler,  # type: ignore[attr-defined]
        )


class Worker(_Prompt, _RQWorker):
    """Forks a work horse per job, as production runs."""


class SimpleWorker(_Prompt, _RQSimpleWorker):
    """Runs jobs in its own process: `smallwins digest run` and tests."""


__all__ = ["SimpleWorker", "Worker"]
