"""Sharing by consent: invites, buddies, groups, cheers, digests and the buddy web pages.

`sharing` uses `journal` and nothing else of ours. It owns consent: every send goes through
`Sharing.consent`, checked at the moment of sending. It enqueues work by job name and never
sends mail inside a web request.
"""

from sharing.errors import ConsentMissing, SharingError
from sharing.store import Group, Membership, Recipient, Sharing

__all__ = ["ConsentMissing", "Group", "Membership", "Recipient", "Sharing", "SharingError"]
