"""The `smallwins` command line run for real (`python -m smallwins.cli …`): its environment as
an operator's shell would hold it, with the queue server when the data is on a cluster (the
`queue_server` fixture in tests/conftest.py fills `QUEUE` for the test)."""

from __future__ import annotations

import os
import subprocess
import sys

# SMALLWINS_QUEUE_URL while a test runs with the data on a cluster; empty otherwise.
QUEUE: dict[str, str] = {}


def command_env(redis_url: str, **settings: str) -> dict[str, str]:
    """This process's environment less every SMALLWINS_ setting, then the given ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMALLWINS_")}
    env.update(SMALLWINS_ENV="development", SMALLWINS_REDIS_URL=redis_url)
    env.update(QUEUE)
    env.update(settings)
    return env


def run_command(
    env: dict[str, str], *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smallwins.cli", *args],
        env=env, input=stdin, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
