"""The webhook served the production way (`smallwins serve`, gunicorn) for tests over real HTTP."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from smallwins.mail_sink import free_port

SECRET = "test-secret-key-for-served-webhook-tests"


class HttpClient:
    """The slice of Flask's test client that `Dialog` uses, over real HTTP."""

    def __init__(self, base: str) -> None:
        self.base = base

    def post(self, path: str, json: dict[str, Any]) -> Reply:
        request = urllib.request.Request(
            self.base + path, data=_dumps(json), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as reply:
            return Reply(reply.status, reply.read())

    def get(self, path: str) -> Reply:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as reply:
                return Reply(reply.status, reply.read())
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, error.read())


class Reply:
    def __init__(self, status: int, data: bytes) -> None:
        self.status_code = status
        self.data = data

    def get_json(self) -> Any:
        return json.loads(self.data)


def _dumps(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload).encode()


@contextlib.contextmanager
def served(redis_url: str, log: Path, **settings: str) -> Iterator[HttpClient]:
    """`smallwins serve` on a free loopback port, in development mode (unsigned requests),
    its log in `log`; stopped with SIGTERM, or SIGKILL if it will not go."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMALLWINS_")}
    env.update(
        SMALLWINS_ENV="development",
        SMALLWINS_VERIFY_SIGNATURES="0",
        SMALLWINS_SECRET_KEY=SECRET,
        SMALLWINS_REDIS_URL=redis_url,
        SMALLWINS_WEB_WORKERS="2",
    )
    env.update({f"SMALLWINS_{name.upper()}": value for name, value in settings.items()})
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "smallwins.cli", "serve", "--host", "127.0.0.1",
             "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    client = HttpClient(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if client.get("/healthz").status_code == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise AssertionError("smallwins serve did not start: " + log.read_text())
            time.sleep(0.1)
        yield client
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
