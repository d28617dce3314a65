"""What `smallwins run` tells the commands an operator runs beside it.

`run` fills in settings nobody gave it: where its embedded Redis listens, its mail sink's
random port, development mode, the keys it keeps under `./var/`. It writes those, and its
process id, to `var/run.json` (owner-only, removed when it stops). A command run by hand in
the same folder (`smallwins digest run --at …`, `digest failures`, `keys rotate`, `user …`)
takes from there whatever its own environment does not say, while that `run` is alive; what
the environment says always wins.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

RECORD = "run.json"


def data_dir(env: Mapping[str, str]) -> Path:
    return Path(env.get("SMALLWINS_DATA_DIR") or "var").resolve()


def record(folder: Path, filled: Mapping[str, str]) -> Path:
    """Write what `run` filled in, for commands beside it; returns the file."""
    path = folder / RECORD
    partial = path.with_suffix(".tmp")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump({"pid": os.getpid(), "settings": dict(filled)}, out)
    partial.replace(path)
    return path


def forget(folder: Path) -> None:
    (folder / RECORD).unlink(missing_ok=True)


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def beside_run(env: Mapping[str, str]) -> tuple[dict[str, str], Path | None]:
    """`env`, with what a live `run` in its data folder filled in where `env` says nothing;
    and the record that was used, or None."""
    path = data_dir(env) / RECORD
    with contextlib.suppress(OSError, ValueError):
        written = json.loads(path.read_text())
        filled = written.get("settings") if _alive(written.get("pid")) else None
        if isinstance(filled, dict):
            missing = {
                name: str(value)
                for name, value in filled.items()
                if name.startswith("SMALLWINS_") and not env.get(name)
            }
            if missing:
                return {**env, **missing}, path
    return dict(env), None


__all__ = ["RECORD", "beside_run", "data_dir", "forget", "record"]
