"""The domain core: a person's wins, kept on Redis.

`journal` knows nothing of Alexa, Flask or RQ. It takes an owner key (already derived by the
caller with `owner_key`) and plain values, and answers in plain values.
"""

from journal.errors import JournalError, StorageUnavailable, StoredZoneDiffers
from journal.owners import owner_key
from journal.store import Journal, Page, Recorded, ZoneCheck
from journal.wins import Win

__all__ = [
    "Journal",
    "JournalError",
    "Page",
    "Recorded",
    "StorageUnavailable",
    "StoredZoneDiffers",
    "Win",
    "ZoneCheck",
    "owner_key",
]
