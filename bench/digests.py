#!/usr/bin/env python3
"""Benchmark: weekly digests rendered and delivered by RQ workers to a local SMTP sink, beside
RQ's own no-op job throughput measured the same way, by the same workers, in the same run.

Setup (not timed): an embedded Redis (Valkey) in a temporary folder, filled through the app's
own API (`Sharing`, `Journal`) with synthetic people: by default 5,000 owners, each sharing with
a sponsor and a buddy who confirmed and were asked (10,000 weekly digests), each owner with
three wins (one with "what helped") in last week, said after consent; time zones rotate over
New York, Chicago, Los Angeles and London. Words are encrypted at rest as in production.
Setup writes with appendfsync everysec; the measured phases run with `--fsync` (default
always: what `smallwins run` uses).

Workers: `--workers` processes running `smallwins worker` (the context built and installed,
then an RQ SimpleWorker, no fork per job, with RQ's scheduler), or with `--worker-class fork`
the same with RQ's forking Worker, as it ran before; started before and kept across both
phases, on queue "smallwins" with the JSON serializer. Measured, for each worker class:

  no-op    10,000 jobs `bench.digests.noop(kind, owner, recipient, due)`: the same arguments,
           job options (retry, TTLs, timeout, a short description) and queue as a digest, a
           body doing nothing;
  digests  `worker.schedules.enqueue_due` (the scheduler's tick, every 30 s as it runs,
           each queueing at most 10,000) queues the 10,000 digests in batches (one RQ job
           carries up to `worker.weekly.BATCH`); each digest is composed (plain text and
           HTML), sent over its batch's one SMTP connection to an aiosmtpd sink in its own
           process, and marked sent.

Each rate is digests (or no-op jobs) / (last job's `ended_at` - start of enqueueing):
enqueueing runs while the workers already work, as the scheduler's tick does. The ratio
digests/s over no-op jobs/s says how a digest compares with RQ's own cost of one job each
(above 1 once a job carries several); 100,000 due at once must go within 15 minutes. Per
phase, the CPU seconds each party used (workers with their work horses, Redis, the sink, this
process enqueueing) show where a 2-core machine's time went. Finally every digest is
checked: the sink got exactly one message per recipient, Message-IDs are distinct, every job
finished and every digest says "sent", none failed.

`--profile N` afterwards runs N digests in this process under cProfile (SimpleWorker, context
installed; the sink stays in its own process) and prints where the time goes.

    .venv/bin/python bench/digests.py [--digests 10000] [--workers 2]
        [--worker-class simple|fork|both] [--fsync always|everysec]
        [--profile 2000]

It ends with one line: digests/s beside RQ's no-op jobs/s, their ratio, and how long 100,000
digests due at the same minute would take at that rate.

Longer than 300 lines because a benchmark is read as one script: setup, the measured phases,
the SMTP sink and the report are kept together so the figures can be checked in one place.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from smallwins.mail_sink import free_port  # noqa: E402

NOOP = "bench.digests.noop"
ENCRYPTION_KEY = "YmVuY2gtb25seS1rZXktbmV2ZXItYS1zZWNyZXQhISE="
SECRET_KEY = "bench-secret-key-0123456789-abcdefghijklmnop"
ZONES = ("America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London")
KINDS = ("sponsor", "buddy")
WINS = [
    ("I went for a walk instead of drinking", "calling my sponsor"),
    ("I made dinner at home and ate it at the table", None),
    ("I went to a meeting and stayed for coffee after", None),
]
# Give up on a phase only when it runs slower than this many jobs a second.
SLOWEST_RATE = 4.0

# What each worker process runs: `smallwins worker` itself for rq.Worker, the same with
# rq.SimpleWorker in its place otherwise. Both job modules are imported first, so that no work
# horse pays for importing one (nearly free where .pyc files exist, as in the Docker image; this
# checkout may run with PYTHONDONTWRITEBYTECODE and would compile them for every job).
WORKER = """
import logging, sys
import bench.digests, worker.jobs
from smallwins.cli import main

