"""Time zone names as stored in a profile, read safely, and the zone kept per device."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone_named(name: object) -> ZoneInfo | None:
    """The zone called `name`, or None when it is not the name of a zone."""
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "America" is a folder, not a zone
        return None


def device_field(owner: str, device_id: str) -> str:
    """The profile field that keeps one device's time zone.

    Hashed with the owner key (itself a keyed hash) so no raw Alexa device id reaches storage,
    and short: a person has a device or two, each a field of their profile hash.
    """
    return "dz:" + hashlib.sha256(f"{owner}/{device_id}".encode()).hexdigest()[:16]


def epoch_day(at: datetime) -> int:
    """Days since 1970-01-01 in UTC: when a kept zone was last checked, to the day."""
    return int(at.timestamp()) // 86_400


@dataclass(frozen=True)
class KeptZone:
    """What a profile keeps about a time zone, as read with a turn's other reads.

    `device` is the zone last read from this device's settings and `checked` the epoch day of
    that reading (None for both when it was never read); `person` is the zone last read from
    any of the person's devices, which work done outside a request (digests) uses.
    """

    device: str | None = None
    checked: int | None = None
    person: str | None = None

    @classmethod
    def parse(cls, device_value: object, person_value: object) -> KeptZone:
        """From the stored "<zone> <epoch day>" device field and the person's `tz` field."""
        device, checked = None, None
        text = _text(device_value)
        if text:
            name, _, day = text.partition(" ")
            device = name or None
            checked = int(day) if day.isdigit() else None
        return cls(device=device, checked=checked, person=_text(person_value) or None)

    @property
    def name(self) -> str | None:
        """The zone a turn on this device goes by: the device's, else the person's."""
        return self.device or self.person

    def due(self, today: int) -> bool:
        """True when the device's zone was not checked yet today: refresh it, off the turn."""
        return self.checked != today


def device_value(zone: str | None, day: int) -> str:
    """The stored form of a device field: the zone ("" when Alexa would not say) and the day."""
    return f"{zone or ''} {day}"


def _text(value: object) -> str | None:
    if isinstance(value, bytes):
        return value.decode()
    return value if isinstance(value, str) else None
