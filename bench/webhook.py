#!/usr/bin/env python3
"""Benchmark: verified RecordWin requests through `smallwins serve` (gunicorn) on loopback,
beside a bare Flask endpoint served the same way, in the same run.

Every request is a distinct RecordWin signed with `Signature-256` by a test CA (trusted
through SMALLWINS_ALEXA_CA_FILE, its chain pre-placed in SMALLWINS_ALEXA_CERT_DIR), with
its own request id and a fresh timestamp; it is verified and records a real win in an
embedded Redis that fsyncs every write, as `smallwins run` does. Load comes from `wrk`
(Debian package `wrk`), which replays the same pre-signed requests to every server.

A third server, the floor (`floor_app.py`), does only what no verified, durable RecordWin
can skip: verify, derive the owner key, encrypt, one fsync'd write. Its ratio to bare Flask
is the most any webhook on this stack could reach on this machine.

Each server is saturated in turn, round after round, each round starting with the next
one, and the medians are reported: this machine's throughput drifts by a fifth from one run
to the next, and alternating keeps the drift out of the ratios. Then the webhook's p50/p99
latency with the load held at half its saturated rate. Targets on a 2-core machine:
ratio >= 0.6; p99 < 25 ms at half of saturation.

    .venv/bin/python bench/webhook.py [--seconds 8] [--rounds 3] [--connections 8] [--workers 4]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from smallwins.embedded_redis import EmbeddedRedis  # noqa: E402
from smallwins.mail_sink import free_port  # noqa: E402
from tests.support.alexa_signing import SKILL_ID, TestAlexaCA, envelope  # noqa: E402

BIN = Path(sys.executable).parent
LUA = Path(__file__).resolve().parent / "replay.lua"
WRK_THREADS = 2
# Signed requests are used while their timestamps are this fresh (Alexa allows 150 s).
FRESH_SECONDS = 120
SIGNED = 12_000


def wait_ready(url: str) -> None:
    """Wait until `url` answers at all (an HTTP error is an answer: the server is up)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def sign_requests(ca: TestAlexaCA, count: int, path: Path, start: int) -> Path:
    """Write `count` distinct signed RecordWin requests, one per line, for replay.lua."""
    now = datetime.now(UTC)
    with path.open("w", encoding="utf-8") as out:
        for n in range(start, start + count):
            body = envelope(
                timestamp=now,
                intent="RecordWinIntent",
                slots={"win": f"went for a walk instead of drinking, walk number {n}"},
                user_id=f"amzn1.ask.account.BENCH-{n % 100}",
            )
            headers = ca.headers(body)
            out.write(
                f"{headers['SignatureCertChainUrl']}\t{headers['Signature-256']}\t{body.decode()}\n"
            )
    return path


