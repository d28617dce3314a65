"""Every Redis key name the journal uses, in one place.

All keys of one owner share the hash tag `{owner}`, so they live in one Redis Cluster slot
(scripts and transactions over them stay legal) and all of them can be found from the owner
when the person asks for deletion.
"""

import hashlib


def prefix(owner: str) -> str:
    return f"sw:{{{owner}}}"


def seq(owner: str) -> str:
    """Counter that hands out win ids; never decremented, so ids are never reused."""
    return f"{prefix(owner)}:seq"


def wins(owner: str) -> str:
    """Sorted set of win ids, scored by local day then id: newest-first reads and paging."""
    return f"{prefix(owner)}:wins"


def win_data(owner: str) -> str:
    """Hash of win id to the win as JSON."""
    return f"{prefix(owner)}:win-data"


def profile(owner: str) -> str:
    """Hash of small facts about the person: when first seen, which win they heard last."""
    return f"{prefix(owner)}:profile"


def request_marker(owner: str, request_id: str) -> str:
    """Marks an Alexa request id as done, so a retried request records nothing twice.

    The id is hashed only to keep key names short and uniform.
    """
    digest = hashlib.sha256(request_id.encode()).hexdigest()[:32]
    return f"{prefix(owner)}:req:{digest}"
