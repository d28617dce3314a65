"""Each person's time zone, so "today" and "this week" are theirs, not the server's.

Read from the device's settings through the Alexa Settings API once per session (a person
who travels is right again from their next session), kept in the session, and stored in the
profile for when the API can't be reached, and for work done outside a request.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ask_sdk_core.handler_input import HandlerInput

from journal import Journal
from skill.alexa_api import AlexaApiError
from skill.alexa_context import api_for, device_id

log = logging.getLogger(__name__)


class TimeZones:
    def __init__(self, journal: Journal, default: ZoneInfo) -> None:
        self._journal = journal
        self.default = default

    def zone_for(self, handler_input: HandlerInput, owner: str, session: dict) -> ZoneInfo:
        known = _zone(session.get("tz"))
        if known is not None:
            return known
        asked = self._ask_alexa(handler_input)
        stored = self._journal.profile(owner).get("tz")
        if asked is not None and asked.key != stored:
            self._journal.update_profile(owner, tz=asked.key)
        zone = asked or _zone(stored) or self.default
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
