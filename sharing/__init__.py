"""Sharing by consent: invites, buddies, groups, cheers, digests and the buddy web pages.

`sharing` uses `journal` and nothing else of ours. It owns consent: every send goes through
`Recipients.consent`, checked at the moment of sending. It enqueues work by job name and never
sends mail inside a web request.
"""

from sharing.errors import ConsentMissing, SharingError
from sharing.records import Group, Membership, Recipient
from sharing.store import Sharing

__all__ = ["ConsentMissing", "Group", "Membership", "Recipient", "Sharing", "SharingError"]
