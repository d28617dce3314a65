"""The Redis client every room shares: short timeouts, so an outage is an answer, not a hang."""

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


def connect(url: str) -> redis.Redis:
    """A client for `url` (redis://, rediss:// or unix://) that fails fast and reconnects by itself.

    One quick retry rides out a restarted server; beyond that the caller gets an error within
    a couple of seconds, which the skill turns into a spoken apology. Inside
    `journal.deadline.within` all round trips together get no more than its budget.
    """
    return bounded(
        redis.Redis.from_url(
            url,
            socket_connect_timeout=1.0,
            socket_timeout=2.0,
            health_check_interval=30,
            retry=Retry(WithinDeadline(ExponentialBackoff(cap=0.2, base=0.05)), retries=1),
            **DRIVER,
        )
    )