if sys.argv[1] == "simple":
    sys.exit(main(["worker"]))

# worker.process.run_worker as it was, with RQ's forking Worker.
from rq import Worker as SimpleWorker
from rq.serializers import JSONSerializer
from smallwins.settings import Settings
from worker.context import build, install

settings = Settings.from_env()
logging.basicConfig(
    level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
)
context = build(settings)
install(context)
queue = context.outbox.jobs
worker = SimpleWorker([queue], connection=queue.connection, serializer=JSONSerializer)
worker.work(with_scheduler=True, logging_level=settings.log_level)
"""


def noop(*args: Any) -> None:
    """The no-op job: RQ's own cost for one job, with a digest's arguments."""


def tree_cpu(roots: Iterable[int]) -> float:
    """CPU seconds of processes and all their descendants, live or reaped (a worker, its work
    horses, RQ's scheduler process)."""
    parents, ticks = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        ticks[pid] = sum(int(v) for v in fields[11:15])
    wanted = set(roots)
    total = 0
    for pid in ticks:
        ancestor = pid
        while ancestor > 1 and ancestor not in wanted:
            ancestor = parents.get(ancestor, 0)
        if ancestor in wanted:
            total += ticks[pid]
    return total / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    times = os.times()
    return times.user + times.system


# -- the SMTP sink, in a process of its own --------------------------------------------------------

_MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(<[^>\r\n]+>)", re.MULTILINE | re.IGNORECASE)


def _sink_main(port: int, conn: Any) -> None:
    """Accept mail on 127.0.0.1:`port`, count it, answer "stats", "reset" and "stop"."""
    from aiosmtpd.controller import Controller

    lock = threading.Lock()
    state: dict[str, Any] = {}

    def reset() -> None:
        with lock:
            state.update(messages=0, rcpts=Counter(), ids=Counter(), first=0.0, last=0.0)

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            found = _MESSAGE_ID.search(envelope.content)
            with lock:
                now = time.time()
                state["messages"] += 1
                state["first"] = state["first"] or now
                state["last"] = now
                state["rcpts"].update(r.lower() for r in envelope.rcpt_tos)
                state["ids"][found.group(1).decode() if found else ""] += 1
            return "250 OK"

    reset()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    conn.send("ready")
    try:
        while True:
            command = conn.recv()
            if command == "stats":
                with lock:
                    conn.send({**state, "cpu": own_cpu()})
            elif command == "reset":
                reset()
                conn.send("ok")
            else:
                break
    finally:
        controller.stop()


class Sink:
    def __init__(self, port: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_sink_main, args=(port, child), daemon=True)
        self.process.start()
        if not self._conn.poll(30) or self._conn.recv() != "ready":
            raise SystemExit("the SMTP sink did not start")

    def ask(self, command: str) -> Any:
        self._conn.send(command)
        return self._conn.recv()

    def stop(self) -> None:
        self._conn.send("stop")
        self.process.join(10)
        if self.process.is_alive():
            self.process.terminate()


# -- setup: people, recipients, consent and wins, through the app's API ----------------------------


class Clock:
    """The setup's clock: set to the moment each step happens in the person's week."""

    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.at


def digest_week(today: date) -> date:
    """The Monday of the last full week whose Sunday is at least two days before `today`, so
    every zone's Sunday-evening digest is already due."""
    back = (today.weekday() - 6) % 7
    if back < 2:
        back += 7
    return today - timedelta(days=back + 6)


def populate(
    env: dict[str, str], monday: date, first: int, last: int, per_owner: int, digests: int
) -> list:
    """Owners `first`..`last`-1 with `per_owner` recipients each (fewer for the last owner, so
    there are `digests` in all); returns (owner, recipient id, email) for every recipient who
    agreed to weekly digests."""
    from zoneinfo import ZoneInfo

    from journal import owner_key
    from smallwins.settings import Settings
    from worker.context import build

    class NoMail:
        def send(self, message: Any) -> None:
            raise AssertionError("setup sends no mail")

    clock = Clock()
    settings = Settings.from_env(env)
    ctx = build(settings, transport=NoMail(), clock=clock)
    made = []
    for i in range(first, last):
        owner = owner_key(settings.secret_key, f"amzn1.ask.account.BENCH-{i:05d}")
        tz = ZONES[i % len(ZONES)]
        zone = ZoneInfo(tz)

        def local(days: int, hour: int, minute: int = 0, zone: ZoneInfo = zone) -> datetime:
            return datetime.combine(monday + timedelta(days=days), dtime(hour, minute), zone)

        clock.at = local(0, 8).astimezone(UTC)
        ctx.journal.update_profile(owner, tz=tz)
        ctx.sharing.recipients.update_me(owner, name=f"Tester {i:05d}")
        for kind in KINDS[: min(per_owner, digests - i * per_owner)]:
            invite = ctx.sharing.invites.open(owner, kind)
            email = f"{kind}-{i:05d}@example.org"
            _, recipient, _ = ctx.sharing.invites.accept(
                invite.token, f"{kind.title()} {i:05d}", email
            )
            ctx.sharing.recipients.confirm(owner, recipient.id, recipient.nonce)
            ctx.sharing.recipients.answer_weekly(owner, recipient.id, yes=True, tz=tz)
            made.append((owner, recipient.id, email))
        for day, (text, helped) in zip((1, 3, 5), WINS, strict=True):
            recorded = ctx.journal.record(owner, text, at=local(day, 20, 15))
            if helped:
                ctx.journal.add_detail(owner, recorded.win.id, helped=helped)
    return made


def populate_all(env: dict[str, str], monday: date, digests: int, per_owner: int) -> list:
    """Fill Redis with `digests` recipients, owners split over one process per CPU."""
    owners = math.ceil(digests / per_owner)
    parts = max(1, min(os.cpu_count() or 1, owners))
    bounds = [owners * k // parts for k in range(parts + 1)]
    with multiprocessing.get_context("spawn").Pool(parts) as pool:
        chunks = pool.starmap(
            populate,
            [(env, monday, bounds[k], bounds[k + 1], per_owner, digests) for k in range(parts)],
        )
    return [row for chunk in chunks for row in chunk]


# -- workers and phases ---------------------------------------------------------------------------


class Workers:
    """`count` RQ worker processes on the app's queue, started and waited for."""

    def __init__(self, count: int, kind: str, env: dict, logs: Path, conn: Any):
        from rq import Worker

        from sharing.outbox import queue

        self.logs = [logs / f"worker-{kind}-{n}.log" for n in range(count)]
        self.processes = []
        for log in self.logs:
            with log.open("wb") as err:
                self.processes.append(
                    subprocess.Popen(
                        [sys.executable, "-c", WORKER, kind],
                        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err,
                    )
                )  # fmt: skip
        deadline = time.monotonic() + 60
        while Worker.count(connection=conn, queue=queue(conn)) < count:
            self.check()
            if time.monotonic() > deadline:
                raise SystemExit("the workers did not register in time")
            time.sleep(0.1)

    def check(self) -> None:
        for process, log in zip(self.processes, self.logs, strict=True):
            if process.poll() is not None:
                tail = log.read_text(errors="replace")[-3000:]
                raise SystemExit(f"a worker exited ({process.returncode}):\n{tail}")

    def cpu(self) -> float:
        return tree_cpu(p.pid for p in self.processes)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def redis_cpu(client: Any) -> float:
    info = client.info("cpu")
    return float(info["used_cpu_sys"]) + float(info["used_cpu_user"])


def redis_aof(client: Any) -> tuple[int, int]:
    """(bytes appended to the append-only log so far, background rewrites so far)."""
    info = client.info("persistence")
    return int(info.get("aof_current_size", 0)), int(info.get("aof_rewrites", 0))


def run_phase(
    label: str,
    enqueue: Callable[[list[str]], None],
    expected: int,
    *,
    conn: Any,
    workers: Workers,
    sink: Sink,
) -> dict[str, Any]:
    """Enqueue in a thread of its own while the workers already work (`enqueue` appends, for
    each digest it queues, the id of the job carrying it, and returns once `expected` are
    queued), wait until every job ended, return the figures."""
    from rq.job import Job, JobStatus
    from rq.registry import FailedJobRegistry, FinishedJobRegistry, ScheduledJobRegistry
    from rq.serializers import JSONSerializer

    from sharing.outbox import queue

    q = queue(conn)
    registries = [cls(queue=q) for cls in (FinishedJobRegistry, FailedJobRegistry,
                                           ScheduledJobRegistry)]  # fmt: skip

    def ended() -> int:
        return sum(r.count for r in registries)

    sink.ask("reset")
    before = ended()
    cpu = (workers.cpu(), redis_cpu(conn), sink.ask("stats")["cpu"], own_cpu())
    aof = redis_aof(conn)
    started = time.time()
    ids: list[str] = []
    enqueued: list[float] = []

    def run() -> None:
        enqueue(ids)
        enqueued.append(time.time() - started)

    enqueuer = threading.Thread(target=run, name="enqueue", daemon=True)
    enqueuer.start()
    timeout = 60 + expected / SLOWEST_RATE
    deadline = time.monotonic() + timeout
    while enqueuer.is_alive() or ended() - before < len(set(ids)):
        workers.check()
        if time.monotonic() > deadline:
            raise SystemExit(f"{label}: not done after {timeout:.0f} s ({len(ids)} queued)")
        time.sleep(0.1)
    if not enqueued:
        raise SystemExit(f"{label}: enqueueing failed")
    stats = sink.ask("stats")
    aof_after = redis_aof(conn)
    cpu_used = {
        "workers": workers.cpu() - cpu[0],
        "redis": redis_cpu(conn) - cpu[1],
        "sink": stats["cpu"] - cpu[2],
        "bench": own_cpu() - cpu[3],
    }
    distinct = list(dict.fromkeys(ids))
    jobs: list[Job] = []
    for k in range(0, len(distinct), 1000):
        jobs.extend(
            j
            for j in Job.fetch_many(
                distinct[k : k + 1000], connection=conn, serializer=JSONSerializer
            )
            if j is not None
        )
    statuses = Counter(j.get_status(refresh=False) for j in jobs)
    last = max(j.ended_at.replace(tzinfo=UTC).timestamp() for j in jobs if j.ended_at)
    # A batch answers with each of its digests' outcomes; a single job with its own.
    outcomes: Counter[Any] = Counter()
    for j in jobs:
        value = j.return_value() if j.get_status(refresh=False) == JobStatus.FINISHED else None
        outcomes.update(value if isinstance(value, list) else [value])
    seconds = last - started
    return {
        "label": label,
        # A digest the scheduler queued again, just as its batch ended, counts once: its
        # claim stops the second send, which ends "already sent".
        "jobs": min(len(ids), expected),
        "requeued": max(len(ids) - expected, 0),
        "rq_jobs": len(distinct),
        "found": len(jobs),
        "found_jobs": len(distinct),
        "enqueue": enqueued[0],
        "seconds": seconds,
        "rate": min(len(ids), expected) / seconds,
        "statuses": statuses,
        "outcomes": outcomes,
        "cpu": cpu_used,
        "sink": stats,
        "sink_last": stats["last"] - started if stats["last"] else None,
        "aof": (aof_after[0] - aof[0], aof_after[1] - aof[1]),
    }


def reset_digests(client: Any, schedule: list[tuple[bytes, float]]) -> None:
    """Undo a digest phase: forget what was sent and put every digest back to its due time."""
    from sharing import keys

    pipe = client.pipeline(transaction=False)
    for key in client.scan_iter(match="sw:{*}:sent:*", count=1000):
        pipe.unlink(key)
    for member, score in schedule:
        pipe.zadd(keys.DUE, {member: score})
    pipe.execute()


def forget_jobs(client: Any) -> None:
    """Every RQ key, between two worker classes (their workers are gone by then)."""
    batch = list(client.scan_iter(match="rq:*", count=1000))
    for k in range(0, len(batch), 1000):
        client.unlink(*batch[k : k + 1000])


def print_phase(result: dict[str, Any], wall_cpus: int) -> None:
    cpu = result["cpu"]
    busy = sum(cpu.values()) / (result["seconds"] * wall_cpus)
    print(
        f"  {result['label']:<15} {result['jobs']:6d} sends in {result['rq_jobs']:6d} RQ jobs  "
        f"enqueued by {result['enqueue']:6.2f} s  last ended at {result['seconds']:7.2f} s  ->  "
        f"{result['rate']:8.1f} sends/s"
    )
    print(
        f"  {'':<15} cpu s: workers {cpu['workers']:.1f}, redis {cpu['redis']:.1f}, "
        f"sink {cpu['sink']:.1f}, bench {cpu['bench']:.1f} "
        f"({busy:.0%} of {wall_cpus} cpus x {result['seconds']:.1f} s)"
    )
    grown, rewrites = result["aof"]
    print(
        f"  {'':<15} redis append-only log: {grown / 1e6:+.1f} MB in size, "
        f"{rewrites} background rewrite(s) during the phase (they shrink it)"
    )


def check_digests(result: dict[str, Any], expected: Iterable[str], failures: int) -> list[str]:
    """What is wrong with a digest phase, if anything."""
    problems = []
    sink = result["sink"]
    wanted = Counter(e.lower() for e in expected)
    if sink["messages"] != result["jobs"]:
        problems.append(f"the sink got {sink['messages']} messages, not {result['jobs']}")
    missing = sum(1 for e in wanted if sink["rcpts"][e] == 0)
    twice = sum(1 for e, n in sink["rcpts"].items() if n > 1)
    strangers = sum(1 for e in sink["rcpts"] if e not in wanted)
    if missing or twice or strangers:
        problems.append(
            f"recipients: {missing} got nothing, {twice} got more than one, {strangers} unknown"
        )
    if len(sink["ids"]) != sink["messages"] or "" in sink["ids"]:
        problems.append(f"{len(sink['ids'])} distinct Message-IDs in {sink['messages']} messages")
    if result["found"] != result["found_jobs"]:
        problems.append(f"{result['found_jobs'] - result['found']} jobs not found")
    if sum(result["outcomes"].values()) != result["jobs"] + result["requeued"]:
        problems.append(f"{sum(result['outcomes'].values())} outcomes for {result['jobs']} digests")
    if set(result["statuses"]) != {"finished"}:
        problems.append(f"job statuses {dict(result['statuses'])}")
    sent = result["outcomes"]["sent"]
    if sent != result["jobs"] or result["outcomes"]["already sent"] != result["requeued"]:
        problems.append(f"job outcomes {dict(result['outcomes'])}")
    if failures:
        problems.append(f"{failures} deliveries recorded as failed")
    return problems


def profile_digests(env: dict[str, str], conn: Any, count: int, top: int = 35) -> None:
    """Run `count` digests in this process under cProfile and print the costliest calls."""
    import cProfile
    import pstats

    from rq.serializers import JSONSerializer

    from smallwins.settings import Settings
    from worker import context
    from worker.rq_workers import SimpleWorker  # ours: RQ's own waits a minute to stop

    ctx = context.build(Settings.from_env(env))
    context.install(ctx)
    # The first `count` due digests, in batches as `enqueue_due` queues them.
    from worker.weekly import BATCH

    dues = ctx.sharing.ledger.due(datetime.now(UTC), limit=count)
    ids = [
        job_id
        for k in range(0, len(dues), BATCH)
        for job_id in [ctx.outbox.digests(dues[k : k + BATCH])] * len(dues[k : k + BATCH])
    ]
    worker = SimpleWorker([ctx.outbox.jobs], connection=conn, serializer=JSONSerializer)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    worker.work(burst=True, logging_level="WARNING")
    profiler.disable()
    seconds = time.perf_counter() - started
    print(
        f"\nprofile: {len(ids)} digests in one SimpleWorker in this process: {seconds:.2f} s, "
        f"{seconds / len(ids) * 1e3:.2f} ms a digest (under cProfile)"
    )
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top // 2)
    context.install(None)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--digests", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="RQ worker processes")
    parser.add_argument(
        "--noop-jobs", type=int, default=0, metavar="N",
        help="no-op jobs to measure RQ's own rate with (default: as many as digests; a rate "
        "per job, so a long run can measure it on fewer)",
    )  # fmt: skip
    parser.add_argument(
        "--worker-class",
        choices=("fork", "simple", "both"),
        default="simple",
        help="simple: `smallwins worker` (no fork per job, production's); fork: rq.Worker, a "
        "work horse per job, as before",
    )
    parser.add_argument(
        "--recipients-per-owner", type=int, choices=(1, 2), default=2,
        help="2: a sponsor and a buddy each",
    )  # fmt: skip
    parser.add_argument(
        "--fsync",
        choices=("always", "everysec"),
        default="always",
        help="the embedded Redis's appendfsync while measuring: always is what `smallwins run` "
        "uses",
    )
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N",
        help="afterwards, profile N digests in this process (SimpleWorker)",
    )  # fmt: skip
    args = parser.parse_args()
    classes = ("fork", "simple") if args.worker_class == "both" else (args.worker_class,)

    import redis
    from rq import Retry

    from journal.connection import connect
    from sharing import keys
    from sharing.outbox import RETRY_INTERVALS
    from smallwins.embedded_redis import EmbeddedRedis
    from smallwins.settings import Settings
    from worker import context
    from worker.schedules import TICK_SECONDS, enqueue_due

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        server = EmbeddedRedis(tmp_path / "redis", fsync_always=False)
        url = server.start()
        smtp_port = free_port()
        sink = Sink(smtp_port)
        env = {k: v for k, v in os.environ.items() if not k.startswith("SMALLWINS_")}
        env.update(
            SMALLWINS_ENV="production",
            SMALLWINS_PUBLIC_URL="https://smallwins.example",
            SMALLWINS_SECRET_KEY=SECRET_KEY,
            SMALLWINS_SKILL_IDS="amzn1.ask.skill.00000000-0000-0000-0000-000000bench0",
            SMALLWINS_REDIS_URL=url,
            SMALLWINS_ENCRYPTION_KEYS=ENCRYPTION_KEY,
            SMALLWINS_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
            SMALLWINS_MAIL_FROM="Small Wins <small-wins@smallwins.example>",
            PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p),
        )
        admin = redis.Redis.from_url(url)
        try:
            monday = digest_week(datetime.now(UTC).date())
            started = time.monotonic()
            made = populate_all(env, monday, args.digests, args.recipients_per_owner)
            setup_seconds = time.monotonic() - started
            admin.config_set("appendfsync", args.fsync)
            schedule = admin.zrange(keys.DUE, 0, -1, withscores=True)
            owners = len({owner for owner, _, _ in made})
            ctx = context.build(Settings.from_env(env), redis_client=connect(url))
            conn = ctx.outbox.jobs.connection
            due = {member.decode(): score for member, score in schedule}
            # A digest's own job options, as `Outbox.enqueue` sets them.
            rq_options: dict[str, Any] = {
                "description": "noop",
                "retry": Retry(max=len(RETRY_INTERVALS), interval=list(RETRY_INTERVALS)),
                "result_ttl": 24 * 3600,
                "failure_ttl": 30 * 24 * 3600,
                "job_timeout": 300,
            }

            print(
                f"cpus={os.cpu_count()}  workers={args.workers}  "
                f"redis appendfsync={args.fsync}  python {sys.version.split()[0]}"
            )
            print(
                f"setup: {len(made)} digests due ({owners} owners, up to "
                f"{args.recipients_per_owner} recipients and 3 wins each in the week of "
                f"{monday}) in {setup_seconds:.1f} s, "
                f"not timed below"
            )
            broken = False
            noops = made[: args.noop_jobs] if args.noop_jobs else made
            for kind in classes:
                if kind != classes[0]:
                    forget_jobs(admin)
                    reset_digests(admin, schedule)
                name = (
                    "rq.Worker (a work horse forked per job, as before)"
                    if kind == "fork"
                    else "`smallwins worker` (SimpleWorker: no fork per job)"
                )
                print(f"\n{args.workers} x {name}:")
                workers = Workers(args.workers, kind, env, tmp_path, conn)
                try:

                    def enqueue_noop(ids: list[str], kind: str = kind, noops: list = noops) -> None:
                        for n, (owner, rid, _) in enumerate(noops):
                            job_id = f"noop-{kind}-{n}"
                            ctx.outbox.jobs.enqueue(
                                NOOP, "d", owner, rid, due[f"d|{owner}|{rid}"], job_id=job_id,
                                **rq_options,
                            )  # fmt: skip
                            ids.append(job_id)

                    def scheduler(ids: list[str]) -> None:
                        # The scheduler's ticks, every TICK_SECONDS, until all were queued:
                        # one tick queues at most `Ledger.due`'s 10,000.
                        while True:
                            ids.extend(enqueue_due(ctx, datetime.now(UTC)))
                            if len(ids) >= len(made):
                                return
                            time.sleep(TICK_SECONDS)

                    noop_result = run_phase(
                        "rq no-op", enqueue_noop, len(noops),
                        conn=conn, workers=workers, sink=sink,
                    )  # fmt: skip
                    print_phase(noop_result, os.cpu_count() or 1)
                    digest_result = run_phase(
                        "weekly digests", scheduler, len(made),
                        conn=conn, workers=workers, sink=sink,
                    )  # fmt: skip
                    print_phase(digest_result, os.cpu_count() or 1)
                finally:
                    workers.stop()
                if digest_result["sink_last"] is not None:
                    print(
                        f"  {'':<15} last message reached the sink at "
                        f"{digest_result['sink_last']:.2f} s"
                    )
                ratio = digest_result["rate"] / noop_result["rate"]
                final = (digest_result["rate"], noop_result["rate"], ratio)
                verdict = "met" if ratio >= 0.5 else "NOT met"
                print(f"  ratio digests/no-op: {ratio:.2f}   (target >= 0.50: {verdict})")
                noop_problems = []
                if set(noop_result["statuses"]) != {"finished"}:
                    noop_problems.append(f"no-op statuses {dict(noop_result['statuses'])}")
                problems = noop_problems + check_digests(
                    digest_result, (e for _, _, e in made), admin.zcard(keys.FAILURES)
                )
                sink_stats = digest_result["sink"]
                if problems:
                    broken = True
                    print("  checks FAILED: " + "; ".join(problems))
                else:
                    print(
                        f"  checks: {sink_stats['messages']} messages, "
                        f"{len(sink_stats['rcpts'])} distinct recipients each once, "
                        f"{len(sink_stats['ids'])} distinct Message-IDs, every job finished, "
                        f'every digest "sent" once ({digest_result["requeued"]} queued again '
                        f'ended "already sent"), 0 failed: OK'
                    )
            if args.profile:
                forget_jobs(admin)
                reset_digests(admin, schedule)
                profile_digests(env, conn, args.profile)
            rate, noop_rate, ratio = final
            print(
                f"digests: {rate:.1f}/s beside RQ no-op {noop_rate:.1f}/s = {ratio:.2f}x; "
                f"100k due at once: {100_000 / rate / 60:.1f} min"
            )
            return 1 if broken else 0
        finally:
            sink.stop()
            admin.close()
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
