"""The Redis client every room shares: short timeouts, so an outage is an answer, not a hang."""

import logging

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from journal.deadline import WithinDeadline, bounded

try:
    from redis.driver_info import DriverInfo

    # Given, redis-py does not look its own version up again on every new connection, which
    # every forked worker process makes.
    DRIVER: dict[str, object] = {"driver_info": DriverInfo(lib_version=redis.__version__)}
except ImportError:  # redis-py before driver_info
    DRIVER = {"lib_version": redis.__version__}

log = logging.getLogger(__name__)

# A cluster client and a plain one offer the same commands for everything the app does.
Client = redis.Redis | redis.RedisCluster

# What each URL turned out to be. Found once in a process that then forks (gunicorn's master,
# RQ's worker), a web worker starting later need not ask a server that may be hanging.
_found: dict[str, bool] = {}


def connect(url: str) -> Client:
    """A client for `url` (redis://, rediss:// or unix://) that fails fast and reconnects by itself.

    One quick retry rides out a restarted server; beyond that the caller gets an error within
    a couple of seconds, which the skill turns into a spoken apology. Inside
    `journal.deadline.within` all round trips together get no more than its budget.

    When `url` names a node of a Redis or Valkey Cluster, the answer is a cluster client that
    finds the other nodes from it; every multi-key operation of the app stays within one
    person's hash slot (`sw:{owner}:…`), which a cluster requires.
    """
    options = {
        "socket_connect_timeout": 1.0,
        "socket_timeout": 2.0,
        "health_check_interval": 30,
        "retry": Retry(WithinDeadline(ExponentialBackoff(cap=0.2, base=0.05)), retries=1),
        **DRIVER,
    }
    client = bounded(redis.Redis.from_url(url, **options))
    if url not in _found:
        enabled = cluster_enabled(client)
        if enabled is None:
            return client
        _found[url] = enabled
    if not _found[url]:
        return client
    client.close()
    # Each node's connections are of the same deadline-honouring class.
    deadlined = client.connection_pool.connection_class
    return redis.RedisCluster.from_url(url, connection_class=deadlined, **options)


def cluster_enabled(client: redis.Redis) -> bool | None:
    """Whether the server behind `client` is a cluster node (`INFO cluster`).

    None when it can't be reached (or hangs): the caller takes it for a single server, as
    before clusters were known, and the process starts, answers with an apology until storage
    is back, and its readiness check says so. A cluster node unreachable at start then
    answers MOVED, which is an apology too, until the process is restarted.
    """
    try:
        return bool(client.info("cluster").get("cluster_enabled"))
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError):
        log.warning("storage did not answer at start; taking it for a single server")
        return None
    except redis.exceptions.ResponseError:  # a server or proxy without INFO sections
        return False


def is_cluster(client: object) -> bool:
    return isinstance(client, redis.RedisCluster)
