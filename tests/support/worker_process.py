"""A real RQ worker process for tests that kill one mid-send.

`python -m tests.support.worker_process REDIS_URL SMTP_URL LEASE_SECONDS [QUEUE_URL]` builds
the worker context the way `smallwins worker` does, but with a short delivery lease (so a test
need not wait two minutes for a dead worker's claim to lapse), and works the queue in burst
mode with RQ's forking worker, as production does.
"""

from __future__ import annotations

import sys

from rq.serializers import JSONSerializer

from smallwins.settings import Settings
from worker import context
from worker.rq_workers import Worker

SECRET = b"test-secret-key-for-small-wins-0123456789"


def main(redis_url: str, smtp_url: str, lease: str, queue_url: str | None = None) -> int:
    settings = Settings(
        env="development",
        secret_key=SECRET,
        redis_url=redis_url,
        queue_url=queue_url,
        smtp_url=smtp_url,
        default_tz="America/New_York",
        public_url="https://wins.example.org",
    )
    ctx = context.build(settings, lease_seconds=int(lease), retry_intervals=())
    context.install(ctx)
    queue = ctx.outbox.jobs
    Worker([queue], connection=queue.connection, serializer=JSONSerializer).work(burst=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
