"""Each person's time zone, so "today" and "this week" are theirs, not the server's.

No turn waits on Alexa's Settings API. Each device's zone is kept in the person's profile
(see `journal.zones`) and read with the turn's other reads: the record script and the page
script read it themselves, other turns in one HMGET. A kept zone not checked yet today is
refreshed by `ZoneRefresher`, in a background thread after the turn has answered; until a
device's zone is known the person's last known zone is used, else the configured default,
and when a person's first zone is learnt, the wins the default dated move to their own day
(`journal.redating`). Within a session a known zone travels in the session attributes and
is not read again.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from zoneinfo import ZoneInfo

from ask_sdk_core.handler_input import HandlerInput

from alexa.api import AlexaApi, AlexaApiError
from alexa.context import api_for, device_id
from journal import Journal, Recorded, StoredZoneDiffers, ZoneCheck
from journal.zones import KeptZone, device_field, epoch_day, zone_named

log = logging.getLogger(__name__)

# Devices whose zone this process remembers, so a one-shot win guesses its day right and
# records in one round trip; Redis stays the record of truth (a wrong guess costs a retry).
_REMEMBERED = 50_000
# Distinct zones this process has seen: the candidates a one-shot win's day is checked against.
_ZONES = 64
# A refresh waits longer than a turn could: nobody is listening for its answer.
REFRESH_TIMEOUT = 5.0
# Refreshes waiting for the two background threads; beyond this they wait for another turn.
_MAX_PENDING = 256


class ZoneRefresher:
    """Asks Alexa for devices' zones in the background, each device at most once a day.

    The thread pool is made on first use, in the process that serves (gunicorn forks first).
    """

    def __init__(self, journal: Journal, clock: Callable[[], datetime]) -> None:
        self._journal = journal
        self._clock = clock
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._pending: set[str] = set()

    def today(self) -> int:
        return epoch_day(self._clock())

    def submit(
        self,
        api: AlexaApi,
        device: str,
        owner: str,
        field: str,
        *,
        guessed: ZoneInfo,
        if_due: bool = False,
    ) -> None:
        """Queue a check of the device's settings; `if_due`: only when the profile says it
        was not checked today (read in the background too, so the turn pays nothing).
        `guessed` is the zone turns go by while none is known."""
        with self._lock:
            if field in self._pending or len(self._pending) >= _MAX_PENDING:
                return
            self._pending.add(field)
            if self._pool is None:
                self._pool = ThreadPoolExecutor(2, thread_name_prefix="zone-refresh")
            self._pool.submit(self._refresh, api, device, owner, field, guessed, if_due)

    def _refresh(
        self, api: AlexaApi, device: str, owner: str, field: str, guessed: ZoneInfo, if_due: bool
    ) -> None:
        try:
            before = self._journal.kept_zone(owner, field)
            if if_due and not before.due(self.today()):
                return
            try:
                zone = zone_named(api.time_zone(device))
            except AlexaApiError as exc:
                log.info("time zone not available from Alexa: %s", exc.reason)
                zone = None
            # Kept even when Alexa would not say: the next try is tomorrow, not every turn.
            self._journal.keep_device_zone(
                owner, field, zone.key if zone else None, day=self.today()
            )
            if zone is not None and before.person is None:
                # The person's first zone: what was said so far was dated by the guess.
                self._journal.redate_recent(owner, guessed=guessed, learnt=zone, now=self._clock())
        except Exception as exc:  # a background thread has nobody to tell but the log
            log.warning("time zone refresh failed: %s", type(exc).__name__)
        finally:
            with self._lock:
                self._pending.discard(field)

    def drain(self) -> None:
        """Wait for every refresh submitted so far (tests, and a clean shutdown)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)


