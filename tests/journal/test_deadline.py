"""One Redis budget per piece of work (`journal.deadline`), against a real server."""

from __future__ import annotations

import time

import pytest
import redis

from journal.deadline import paused, within
from journal.store import REDIS_UNAVAILABLE


def test_time_paused_is_charged_to_no_enclosing_budget(redis_client: redis.Redis) -> None:
    """Waiting on something else (an Alexa API call) leaves every budget as it was; the same
    wait unpaused spends it."""
    with within(0.4), within(0.2):
        with paused():
            time.sleep(0.5)
        assert redis_client.ping()
    with within(0.4):
        with within(0.2), paused():
            time.sleep(0.5)
        assert redis_client.ping()
    with within(0.2):
        time.sleep(0.3)
        with pytest.raises(REDIS_UNAVAILABLE):
            redis_client.ping()
