"""Fixtures shared by every room's tests: a real Redis-compatible server, cleared per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from journal import Journal
from journal.connection import connect
from smallwins.embedded_redis import EmbeddedRedis

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ALEXA_FIXTURES = SHARED / "fixtures" / "alexa"


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedRedis]:
    """One embedded server for the whole session; tests clear the data around themselves."""
    server = EmbeddedRedis(tmp_path_factory.mktemp("valkey"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: EmbeddedRedis) -> Iterator[str]:
    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    yield redis_server.url
    client.flushall()
    client.close()


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    client = connect(redis_url)
    yield client
    client.close()


@pytest.fixture
def journal(redis_client: redis.Redis) -> Journal:
    return Journal(redis_client)


@pytest.fixture
def alexa_fixtures() -> Path:
    """The real Amazon-signed requests beside the checkout; skip cleanly when absent."""
    if not ALEXA_FIXTURES.is_dir():
        pytest.skip("../shared/fixtures/alexa is not beside this checkout")
    return ALEXA_FIXTURES
