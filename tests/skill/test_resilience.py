"""Redis going away and coming back: a spoken apology, nothing half-written, then service."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from flask.testing import FlaskClient

from journal import Journal
from journal.connection import connect
from skill.app import create_app
from smallwins.embedded_redis import EmbeddedRedis
from smallwins.settings import Settings
from tests.skill.conftest import Clock
from tests.support.dialog import Dialog
from tests.support.faults import CuttingProxy


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


def _out_of_memory(direct: redis.Redis, server: EmbeddedRedis) -> None:
    """OOM: a memory limit already passed, and nothing that may be evicted."""
    direct.config_set("maxmemory-policy", "noeviction")
    direct.config_set("maxmemory", "1")


def _snapshot_failed(direct: redis.Redis, server: EmbeddedRedis) -> None:
    """MISCONF: snapshots are configured and the last one failed (its child was killed), so
    the server takes no writes until one succeeds."""
    direct.config_set("save", "3600 1")
    direct.config_set("rdb-key-save-delay", "10000000")
    direct.bgsave()
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    _until(lambda: bool(children.read_text().split()))
    os.kill(int(children.read_text().split()[0]), signal.SIGKILL)
    _until(lambda: direct.info("persistence")["rdb_last_bgsave_status"] == "err")


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "the server never got there"
        time.sleep(0.01)


@pytest.mark.parametrize("refusal", [_out_of_memory, _snapshot_failed])
def test_a_server_that_refuses_writes_is_a_storage_outage(
    own_server: EmbeddedRedis, settings: Settings, clock: Clock, refusal: Callable[..., None]
) -> None:
    """Up but refusing every write: the journal can't be used, as when it can't be reached,
    and that is what the person hears, not that something went wrong on the skill's side."""
    dialog = _talking_to(own_server, settings, clock)
    refusal(redis.Redis.from_url(own_server.url), own_server)
    said = dialog.intent("RecordWinIntent", win="made my bed this morning")
    assert "journal" in said and "went wrong" not in said


def test_a_write_cut_off_before_its_answer_is_not_said_to_be_unsaved(
    own_server: EmbeddedRedis, tmp_path: Path, settings: Settings, clock: Clock, owner: str
) -> None:
    """The connection dies after the win was sent: it may have been kept (here it was), so
    the apology doesn't say nothing was saved. A turn that sent nothing that writes still
    says so plainly."""
    proxy = CuttingProxy(own_server.socket, tmp_path / "proxy.sock")
    app = create_app(settings, redis_client=connect(proxy.url), clock=clock)
    dialog = Dialog(app.test_client(), now=clock())
    dialog.intent("RecordWinIntent", win="drank water all day")
    proxy.cut_after(1)  # the win's one round trip: it runs, and its answer never comes
    said = Dialog(app.test_client(), now=clock()).intent(
        "RecordWinIntent", win="went to my meeting"
    )
    proxy.restore()
    assert "nothing was saved" not in said and "read my wins" in said
    assert "I went to my meeting" in [
        w.text for w in Journal(connect(own_server.url)).recent(owner, 5)
    ]
    proxy.cut_after(1)
    said = Dialog(app.test_client(), now=clock()).intent("ReadWinsIntent")
    proxy.restore()
    assert "nothing was saved" in said
    proxy.close()
