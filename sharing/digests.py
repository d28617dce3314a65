"""What goes into a message: the wins a person chose to share, with their days and what helped.

Only wins said after sharing began are included (consent is not retroactive), and a win deleted
before the send is simply not there: everything is read fresh from the journal at send time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from journal import Journal, Win
from sharing.schedule import Week
from sharing.store import Sharing

# More than this in one week is read as "and N more" in the message.
MAX_ENTRIES = 50


@dataclass(frozen=True)
class Entry:
    day: date
    text: str
    helped: str | None = None
    who: str | None = None
    """The display name of the group member who shared it; None in a buddy's digest."""


def _entry(win: Win, who: str | None = None) -> Entry:
    return Entry(day=win.day, text=win.text, helped=win.helped, who=who)


def shared_wins(journal: Journal, owner: str, week: Week, since: datetime | None) -> list[Win]:
    """The owner's wins in `week`, oldest first, said at or after `since`."""
    if since is None:
        return []
    # A win's day is the speaker's own date when they said it, which may be a day either side
    # of the sender's zone: the days are read generously and the instants decide.
    margin = timedelta(days=1) if week.after is not None else timedelta(0)
    page = journal.page(
        owner, first_day=week.first - margin, last_day=week.last + margin, size=MAX_ENTRIES * 4
    )
    return [win for win in reversed(page.wins) if win.at >= since and week.holds(win.at)]


def weekly_entries(journal: Journal, owner: str, week: Week, since: datetime | None) -> list[Entry]:
    return [_entry(win) for win in shared_wins(journal, owner, week, since)]


def group_entries(journal: Journal, sharing: Sharing, group_id: str, week: Week) -> list[Entry]:
    """Every sharing member's wins of the week, by display name, in the order they happened.

    Each member's consent is read now: a member who stopped sharing or left is not included.
    """
    entries: list[tuple[datetime, Entry]] = []
    for owner, seat in sharing.groups.members(group_id):
        if not seat.share or not seat.display:
            continue
        for win in shared_wins(journal, owner, week, seat.since):
            entries.append((win.at, _entry(win, who=seat.display)))
    return [entry for _, entry in sorted(entries, key=lambda pair: pair[0])]
