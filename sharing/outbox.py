"""Work for the worker, queued by job name: `sharing` never imports `worker`, and never
sends mail itself.

RQ job ids allow only letters, digits, `_` and `-`. An id names its delivery (the same delivery
queued twice is one job), hashed so that no RQ key name holds an owner key. Jobs are
serialised as JSON: ids only, never anyone's words. Each job id is also kept under its owner's
prefix, so erasing a person cancels and deletes their queued jobs (`cancel_all`). That set
lives with the data, which may be a cluster while the queues have a server of their own.
"""

from __future__ import annotations

import enum
import hashlib
import uuid
from collections.abc import Sequence

import redis
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job
from rq.serializers import JSONSerializer

from journal.keys import prefix
from journal.store import storage_call
from sharing.records import Due

QUEUE = "smallwins"


class JobName(enum.StrEnum):
    """The worker's jobs: each is the function of that name in `JOBS_MODULE`."""

    SEND_CONFIRMATION = "send_confirmation"
    DELIVER_SHARE = "deliver_share"
    SEND_WEEKLY = "send_weekly"
    SEND_DIGESTS = "send_digests"


# `sharing` never imports the worker, so RQ is given the functions' module by name; a test
# checks that it holds a function for every `JobName`.
JOBS_MODULE = "worker.jobs"
# Back-off between tries when the mail server is down: half a minute up to half an hour.
RETRY_INTERVALS: tuple[int, ...] = (30, 120, 600, 1800)
# Longer than any job lives in RQ (failed jobs are kept 30 days).
JOB_MEMORY_SECONDS = 31 * 24 * 3600
# How long the queue remembers which batch carries a digest: past every retry's back-off and
# a Sunday evening's backlog; a batch that finishes forgets at once.
CARRIER_SECONDS = 6 * 3600


def queue(connection: redis.Redis, *, name: str = QUEUE) -> Queue:
    return Queue(name, connection=connection, serializer=JSONSerializer)


