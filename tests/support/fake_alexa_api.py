"""A local HTTP server standing in for the Alexa API endpoint named in request envelopes."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class AlexaApiStandIn:
    """Answers as the Alexa Settings and Reminders APIs do; every request is kept in `seen`."""

    time_zone: str = "America/Los_Angeles"
    reminders_status: int = 201
    seen: list[Seen] = field(default_factory=list)
    url: str = ""
    _tokens: int = 0

    def answer(self, method: str, path: str) -> tuple[int, Any]:
        if method == "GET" and path.endswith("/settings/System.timeZone"):
            return 200, self.time_zone
        if path.startswith("/v1/alerts/reminders"):
            if self.reminders_status >= 400:
                return self.reminders_status, {"code": "ERROR", "message": "refused"}
            if method == "DELETE":
                return 200, {}
            self._tokens += 1
            return (201 if method == "POST" else 200), {"alertToken": f"token-{self._tokens}"}
        return 404, {"message": "no such path"}


@contextmanager
def alexa_api() -> Iterator[AlexaApiStandIn]:
    stand_in = AlexaApiStandIn()

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            stand_in.seen.append(
                Seen(self.command, self.path, dict(self.headers), json.loads(raw) if raw else None)
            )
            status, payload = stand_in.answer(self.command, self.path)
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = _handle

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stand_in.url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
