#!/usr/bin/env python3
"""Benchmark: verified RecordWin requests through `smallwins serve` (gunicorn) on loopback,
beside a bare Flask endpoint served the same way in the same run.

Every request is signed with `Signature-256` by a test CA (trusted through
SMALLWINS_ALEXA_CA_FILE, its chain pre-placed in SMALLWINS_ALEXA_CERT_DIR), carries its own
request id and a fresh timestamp, and records a real win in an embedded Redis.

Prints throughput at saturation for both servers and their ratio, then p50/p99 latency of
the webhook at half its saturated rate. Targets (2-core machine): ratio >= 0.6, p99 < 25 ms.

    .venv/bin/python bench/webhook.py [--seconds 10] [--concurrency 4] [--workers 2]
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from smallwins.embedded_redis import EmbeddedRedis  # noqa: E402
from tests.support.alexa_signing import SKILL_ID, TestAlexaCA, envelope  # noqa: E402

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, path: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on {port} did not come up")


class Signer:
    """Signs request bodies ahead of time on background threads, so the load generator
    spends its time sending, not signing (signing costs more than verifying)."""

    def __init__(self, ca: TestAlexaCA, users: int = 50) -> None:
        self.ca = ca
        self.users = users
        self.n = 0
        self.lock = threading.Lock()

    def make(self) -> tuple[bytes, dict[str, str]]:
        with self.lock:
            self.n += 1
            n = self.n
        body = envelope(
            timestamp=datetime.now(UTC),
            intent="RecordWinIntent",
            slots={"win": f"went for a walk instead of drinking, walk number {n}"},
            user_id=f"amzn1.ask.account.BENCH-{n % self.users}",
        )
        headers = {"Content-Type": "application/json", **self.ca.headers(body)}
        return body, headers


def prepare(signer: Signer | None, count: int) -> list[tuple[bytes, dict[str, str]]]:
    if signer is None:
        body = b'{"version":"1.0"}'
        return [(body, {"Content-Type": "application/json"})] * count
    return [signer.make() for _ in range(count)]


def post(port: int, body: bytes, headers: dict[str, str]) -> float:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("POST", "/alexa", body=body, headers=headers)
    reply = conn.getresponse()
    reply.read()
    conn.close()
    if reply.status != 200:
        raise SystemExit(f"unexpected HTTP {reply.status}")
    return time.perf_counter() - start


def saturate(
    port: int, requests: list[tuple[bytes, dict[str, str]]], concurrency: int, seconds: float
) -> float:
    """Closed loop: `concurrency` clients back to back for `seconds`; returns requests/s."""
    done = [0] * concurrency
    stop = time.monotonic() + seconds

    def client(i: int) -> None:
        j = i
        while time.monotonic() < stop:
            body, headers = requests[j % len(requests)]
            post(port, body, headers)
            done[i] += 1
            j += concurrency

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - started)


def paced(
    port: int, requests: list[tuple[bytes, dict[str, str]]], rate: float, seconds: float
) -> list[float]:
    """Open loop at `rate` requests/s (a thread per request, as independent users would);
    returns the latencies in seconds."""
    latencies: list[float] = []
    lock = threading.Lock()
    threads: list[threading.Thread] = []

    def one(body: bytes, headers: dict[str, str]) -> None:
        elapsed = post(port, body, headers)
        with lock:
            latencies.append(elapsed)

    start = time.monotonic()
    total = int(rate * seconds)
    for i in range(total):
        target = start + i / rate
        delay = target - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        body, headers = requests[i % len(requests)]
        t = threading.Thread(target=one, args=(body, headers))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    return latencies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, EmbeddedRedis(Path(tmp) / "redis") as redis:
        ca = TestAlexaCA(Path(tmp) / "ca")
        env = {k: v for k, v in os.environ.items() if not k.startswith("SMALLWINS_")}
        env.update(
            SMALLWINS_ENV="production",
            SMALLWINS_SECRET_KEY="bench-secret-key-0123456789-abcdefghijklmnop",
            SMALLWINS_SKILL_IDS=SKILL_ID,
            SMALLWINS_REDIS_URL=redis.url,
            SMALLWINS_ALEXA_CA_FILE=str(ca.ca_file),
            SMALLWINS_ALEXA_CERT_DIR=str(ca.cert_dir),
            SMALLWINS_LOG_LEVEL="WARNING",
        )
        web_port, bare_port = free_port(), free_port()
        servers = [
            subprocess.Popen(
                [str(BIN / "smallwins"), "serve", "--host", "127.0.0.1", "--port", str(web_port),
                 "--workers", str(args.workers)], env=env,
            ),
            subprocess.Popen(
                [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{bare_port}", "--workers",
                 str(args.workers), "--worker-class", "sync", "--log-level", "warning",
                 "--chdir", str(ROOT / "bench"), "bare_app:app"], env=env,
            ),
        ]  # fmt: skip
        try:
            wait_ready(web_port, "/readyz")
            time.sleep(1.0)  # the bare app has no GET route; give gunicorn a moment
            signer = Signer(ca)
            # Requests must be younger than 150 s when they arrive: sign per phase.
            print(
                f"workers={args.workers} concurrency={args.concurrency} "
                f"seconds={args.seconds} cpus={os.cpu_count()}"
            )
            bare_rps = saturate(bare_port, prepare(None, 1), args.concurrency, args.seconds)
            print(f"bare flask     : {bare_rps:8.1f} req/s")
            signed = prepare(signer, int(max(bare_rps, 500) * args.seconds * 1.2))
            web_rps = saturate(web_port, signed, args.concurrency, args.seconds)
            print(
                f"verified webhook: {web_rps:8.1f} req/s  (RecordWin, Signature-256, Redis write)"
            )
            print(f"ratio          : {web_rps / bare_rps:8.2f}   (target >= 0.60)")
            rate = web_rps / 2
            signed = prepare(signer, int(rate * args.seconds) + 10)
            latencies = paced(web_port, signed, rate, args.seconds)
            print(
                f"at half saturation ({rate:.0f} req/s, {len(latencies)} requests): "
                f"p50 {percentile(latencies, 0.50) * 1000:.1f} ms, "
                f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms  (target p99 < 25 ms), "
                f"mean {statistics.mean(latencies) * 1000:.1f} ms"
            )
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