class TimeZones:
    def __init__(
        self,
        journal: Journal,
        default_for: Callable[[str | None], str],
        refresher: ZoneRefresher,
    ) -> None:
        """`default_for` names the zone for a device whose own is not known, by the
        request's locale (`Settings.zone_for`, which the weekly note goes by too)."""
        self._journal = journal
        self._default_for = default_for
        self.refresher = refresher
        self._lock = threading.Lock()
        self._remembered: OrderedDict[str, str] = OrderedDict()
        self._zones: dict[str, None] = {}

    def fallback(self, locale: str | None) -> ZoneInfo:
        """The zone for a device whose own is not known yet."""
        return ZoneInfo(self._default_for(locale))

    def field(self, handler_input: HandlerInput, owner: str) -> str:
        """The profile field that keeps this request's device's zone ("" without a device)."""
        device = device_id(handler_input)
        return device_field(owner, device) if device else ""

    def known(self, session: dict) -> ZoneInfo | None:
        """The zone this session already settled, if it did."""
        return zone_named(session.get("tz"))

    def guess(self, handler_input: HandlerInput, owner: str, session: dict) -> ZoneInfo:
        """The zone to work with before anything is read: the session's, else the one this
        process last saw for the device, else the default."""
        known = self.known(session)
        if known is not None:
            return known
        with self._lock:
            name = self._remembered.get(self.field(handler_input, owner))
        return zone_named(name) or self.fallback(_locale(handler_input))

    def look_ahead(self, handler_input: HandlerInput, owner: str) -> None:
        """A session opens on a device this process knows no zone for: have the zone checked
        in the background now, so the session's first dated turn finds it kept. A launch
        reads no zone itself, and otherwise the first win said after "open Small Wins" would
        be the one to queue the check, and be dated by the default's day."""
        field = self.field(handler_input, owner)
        if not field:
            return
        with self._lock:
            if field in self._remembered:
                return
        self._check(handler_input, owner, field, if_due=True)

    def zone_for(self, handler_input: HandlerInput, owner: str, session: dict) -> ZoneInfo:
        known = self.known(session)
        if known is not None:
            return known
        field = self.field(handler_input, owner)
        return self.settle(handler_input, owner, session, self._journal.kept_zone(owner, field))

    def settle(
        self, handler_input: HandlerInput, owner: str, session: dict, kept: KeptZone
    ) -> ZoneInfo:
        """The zone `kept` names (else the default), kept in the session; a refresh from the
        device's settings is queued when it is due.

        The default is not kept in the session: the refresh queued on a new device's first
        turn has usually answered by its second, and "open Small Wins", then a win said at
        11 pm in Denver, must be dated by Denver's day, not the default's. Until then each
        turn reads the zone again, with its other reads."""
        field = self.field(handler_input, owner)
        zone = zone_named(kept.name)
        if zone is not None:
            session["tz"] = zone.key
        else:
            zone = self.fallback(_locale(handler_input))
            session.pop("tz", None)
        if field and kept.name is not None:
            with self._lock:
                self._remembered[field] = zone.key
                self._remembered.move_to_end(field)
                if len(self._remembered) > _REMEMBERED:
                    self._remembered.popitem(last=False)
                if zone.key not in self._zones and len(self._zones) < _ZONES:
                    self._zones[zone.key] = None
        # Most turns find the zone checked today: only a due one builds an API client.
        if field and kept.due(self.refresher.today()):
            self._check(handler_input, owner, field)
        return zone

    def _check(
        self, handler_input: HandlerInput, owner: str, field: str, *, if_due: bool = False
    ) -> None:
        """Queue a background check of this request's device's zone, when the request names
        Alexa's API (`field` exists only for a device)."""
        api = api_for(handler_input, timeout=REFRESH_TIMEOUT)
        device = device_id(handler_input)
        if api is not None and device is not None:
            guessed = self.fallback(_locale(handler_input))
            self.refresher.submit(api, device, owner, field, guessed=guessed, if_due=if_due)

    def record(
        self,
        handler_input: HandlerInput,
        owner: str,
        session: dict,
        text: str,
        *,
        at: Callable[[ZoneInfo], datetime],
        request_id: str,
    ) -> Recorded:
        """Record a win on the person's local day, at the instant `at` gives for their zone
        (now, or a day it names): what `zone_for` and then `Journal.record` would do, with
        the zone settled inside the record's round trip.

        A one-shot "tell Small Wins I ..." is a new session, so its zone is not read yet. The
        day is worked out for the zone this process expects, and the record script checks that
        the profile keeps that zone (or one that gives the same day); when it keeps another,
        nothing is written and a second try uses the zone it names.
        """
        known = self.known(session)
        if known is not None:
            return self._record(owner, text, known, None, "", at, request_id)
        field = self.field(handler_input, owner)
        zone = self.guess(handler_input, owner, session)
        default = self.fallback(_locale(handler_input))
        check = self._same_day(zone, at(zone), default)
        for _ in range(2):
            try:
                recorded = self._record(owner, text, zone, check, field, at, request_id)
                break
            except StoredZoneDiffers as differs:
                zone, check = (
                    zone_named(differs.stored) or default,
                    ZoneCheck.assumed(differs.stored),
                )
        else:
            # Changed again in between: the newest zone is as good as any.
            recorded = self._record(owner, text, zone, None, field, at, request_id)
        # The profile's zone rather than the one tried: a retry is answered before any check.
        self.settle(handler_input, owner, session, recorded.kept)
        return recorded

    def _same_day(self, zone: ZoneInfo, at: datetime, default: ZoneInfo) -> ZoneCheck:
        """Every zone this process knows that puts `at` on the same day as `zone` does: a
        kept zone among them needs no second try. Nothing stored means `default`."""
        day = at.astimezone(zone).date()
        with self._lock:
            names = {zone.key, default.key, *self._zones}
        fits: list[str | None] = [
            name for name in sorted(names) if at.astimezone(ZoneInfo(name)).date() == day
        ]
        if default.key in fits:
            fits.append(None)
        return ZoneCheck.assumed(*fits)

    def _record(
        self,
        owner: str,
        text: str,
        zone: ZoneInfo,
        check: ZoneCheck | None,
        field: str,
        at: Callable[[ZoneInfo], datetime],
        request_id: str,
    ) -> Recorded:
        # "Last Tuesday" is a day back from today in the zone the win is kept by, which may
        # turn out another than the one first tried.
        return self._journal.record(
            owner,
            text,
            at=at(zone).astimezone(zone),
            request_id=request_id,
            zone=check,
            device=field,
        )


def _locale(handler_input: HandlerInput) -> str | None:
    return getattr(handler_input.request_envelope.request, "locale", None)
