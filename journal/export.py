"""A person's data, decrypted, in a form they can keep: JSON for machines, text for people.

Answers the "give me my data" request. The shape is versioned (`format`) so a later release
can add shares, buddies and cheers without breaking anyone's import of an older export.
"""

from __future__ import annotations

from typing import Any

import locales
from journal.wins import Win
from locales import speaking

FORMAT = "smallwins-export/1"


def win_record(win: Win) -> dict[str, Any]:
    """One win as exported: time in UTC (ISO 8601) and the local day it was said on."""
    return {
        "id": win.id,
        "text": win.text,
        "helped": win.helped,
        "felt": win.felt,
        "at": win.at.isoformat(),
        "day": win.day.isoformat(),
    }


def build(wins: list[Win], *, profile: dict[str, str]) -> dict[str, Any]:
    """The export of one person, whose `wins` are given oldest first.

    The internal owner key is left out: it means nothing to the person and is a join key.
    """
    return {
        "format": FORMAT,
        "first_seen": profile.get("first_seen"),
        "settings": {
            "time_zone": profile.get("tz"),
            "daily_reminder": profile.get("reminder_time"),
            "sober_date": profile.get("sober_since"),
        },
        "counts": {
            "wins": len(wins),
            "days_with_a_win": len({w.day for w in wins}),
            "with_what_helped": sum(1 for w in wins if w.helped),
            "with_how_it_felt": sum(1 for w in wins if w.felt),
        },
        "wins": [win_record(w) for w in wins],
    }


def render_text(export: dict[str, Any], locale: str = locales.DEFAULT) -> str:
    """A plain-text rendering a person can read, one win per paragraph, oldest first."""
    words = speaking.table(locale, "export")
    counts = export["counts"]
    wins = export["wins"]
    lines = [words["title"]]
    if not wins:
        lines.append(words["none"])
        return "\n".join(lines) + "\n"
    lines.append(
        words["summary"].format(
            wins=_count(words["wins"], counts["wins"]),
            days=_count(words["days"], counts["days_with_a_win"]),
        )
    )
    for win in wins:
        lines.append("")
        lines.append(words["win"].format(day=win["day"], text=win["text"]))
        if win["helped"]:
            lines.append(words["helped"].format(helped=win["helped"]))
        if win["felt"]:
            lines.append(words["felt"].format(felt=win["felt"]))
    return "\n".join(lines) + "\n"


def _count(forms: dict[str, str], n: int) -> str:
    return forms.get(str(n), forms["one"] if n == 1 else forms["other"]).format(n=n)
