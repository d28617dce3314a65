#!/usr/bin/env python3
"""Profile: one turn of each kind in this process, on the envelopes Alexa really sends.

The webhook app (`skill.app.create_app`, production settings, signatures verified against a
test CA, words encrypted) on an embedded Redis with AOF fsync always, driven through Flask's
test client with the same signed envelopes `bench/webhook.py` sends (`apiEndpoint` and
`apiAccessToken` naming a local stand-in of Alexa's API, 60 ms). For each kind of the mix it
prints the median time of a turn and the Redis round trips it made; with `--profile KIND` it
then prints where that kind's time goes under cProfile. No HTTP server and no load: this is
the cost of one turn, to be cut; `bench/webhook.py` measures them served.

    .venv/bin/python bench/turns.py [--turns 300] [--profile record]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from alexa.simulator.apis import SimulatedAlexaApi  # noqa: E402
from bench.webhook import (  # noqa: E402
    ENCRYPTION_KEY,
    MIX,
    SECRET_KEY,
    body,
    populate,
)
from smallwins.embedded_redis import EmbeddedRedis  # noqa: E402
from tests.support.alexa_signing import SKILL_ID, TestAlexaCA  # noqa: E402

PEOPLE = 200


class RoundTrips:
    """Counts Redis round trips: every command or pipeline sent on any connection."""

    def __init__(self) -> None:
        import redis.connection

        self.count = 0
        original = redis.connection.AbstractConnection.send_packed_command

        def counted(conn: object, command: object, check_health: bool = True) -> None:
            self.count += 1
            original(conn, command, check_health)  # type: ignore[arg-type]

        redis.connection.AbstractConnection.send_packed_command = counted  # type: ignore[method-assign]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--turns", type=int, default=300, help="of each kind")
    parser.add_argument("--profile", choices=[kind for kind, _ in MIX], default=None)
    args = parser.parse_args()

    from datetime import UTC, datetime

    from smallwins.settings import Settings

    api = SimulatedAlexaApi("America/Los_Angeles", latency=0.06).start()
    with tempfile.TemporaryDirectory() as tmp, EmbeddedRedis(Path(tmp) / "redis") as server:
        populate(server.url, PEOPLE)
        ca = TestAlexaCA(Path(tmp) / "ca")
        env = {
            "SMALLWINS_ENV": "production",
            "SMALLWINS_PUBLIC_URL": "https://smallwins.example",
            "SMALLWINS_SECRET_KEY": SECRET_KEY,
            "SMALLWINS_SKILL_IDS": SKILL_ID,
            "SMALLWINS_REDIS_URL": server.url,
            "SMALLWINS_ENCRYPTION_KEYS": ENCRYPTION_KEY,
            "SMALLWINS_ALEXA_CA_FILE": str(ca.ca_file),
            "SMALLWINS_ALEXA_CERT_DIR": str(ca.cert_dir),
            "SMALLWINS_DEFAULT_TZ": "America/New_York",
            "SMALLWINS_LOG_LEVEL": "WARNING",
        }
        from skill.app import create_app

        app = create_app(Settings.from_env(env))
        client = app.test_client()
        trips = RoundTrips()
        n = 0

        def requests(kind: str, count: int) -> list[tuple[bytes, dict[str, str]]]:
            nonlocal n
            now = datetime.now(UTC)
            made = []
            for _ in range(count):
                n += 1
                data = body(kind, n % PEOPLE, api.url, now, n)
                made.append((data, ca.headers(data)))
            return made

        def turn(data: bytes, headers: dict[str, str]) -> None:
            reply = client.post("/alexa", data=data, headers=headers,
                                content_type="application/json")  # fmt: skip
            if reply.status_code != 200:
                raise SystemExit(f"HTTP {reply.status_code}: {reply.data[:200]!r}")

        for data, headers in requests("launch", 20):  # warm: imports, caches, connections
            turn(data, headers)
        print(f"cpus={os.cpu_count()}  redis appendfsync=always  {args.turns} turns of each kind")
        for kind, _ in MIX:
            batch = requests(kind, args.turns)
            times, counts = [], Counter()
            for data, headers in batch:
                before = trips.count
                started = time.perf_counter()
                turn(data, headers)
                times.append(time.perf_counter() - started)
                counts[trips.count - before] += 1
            common = ", ".join(f"{k} x{v}" for k, v in sorted(counts.items()))
            print(
                f"  {kind:10s} median {statistics.median(times) * 1e3:6.2f} ms  "
                f"p90 {statistics.quantiles(times, n=10)[-1] * 1e3:6.2f} ms  "
                f"redis round trips: {common}"
            )
        if args.profile:
            batch = requests(args.profile, args.turns)
            profiler = cProfile.Profile()
            profiler.enable()
            for data, headers in batch:
                turn(data, headers)
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(25)
    api.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