def wrk(
    port: int, requests: Path, *, seconds: float, connections: int, pause_ms: float = 0
) -> dict[str, float]:
    """Run wrk and return requests/s, p50 and p99 (ms) and error counts."""
    result = subprocess.run(
        ["wrk", "-t", str(WRK_THREADS), "-c", str(connections), "-d", f"{round(seconds)}s",
         "-s", str(LUA), f"http://127.0.0.1:{port}/alexa", "--",
         str(requests), str(WRK_THREADS), str(pause_ms)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    done, micros, p50, p99, bad_status, socket_errors = (int(v) for v in line.split()[1:])
    return {
        # A refused request is answered fast; counting it would flatter the server.
        "rps": (done - bad_status) / (micros / 1e6),
        "p50": p50 / 1000,
        "p99": p99 / 1000,
        "requests": done,
        "bad_status": bad_status,
        "socket_errors": socket_errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=8.0, help="per server and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers, both servers")
    parser.add_argument(
        "--fsync",
        choices=("always", "everysec"),
        default="always",
        help="the embedded Redis's appendfsync: always is what `smallwins run` uses",
    )
    args = parser.parse_args()
    if args.rounds < 1 or not 0 < args.seconds <= FRESH_SECONDS / 2:
        parser.error(f"--rounds must be at least 1 and --seconds at most {FRESH_SECONDS // 2}")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")

    with (
        tempfile.TemporaryDirectory() as tmp,
        EmbeddedRedis(Path(tmp) / "redis", fsync_always=args.fsync == "always") as redis,
    ):
        tmp_path = Path(tmp)
        ca = TestAlexaCA(tmp_path / "ca")
        env = {k: v for k, v in os.environ.items() if not k.startswith("SMALLWINS_")}
        env.update(
            SMALLWINS_ENV="production",
            SMALLWINS_PUBLIC_URL="https://smallwins.example",
            SMALLWINS_SECRET_KEY="bench-secret-key-0123456789-abcdefghijklmnop",
            SMALLWINS_SKILL_IDS=SKILL_ID,
            SMALLWINS_REDIS_URL=redis.url,
            SMALLWINS_ENCRYPTION_KEYS="YmVuY2gtb25seS1rZXktbmV2ZXItYS1zZWNyZXQhISE=",
            SMALLWINS_ALEXA_CA_FILE=str(ca.ca_file),
            SMALLWINS_ALEXA_CERT_DIR=str(ca.cert_dir),
            SMALLWINS_LOG_LEVEL="WARNING",
        )
        web_port, bare_port, floor_port = free_port(), free_port(), free_port()

        def plain_gunicorn(port: int, app: str) -> subprocess.Popen[bytes]:
            return subprocess.Popen(
                [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers",
                 str(args.workers), "--worker-class", "sync", "--log-level", "warning",
                 "--no-control-socket", "--chdir", str(ROOT / "bench"), app],
                env={**env, "PYTHONPATH": str(ROOT)},
            )  # fmt: skip

        servers = [
            subprocess.Popen(
                [str(BIN / "smallwins"), "serve", "--host", "127.0.0.1", "--port", str(web_port),
                 "--workers", str(args.workers)], env=env,
            ),
            plain_gunicorn(bare_port, "bare_app:app"),
            plain_gunicorn(floor_port, "floor_app:app"),
        ]  # fmt: skip
        try:
            wait_ready(f"http://127.0.0.1:{web_port}/readyz")
            wait_ready(f"http://127.0.0.1:{bare_port}/alexa")
            wait_ready(f"http://127.0.0.1:{floor_port}/alexa")
            print(
                f"cpus={os.cpu_count()} gunicorn workers={args.workers} (sync) "
                f"wrk connections={args.connections} seconds={args.seconds} rounds={args.rounds}"
            )
            ports = {"bare flask": bare_port, "floor": floor_port, "verified webhook": web_port}
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in ports}
            batches = 0
            signed_at = -float("inf")
            for round_number in range(args.rounds):
                # Each server goes first in turn, so none always runs on a warmer machine.
                names = list(ports)[round_number % 3 :] + list(ports)[: round_number % 3]
                figures = []
                for name in names:
                    if time.monotonic() - signed_at + args.seconds > FRESH_SECONDS:
                        signed_at = time.monotonic()
                        batch = sign_requests(
                            ca, SIGNED, tmp_path / "saturate.txt", batches * 1_000_000
                        )
                        batches += 1
                        if batches == 1:
                            took = time.monotonic() - signed_at
                            print(f"signed {SIGNED} distinct requests in {took:.1f} s")
                    result = wrk(ports[name], batch, seconds=args.seconds,
                                 connections=args.connections)  # fmt: skip
                    runs[name].append(result)
                    figures.append(f"{name} {result['rps']:.0f}")
                    if result["bad_status"] or result["socket_errors"]:
                        print(
                            f"  {name}: non-200 {result['bad_status']}, "
                            f"socket errors {result['socket_errors']}"
                        )
                    # The webhook answers a repeated request id as a retry, which costs less;
                    # to the other two a repeat costs the same.
                    if name == "verified webhook" and result["requests"] > SIGNED:
                        print(f"  {name}: more requests than signed; repeats answered as retries")
                print(f"round {round_number + 1}: " + ", ".join(figures) + " req/s")

            rps = {name: statistics.median(r["rps"] for r in results)
                   for name, results in runs.items()}  # fmt: skip
            p50 = {name: statistics.median(r["p50"] for r in results)
                   for name, results in runs.items()}  # fmt: skip
            for name in ports:
                print(f"{name:18s}: {rps[name]:8.1f} req/s  p50 {p50[name]:.1f} ms  (median)")
            print(
                f"ratio floor/bare  : {rps['floor'] / rps['bare flask']:8.2f}   "
                f"(the most verify + one write, fsync {args.fsync}, allows)"
            )
            print(
                f"ratio webhook/bare: {rps['verified webhook'] / rps['bare flask']:8.2f}   "
                "(target >= 0.60)"
            )
            print(f"webhook/floor     : {rps['verified webhook'] / rps['floor']:8.2f}")
            web = {"rps": rps["verified webhook"], "p50": p50["verified webhook"]}

            target = web["rps"] / 2
            connections = 4
            # Each connection waits between requests so that together they offer `target`.
            pause_ms = max(0.0, 1000 * connections / target - web["p50"] / 2)
            batch = sign_requests(
                ca, int(target * args.seconds * 1.5), tmp_path / "half.txt", 100_000
            )
            half = wrk(
                web_port, batch, seconds=args.seconds, connections=connections, pause_ms=pause_ms
            )
            print(
                f"half saturation   : {half['rps']:8.1f} req/s offered ~{target:.0f}: "
                f"p50 {half['p50']:.1f} ms, p99 {half['p99']:.1f} ms   (target p99 < 25 ms)"
            )
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
