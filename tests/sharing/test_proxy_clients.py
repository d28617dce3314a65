"""Code-entry limits count clients by address: behind a proxy by the address it forwards,
and without one by the connection itself, so a forged header buys an attacker nothing."""

from __future__ import annotations

import redis

from sharing.codes import CLIENT_TRIES
from skill.app import create_app
from smallwins.settings import Settings

SECRET = b"test-secret-key-for-small-wins-0123456789"


def _client(redis_client: redis.Redis, hops: int, queue_url: str | None):
    settings = Settings(
        env="development",
        secret_key=SECRET,
        verify_signatures=False,
        proxy_hops=hops,
        queue_url=queue_url,
    )
    return create_app(settings, redis_client=redis_client).test_client()


def _tries(client, forwarded_for: str, count: int) -> list[int]:
    return [
        client.post(
            "/invite", data={"code": "000000"}, headers={"X-Forwarded-For": forwarded_for}
        ).status_code
        for _ in range(count)
    ]


def test_behind_a_proxy_each_forwarded_client_has_its_own_limit(
    redis_client: redis.Redis, queue_url: str | None
) -> None:
    client = _client(redis_client, 1, queue_url)
    assert _tries(client, "203.0.113.7", CLIENT_TRIES + 1)[-1] == 429
    assert _tries(client, "198.51.100.9", 1) == [400]  # someone else: a plain "wrong code"


def test_without_a_proxy_a_forged_forwarded_header_is_ignored(
    redis_client: redis.Redis, queue_url: str | None
) -> None:
    client = _client(redis_client, 0, queue_url)
    assert _tries(client, "203.0.113.7", CLIENT_TRIES + 1)[-1] == 429
    assert _tries(client, "198.51.100.9", 1) == [429]  # same connection, same limit
