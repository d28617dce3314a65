"""Work a dead worker left behind is taken up again within seconds, not RQ's ten minutes.

RQ notices a dead worker only in a maintenance pass, every ten minutes by default: until then
its scheduler lock (the scheduler brings back retries whose back-off has passed) stays with
the dead process, and its interrupted job stays "started" (rq/rq#1758, #2084). Each of our
workers runs `rescue` when it starts and at every maintenance pass (`MAINTENANCE_SECONDS`):

- a scheduler lock held by a process of this machine that no longer runs, or not renewed
  for ten seconds (a live scheduler renews it every second), is freed with a
  compare-and-delete, for this worker's scheduler to take;
- a job whose worker is dead is handed to RQ's own abandoned-job handling at once: retried
  after its back-off when it has retries left, else failed (and a weekly digest is then
  queued again by the scheduler), as RQ would do ten minutes later.

A worker is dead when its record is gone (RQ lets it lapse about 90 seconds after the last
heartbeat) or it names this machine and a process id that no longer runs. Re-running is safe:
every job claims its delivery first and sends once.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from rq.executions import Execution
from rq.registry import StartedJobRegistry
from rq.scheduler import SCHEDULER_KEY_TEMPLATE, SCHEDULER_LOCKING_KEY_TEMPLATE

log = logging.getLogger(__name__)

MAINTENANCE_SECONDS = 15
LOCK_SECONDS = 61  # RQ's scheduler lock: its interval (1 s) plus 60
STALE_LOCK_SECONDS = 10

_DELETE_IF_SAME = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value or "")


def _gone(hostname: str, pid: str) -> bool:
    """Whether `pid` on `hostname` is known not to run: only this machine can tell."""
    if hostname != socket.gethostname() or not pid.isdigit() or int(pid) <= 0:
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return _zombie(int(pid))


def _zombie(pid: int) -> bool:
    # A killed child not yet reaped by its parent still has a pid, and is as dead.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def _unrefreshed(ttl: int) -> bool:
    # A live scheduler renews its lock to 61 seconds every second; one left for more than
    # ten has no live holder, wherever it ran (one killed before it wrote its record, too).
    return 0 <= ttl < LOCK_SECONDS - STALE_LOCK_SECONDS


def free_dead_scheduler_locks(connection: Any, queue_names: list[str]) -> int:
    """Free each queue's scheduler lock whose holder is a dead process of this machine."""
    freed = 0
    for name in queue_names:
        key = SCHEDULER_LOCKING_KEY_TEMPLATE % name
        holder = _text(connection.get(key))
        if not holder:
            continue
        record = connection.hgetall(SCHEDULER_KEY_TEMPLATE % holder)
        fields = {_text(k): _text(v) for k, v in record.items()}
        dead = bool(fields) and _gone(fields.get("hostname", ""), fields.get("pid", ""))
        if dead or _unrefreshed(connection.ttl(key)):
            freed += int(connection.eval(_DELETE_IF_SAME, 1, key, holder))
    if freed:
        log.info("freed %d scheduler lock(s) of a dead worker", freed)
    return freed


def _worker_dead(connection: Any, worker_name: str) -> bool:
    if not worker_name:
        return False
    record = connection.hgetall(f"rq:worker:{worker_name}")
    if not record:
        return True
    fields = {_text(k): _text(v) for k, v in record.items()}
    return _gone(fields.get("hostname", ""), fields.get("pid", ""))


def hand_back_abandoned(queue: Any) -> int:
    """Give RQ's abandoned-job handling every started job of `queue` whose worker is dead."""
    registry = StartedJobRegistry(queue=queue)
    connection = queue.connection
    dead = []
    for job_id, execution_id in registry.get_job_and_execution_ids(cleanup=False):
        try:
            execution = Execution.fetch(execution_id, job_id, connection)
        except ValueError:  # its record lapsed: RQ's own pass deals with the entry
            continue
        if _worker_dead(connection, execution.worker_name):
            dead.append(f"{job_id}:{execution_id}")
    if not dead:
        return 0
    # An entry's score is when RQ would call it abandoned; now is when we know it is.
    connection.zadd(registry.key, dict.fromkeys(dead, 0), xx=True)
    registry.cleanup()
    log.info("took up %d job(s) of a dead worker", len(dead))
    return len(dead)


def rescue(worker: Any) -> None:
    """Both checks for `worker`'s queues; a failure is logged, never fatal to the worker."""
    try:
        free_dead_scheduler_locks(worker.connection, worker.queue_names())
        for queue in worker.queues:
            hand_back_abandoned(queue)
    except Exception as exc:  # a Redis hiccup must not stop the worker; the next pass retries
        log.warning("rescue pass failed: %s", type(exc).__name__)
