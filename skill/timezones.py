"""Each person's time zone, so "today" and "this week" are theirs, not the server's.

Read from the device's settings through the Alexa Settings API, kept for the session and, in
the person's profile, for a day; when the API can't be reached the configured default holds,
and the API is not asked again for an hour.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ask_sdk_core.handler_input import HandlerInput

from journal import Journal
from skill.alexa_api import AlexaApiError
from skill.alexa_context import api_for, device_id

log = logging.getLogger(__name__)

FRESH_FOR = timedelta(days=1)
RETRY_AFTER_FAILURE = timedelta(hours=1)


class TimeZones:
    def __init__(self, journal: Journal, default: ZoneInfo) -> None:
        self._journal = journal
        self.default = default

    def zone_for(
        self, handler_input: HandlerInput, owner: str, session: dict, now: datetime
    ) -> ZoneInfo:
        known = session.get("tz")
        if isinstance(known, str) and (zone := _zone(known)):
            return zone
        profile = self._journal.profile(owner)
        checked = _when(profile.get("tz_checked"))
        stored = _zone(profile.get("tz"))
        fresh_for = FRESH_FOR if stored else RETRY_AFTER_FAILURE
        if checked is not None and now - checked < fresh_for:
            zone = stored or self.default
        elif api_for(handler_input) is None or device_id(handler_input) is None:
            zone = stored or self.default  # nothing to ask with: no write, no waiting
        else:
            asked = self._ask_alexa(handler_input)
            zone = asked or stored or self.default
            if asked is not None:
                self._journal.update_profile(owner, tz=asked.key, tz_checked=now.isoformat())
            else:
                self._journal.update_profile(owner, tz_checked=now.isoformat())
        session["tz"] = zone.key
        return zone

    def _ask_alexa(self, handler_input: HandlerInput) -> ZoneInfo | None:
        api, device = api_for(handler_input), device_id(handler_input)
        if api is None or device is None:
            return None
        try:
            return _zone(api.time_zone(device))
        except AlexaApiError as exc:
            log.info("time zone not available from Alexa: %s", exc.reason)
            return None


def _zone(name: object) -> ZoneInfo | None:
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "America" is a folder, not a zone
        return None


def _when(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
