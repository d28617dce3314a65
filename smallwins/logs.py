"""Log lines for people (`text`) or for a log pipeline (`json`, SMALLWINS_LOG_FORMAT=json).

JSON lines carry the same message as text lines and nothing more: the privacy rules for log
messages (no words people said, no addresses, no Alexa ids) hold for both.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, and where an
    exception was raised (its type only; its text could quote what someone said)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = record.exc_info[0].__name__
        return json.dumps(line, ensure_ascii=False)


def configure(level: str, fmt: str = "text") -> None:
    """Set up the root logger once, for this process and the ones it forks."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(getattr(logging, level, logging.INFO))


def gunicorn_config(level: str, fmt: str) -> dict[str, Any]:
    """gunicorn's own log (`gunicorn.error`) in the same format as ours."""
    formatter = {"()": JsonFormatter} if fmt == "json" else {"format": TEXT_FORMAT}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"smallwins": formatter},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "smallwins"},
        },
        "root": {"level": level, "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": ["console"], "propagate": False},
        },
    }
