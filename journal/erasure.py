"""Erasure: every key a person has, found from their owner key and removed.

The rule that makes this complete (see `journal.keys`): every key that holds personal data
lives under `sw:{owner}:`. Erasure therefore needs no list of key kinds that could fall out of
date as features arrive: it SCANs for the owner's prefix (never KEYS, which would stall the
server) and unlinks what it finds in batches.

A scan only promises to return keys that exist for its whole run, and the person may still be
talking to the skill while an operator erases them, so the scan is repeated until a pass finds
nothing (a few passes at most). Its cost is one walk of the whole keyspace per pass: fine for a
deletion request, which is rare, and the price of needing no per-owner key index that could
itself drift out of date.
"""

from __future__ import annotations

import redis

from journal import keys

SCAN_BATCH = 500
# Enough to catch keys created by a request that was in flight when erasure began.
MAX_PASSES = 4


def erase_owner(client: redis.Redis, owner: str, *, batch: int = SCAN_BATCH) -> int:
    """Remove every key under `owner`'s prefix; return how many keys were removed."""
    pattern = keys.owner_pattern(owner)
    removed = 0
    for _ in range(MAX_PASSES):
        found = 0
        chunk: list[bytes] = []
        for key in client.scan_iter(match=pattern, count=batch):
            chunk.append(key)
            if len(chunk) >= batch:
                found += len(chunk)
                removed += int(client.unlink(*chunk))
                chunk = []
        if chunk:
            found += len(chunk)
            removed += int(client.unlink(*chunk))
        if not found:
            break
    return removed
