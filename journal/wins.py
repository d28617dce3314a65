"""The win: one spoken sentence about a time the person got it right."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Win:
    """A win as stored: the words, the optional follow-ups, and when it happened.

    `day` is the person's local date when they said it, kept as said: a later change of
    time zone must not move yesterday's win to today.
    """

    id: str
    text: str
    at: datetime
    day: date
    helped: str | None = None
    felt: str | None = None

    def to_json(self) -> str:
        return json.dumps(
            {
                "text": self.text,
                "at": self.at.isoformat(),
                "day": self.day.isoformat(),
                "helped": self.helped,
                "felt": self.felt,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, win_id: str, raw: str | bytes) -> Win:
        data = json.loads(raw)
        return cls(
            id=win_id,
            text=data["text"],
            at=datetime.fromisoformat(data["at"]),
            day=date.fromisoformat(data["day"]),
            helped=data.get("helped") or None,
            felt=data.get("felt") or None,
        )
