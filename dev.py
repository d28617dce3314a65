#!/usr/bin/env python3
"""The two commands a newcomer needs, on a machine that has only Python 3.11+.

    python3 dev.py run     start the whole skill locally (embedded Redis, webhook)
    python3 dev.py test    lint and run the whole test suite

Both make `.venv/` and install the project into it first (again only when pyproject.toml
changed), so nothing has to be installed by hand.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
STAMP = VENV / ".installed"


def _python() -> str:
    return str(BIN / "python")


def ensure_env() -> None:
    """Create the virtualenv and install the project with its test tools, when needed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on whatever python3 is
        sys.exit("Small Wins needs Python 3.11 or newer.")
    if not (BIN / "python").exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("Installing Small Wins and its test tools into .venv ...", flush=True)
    subprocess.run(  # noqa: S603 - our own interpreter and project
        [_python(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-e", f"{ROOT}[test]"],
        check=True,
    )  # fmt: skip
    STAMP.write_text(wanted)


def run(args: list[str]) -> int:
    ensure_env()
    os.chdir(ROOT)
    os.execv(str(BIN / "smallwins"), [str(BIN / "smallwins"), "run", *args])  # noqa: S606
    return 0  # pragma: no cover - execv does not return


def ensure_chromium() -> None:
    """Install Debian's chromium and its driver for the browser tests, when we can.

    Only as root with apt-get; otherwise (or if the install fails) the browser tests skip.
    """
    if Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists():
        return
    apt_get = shutil.which("apt-get")
    if apt_get is None or os.geteuid() != 0:
        print("No chromium (and no root apt-get): browser tests will be skipped.", flush=True)
        return
    print("Installing Debian's chromium for the browser tests ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}

    def apt(*command: str) -> bool:
        done = subprocess.run(  # noqa: S603 - apt-get with fixed arguments
            [apt_get, *command], env=env, stdout=subprocess.DEVNULL, check=False
        )
        return done.returncode == 0

    install = ("install", "-y", "-q", "--no-install-recommends", "chromium", "chromium-driver")
    if not apt(*install) and not (apt("update", "-q") and apt(*install)):
        print("Could not install chromium: browser tests will be skipped.", flush=True)


def test(args: list[str]) -> int:
    ensure_env()
    os.chdir(ROOT)
    ensure_chromium()
    steps = [
        [str(BIN / "ruff"), "check", "."],
        [str(BIN / "hadolint"), "Dockerfile"],
        [_python(), "-m", "pytest", *args],
    ]
    for step in steps:
        print(
            "$",
            " ".join(Path(step[0]).name if i == 0 else a for i, a in enumerate(step)),
            flush=True,
        )
        result = subprocess.run(step, check=False)  # noqa: S603 - our own tools
        if result.returncode != 0:
            return result.returncode
    return 0


def main() -> int:
    commands = {"run": run, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
