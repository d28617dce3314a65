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

Some references to a person must live outside their prefix (an invite code looked up before
anyone is known, a place in the weekly schedule, a seat in a group). Whoever makes one writes
it down in the owner's `links` set, and erasure follows those instructions before the scan.
"""

from __future__ import annotations

import redis

from journal import keys

SCAN_BATCH = 500
# Enough to catch keys created by a request that was in flight when erasure began.
MAX_PASSES = 4


def erase_owner(client: redis.Redis, owner: str, *, batch: int = SCAN_BATCH) -> int:
    """Remove every key under `owner`'s prefix and every reference listed in their `links`;
    return how many keys were removed."""
    removed = _follow_links(client, owner)
    pattern = keys.owner_pattern(owner)
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


def _follow_links(client: redis.Redis, owner: str) -> int:
    """Undo every reference to `owner` kept outside their prefix (the set itself is inside)."""
    removed = 0
    raw = client.smembers(keys.links(owner))
    entries = [e.decode() if isinstance(e, bytes) else e for e in raw]
    if not entries:
        return 0
    pipe = client.pipeline(transaction=False)
    for entry in entries:
        action, key, *member = entry.split("\t", 2)
        if action == "del":
            pipe.unlink(key)
        elif action == "zrem" and member:
            pipe.zrem(key, member[0])
        elif action == "srem" and member:
            pipe.srem(key, member[0])
        elif action == "hdel" and member:
            pipe.hdel(key, member[0])
    for action_result, entry in zip(pipe.execute(), entries, strict=True):
        if entry.startswith("del\t"):
            removed += int(action_result)
    return removed
