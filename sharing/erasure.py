"""Erasing a person, sharing included: "delete all my data" ends every share, seat and job.

The journal's erasure removes every key under the person's prefix and follows their `links`
(codes, schedule entries, group seats). Two things need more than deleting keys: a group the
person was the last member of goes with them, and jobs already queued are cancelled through
RQ, so nothing of theirs is left in the queue or its registries.
"""

from __future__ import annotations

from journal import Journal
from sharing.outbox import Outbox
from sharing.store import Sharing


def erase_person(journal: Journal, sharing: Sharing, outbox: Outbox, owner: str) -> int:
    """Remove everything about `owner`; return how many of their keys were removed."""
    sharing.groups.leave(owner)
    outbox.cancel_all(owner)
    return journal.erase(owner)
