"""Redis going away and coming back: a spoken apology, nothing half-written, then service."""

from __future__ import annotations

import redis
from flask.testing import FlaskClient

from journal import Journal
from journal.connection import connect
from skill.app import create_app
from smallwins.embedded_redis import EmbeddedRedis
from smallwins.settings import Settings
from tests.skill.conftest import Clock
from tests.support.dialog import Dialog


def test_outage_is_spoken_and_service_resumes_by_itself(
    own_server: EmbeddedRedis, settings: Settings, clock: Clock, owner: str
) -> None:
    client_redis = connect(own_server.url)
    client: FlaskClient = create_app(settings, redis_client=client_redis, clock=clock).test_client()
    dialog = Dialog(client, now=clock())
    dialog.intent("RecordWinIntent", win="went to the gym")
    dialog.intent("SkipIntent")

    own_server.kill()
    said = dialog.intent("RecordWinIntent", win="called my mom")
    assert dialog.last["response"]["shouldEndSession"] is True
    assert "nothing was saved" in said or "try again" in said
    assert client.get("/readyz").status_code == 503
    assert client.get("/healthz").status_code == 200

    own_server.start()
    assert client.get("/readyz").status_code == 200
    texts = [w.text for w in Journal(connect(own_server.url)).recent(owner, 10)]
    assert texts == ["I went to the gym"]  # acknowledged win survived; the failed one is absent
    said = dialog.intent("RecordWinIntent", win="called my mom")
    assert "2" in said


def _talking_to(server: EmbeddedRedis, settings: Settings, clock: Clock) -> Dialog:
    app = create_app(settings, redis_client=connect(server.url), clock=clock)
    return Dialog(app.test_client(), now=clock())


def test_encouragement_is_spoken_when_noting_which_win_was_heard_fails(
    own_server: EmbeddedRedis, settings: Settings, clock: Clock
) -> None:
    """Someone asking for support hears a past win even when the note of which one they heard
    can't be written: a read-only replica answers reads and refuses every write."""
    dialog = _talking_to(own_server, settings, clock)
    dialog.intent("RecordWinIntent", win="went for a run at lunch")
    dialog.intent("AMAZON.StopIntent")
    direct = redis.Redis.from_url(own_server.url)
    direct.replicaof("127.0.0.1", "1")
    try:
        said = dialog.intent("EncourageIntent")
    finally:
        direct.replicaof("NO", "ONE")
    assert "went for a run at lunch" in said and not said.startswith("Sorry")
