"""What Alexa remembers between turns for one simulated person on one device, in a JSON file."""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from alexa.simulator.wire import SimulatorError

STATE_VERSION = 1


# -- state -------------------------------------------------------------------------------------


@dataclass
class SimulatorState:
    """What Alexa remembers between turns for one simulated person on one device."""

    user_id: str
    device_id: str
    session_id: str | None = None
    session_open: bool = False
    attributes: dict[str, Any] = field(default_factory=dict)
    last_turn_at: datetime | None = None
    granted: list[str] = field(default_factory=list)
    # The device's own settings, as `--tz` and `--locale` last set them (None: never set).
    tz: str | None = None
    locale: str | None = None
    # What the Alexa app lists, by alert token, and whether Alexa asked a permission question
    # that the next `say` answers: what Alexa remembers between one `say` and the next.
    reminders: dict[str, Any] = field(default_factory=dict)
    asking_permission: bool = False

    @classmethod
    def fresh(cls) -> SimulatorState:
        return cls(
            user_id=f"amzn1.ask.account.SIMULATED-{secrets.token_hex(16).upper()}",
            device_id=f"amzn1.ask.device.SIMULATED-{secrets.token_hex(16).upper()}",
        )

    @classmethod
    def load(cls, path: Path) -> SimulatorState:
        """The saved state, or a new identity when there is no file yet.

        A damaged file is an error, not a reason to start over: a new userId would look
        like a different person to the skill, with an empty journal.
        """
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls.fresh()
        try:
            data = json.loads(raw)
            session = data.get("session") or {}
            last = session.get("last_turn_at")
            return cls(
                user_id=str(data["user_id"]),
                device_id=str(data["device_id"]),
                session_id=session.get("id"),
                session_open=bool(session.get("open")),
                attributes=dict(session.get("attributes") or {}),
                last_turn_at=datetime.fromisoformat(last) if last else None,
                granted=[str(s) for s in data.get("granted") or []],
                tz=(data.get("device") or {}).get("tz"),
                locale=(data.get("device") or {}).get("locale"),
                reminders=dict((data.get("alexa_app") or {}).get("reminders") or {}),
                asking_permission=bool(data.get("asking_permission")),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SimulatorError(f"the simulator state {path} is damaged: {exc}") from exc

    def save(self, path: Path) -> None:
        """Write atomically, so an interrupted turn never leaves half a file."""
        data = {
            "version": STATE_VERSION,
            "user_id": self.user_id,
            "device_id": self.device_id,
            "granted": self.granted,
            "device": {"tz": self.tz, "locale": self.locale},
            "alexa_app": {"reminders": self.reminders},
            "asking_permission": self.asking_permission,
            "session": {
                "id": self.session_id,
                "open": self.session_open,
                "attributes": self.attributes,
                "last_turn_at": self.last_turn_at.isoformat() if self.last_turn_at else None,
            },
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".simulator-", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=2, ensure_ascii=False)
                out.write("\n")
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
