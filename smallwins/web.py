"""The webhook under gunicorn, started from Python so `smallwins serve` is the one way in."""

from __future__ import annotations

import dataclasses
import html
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from gunicorn import glogging, util
from gunicorn.app.base import BaseApplication

from smallwins.logs import gunicorn_config
from smallwins.settings import Settings
from web import security


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


class _Log(glogging.Logger):  # type: ignore[misc]
    """gunicorn's log, with no access log at all.

    A `logconfig_dict` makes gunicorn take the access log for enabled even with `accesslog`
    None, so every request built its line (headers, times, a log record) for no handler to
    write: about 6% of a worker's time per turn.
    """

    def access(self, resp: Any, req: Any, environ: Any, request_time: Any) -> None:
        """No access line: a request's path can hold a live token (an export link)."""


def _worker_gone(server: Any, worker: Any) -> None:
    """A worker's live figures (gauges) go with it; its counts stay in the sum."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def metrics_folder(settings: Settings) -> Settings:
    """Point prometheus-client's multiprocess mode at an empty folder, before any metric exists
    and before gunicorn forks, so `/metrics` in any worker adds up every worker's figures."""
    folder = settings.metrics_dir or Path(tempfile.mkdtemp(prefix="smallwins-metrics-"))
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.db"):  # a previous run's figures are not this run's
        old.unlink()
    # prometheus-client reads this variable, and only this, when its first metric is made.
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    return dataclasses.replace(settings, metrics_dir=folder)


def _write_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own error page (a request line too long: 414, a bad request: 400), with the
    security headers every page of ours carries. gunicorn answers these before the app sees
    the request, and offers no hook for them but this function."""
    reason = html.escape(reason)
    page = f"<html><head><title>{reason}</title></head><body><h1>{reason}</h1></body></html>"
    lines = [f"HTTP/1.1 {status_int} {reason}", "Connection: close",
             "Content-Type: text/html", f"Content-Length: {len(page)}",
             f"Content-Security-Policy: {security.policy()}",
             *(f"{name}: {value}" for name, value in security.HEADERS.items())]  # fmt: skip
    util.write_nonblock(sock, ("\r\n".join(lines) + "\r\n\r\n" + page).encode("latin-1"))


def serve(
    settings: Settings,
    *,
    host: str,
    port: int,
    workers: int | None = None,
    threads: int | None = None,
) -> None:
    """Run gunicorn in this process until it is told to stop.

    Each worker builds its own app (and Redis pool) after the fork: connections are never
    shared across processes.

    Why gthread, one process per core with several threads each: a turn is a few milliseconds
    of CPU around waits (Redis's fsync'd reply, Alexa's Reminders API, a slow client). With
    sync workers a wait holds the whole process, so one slow Redis reply or a Reminders call
    stalls everyone queued behind it, and more processes only buy more memory and contention
    on two cores. Threads let a waiting turn step aside (the GIL is released during I/O) while
    the CPU work stays one process per core. An async worker (gevent, eventlet) would need
    every library here (redis-py, urllib, cryptography) to cooperate with monkey-patching, for
    no gain at this concurrency. Eight threads cover a Reminders call that waits its full two
    seconds beside ordinary turns; the Settings API is never waited on in a turn (see
    `skill.timezones`), and Redis's pool grows to the threads in use.
    """
    settings.warn_about_development()
    # A folder made for this run is this run's alone: removed when gunicorn stops, or every
    # restart of the service would leave one behind in the temporary directory. Only by the
    # arbiter: a worker leaves gunicorn through this frame too (its SystemExit unwinds the
    # fork), and the folder must outlive any one worker.
    made = os.getpid() if settings.metrics_dir is None else None
    settings = metrics_folder(settings)
    try:
        _run(settings, host=host, port=port, workers=workers, threads=threads)
    finally:
        if made == os.getpid() and settings.metrics_dir is not None:
            shutil.rmtree(settings.metrics_dir, ignore_errors=True)


def _run(
    settings: Settings, *, host: str, port: int, workers: int | None, threads: int | None
) -> None:
    import locales
    from alexa import envelopes
    from journal import toolkit
    from skill import understanding
    from smallwins import metrics

    # Before the fork: every worker inherits the model imports and plans, the understanding
    # models, the toolkit's phrase tables and the intent names the figures are labelled with,
    # and none pays for them while answering its first requests (tens of ms each).
    envelopes.prepare()
    understanding.prepare()
    for locale in locales.available():
        toolkit.words(locale)
    metrics.known_intents()
    util.write_error = _write_error
    _Gunicorn(
        settings,
        {
            "bind": f"{host}:{port}",
            "workers": workers or settings.web_workers,
            "worker_class": "gthread",
            "threads": threads or settings.web_threads,
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
            "logger_class": _Log,
            "child_exit": _worker_gone,
            "logconfig_dict": gunicorn_config(settings.log_level, settings.log_format),
        },
    ).run()
