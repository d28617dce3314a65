"""Time zone names as stored in a profile, read safely."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone_named(name: object) -> ZoneInfo | None:
    """The zone called `name`, or None when it is not the name of a zone."""
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "America" is a folder, not a zone
        return None
