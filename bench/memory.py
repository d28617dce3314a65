#!/usr/bin/env python3
"""Benchmark: Redis memory per encrypted win, beside the bytes of the words it holds.

An embedded Redis (Valkey) is filled through `Journal` itself, with encryption on as in
production: `--owners` people with `--wins` wins each, every win one sentence with what helped
and how it felt (about 100 bytes of words, as the issue measured), each recorded with its own
Alexa request id as a real turn does. Memory is Redis's own `used_memory`, read before and
after; the request markers (one per recorded request, kept for Alexa's retry window) are
counted apart, by deleting them at the end, so both the lasting and the passing cost show.

    .venv/bin/python bench/memory.py [--owners 200] [--wins 100]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import redis

from journal import Journal, owner_key
from journal.crypto import Cipher
from smallwins.embedded_redis import EmbeddedRedis

KEY = "YmVuY2gtb25seS1rZXktbmV2ZXItYS1zZWNyZXQhISE="
SAYINGS = [
    (
        "I went for a walk after work instead of stopping at the bar",
        "calling my sponsor first",
        "proud and a bit tired",
    ),
    (
        "I skipped the party on Friday and went to bed early instead",
        "texting my sister Rosa",
        "relieved, honestly",
    ),
    (
        "I made dinner at home and ate it at the table with my kids",
        "planning it this morning",
        "calm and steady",
    ),
    (
        "I got through a bad craving at lunch without giving in to it",
        "deep breaths and music",
        "shaky but okay",
    ),
    (
        "I went to the evening meeting and stayed for coffee after",
        "my friend drove me there",
        "connected to people",
    ),
]


def used(client: redis.Redis) -> int:
    return int(client.info("memory")["used_memory"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--owners", type=int, default=200)
    parser.add_argument("--wins", type=int, default=100, help="per owner")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, EmbeddedRedis(Path(tmp), fsync_always=False) as r:
        client = redis.Redis.from_url(r.url)
        journal = Journal(client, cipher=Cipher.from_keys([KEY]))
        before = used(client)
        words = 0
        start = datetime(2026, 6, 1, 20, tzinfo=UTC)
        owners = [owner_key(b"bench-secret", f"amzn1.ask.account.M{i}") for i in range(args.owners)]
        for n in range(args.wins):
            for i, owner in enumerate(owners):
                text, helped, felt = SAYINGS[(n + i) % len(SAYINGS)]
                text = f"{text} ({n})"
                recorded = journal.record(
                    owner, text, at=start + timedelta(hours=n * 7),
                    request_id=f"amzn1.echo-api.request.{uuid.uuid4()}",
                )  # fmt: skip
                journal.add_detail(owner, recorded.win.id, helped=helped, felt=felt)
                words += len(text.encode()) + len(helped.encode()) + len(felt.encode())
        total = args.owners * args.wins
        with_markers = used(client) - before
        for key in client.scan_iter(match="sw:{*}:req:*", count=1000):
            client.unlink(key)
        lasting = used(client) - before
        per_word = words / total
        print(
            f"{total} encrypted wins ({args.owners} people x {args.wins}), "
            f"words {per_word:.0f} B a win on average"
        )
        print(
            f"redis: {lasting / total:.0f} B a win lasting = {lasting / words:.2f}x its words; "
            f"request markers while they live +{(with_markers - lasting) / total:.0f} B a win"
        )
        print(f"bytes per win: {lasting / total:.0f} beside words {per_word:.0f} = "
              f"{lasting / words:.2f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
