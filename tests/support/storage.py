"""Questions a test asks of the whole store, whether it is one server or a cluster."""

from __future__ import annotations

import uuid

import redis


def key_count(client: redis.Redis | redis.RedisCluster) -> int:
    """How many keys the store holds, on every primary of a cluster."""
    if isinstance(client, redis.RedisCluster):
        return int(client.dbsize(target_nodes=redis.RedisCluster.PRIMARIES))
    return int(client.dbsize())


def all_keys(client: redis.Redis | redis.RedisCluster, pattern: str = "*") -> list[bytes]:
    """Every key matching `pattern`, from every primary of a cluster (KEYS asks only one)."""
    return list(client.scan_iter(match=pattern, count=1000))


def new_request_id() -> str:
    """A fresh Alexa request id: each launch that takes the news is its own request."""
    return f"amzn1.echo-api.request.{uuid.uuid4()}"
