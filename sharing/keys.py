"""Redis key names for sharing, built on the journal's per-owner prefix.

What is about one person lives under their `sw:{owner}:` prefix, so erasure finds it. The few
keys that can't (a code typed on a web page before anyone is known, the weekly schedule, a
group shared by several people) hold no words of anyone's and are recorded in the owner's
`links` set when they are made (see `journal.erasure`).
"""

from journal.keys import prefix

RECIPIENTS = "recipients"
SHARE = "share"
CHEERS = "cheers"

# Every weekly send, by when it is next due (epoch seconds); members are "kind|owner|rid".
DUE = "sw:due"
# Deliveries that failed after every retry, for the operator; members hold ids only.
FAILURES = "sw:failures"
# How many messages were sent and given up on, by "purpose:outcome" (counts only, no ids): the
# operator's metrics read it, so every web process reports the same figures.
DELIVERIES = "sw:stats:deliveries"


def recipients(owner: str) -> str:
    """Hash of recipient id to the recipient as JSON (name and email encrypted)."""
    return f"{prefix(owner)}:{RECIPIENTS}"


def share(owner: str) -> str:
    """Hash of the person's own sharing facts: `me` (name buddies see, digest day and time)
    and `group` (their seat in a group)."""
    return f"{prefix(owner)}:{SHARE}"


def cheers(owner: str) -> str:
    """Hash of cheer id to a cheer or notice waiting to be heard at the next launch."""
    return f"{prefix(owner)}:{CHEERS}"


def heard(owner: str) -> str:
    """The cheers a launch took, kept a moment under its request id for a retry of it."""
    return f"{prefix(owner)}:{CHEERS}:heard"


def invite(owner: str, invite_id: str) -> str:
    """One open invite: its code and kind; it expires by itself after 48 hours."""
    return f"{prefix(owner)}:invite:{invite_id}"


def invite_asked(owner: str, request_id: str) -> str:
    """The invite one Alexa request opened, kept a moment for a retry of that request."""
    return f"{prefix(owner)}:invite_asked:{request_id}"


def sent(owner: str, what: str) -> str:
    """Marks one delivery as in progress (with a lease) or done: the idempotency key."""
    return f"{prefix(owner)}:sent:{what}"


def cheer_quota(owner: str, recipient_id: str, day: str) -> str:
    return f"{prefix(owner)}:cheerquota:{recipient_id}:{day}"


def code(value: str) -> str:
    """Invite code to "owner:invite id"; expires with the invite."""
    return f"sw:code:{value}"


def group(group_id: str) -> str:
    """Hash of a group's facts (`meta`: name encrypted, join code, digest day, time and zone)."""
    return f"sw:grp:{{{group_id}}}"


def group_members(group_id: str) -> str:
    """Set of the owners in a group; display names live with each member."""
    return f"sw:grp:{{{group_id}}}:members"


def code_bucket(bucket: str) -> str:
    """Set of the open invite codes that start with `bucket`: who a wrong code counts against."""
    return f"sw:codebucket:{bucket}"


def group_code(value: str) -> str:
    return f"sw:grpcode:{value}"


def attempts(scope: str, window: int) -> str:
    """Counter of code attempts in one time window, for one client or for everyone."""
    return f"sw:tries:{scope}:{window}"