class Outbox:
    """Queues deliveries; each job checks consent again when it runs."""

    def __init__(
        self,
        jobs: Queue,
        *,
        retry_intervals: Sequence[int] = RETRY_INTERVALS,
        data: redis.Redis | redis.RedisCluster | None = None,
    ) -> None:
        self.jobs = jobs
        self._intervals = list(retry_intervals)
        # Where the owners' `jobs_of` sets live: the data store, when it is not the queue's.
        self.data = jobs.connection if data is None else data

    def _retry(self) -> Retry | None:
        return (
            Retry(max=len(self._intervals), interval=self._intervals) if self._intervals else None
        )

    @storage_call
    def enqueue(self, job: JobName, name: str, owner: str, *args: str | float) -> str:
        job_id = job_id_for(name, owner)
        if self.data is not self.jobs.connection:
            # Two servers: the id goes into the owner's set first, so erasure finds the job
            # even if the enqueue after it is cut short.
            mark = self.data.pipeline(transaction=True)
            mark.sadd(jobs_of(owner), job_id)
            mark.expire(jobs_of(owner), JOB_MEMORY_SECONDS)
            mark.execute()
            self._enqueue(job, job_id, args, pipeline=None)
            return job_id
        # One round trip: the job and its place in the owner's `jobs_of` set (which erasure
        # follows) are written together. RQ opens the transaction, so it goes first.
        pipe = self.jobs.connection.pipeline()
        self._enqueue(job, job_id, args, pipeline=pipe)
        pipe.sadd(jobs_of(owner), job_id)
        pipe.expire(jobs_of(owner), JOB_MEMORY_SECONDS)
        pipe.execute()
        return job_id

    def _enqueue(
        self, job: str, job_id: str, args: tuple[str | float, ...], *, pipeline: object
    ) -> None:
        self.jobs.enqueue(
            f"{JOBS_MODULE}.{job}",
            *args,
            job_id=job_id,
            # RQ logs the description; the default would print the arguments (owner keys).
            description=str(job),
            retry=self._retry(),
            result_ttl=24 * 3600,
            failure_ttl=30 * 24 * 3600,
            job_timeout=300,
            pipeline=pipeline,
        )

    def confirmation(self, owner: str, recipient_id: str) -> str:
        return self.enqueue(
            JobName.SEND_CONFIRMATION, f"confirm-{recipient_id}", owner, owner, recipient_id
        )

    def share(self, owner: str, recipient_id: str, win_id: str) -> str:
        return self.enqueue(
            JobName.DELIVER_SHARE,
            f"share-{recipient_id}-{win_id}",
            owner,
            owner,
            recipient_id,
            win_id,
        )

    def weekly(self, kind: str, owner: str, recipient_id: str, due: float) -> str:
        return self.enqueue(
            JobName.SEND_WEEKLY, weekly_name(kind, recipient_id, due), owner,
            kind, owner, recipient_id, due,
        )  # fmt: skip

    @storage_call
    def digests(self, dues: Sequence[Due]) -> str:
        """Queue weekly digests as one job (`worker.weekly.send_digests`); return its id.

        Each digest's own job id (`weekly_id`) is noted as carried by this job, so the
        scheduler can tell a digest already on its way from one to queue. The batch's id is
        in each of its owners' `jobs_of` sets: erasing one of them cancels the batch, and the
        scheduler queues the others' digests again at its next tick."""
        job_id = f"digests-{uuid.uuid4().hex}"
        owners = list(dict.fromkeys(due.owner for due in dues))
        args = [[due.kind, due.owner, due.recipient, due.at] for due in dues]
        pipe = self.jobs.connection.pipeline()
        if self.data is not self.jobs.connection:
            mark = self.data.pipeline(transaction=False)
            for owner in owners:
                mark.sadd(jobs_of(owner), job_id)
                mark.expire(jobs_of(owner), JOB_MEMORY_SECONDS)
            mark.execute()
            self._enqueue(JobName.SEND_DIGESTS, job_id, (args,), pipeline=pipe)
        else:
            self._enqueue(JobName.SEND_DIGESTS, job_id, (args,), pipeline=pipe)
            for owner in owners:
                pipe.sadd(jobs_of(owner), job_id)
                pipe.expire(jobs_of(owner), JOB_MEMORY_SECONDS)
        for due in dues:
            pipe.set(carrier_key(weekly_id(due)), job_id, ex=CARRIER_SECONDS)
        pipe.execute()
        return job_id

    @storage_call
    def carriers(self, dues: Sequence[Due]) -> list[str]:
        """The id of the job that carries each digest: a batch's, or the digest's own (queued
        alone by `weekly`, or never); one round trip."""
        ids = [weekly_id(due) for due in dues]
        pipe = self.jobs.connection.pipeline(transaction=False)
        for job_id in ids:
            pipe.get(carrier_key(job_id))
        found = pipe.execute() if ids else []
        return [_text(c) if c else own for own, c in zip(ids, found, strict=True)]

    @storage_call
    def carried(self, dues: Sequence[Due]) -> None:
        """A batch is done: forget that it carries these digests."""
        if dues:
            self.jobs.connection.unlink(*(carrier_key(weekly_id(due)) for due in dues))

    def cancel_all(self, owner: str) -> int:
        """Cancel and delete every job queued for `owner` (erasure); return how many."""
        connection = self.jobs.connection
        ids = [
            i.decode() if isinstance(i, bytes) else i for i in self.data.smembers(jobs_of(owner))
        ]
        removed = 0
        for job_id in ids:
            try:
                job = Job.fetch(job_id, connection=connection, serializer=JSONSerializer)
            except NoSuchJobError:
                continue
            job.delete(remove_from_queue=True)
            removed += 1
        self.data.delete(jobs_of(owner))
        return removed


def weekly_name(kind: str, recipient_id: str, due: float) -> str:
    return f"weekly-{kind}-{recipient_id}-{int(due)}"


def weekly_id(due: Due) -> str:
    """The job id of one weekly digest, whichever job carries it."""
    return job_id_for(weekly_name(due.kind, due.recipient, due.at), due.owner)


def carrier_key(digest_id: str) -> str:
    """On the queue's server: the id of the batch job that carries the digest `digest_id`
    (hashed, as job ids are, so no key names an owner)."""
    return f"sw:carrier:{digest_id}"


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def job_id_for(name: str, owner: str) -> str:
    """`name` made unique to its owner, without the owner key in RQ's key names."""
    digest = hashlib.sha256(f"{owner}/{name}".encode()).hexdigest()[:24]
    return f"{name.split('-', 1)[0]}-{digest}"


def jobs_of(owner: str) -> str:
    """Set of the ids of jobs queued for one owner, under their prefix."""
    return f"{prefix(owner)}:jobs"
