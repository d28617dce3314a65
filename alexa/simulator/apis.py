"""The parts of Alexa's own APIs the skill calls, simulated on loopback for `smallwins chat`.

With no Amazon account there is no Alexa API to call; this stands in for the Settings API
(the device's time zone) and the Reminders API, so setting a daily reminder can be tried
by typing. Reminders live in memory and are shown the way the Alexa app would list them.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SIMULATED_TOKEN = "simulated-access-token"  # noqa: S105 - a stand-in, not a credential


@dataclass(frozen=True)
class Call:
    """One request the skill made, as the stand-in received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


class SimulatedAlexaApi:
    """Start with `start()`; `url` is then the apiEndpoint to put in envelopes.

    `calls` keeps every request the skill made as it arrives, and `answered` counts the ones
    answered; `failure`, when set to an HTTP status, makes the Reminders API answer with it, as
    Alexa does when it is having a bad day; `latency` (seconds) delays every answer, as a slow
    or distant API host would (the benchmark's stand-in uses it too).
    """

    def __init__(
        self,
        time_zone: str,
        notify: Callable[[str], None] = lambda _: None,
        *,
        latency: float = 0.0,
    ) -> None:
        self.time_zone = time_zone
        self.reminders: dict[str, dict[str, Any]] = {}
        self.calls: list[Call] = []
        self.answered = 0
        self.failure: int | None = None
        self.latency = latency
        self._notify = notify
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start() first"
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> SimulatedAlexaApi:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                api.calls.append(Call(self.command, self.path, dict(self.headers), body))
                authorised = self.headers.get("Authorization") == f"Bearer {SIMULATED_TOKEN}"
                status, payload = (
                    api.handle(self.command, self.path, body) if authorised else (401, {})
                )
                data = json.dumps(payload).encode()
                if api.latency:
                    time.sleep(api.latency)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the skill stopped waiting: nothing to answer to
                    return
                api.answered += 1

            do_GET = do_POST = do_PUT = do_DELETE = _answer

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def handle(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        if method == "GET" and path.endswith("/settings/System.timeZone"):
            return 200, self.time_zone
        if not path.startswith("/v1/alerts/reminders"):
            return 404, {"message": "not simulated"}
        if self.failure is not None:
            return self.failure, {"code": "SIMULATED_FAILURE"}
        token = path.removeprefix("/v1/alerts/reminders").strip("/")
        if method == "DELETE":
            if self.reminders.pop(token, None) is not None:
                self._notify("[alexa app] daily reminder deleted")
            return 200, {}
        if method == "PUT" and token not in self.reminders:
            return 404, {"message": "no such reminder"}
        token = token or uuid.uuid4().hex
        self.reminders[token] = body
        self._notify(f"[alexa app] {describe(body)}")
        return (200 if method == "PUT" else 201), {"alertToken": token}


def describe(body: Any) -> str:
    """A reminder as the Alexa app would list it: when, how often, and what it says."""
    try:
        trigger = body["trigger"]
        rule = trigger["recurrence"]["recurrenceRules"][0]
        parts = dict(p.split("=", 1) for p in rule.strip(";").split(";"))
        hour, minute = int(parts["BYHOUR"]), int(parts["BYMINUTE"])
        text = body["alertInfo"]["spokenInfo"]["content"][0]["text"]
        zone = trigger.get("timeZoneId", "the device's time zone")
    except (KeyError, IndexError, TypeError, ValueError):
        return "reminder saved (unreadable details)"
    every = "daily" if parts.get("FREQ") == "DAILY" else parts.get("FREQ", "?").lower()
    return f'reminder set: {every} at {hour:02d}:{minute:02d} ({zone}): "{text}"'
