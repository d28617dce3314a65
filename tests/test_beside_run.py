"""Operator commands beside a running `smallwins run`: no variable to export by hand, and a
report of what really happened to the digest, whoever sent it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import redis

from journal import Journal, owner_key
from journal.crypto import Cipher
from sharing import Sharing
from sharing.tokens import Tokens
from smallwins.mail_sink import free_port

TUESDAY = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("SMALLWINS_")}


def _start_run(folder: Path, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "smallwins.cli", "run", "--port", str(port)],
        cwd=folder, env=_clean_env(), start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    raise AssertionError("smallwins run did not become ready")


def _buddy_with_a_win(var: Path) -> None:
    """A buddy who said yes to weekly notes, and a win to send them, written as the skill
    would, in the Redis `run` started, with the keys `run` keeps."""
    client = redis.Redis(unix_socket_path=str(var / "redis" / "valkey.sock"))
    secret = (var / "secret-key").read_text().strip().encode()
    cipher = Cipher.from_keys([(var / "encryption-key").read_text().strip()])
    owner = owner_key(secret, "amzn1.ask.account.TEST-BESIDE-RUN")
    sharing = Sharing(client, cipher=cipher, tokens=Tokens(secret, lambda: TUESDAY),
                      clock=lambda: TUESDAY)  # fmt: skip
    sharing.recipients.update_me(owner, name="Sam")
    invite = sharing.invites.open(owner, "buddy")
    _, maria, _ = sharing.invites.accept(invite.token, "Maria", "maria@example.org")
    sharing.recipients.confirm(owner, maria.id, maria.nonce)
    sharing.recipients.answer_weekly(owner, maria.id, yes=True, tz="America/New_York")
    Journal(client, cipher=cipher).record(
        owner, "I made it to the Wednesday meeting", at=datetime(2026, 11, 25, 19, tzinfo=UTC)
    )
    client.close()


def test_digest_run_beside_run_needs_no_setting_and_says_what_happened(tmp_path: Path) -> None:
    port = free_port()
    process = _start_run(tmp_path, port)
    var = tmp_path / "var"
    try:
        assert oct((var / "run.json").stat().st_mode & 0o777) == "0o600"
        _buddy_with_a_win(var)
        before = {p.name for p in (var / "mail").glob("*.eml")}
        result = subprocess.run(
            [sys.executable, "-m", "smallwins.cli", "digest", "run", "--at",
             "2026-11-29T18:05:00-05:00"],
            cwd=tmp_path, env=_clean_env(), capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "using the settings of the running `smallwins run`" in result.stderr
        # Whoever sent it (this command, or run's own scheduler and worker first), it is
        # reported as sent, once, and not as a failure.
        assert result.stdout.startswith("1 weekly digests were due"), result.stdout
        assert "; 0 failed (" in result.stdout and "sent: 1" in result.stdout, result.stdout
        deadline = time.monotonic() + 10
        while len({p.name for p in (var / "mail").glob("*.eml")} - before) < 1:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        time.sleep(1)
        new = [p for p in (var / "mail").glob("*.eml") if p.name not in before]
        assert len(new) == 1
        assert b"Wednesday meeting" in new[0].read_bytes()
        failures = subprocess.run(
            [sys.executable, "-m", "smallwins.cli", "digest", "failures"],
            cwd=tmp_path, env=_clean_env(), capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert failures.stdout == "no failed deliveries\n", failures.stderr
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
    assert not (var / "run.json").exists()
