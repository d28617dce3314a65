"""The webhook under gunicorn, started from Python so `smallwins serve` is the one way in."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from smallwins.settings import Settings


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self._settings = settings
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from skill.app import create_app

        return create_app(self._settings)


def _quiet(worker: Any, request: Any) -> None:
    """No per-request log line: see `serve`."""


def serve(settings: Settings, *, host: str, port: int, workers: int | None = None) -> None:
    """Run gunicorn in this process until it is told to stop.

    Each worker builds its own app (and Redis pool) after the fork: connections are never
    shared across processes.
    """
    settings.warn_about_development()
    from alexa import envelopes

    # Before the fork: every worker inherits the model imports and plans, and none pays for
    # them while answering its first requests.
    envelopes.prepare()
    _Gunicorn(
        settings,
        {
            "bind": f"{host}:{port}",
            "workers": workers or settings.web_workers,
            "worker_class": "sync",
            "timeout": 30,
            "graceful_timeout": 10,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": settings.log_level.lower(),
            # Nothing here uses gunicorn's control socket, and a shared default path would
            # make two servers on one machine step on each other.
            "control_socket_disable": True,
            # gunicorn's default logs every request path at debug level; an export path
            # holds a live token.
            "pre_request": _quiet,
        },
    ).run()
