"""Typed errors the outer rooms turn into spoken replies or pages."""


class JournalError(Exception):
    """Base for every error the journal raises on purpose."""


class StorageUnavailable(JournalError):
    """Redis could not be reached or would not write; nothing was half-written."""


class StoredZoneDiffers(JournalError):
    """`Journal.record` was told which time zone to expect in the profile and found another;
    nothing was written. `stored` is the zone found (None when there is none)."""

    def __init__(self, stored: str | None) -> None:
        super().__init__("the stored time zone is not the one expected")
        self.stored = stored
