"""Each person's time zone, so "today" and "this week" are theirs, not the server's.

Read from the device's settings through the Alexa Settings API once per session (a person
who travels is right again from their next session), kept in the session, and stored in the
profile for when the API can't be reached, and for work done outside a request.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from ask_sdk_core.handler_input import HandlerInput

from alexa.api import AlexaApiError
from alexa.context import api_for, device_id
from journal import Journal, Recorded, StoredZoneDiffers, ZoneCheck
from journal.zones import zone_named

log = logging.getLogger(__name__)


class TimeZones:
    def __init__(self, journal: Journal, default: ZoneInfo) -> None:
        self._journal = journal
        self.default = default

    def zone_for(self, handler_input: HandlerInput, owner: str, session: dict) -> ZoneInfo:
        known = zone_named(session.get("tz"))
        if known is not None:
            return known
        asked = self._ask_alexa(handler_input)
        stored = self._journal.profile_field(owner, "tz")
        if asked is not None and asked.key != stored:
            self._journal.update_profile(owner, tz=asked.key)
        zone = asked or zone_named(stored) or self.default
        session["tz"] = zone.key
        return zone

    def record(
        self,
        handler_input: HandlerInput,
        owner: str,
        session: dict,
        text: str,
        *,
        at: datetime,
        request_id: str,
    ) -> Recorded:
        """Record a win said at `at` on the person's local day: what `zone_for` and then
        `Journal.record` would do, with the zone settled inside the record's round trip.

        A one-shot "tell Small Wins I ..." is a new session, so its zone is not known yet, and
        reading the profile first would be one more round trip per win. So the device's zone
        is kept by the record itself; without one, the record goes ahead only if no zone is
        stored, and a person whose profile holds one costs a second try.
        """
        known = zone_named(session.get("tz"))
        if known is not None:
            return self._record(owner, text, known, None, at, request_id)
        asked = self._ask_alexa(handler_input)
        if asked is not None:
            recorded = self._record(owner, text, asked, ZoneCheck.device(asked.key), at, request_id)
        else:
            recorded = self._record_in_stored_zone(owner, text, at, request_id)
        # The profile's zone rather than the one tried: a retry is answered before any check.
        session["tz"] = (asked or zone_named(recorded.zone) or self.default).key
        return recorded

    def _record_in_stored_zone(
        self, owner: str, text: str, at: datetime, request_id: str
    ) -> Recorded:
        """Without the device's word the profile's zone decides, and most people have none
        stored (or the default): try that first."""
        zone, check = self.default, ZoneCheck.assumed(None, self.default.key)
        for _ in range(2):
            try:
                return self._record(owner, text, zone, check, at, request_id)
            except StoredZoneDiffers as differs:
                zone, check = (
                    zone_named(differs.stored) or self.default,
                    ZoneCheck.assumed(differs.stored),
                )
        # Changed again in between: the newest zone is as good as any.
        return self._record(owner, text, zone, None, at, request_id)

    def _record(
        self,
        owner: str,
        text: str,
        zone: ZoneInfo,
        check: ZoneCheck | None,
        at: datetime,
        request_id: str,
    ) -> Recorded:
        return self._journal.record(
            owner, text, at=at.astimezone(zone), request_id=request_id, zone=check
        )

    def _ask_alexa(self, handler_input: HandlerInput) -> ZoneInfo | None:
        api, device = api_for(handler_input), device_id(handler_input)
        if api is None or device is None:
            return None
        try:
            return zone_named(api.time_zone(device))
        except AlexaApiError as exc:
            log.info("time zone not available from Alexa: %s", exc.reason)
            return None
