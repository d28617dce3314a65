"""The sharing part of a person's export: who receives what, their group seat, waiting cheers.

Added to the journal's export under "sharing", so "send me my wins" and `smallwins user
export` hand over everything kept about the person, addresses of their buddies included.
"""

from __future__ import annotations

from typing import Any

import locales
from locales import speaking
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


def render_sharing_text(data: dict[str, Any], locale: str = locales.DEFAULT) -> str:
    shared = data.get("sharing")
    if not shared:
        return ""
    words = speaking.table(locale, "export")
    lines = ["", words["sharing"]]
    if not shared["recipients"] and not shared["group"]:
        lines.append(words["nothing_shared"])
    for r in shared["recipients"]:
        what = (
            words["not_confirmed"]
            if not r["confirmed"]
            else (words["weekly_note"] if r["weekly"] else words["one_by_one"])
        )
        lines.append(
            words["recipient"].format(name=r["name"], email=r["email"], kind=r["kind"], what=what)
        )
    if shared["group"]:
        g = shared["group"]
        state = words["group_shares"] if g["shares_wins"] else words["group_private"]
        lines.append(words["group"].format(name=g["name"], display=g["display_name"], state=state))
    return "\n".join(lines) + "\n"
