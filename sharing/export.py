"""The sharing part of a person's export: who receives what, their group seat, waiting cheers.

Added to the journal's export under "sharing", so "send me my wins" and `smallwins user
export` hand over everything kept about the person, addresses of their buddies included.
"""

from __future__ import annotations

from typing import Any

from sharing.schedule import DAYS
from sharing.store import Sharing


def sharing_export(sharing: Sharing, owner: str) -> dict[str, Any]:
    me = sharing.recipients.me(owner)
    seat = sharing.groups.membership(owner)
    group = sharing.groups.get(seat.group) if seat else None
    return {
        "name_buddies_see": me.name,
        "weekly_note": f"{DAYS[me.day]} {me.time}",
        "recipients": [
            {
                "name": r.name,
                "email": r.email,
                "kind": r.kind,
                "confirmed": r.confirmed,
                "weekly": r.weekly,
                "weekly_since": r.since.isoformat() if r.since else None,
            }
            for r in sharing.recipients.all(owner)
        ],
        "group": None
        if seat is None
        else {
            "name": group.name if group else None,
            "display_name": seat.display,
            "shares_wins": seat.share,
        },
        "cheers_waiting": sharing.news.waiting(owner),
    }


def with_sharing(data: dict[str, Any], sharing: Sharing, owner: str) -> dict[str, Any]:
    return {**data, "sharing": sharing_export(sharing, owner)}


def render_sharing_text(data: dict[str, Any]) -> str:
    shared = data.get("sharing")
    if not shared:
        return ""
    lines = ["", "Sharing"]
    if not shared["recipients"] and not shared["group"]:
        lines.append("  Nothing is shared with anyone.")
    for r in shared["recipients"]:
        what = (
            "not confirmed yet"
            if not r["confirmed"]
            else ("weekly note" if r["weekly"] else "only wins you share one by one")
        )
        lines.append(f"  {r['name']} <{r['email']}> ({r['kind']}): {what}")
    if shared["group"]:
        g = shared["group"]
        state = "your wins go to it" if g["shares_wins"] else "your wins don't go to it"
        lines.append(f"  Group {g['name']}, as {g['display_name']}: {state}")
    return "\n".join(lines) + "\n"
