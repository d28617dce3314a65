"""Typed errors the voice and web layers turn into words, never into a 500."""

from journal import JournalError


class SharingError(JournalError):
    """Something about sharing can't be done as asked."""


class ConsentMissing(SharingError):
    """The person has not agreed (or no longer agrees) to this send; nothing goes out."""


class RateLimited(SharingError):
    """Too many tries from one client, or from everyone, in the current window."""


class NameNeeded(SharingError):
    """Many wrong codes are being tried: joining a group takes its name as well as its code."""


class NotFound(SharingError):
    """The invite, code, group or recipient asked for does not exist (any more)."""
