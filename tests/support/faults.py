"""Redis going away at a chosen command: a proxy on a unix socket in front of a real server.

Everything passes through until `cut_after(n)`. From then on the n-th command still reaches
the server and runs, but its reply never comes back: the connection is cut, and every new one
is refused until `restore()`. That is a server that died, or a network that broke, just after a
command was sent, when the client can't know whether it ran. Setting up a connection (HELLO,
CLIENT SETINFO, health checks) is not counted, so `n` is the same on a fresh connection.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

_NOT_COUNTED = frozenset({b"HELLO", b"CLIENT", b"AUTH", b"SELECT", b"PING"})


class CuttingProxy:
    def __init__(self, target: Path, path: Path) -> None:
        self._target = str(target)
        self._path = str(path)
        self._lock = threading.Lock()
        self._left: int | None = None
        self._down = False
        self.commands: list[str] = []
        """The names of the counted commands passed on, in order."""
        self._listener = socket.socket(socket.AF_UNIX)
        self._listener.bind(self._path)
        self._listener.listen(16)
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"unix://{self._path}"

    def cut_after(self, n: int) -> None:
        with self._lock:
            self._left, self._down = n, False

    def restore(self) -> None:
        with self._lock:
            self._left, self._down = None, False

    def close(self) -> None:
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:  # closed
                return
            if self._down:
                client.close()
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        server = socket.socket(socket.AF_UNIX)
        server.connect(self._target)
        cut = threading.Event()
        replies = threading.Thread(target=_pump, args=(server, client, cut), daemon=True)
        replies.start()
        pending = b""
        while data := _recv(client):
            pending += data
            commands, pending = _split(pending)
            for command in commands:
                last = self._count(command)
                if last:
                    cut.set()  # nothing more goes back to the client
                server.sendall(command)
                if last:
                    # The server runs what it has read before it sees the end of the input;
                    # its closing the connection says it is done.
                    server.shutdown(socket.SHUT_WR)
                    replies.join(5)
                    client.close()
                    return
        server.close()
        client.close()

    def _count(self, command: bytes) -> bool:
        """Note a command passed on; True when it is the one to cut after."""
        name = command.split(b"\r\n", 3)[2].upper()
        if name in _NOT_COUNTED:
            return False
        with self._lock:
            self.commands.append(name.decode())
            if self._left is None:
                return False
            self._left -= 1
            if self._left:
                return False
            self._left, self._down = None, True
            return True


def _recv(sock: socket.socket) -> bytes:
    try:
        return sock.recv(65536)
    except OSError:
        return b""


def _pump(server: socket.socket, client: socket.socket, cut: threading.Event) -> None:
    while data := _recv(server):
        if not cut.is_set():
            try:
                client.sendall(data)
            except OSError:
                break
    server.close()


def _split(buffer: bytes) -> tuple[list[bytes], bytes]:
    """The whole commands at the start of `buffer` (RESP arrays of bulk strings, as clients
    send them), and what is left of a command still arriving."""
    commands: list[bytes] = []
    start = 0
    while (line := buffer.find(b"\r\n", start)) >= 0:
        at = line + 2
        for _ in range(int(buffer[start + 1 : line])):
            header = buffer.find(b"\r\n", at)
            if header < 0:
                return commands, buffer[start:]
            at = header + 2 + int(buffer[at + 1 : header]) + 2
        if at > len(buffer):
            break
        commands.append(buffer[start:at])
        start = at
    return commands, buffer[start:]
