"""The webhook with verification off (development), on a real Redis and a settable clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from journal import Journal, owner_key
from skill import understanding
from skill.app import create_app
from smallwins.settings import Settings
from tests.support.browser import LiveServer
from tests.support.clock import Clock  # tests import it from here too
from tests.support.dialog import Dialog

SECRET = b"test-secret-key-for-small-wins-0123456789"
# A Tuesday, noon in New York.
NOON = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(NOON)


@pytest.fixture
def settings() -> Settings:
    return Settings(
        env="development",
        secret_key=SECRET,
        verify_signatures=False,
        default_tz="America/New_York",
    )


@pytest.fixture(scope="session")
def understanding_ready() -> None:
    """Every locale's understanding loaded before any turn, as `smallwins serve` does before
    it forks: a first turn in a language otherwise spends its storage deadline loading the
    models, and on a busy machine answers with the storage apology."""
    understanding.prepare()


@pytest.fixture
def app(
    settings: Settings, redis_client: redis.Redis, clock: Clock, understanding_ready: None
) -> Iterator[Flask]:
    made = create_app(settings, redis_client=redis_client, clock=clock)
    yield made
    # Time zones are refreshed in the background after a turn: none outlives its test.
    made.extensions["smallwins"].refresher.drain()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def url(app: Flask) -> Iterator[str]:
    """The webhook's URL, the app served over real HTTP on loopback: what the simulator
    (`smallwins chat`, `smallwins say`) posts to."""
    server = LiveServer(app)
    yield f"{server.url}/alexa"
    server.stop()


@pytest.fixture
def dialog(client: FlaskClient, clock: Clock) -> Dialog:
    return Dialog(client, now=clock())


@pytest.fixture
def owner() -> str:
    return owner_key(SECRET, "amzn1.ask.account.TEST-DIALOG")


@pytest.fixture
def wins_of(journal: Journal):
    def texts(owner: str) -> list[str]:
        return [w.text for w in journal.recent(owner, 100)]

    return texts
