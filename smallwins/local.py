"""`smallwins run`: the whole skill on one machine, for trying it and for development.

Starts an embedded Redis-compatible server (data and append-only log under `./var/`, fsync
on every write) unless `SMALLWINS_REDIS_URL` names one, a mail sink that keeps messages as
files in `./var/mail/` unless `SMALLWINS_SMTP_URL` names a server, then the webhook (with the
buddy pages), a worker and the scheduler; prints what to do next, and stops everything on
Ctrl-C. Development defaults are filled in only where the
environment says nothing, and a secret key is made once and kept in `./var/` so journals
survive restarts.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from journal.crypto import Cipher
from smallwins import beside
from smallwins.embedded_redis import EmbeddedRedis, die_with_parent
from smallwins.mail_sink import MailSink
from smallwins.settings import Settings

NEXT_STEPS = """
Small Wins is running.
  webhook   http://{host}:{port}/alexa   (health: /healthz, ready: /readyz)
  buddies   http://{host}:{port}/invite  (invite code entry; links arrive in the mail)
  redis     {redis}
  mail      {mail}
  data      {data}
  also      a worker (shares, digests) and the scheduler (weekly digests)

Talk to it by typing, in another terminal:
  .venv/bin/smallwins chat{url}
or one turn at a time:
  .venv/bin/smallwins say{url} "I went for a walk instead of drinking"

Ctrl-C stops everything.
"""


def _kept(data_dir: Path, name: str, make: Callable[[], str]) -> str:
    """A value made once and kept (owner-only) in the data folder, so restarts keep it."""
    path = data_dir / name
    if not path.exists():
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(make())
    return path.read_text().strip()


def run_locally(*, host: str, port: int) -> int:
    given = Settings.environment()
    env = dict(given)
    data_dir = Path(env.get("SMALLWINS_DATA_DIR") or "var").resolve()
    env.setdefault("SMALLWINS_ENV", "development")
    if env["SMALLWINS_ENV"] == "development":
        env.setdefault("SMALLWINS_VERIFY_SIGNATURES", "0")
    if not env.get("SMALLWINS_SECRET_KEY"):
        env["SMALLWINS_SECRET_KEY"] = _kept(
            data_dir, "secret-key", lambda: secrets.token_urlsafe(48)
        )
    # Even locally, people's words are encrypted at rest.
    if not env.get("SMALLWINS_ENCRYPTION_KEYS"):
        env["SMALLWINS_ENCRYPTION_KEYS"] = _kept(data_dir, "encryption-key", Cipher.generate_key)
    env["SMALLWINS_DATA_DIR"] = str(data_dir)
    env.setdefault("SMALLWINS_PUBLIC_URL", f"http://{host}:{port}")
    env.setdefault("SMALLWINS_METRICS_DIR", str(data_dir / "metrics"))

    server: EmbeddedRedis | None = None
    sink: MailSink | None = None
    if not env.get("SMALLWINS_REDIS_URL"):
        server = EmbeddedRedis(data_dir / "redis")
        env["SMALLWINS_REDIS_URL"] = server.start()
    if not env.get("SMALLWINS_SMTP_URL"):
        sink = MailSink(data_dir / "mail")
        env["SMALLWINS_SMTP_URL"] = sink.start()
    mail = f"kept as files in {sink.folder}" if sink else "sent through SMALLWINS_SMTP_URL"
    Settings.from_env(env)  # refuse a bad configuration before anything else starts
    # Commands run by hand beside this one read what it filled in (smallwins.beside).
    beside.record(data_dir, {k: v for k, v in env.items() if k.startswith("SMALLWINS_")
                             and given.get(k) != v})  # fmt: skip

    children = [
        _spawn(["serve", "--host", host, "--port", str(port)], env),
        _spawn(["worker"], env),
        _spawn(["scheduler"], env),
    ]
    print(
        NEXT_STEPS.format(
            host=host,
            port=port,
            redis=env["SMALLWINS_REDIS_URL"],
            data=data_dir,
            mail=mail,
            url=chat_url(host, port),
        ),
        flush=True,
    )
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while not stopping:
            if any(child.poll() is not None for child in children):
                print("smallwins: a process stopped; shutting down", file=sys.stderr)
                return 1
            time.sleep(0.2)
        return 0
    finally:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        beside.forget(data_dir)
        if sink is not None:
            sink.stop()
        if server is not None:
            server.stop()


def chat_url(host: str, port: int) -> str:
    """The `--url` that `chat` and `say` need to reach this server, when it isn't their
    default (127.0.0.1:8080)."""
    if (host, port) == ("127.0.0.1", 8080):
        return ""
    reach = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104 - a bind-all
    if ":" in reach:
        reach = f"[{reach}]"
    return f" --url http://{reach}:{port}/alexa"


def _spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-m", "smallwins.cli", *args], env=env, preexec_fn=die_with_parent
    )
