"""`smallwins run` killed with SIGKILL right after wins were acknowledged: all of them survive."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import redis

from journal import keys, owner_key
from smallwins.mail_sink import free_port
from tests.support.dialog import Dialog
from tests.support.served import HttpClient

WINS = 25


def _start(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMALLWINS_")}
    env["SMALLWINS_DATA_DIR"] = str(data_dir)
    process = subprocess.Popen(
        [sys.executable, "-m", "smallwins.cli", "run", "--port", str(port)],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2):
                return process
        except OSError:  # refused, reset, or a worker still booting past the timeout
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    raise AssertionError("smallwins run did not become ready")


def test_sigkill_after_acknowledged_wins_loses_none(tmp_path: Path) -> None:
    port = free_port()
    process = _start(tmp_path, port)
    client = HttpClient(f"http://127.0.0.1:{port}")
    user = "amzn1.ask.account.TEST-DURABLE"
    try:
        for n in range(1, WINS + 1):
            said = Dialog(client, user=user).intent("RecordWinIntent", win=f"kept promise {n}")
            assert ("first win" in said) if n == 1 else (str(n) in said)
    finally:
        # The crash under test, and also what keeps a failed run from leaking servers.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    process = _start(tmp_path, port)
    try:
        secret = (tmp_path / "secret-key").read_text().strip().encode()
        store = redis.Redis(unix_socket_path=str(tmp_path / "redis" / "valkey.sock"))
        assert store.zcard(keys.wins(owner_key(secret, user))) == WINS
        said = Dialog(client, user=user).intent("RecordWinIntent", win="kept going")
        assert str(WINS + 1) in said
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
