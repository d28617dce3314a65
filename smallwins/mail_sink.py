"""A local SMTP server for `smallwins run`: mail is kept as files, never sent anywhere.

With no `SMALLWINS_SMTP_URL`, the local run points the worker here, so invites, digests and
cheers links can be tried end to end: each message lands in `var/mail/` as an `.eml` file
any mail program opens. Loopback only.
"""

from __future__ import annotations

import logging
import socket
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class _Keep:
    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self._count += 1
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{self._count:04d}.eml"
        path = self._folder / name
        path.write_bytes(envelope.original_content or envelope.content)
        path.chmod(0o600)
        print(f"mail: a message was kept in {path}", flush=True)
        return "250 OK: kept"


class MailSink:
    def __init__(self, folder: Path, host: str = "127.0.0.1") -> None:
        self.folder = folder
        self._host = host
        self._port = free_port(host)
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://{self._host}:{self._port}"

    def start(self) -> str:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        # aiosmtpd logs addresses at DEBUG; this server's own chatter is not wanted anywhere.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self._controller = Controller(_Keep(self.folder), hostname=self._host, port=self._port)
        self._controller.start()
        return self.url

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
