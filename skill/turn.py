"""One conversational turn: who is speaking, when, and what the skill says back.

The webhook derives the owner key once and hands it in through the SDK's `context`; handlers
reach everything they need through `Turn.of(handler_input)` and never re-derive it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard

import locales
from journal import Journal, Recorded, StorageUnavailable
from journal.zones import KeptZone
from sharing import Sharing
from sharing.outbox import Outbox
from skill.awaiting import Awaiting
from skill.days_said import day_said
from skill.reminders import Reminders
from skill.speech import Phrasebook, Speaker, join
from skill.timezones import TimeZones
from skill.wording import first_person
from web.export import ExportLinks

# Slot text longer than this is not a sentence someone said; it is cut, not refused.
MAX_SLOT_CHARS = 500
# Control characters have no place in speech and would make invalid SSML.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What a slot of each name may hold, by its slot type in the interaction model: AMAZON.TIME
# is a 24-hour clock time or a part of the day (MO, AF, EV, NI).
SLOT_FORMS: dict[str, re.Pattern[str]] = {
    "time": re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d|MO|AF|EV|NI"),
}


def _keep_our_forms(session: dict[str, Any]) -> None:
    """Drop session attributes that are not in the form we write them: Alexa only echoes back
    what we sent, so anything else is not ours to trust, and is forgotten, not fatal."""
    said = session.get("said")
    if said is not None and not (
        isinstance(said, dict)
        and all(type(index) is int for index in said.values())  # exactly int: True is no index
    ):
        del session["said"]
    heard = session.get("heard")
    if heard is not None and not (
        isinstance(heard, list) and all(isinstance(i, str) for i in heard)
    ):
        del session["heard"]
    for key in ("last_win", "tz"):
        if session.get(key) is not None and not isinstance(session[key], str):
            del session[key]
    if session.get("await") is not None and not _our_question(session["await"]):
        del session["await"]


# The fields an open question carries (`Turn.expect`), each of one type; None is no value.
_QUESTION_FIELDS: dict[str, type] = {
    "kind": str, "text": str, "recipient": str, "win": str, "code": str, "role": str,
    "word": str, "field": str, "name": str, "first": str, "last": str,
    "cursor": int, "start": int, "step": int, "renaming": bool, "asked_exception": bool,
    "at": str, "goal": str, "after": str,
}  # fmt: skip
# Fields a question cannot be answered without.
_QUESTION_NEEDS = {Awaiting.MORE.value: ("cursor",)}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _our_question(value: Any) -> bool:
    """Whether an open question is in the form `Turn.expect` writes: known fields of their
    type (exactly: True is no cursor), days as ISO dates, and what its kind needs."""
    if not isinstance(value, dict):
        return False
    for key, held in value.items():
        if key not in _QUESTION_FIELDS:
            return False
        if held is not None and type(held) is not _QUESTION_FIELDS[key]:
            return False
    if any(value.get(day) and not _ISO_DAY.fullmatch(value[day]) for day in ("first", "last")):
        return False
    return all(value.get(key) is not None for key in _QUESTION_NEEDS.get(value.get("kind"), ()))


@dataclass(frozen=True)
class Deps:
    """What every handler may use, built once per app."""

    journal: Journal
    timezones: TimeZones
    reminders: Reminders
    export_links: ExportLinks
    clock: Callable[[], datetime]
    sharing: Sharing
    outbox: Outbox
    public_url: str


@dataclass(frozen=True)
class Caller:
    """Who is speaking, as the webhook established it after verification; and, on the way
    back, how the turn ended when that was an apology (for the operator's metrics)."""

    owner: str
    notes: dict[str, str] = field(default_factory=dict, compare=False)


def request_locale(handler_input: HandlerInput) -> str:
    """The locale the request was spoken in; it picks the phrasebook and the words for dates."""
    locale = getattr(handler_input.request_envelope.request, "locale", None)
    return locale if isinstance(locale, str) and locale else locales.DEFAULT


class Turn:
    """The current request seen from a handler: identity, time, session state and speech."""

    def __init__(self, handler_input: HandlerInput, deps: Deps) -> None:
        caller = handler_input.context
        if not isinstance(caller, Caller):
            raise TypeError("the webhook must pass a Caller as the request context")
        self.input = handler_input
        self.deps = deps
        self.owner = caller.owner
        self.journal = deps.journal
        self.sharing = deps.sharing
        self._utc_now = deps.clock()
        self._zone: ZoneInfo | None = None
        self.session: dict[str, Any] = handler_input.attributes_manager.session_attributes
        _keep_our_forms(self.session)
        self._unclear: set[str] = set()
        # Seeded by the request id: an Alexa retry of the same request hears the same words.
        self.say = Speaker(
            Phrasebook.load(self.locale),
            self.session.get("said"),
            random.Random(handler_input.request_envelope.request.request_id),
        )

    @property
    def zone(self) -> ZoneInfo:
        """The person's time zone; read only by turns that need a date and have not read it
        with their other reads (see `zone_read` and `settle_zone`)."""
        if self._zone is None:
            try:
                self._zone = self.deps.timezones.zone_for(self.input, self.owner, self.session)
            except StorageUnavailable:
                self._zone = self.deps.timezones.fallback(self.locale)
        return self._zone

    @property
    def zone_read(self) -> str | None:
        """What a read that can take the kept zone along should ask for: the device field
        ("" without a device), or None when the zone is settled already."""
        if self._zone is not None or self.deps.timezones.known(self.session) is not None:
            return None
        return self.deps.timezones.field(self.input, self.owner)

    def settle_zone(self, kept: KeptZone | None) -> None:
        """Take the zone a read brought along (None: it brought none)."""
        if kept is not None:
            self._zone = self.deps.timezones.settle(self.input, self.owner, self.session, kept)

    def guess_zone(self) -> ZoneInfo:
        """The zone before anything is read (see `TimeZones.guess`)."""
        if self._zone is not None:
            return self._zone
        return self.deps.timezones.guess(self.input, self.owner, self.session)

    def guess_today(self) -> date:
        """The local day in the zone `guess_zone` expects: for hearing a day named in a win,
        without reading the kept zone first."""
        return self._utc_now.astimezone(self.guess_zone()).date()

    @property
    def now(self) -> datetime:
        return self._utc_now.astimezone(self.zone)

    @property
    def utc_now(self) -> datetime:
        return self._utc_now

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def locale(self) -> str:
        return request_locale(self.input)

    @classmethod
    def of(cls, handler_input: HandlerInput) -> Turn:
        turn = handler_input.attributes_manager.request_attributes.get("turn")
        if not isinstance(turn, Turn):
            raise RuntimeError("the turn interceptor did not run")
        return turn

    def record(self, text: str) -> Recorded:
        """Save a win as the person would write it ("I ..."), on their local day or on the
        day it names ("yesterday", "last Tuesday"); the zone is settled in the same round trip.
        """
        # The day is taken off before the "I" is put back: "last Tuesday I threw it out" was
        # kept as "I last Tuesday I threw it out".
        said, _ = day_said(text, self.locale, self.guess_today())

        def at(zone: ZoneInfo) -> datetime:
            now = self._utc_now.astimezone(zone)
            days_back = day_said(text, self.locale, now.date())[1]
            # The same wall clock on that local day, not 24 hours a day back: across a change
            # of clocks, "yesterday" said just after midnight would land two days back.
            if not days_back:
                return now
            return datetime.combine(now.date() - timedelta(days=days_back), now.timetz())

        recorded = self.deps.timezones.record(
            self.input,
            self.owner,
            self.session,
            first_person(said, self.locale),
            at=at,
            request_id=self.request_id,
        )
        self._zone = self.deps.timezones.known(self.session)
        return recorded

    @property
    def request_id(self) -> str:
        return self.input.request_envelope.request.request_id

    def slot(self, name: str) -> str | None:
        """A slot's spoken value, trimmed; None when absent, empty or not a value its slot
        can hold (then `unclear(name)` is true). The one place slots are read, so every
        handler gets the same validation."""
        request = self.input.request_envelope.request
        slots = getattr(getattr(request, "intent", None), "slots", None) or {}
        slot = slots.get(name)
        value = getattr(slot, "value", None)
        if not isinstance(value, str):
            return None
        value = " ".join(_CONTROL.sub(" ", value).split())[:MAX_SLOT_CHARS]
        form = SLOT_FORMS.get(name)
        if value and form is not None and not form.fullmatch(value):
            self._unclear.add(name)
            return None
        return value or None

    def slot_words(self) -> str:
        """Every filled slot's words, in the order the request lists them ("" for none): what
        was said, for a turn that hears it whatever the intent."""
        request = self.input.request_envelope.request
        slots = getattr(getattr(request, "intent", None), "slots", None) or {}
        return " ".join(value for name in slots if (value := self.slot(name)) is not None)

    def unclear(self, name: str) -> bool:
        """Whether slot `name` was filled with something it cannot hold ("12:60", "25:00"):
        the handler asks again rather than act on less than was said."""
        self.slot(name)
        return name in self._unclear

    def slot_id(self, name: str) -> str | None:
        """The id of the custom value Alexa resolved a slot to ("mentor" is SPONSOR), or None
        when it resolved to none."""
        resolved = self.slot_resolved(name)
        return resolved[0] if resolved else None

    def slot_resolved(self, name: str) -> tuple[str, str] | None:
        """The (id, value) Alexa resolved a slot to ("madrina" is SPONSOR, "madrina"), or None
        when it resolved to none."""
        request = self.input.request_envelope.request
        slot = (getattr(getattr(request, "intent", None), "slots", None) or {}).get(name)
        resolutions = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None)
        for authority in resolutions or []:
            code = getattr(getattr(authority, "status", None), "code", None)
            if getattr(code, "value", code) == "ER_SUCCESS_MATCH" and authority.values:
                value = authority.values[0].value
                return value.id, str(value.name)
        return None

    # -- what the skill is waiting for -------------------------------------------------------

    @property
    def awaiting(self) -> dict[str, Any]:
        """The open question's data as the session carries it (its kind under "kind")."""
        value = self.session.get("await")
        return value if isinstance(value, dict) else {}

    @property
    def awaited(self) -> Awaiting | None:
        """The open question, if any."""
        return Awaiting.read(self.awaiting.get("kind"))

    def expect(self, kind: Awaiting, **data: Any) -> None:
        # The next turn forgets a question with a field `_our_question` does not know: a new
        # field must be declared there, and fails here at once if it is not.
        if unknown := data.keys() - _QUESTION_FIELDS.keys():
            raise ValueError(f"undeclared question fields: {sorted(unknown)}")
        self.session["await"] = {"kind": kind.value, **data}

    def expecting(self, *kinds: Awaiting) -> bool:
        return self.awaited in kinds

    # -- answers ------------------------------------------------------------------------------

    def ask(self, *speech: str, reprompt: str, card: tuple[str, str] | None = None) -> Response:
        """Speak and keep the microphone open; every open question has a reprompt."""
        return self._respond(speech, reprompt=reprompt, card=card)

    def tell(self, *speech: str, card: tuple[str, str] | None = None) -> Response:
        """Speak and end the session; nothing is awaited any more."""
        self.session.pop("await", None)
        return self._respond(speech, reprompt=None, card=card)

    def _respond(
        self, speech: tuple[str, ...], *, reprompt: str | None, card: tuple[str, str] | None
    ) -> Response:
        builder = self.input.response_builder.speak(join(*speech))
        if reprompt is not None:
            builder.ask(reprompt)
        if card:
            builder.set_card(SimpleCard(title=card[0], content=card[1]))
        self.session["said"] = self.say.said
        return builder.set_should_end_session(reprompt is None).response
