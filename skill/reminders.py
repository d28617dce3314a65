"""The daily reminder to note a win, kept with the Alexa Reminders API.

The reminder lives in Alexa; the profile keeps its token and time so it can be changed or
cancelled by voice, and removed when the person erases their data.

Waiting on Alexa's API is not charged to the turn's Redis budget (`journal.deadline.paused`):
an answer that came slowly but came must still be written down, or Alexa would keep a reminder
whose token nobody holds. Each call is bounded by the API client's own timeout, and a
turn makes at most two, so a turn still answers well within Alexa's 8 seconds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ask_sdk_core.handler_input import HandlerInput

import locales
from alexa.api import AlexaApiError, PermissionMissing
from alexa.context import api_for
from journal import Journal
from journal.deadline import paused
from locales import speaking

log = logging.getLogger(__name__)

# When someone names only a part of the day, these are the times they most likely mean.
PART_OF_DAY = {"morning": (8, 0), "afternoon": (13, 0), "evening": (20, 0), "night": (21, 0)}
_ALEXA_PARTS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night"}
_LATER_PARTS = {"afternoon", "evening"}


@dataclass(frozen=True)
class ReminderTime:
    hour: int
    minute: int

    @classmethod
    def parse(cls, value: str | None) -> ReminderTime | None:
        if not value:
            return None
        if len(value) == 5 and value[2] == ":" and value.replace(":", "").isdigit():
            hour, minute = int(value[:2]), int(value[3:])
            if 0 <= hour <= 23 and 0 <= minute <= 59:
                return cls(hour, minute)
        return None

    @classmethod
    def from_slots(
        cls, time: str | None, part: str | None, locale: str = locales.DEFAULT
    ) -> ReminderTime | None:
        """AMAZON.TIME plus an optional part of the day: "every evening at nine" is 21:00.

        Alexa leaves "nine" as 09:00; a part of the day said with it settles am or pm. `part`
        is the slot's id when Alexa resolved one ("EVENING"), else the words as said, read
        with the locale's `hearing.toml` ("before bed", "antes de dormir").
        """
        part = (part or "").lower().strip()
        part = speaking.table(locale, "hearing")["parts"].get(part, part)
        if time in _ALEXA_PARTS:
            return cls(*PART_OF_DAY[_ALEXA_PARTS[time]])
        parsed = cls.parse(time)
        if parsed is None:
            return cls(*PART_OF_DAY[part]) if part in PART_OF_DAY else None
        return cls(_in_part_of_day(parsed.hour, part), parsed.minute)

    def keeping_half_of(self, before: ReminderTime | None) -> ReminderTime:
        """This time in the afternoon half when `before` was there and this hour, said alone,
        could be either (1 to 11)."""
        if before is not None and before.hour >= 12 and 1 <= self.hour <= 11:
            return ReminderTime(self.hour + 12, self.minute)
        return self

    def __str__(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    def spoken(self, locale: str = locales.DEFAULT) -> str:
        return speaking.clock(locale, self.hour, self.minute)


def _in_part_of_day(hour: int, part: str) -> int:
    """The 24-hour hour for an hour said with a part of the day, as people mean it:
    "night at twelve" is midnight, "night at one" is 1 AM, "evening at nine" is 9 PM."""
    # Spanish's "las doce de la noche" reaches us as twelve in the evening: midnight too.
    if hour == 12 and part in ("night", "evening"):
        return 0
    if part == "night":
        return hour + 12 if 6 <= hour < 12 else hour
    if part in _LATER_PARTS and hour < 12:
        return hour + 12
    return hour


class Reminders:
    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    def current(self, owner: str) -> ReminderTime | None:
        return ReminderTime.parse(self._journal.profile(owner).get("reminder_time"))

    def remember_wanted(self, owner: str, at: ReminderTime) -> None:
        """Keep the asked-for time while Alexa asks the person for permission."""
        self._journal.update_profile(owner, reminder_wanted=str(at))

    def wanted(self, owner: str) -> ReminderTime | None:
        return ReminderTime.parse(self._journal.profile(owner).get("reminder_wanted"))

    def set(
        self,
        handler_input: HandlerInput,
        owner: str,
        at: ReminderTime,
        *,
        text: str,
        locale: str,
        time_zone: str | None,
        now,
    ) -> None:
        """Create the daily reminder, or move the existing one.

        Raises PermissionMissing when the person has not allowed reminders, AlexaApiError when
        Alexa can't be reached; nothing is recorded then.
        """
        api = api_for(handler_input)
        if api is None:
            raise AlexaApiError("unreachable")
        token = self._journal.profile(owner).get("reminder_token")
        details = {"hour": at.hour, "minute": at.minute, "text": text, "locale": locale,
                   "time_zone": time_zone, "now": now}  # fmt: skip
        new_token = None
        if token:
            try:
                with paused():
                    new_token = api.update_daily_reminder(token, **details)
            except AlexaApiError as exc:
                if isinstance(exc, PermissionMissing) or exc.status != 404:
                    raise
        if new_token is None:
            with paused():
                new_token = api.create_daily_reminder(**details)
        self._journal.update_profile(
            owner, reminder_token=new_token, reminder_time=str(at), reminder_wanted=None
        )

    def cancel(self, handler_input: HandlerInput, owner: str) -> bool:
        """Delete the reminder; False when there was none."""
        token = self._journal.profile(owner).get("reminder_token")
        if not token:
            return False
        api = api_for(handler_input)
        if api is None:
            raise AlexaApiError("unreachable")
        with paused():
            api.delete_reminder(token)
        self._journal.update_profile(owner, reminder_token=None, reminder_time=None)
        return True

    def forget(self, handler_input: HandlerInput, owner: str) -> bool:
        """Before erasing everything: remove the reminder from Alexa too.

        False when a reminder exists but Alexa would not remove it: the person must be told,
        since after the erase it can no longer be cancelled by voice.
        """
        try:
            self.cancel(handler_input, owner)
        except AlexaApiError as exc:
            log.info("could not remove a reminder while erasing: %s", exc.reason)
            return False
        return True
