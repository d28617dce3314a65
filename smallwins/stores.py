"""Where the data lives and where the queues live, decided once from `Settings`.

The data (journals, sharing) may be one server or a Redis/Valkey Cluster: `journal.connection`
finds out which from the server itself. RQ's queues can't live on a cluster (one queue
operation spans keys in several hash slots), so with a cluster they need a single server of
their own, named by SMALLWINS_QUEUE_URL; with a single server they share it unless told
otherwise.
"""

from __future__ import annotations

import redis

from journal.connection import DRIVER, Client, connect, is_cluster
from smallwins.settings import Settings, SettingsError

NEEDS_QUEUE = (
    "SMALLWINS_REDIS_URL names a node of a Redis Cluster, and RQ's queues can't live on a "
    "cluster (one queue operation spans keys in several hash slots): set SMALLWINS_QUEUE_URL "
    "to a single Redis server for the queues"
)
QUEUE_IS_CLUSTER = (
    "SMALLWINS_QUEUE_URL names a node of a Redis Cluster; RQ's queues need a single server"
)


def data_client(settings: Settings) -> Client:
    if not settings.redis_url:
        raise SettingsError("SMALLWINS_REDIS_URL must name the Redis the app uses")
    return connect(settings.redis_url)


def queue_url(settings: Settings, data: Client) -> str:
    """The queue server's URL for data on `data`; raises `SettingsError` for a cluster with
    no queue server named."""
    if settings.queue_url:
        return settings.queue_url
    if is_cluster(data) or not settings.redis_url:
        raise SettingsError(NEEDS_QUEUE)
    return settings.redis_url


def queue_client(url: str, *, blocking: bool = False) -> redis.Redis:
    """A client on the queue server. `blocking` drops the app's two-second read timeout,
    which would cut RQ's blocking waits for work short; enqueueing keeps it (one short write).
    """
    probe = connect(url)
    if is_cluster(probe):
        probe.close()
        raise SettingsError(QUEUE_IS_CLUSTER)
    if not blocking:
        return probe  # type: ignore[return-value]
    # RQ's client of its own, untouched until RQ uses it: its pub/sub thread (which a worker
    # stops when it ends) must not start on a connection the check above already used.
    probe.close()
    return redis.Redis.from_url(url, socket_connect_timeout=2.0, health_check_interval=30, **DRIVER)


def queue_for(settings: Settings, data: Client, *, blocking: bool = False) -> redis.Redis:
    """The queue server's client beside `data`: the same client when they share a server."""
    if settings.queue_url:
        return queue_client(settings.queue_url, blocking=blocking)
    if is_cluster(data):
        raise SettingsError(NEEDS_QUEUE)
    if blocking:
        return queue_client(queue_url(settings, data), blocking=True)
    return data  # type: ignore[return-value]


def check(settings: Settings) -> None:
    """Refuse at start what would fail later: a cluster without a queue server, or a queue
    server that is a cluster."""
    data = data_client(settings)
    try:
        url = queue_url(settings, data)
        if url != settings.redis_url:
            queue_client(url).close()
    finally:
        data.close()
