"""Typed errors the outer rooms turn into spoken replies or pages."""


class JournalError(Exception):
    """Base for every error the journal raises on purpose."""


class StorageUnavailable(JournalError):
    """Redis could not be reached or would not write; nothing was half-written."""
