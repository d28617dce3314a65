"""Every Redis key name the journal uses, in one place.

All keys of one owner share the hash tag `{owner}`, so they live in one Redis Cluster slot
(scripts and transactions over them stay legal) and all of them can be found from the owner
when the person asks for deletion.

THE RULE: every key that holds personal data lives under `sw:{owner}:`. Shares, invites,
group memberships, queued jobs, cheers: if it is about a person, its key starts with that
person's prefix. `Journal.erase` finds keys by that prefix and nothing else, so a key outside
it would survive "delete all my data"; `Journal.export` should learn about every new kind.
Anything stored elsewhere (a lookup from an invite code to an owner, a place in a schedule, a
membership in a group) must hold no personal data, and is written down in the owner's `links`
set when it is made, so erasure can remove it too (see `journal.erasure`).
"""

import hashlib
import re
from datetime import date

# Redis glob metacharacters; an owner key is hex, but a pattern is built safely all the same.
_GLOB = re.compile(r"([*?\[\]\\])")
WIN_DATA = "win-data"


# A win's score is "<local day ordinal><id as 9 digits>": wide enough for a billion wins a
# person, and a day's wins sort together, newest last.
ID_DIGITS = 9


def win_score(day: date, win_id: int) -> int:
    return day.toordinal() * 10**ID_DIGITS + win_id


def score_day(score: int) -> date:
    return date.fromordinal(score // 10**ID_DIGITS)


def score_id(score: int) -> int:
    return score % 10**ID_DIGITS


def day_end(day: date) -> int:
    """The highest score a win of `day` can have: the top of a range ending that day."""
    return win_score(day, 10**ID_DIGITS - 1)


def prefix(owner: str) -> str:
    return f"sw:{{{owner}}}"


def owner_pattern(owner: str) -> str:
    """A SCAN MATCH pattern for every key of `owner` and no other owner's."""
    escaped = _GLOB.sub(r"\\\1", owner)
    return f"sw:{{{escaped}}}:*"


def every_owner(suffix: str) -> str:
    """A SCAN MATCH pattern for the `suffix` key of every owner, e.g. every win-data hash."""
    return f"sw:{{*}}:{suffix}"


def seq(owner: str) -> str:
    """Counter that hands out win ids; never decremented, so ids are never reused."""
    return f"{prefix(owner)}:seq"


def wins(owner: str) -> str:
    """Sorted set of win ids, scored by local day then id: newest-first reads and paging."""
    return f"{prefix(owner)}:wins"


def win_data(owner: str) -> str:
    """Hash of win id to the win as JSON, its words encrypted field by field."""
    return f"{prefix(owner)}:{WIN_DATA}"


def profile(owner: str) -> str:
    """Hash of small facts about the person: when first seen, which win they heard last."""
    return f"{prefix(owner)}:profile"


def export_nonce(owner: str) -> str:
    """The one export link currently valid; it expires, and erasing the journal ends it."""
    return f"{prefix(owner)}:export"


def request_marker(owner: str, request_id: str) -> str:
    """Marks an Alexa request id as done, so a retried request records nothing twice.

    The id is hashed only to keep key names short and uniform.
    """
    digest = hashlib.sha256(request_id.encode()).hexdigest()[:16]
    return f"{prefix(owner)}:req:{digest}"


def links(owner: str) -> str:
    """Set of references to this owner kept outside their prefix, each an erasure instruction.

    Members are tab-separated: `del<TAB>key`, or `zrem`/`srem`/`hdel<TAB>key<TAB>member`.
    """
    return f"{prefix(owner)}:links"


def link(action: str, key: str, member: str | None = None) -> str:
    """One entry for `links`: what erasure must do outside the owner's prefix."""
    if action not in LINK_ACTIONS:
        raise ValueError(f"unknown link action {action!r}")
    if (member is None) != (action == "del"):
        raise ValueError(f"{action} {'takes no' if action == 'del' else 'needs a'} member")
    return "\t".join(part for part in (action, key, member) if part is not None)


LINK_ACTIONS = ("del", "zrem", "srem", "hdel")
