"""Talk to the skill the way Alexa would, without an Amazon account or a device.

Three layers, each usable on its own:

* `Matcher` turns typed words into what Alexa's language understanding would send: an intent
  and its slot values, found by matching the *deployed* interaction model's sample utterances
  (so a gap in the model shows up here, not first on a real Echo). AMAZON.DATE phrases are
  resolved to the values Alexa sends ("last week" -> "2026-W47").
* `build_envelope` and friends wrap that in a request envelope shaped like Alexa's own
  (see the captured envelopes under ../shared/fixtures/alexa/envelopes).
* `say` does one turn against a running webhook and keeps the session in a small JSON state
  file, so consecutive `smallwins say "..."` calls continue a conversation the way a person
  talking within Alexa's session window would; `chat` is the interactive loop on top.

Nothing here is signed: the webhook must run with signature verification off (development).
All identities are fake and marked SIMULATED; no real Amazon id is ever produced.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import secrets
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

import locales
from alexa.api import REMINDERS_SCOPE
from alexa.simulated_api import SIMULATED_TOKEN, SimulatedAlexaApi

DEFAULT_MODEL_PATH = locales.folder(locales.DEFAULT) / "model.json"
DEFAULT_URL = "http://127.0.0.1:8080/alexa"
DEFAULT_SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-000000000000"
# Alexa closes a silent session after about sixteen seconds; people typing commands are
# slower than that, so the simulator is generous but still lets yesterday's session lapse.
DEFAULT_IDLE_LIMIT = timedelta(minutes=10)
DEFAULT_TIMEOUT = 10.0

LAUNCH = "LaunchRequest"
FALLBACK = "AMAZON.FallbackIntent"
LOCALE = "en-US"
STATE_VERSION = 1

# What the person may type in `chat` to leave (they are not sent to the skill).
CHAT_EXIT_WORDS = frozenset({"exit", "quit"})

# Built-in intents list no samples in the model; Alexa knows these phrasings itself.
# Only intents the model declares are used, as Alexa never routes to an undeclared intent.
BUILTIN_PHRASES: Mapping[str, tuple[str, ...]] = {
    "AMAZON.YesIntent": (
        "yes", "yeah", "yep", "yup", "yes please", "sure", "sure thing", "okay", "ok",
        "alright", "all right", "of course", "absolutely", "definitely", "correct",
        "that's right", "please do",
    ),
    "AMAZON.NoIntent": ("no", "nope", "nah", "no way", "not really", "no it isn't"),
    "AMAZON.HelpIntent": (
        "help", "help me", "what can i say", "what can i do", "how do i use this",
    ),
    "AMAZON.StopIntent": (
        "stop", "shut up", "quit", "exit", "be quiet", "stop talking", "goodbye", "bye",
    ),
    "AMAZON.CancelIntent": ("cancel", "never mind", "nevermind", "forget it"),
    "AMAZON.MoreIntent": ("more", "keep going", "go on", "tell me more", "continue"),
    "AMAZON.NextIntent": ("next", "next one"),
    "AMAZON.RepeatIntent": ("repeat", "repeat that", "say that again", "again", "what was that"),
    "AMAZON.NavigateHomeIntent": ("go home", "home", "main menu"),
}  # fmt: skip

_LAUNCH_VERBS = r"(?:open|start|launch|begin|load|run|play|use|resume|talk to|speak to)"
_CONNECTORS = r"(?:to|that|for|about|if|whether|and)"
_BARE_LAUNCH = frozenset({"open", "start", "launch", "begin"})

_SLOT_TOKEN = re.compile(r"^\{([A-Za-z_][A-Za-z0-9_]*)\}$")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_NOT_WORD = re.compile(r"[^\w']+|_")
_TAG = re.compile(r"<[^>]*>")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,!?;:])")
_SUB = re.compile(r"<sub\b[^>]*\balias\s*=\s*(['\"])(.*?)\1[^>]*>.*?</sub>", re.S | re.I)


class SimulatorError(RuntimeError):
    """The turn could not be completed: the webhook is unreachable, failed or answered nonsense."""


# -- words -------------------------------------------------------------------------------------


def normalize(text: str) -> str:
    """Lowercase words as Alexa transcribes them: punctuation dropped, apostrophes kept.

    Hyphens and commas become spaces ("twenty-third" -> "twenty third"), curly apostrophes
    become straight ones, and runs of whitespace fold to one space.
    """
    lowered = text.translate(_APOSTROPHES).lower()
    words = (word.strip("'") for word in _NOT_WORD.split(lowered))
    return " ".join(word for word in words if word)


# -- AMAZON.DATE -------------------------------------------------------------------------------

_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_UNIT_ORDINALS = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth",
)  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_TENS_ORDINALS = {"twentieth": 20, "thirtieth": 30}
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}


def _cardinal_words() -> dict[str, int]:
    words = {name: n for n, name in enumerate(_UNITS) if n}
    for tens_name, tens in _TENS.items():
        words[tens_name] = tens
        for unit in range(1, 10):
            words[f"{tens_name} {_UNITS[unit]}"] = tens + unit
    return words


def _day_words() -> dict[str, int]:
    """Every way to say a day of the month: "3", "3rd", "three", "third", "twenty third"."""
    cardinals = _cardinal_words()
    days = {name: n for name, n in cardinals.items() if n <= 31}
    days.update({name: n for n, name in enumerate(_UNIT_ORDINALS) if n})
    days.update(_TENS_ORDINALS)
    for tens_name, tens in (("twenty", 20), ("thirty", 30)):
        for unit in range(1, 10 if tens == 20 else 2):
            days[f"{tens_name} {_UNIT_ORDINALS[unit]}"] = tens + unit
    for n in range(1, 32):
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        days[str(n)] = days[f"{n:02d}"] = days[f"{n}{suffix}"] = n
    return days


def _year_words() -> dict[str, int]:
    """Spoken years this century: "twenty twenty six", "two thousand and five", "2026"."""
    cardinals = _cardinal_words()
    years = {str(y): y for y in range(1900, 2100)}
    years["two thousand"] = 2000
    for name, n in cardinals.items():
        years[f"two thousand {name}"] = years[f"two thousand and {name}"] = 2000 + n
        if n >= 10:
            years[f"twenty {name}"] = 2000 + n
    for unit in range(1, 10):
        years[f"twenty oh {_UNITS[unit]}"] = 2000 + unit
    return years


_DAYS = _day_words()
_YEARS = _year_words()


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _month_value(today: date, shift: int) -> str:
    index = today.year * 12 + today.month - 1 + shift
    return f"{index // 12}-{index % 12 + 1:02d}"


_DAYPARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_MINUTE_WORDS = {"o'clock": 0, "oclock": 0, "fifteen": 15, "thirty": 30, "forty five": 45}


def resolve_time(phrase: str) -> str | None:
    """Resolve a spoken time to the AMAZON.TIME value Alexa would send; None if unknown.

    "nine" -> "09:00" (Alexa leaves an hour without am/pm as said), "nine pm" -> "21:00",
    "nine thirty" / "9:30" -> "09:30", "noon" -> "12:00", "evening" -> "EV".
    """
    words = normalize(phrase).replace(".", "")
    if words in _DAYPARTS:
        return _DAYPARTS[words]
    if words in ("noon", "midday"):
        return "12:00"
    if words == "midnight":
        return "00:00"
    suffix = None
    for marker in (" am", " pm", " in the morning", " in the evening", " at night"):
        if words.endswith(marker):
            suffix = "pm" if marker in (" pm", " in the evening", " at night") else "am"
            words = words[: -len(marker)].strip()
            break
    minute = 0
    # normalize() turns "9:30" into "9 30"; both spellings mean the same time.
    digits = words.replace(" ", ":", 1) if words.replace(" ", "").isdigit() else words
    if ":" in digits:
        hour_part, _, minute_part = digits.partition(":")
        if not (hour_part.isdigit() and minute_part.isdigit()):
            return None
        hour, minute = int(hour_part), int(minute_part)
    else:
        cardinals = _cardinal_words()
        hour_words, minute = words, 0
        for name, value in _MINUTE_WORDS.items():
            if words.endswith(f" {name}"):
                hour_words, minute = words[: -len(name) - 1], value
                break
        hour = int(hour_words) if hour_words.isdigit() else cardinals.get(hour_words, -1)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    if suffix == "pm" and hour < 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def resolve_date(phrase: str, today: date) -> str | None:
    """Resolve a spoken date to the AMAZON.DATE value Alexa would send; None if unknown.

    Relative days give a day ("yesterday" -> "2026-11-23"), weeks an ISO week ("last week" ->
    "2026-W47", "this weekend" -> "2026-W48-WE"), months "2026-11", years "2026". Like Alexa,
    a bare or "this" weekday is the next such day on or after today, and a month and day
    without a year is the next such date on or after today ("november third" said on
    2026-11-24 is "2027-11-03"): the skill, not the simulator, has to read those backwards.
    "last tuesday" is the most recent Tuesday before today; "next tuesday" the first after it.
    """
    words = normalize(phrase)
    if not words:
        return None
    relative = {
        "today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
        "the day before yesterday": -2, "day before yesterday": -2,
        "the day after tomorrow": 2, "day after tomorrow": 2,
    }  # fmt: skip
    if words in relative:
        return (today + timedelta(days=relative[words])).isoformat()
    shifts = {"this": 0, "the": 0, "last": -1, "next": 1}
    first, _, rest = words.partition(" ")
    if first in shifts and rest in ("week", "weekend", "month", "year"):
        shift = shifts[first]
        if rest == "week":
            return _iso_week(today + timedelta(weeks=shift))
        if rest == "weekend":
            return _iso_week(today + timedelta(weeks=shift)) + "-WE"
        if rest == "month":
            return _month_value(today, shift)
        return str(today.year + shift)
    weekday = _resolve_weekday(words, today)
    if weekday is not None:
        return weekday
    return _resolve_month_day(words.split(), today)


def _resolve_weekday(words: str, today: date) -> str | None:
    prefix, _, name = words.rpartition(" ")
    if name not in _WEEKDAYS or prefix not in ("", "this", "next", "last"):
        return None
    ahead = (_WEEKDAYS[name] - today.weekday()) % 7
    if prefix == "next" and ahead == 0:
        ahead = 7
    if prefix == "last":
        ahead = ahead - 7 if ahead else -7
    return (today + timedelta(days=ahead)).isoformat()


def _resolve_month_day(tokens: list[str], today: date) -> str | None:
    months = [i for i, token in enumerate(tokens) if token in _MONTHS]
    if len(months) != 1:
        return None
    at = months[0]
    month = _MONTHS[tokens[at]]
    before, after = tokens[:at], tokens[at + 1 :]
    if before:
        # "the third of november [twenty twenty six]"
        if before[0] == "the":
            before = before[1:]
        if before and before[-1] == "of":
            before = before[:-1]
        day = _DAYS.get(" ".join(before))
        year = _YEARS.get(" ".join(after)) if after else None
        if day is None or (after and year is None):
            return None
        return _dated(year, month, day, today)
    # "november [the] third [twenty twenty six]": try each split between day and year.
    if after and after[0] == "the":
        after = after[1:]
    for cut in range(1, len(after) + 1):
        day = _DAYS.get(" ".join(after[:cut]))
        if day is None:
            continue
        if cut == len(after):
            return _dated(None, month, day, today)
        year = _YEARS.get(" ".join(after[cut:]))
        if year is not None:
            return _dated(year, month, day, today)
    return None


def _dated(year: int | None, month: int, day: int, today: date) -> str | None:
    try:
        if year is not None:
            return date(year, month, day).isoformat()
        found = date(today.year, month, day)
        if found < today:
            found = date(today.year + 1, month, day)
        return found.isoformat()
    except ValueError:
        return None


# -- matching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """What Alexa would send for an utterance: an intent (or a launch) and its slot values.

    `one_shot` marks "tell small wins ..." / "ask small wins ...": the rest was matched as an
    intent in a new session. `sample` is the sample utterance (or built-in phrase) that won.
    """

    intent: str
    slots: dict[str, str] = field(default_factory=dict)
    one_shot: bool = False
    sample: str | None = None

    @property
    def is_launch(self) -> bool:
        return self.intent == LAUNCH


@dataclass(frozen=True)
class _Sample:
    intent: str
    text: str
    pattern: re.Pattern[str]
    groups: tuple[tuple[str, str], ...]  # (regex group, slot name)
    literal_chars: int
    lone_slot: bool
    from_model: bool
    order: int


_RESOLVED_TYPES = frozenset({"AMAZON.DATE", "AMAZON.TIME"})


def load_model(path: Path | None = None) -> dict[str, Any]:
    """Read an interaction model file (default: the repository's en-US model)."""
    target = path or DEFAULT_MODEL_PATH
    try:
        model = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SimulatorError(f"cannot read the interaction model {target}: {exc}") from exc
    if not isinstance(model, dict):
        raise SimulatorError(f"{target} is not an interaction model")
    return model


class Matcher:
    """Alexa's language understanding, approximated from the model's own sample utterances.

    Rules, in order:

    1. Words are normalized (`normalize`); a leading "alexa" is dropped.
    2. "open small wins" (and start/launch/begin/talk to ..., or a bare "open") is a launch.
       "tell|ask small wins [to|that|for|about|...] X", "open small wins and X",
       "use small wins to X" and "X using small wins" are one-shots: X is matched below.
    3. Every sample is a whole-utterance pattern; slots capture free text, except
       AMAZON.DATE, which must resolve (`resolve_date`) or the sample does not match.
       The built-in intents' usual phrasings (`BUILTIN_PHRASES`) are candidates too.
    4. The candidate whose literal words cover the most characters wins. On a tie a model
       sample beats a built-in phrase (the skill's own sample is the stronger signal: "no
       thanks" is SkipIntent, not AMAZON.NoIntent), then the earlier sample in the model.
    5. A sample that is a lone slot ("{answer}") only wins when nothing else matched: that
       is how a catch-all custom slot behaves on Alexa, so gibberish like "blorp" becomes
       AnswerIntent(answer="blorp"), not a fallback.
    6. With no candidate at all: AMAZON.FallbackIntent, with no slots and no words, as Alexa.
    """

    def __init__(self, model: Mapping[str, Any]) -> None:
        language = model["interactionModel"]["languageModel"]
        self.invocation_name = normalize(language["invocationName"])
        self.intent_slots: dict[str, dict[str, str]] = {}
        self.custom_values: dict[str, dict[str, tuple[str, str]]] = {}
        for slot_type in language.get("types", []):
            values: dict[str, tuple[str, str]] = {}
            for value in slot_type.get("values", []):
                name = value["name"]["value"]
                value_id = value.get("id") or _value_id(name)
                for spoken in (name, *value["name"].get("synonyms", [])):
                    values.setdefault(normalize(spoken), (name, value_id))
            self.custom_values[slot_type["name"]] = values
        samples: list[_Sample] = []
        for intent in language["intents"]:
            name = intent["name"]
            self.intent_slots[name] = {s["name"]: s["type"] for s in intent.get("slots", [])}
            for text in intent.get("samples", []):
                samples.append(_compile(name, text, from_model=True, order=len(samples)))
        for name, phrases in BUILTIN_PHRASES.items():
            if name in self.intent_slots:
                for text in phrases:
                    samples.append(_compile(name, text, from_model=False, order=len(samples)))
        self._samples = tuple(samples)
        invocation = re.escape(self.invocation_name)
        self._launch = re.compile(rf"(?:{_LAUNCH_VERBS} |ask |tell )?{invocation}")
        self._one_shots = (
            re.compile(rf"(?:ask|tell) {invocation} (?:{_CONNECTORS} )?(?P<rest>.+)"),
            re.compile(rf"{_LAUNCH_VERBS} {invocation} and (?:then )?(?P<rest>.+)"),
            re.compile(rf"use {invocation} to (?P<rest>.+)"),
            re.compile(rf"(?P<rest>.+) using {invocation}"),
        )

    @classmethod
    def from_file(cls, path: Path | None = None) -> Matcher:
        """A matcher for a model file (default: the repository's en-US model)."""
        return cls(load_model(path))

    def match(self, utterance: str, *, today: date) -> Match:
        """What Alexa would make of `utterance`; `today` anchors AMAZON.DATE values."""
        words = normalize(utterance)
        if words.startswith("alexa "):
            words = words[len("alexa ") :]
        if words in _BARE_LAUNCH or self._launch.fullmatch(words):
            return Match(LAUNCH)
        for pattern in self._one_shots:
            found = pattern.fullmatch(words)
            if found:
                inner = self._match_words(found["rest"], today)
                return Match(inner.intent, inner.slots, one_shot=True, sample=inner.sample)
        return self._match_words(words, today)

    def _match_words(self, words: str, today: date) -> Match:
        best: tuple[tuple[bool, int, bool, int], Match] | None = None
        for sample in self._samples:
            found = sample.pattern.fullmatch(words)
            if not found:
                continue
            slots: dict[str, str] = {}
            for group, slot in sample.groups:
                value: str | None = found[group]
                kind = self.intent_slots[sample.intent].get(slot)
                if kind == "AMAZON.DATE":
                    value = resolve_date(value or "", today)
                elif kind == "AMAZON.TIME":
                    value = resolve_time(value or "")
                if value is None:
                    break
                slots[slot] = value
            else:
                # A lone slot Alexa must resolve (a date, a time) is a better reading than a
                # catch-all that takes any words.
                typed = any(
                    self.intent_slots[sample.intent].get(slot) in _RESOLVED_TYPES
                    for _, slot in sample.groups
                )
                rank = (
                    not sample.lone_slot,
                    typed,
                    sample.literal_chars,
                    sample.from_model,
                    -sample.order,
                )
                if best is None or rank > best[0]:
                    best = (rank, Match(sample.intent, slots, sample=sample.text))
        return best[1] if best else Match(FALLBACK)

    def slot_payload(self, match: Match, *, skill_id: str = DEFAULT_SKILL_ID) -> dict[str, Any]:
        """The `intent.slots` object Alexa sends: every declared slot, filled or not.

        Filled slots carry the value; custom-type slots also carry entity resolution, as
        Alexa adds it (ER_SUCCESS_MATCH when the words are one of the type's values).
        """
        payload: dict[str, Any] = {}
        for name, slot_type in self.intent_slots.get(match.intent, {}).items():
            value = match.slots.get(name)
            if value is None:
                payload[name] = {"name": name, "confirmationStatus": "NONE"}
                continue
            slot: dict[str, Any] = {
                "name": name,
                "value": value,
                "confirmationStatus": "NONE",
                "source": "USER",
            }
            if slot_type in self.custom_values:
                slot["resolutions"] = self._resolutions(slot_type, value, skill_id)
            payload[name] = slot
        return payload

    def _resolutions(self, slot_type: str, value: str, skill_id: str) -> dict[str, Any]:
        authority: dict[str, Any] = {
            "authority": f"amzn1.er-authority.echo-sdk.{skill_id}.{slot_type}",
            "status": {"code": "ER_SUCCESS_NO_MATCH"},
        }
        known = self.custom_values[slot_type].get(normalize(value))
        if known:
            authority["status"] = {"code": "ER_SUCCESS_MATCH"}
            authority["values"] = [{"value": {"name": known[0], "id": known[1]}}]
        return {"resolutionsPerAuthority": [authority]}


def _compile(intent: str, text: str, *, from_model: bool, order: int) -> _Sample:
    parts: list[str] = []
    groups: list[tuple[str, str]] = []
    literal_chars = 0
    for token in normalize_sample(text).split():
        slot = _SLOT_TOKEN.match(token)
        if slot:
            group = f"s{len(groups)}"
            groups.append((group, slot[1]))
            parts.append(f"(?P<{group}>.+?)")
        else:
            literal_chars += len(token)
            parts.append(re.escape(token))
    return _Sample(
        intent=intent,
        text=text,
        pattern=re.compile(" ".join(parts)),
        groups=tuple(groups),
        literal_chars=literal_chars,
        lone_slot=literal_chars == 0,
        from_model=from_model,
        order=order,
    )


def normalize_sample(text: str) -> str:
    """A sample utterance with its words normalized and its `{slot}` tokens kept as they are."""
    return " ".join(
        token if _SLOT_TOKEN.match(token) else normalize(token) for token in text.split()
    ).strip()


def _value_id(name: str) -> str:
    # Alexa gives values without an explicit id a 32-hex-digit id derived from the value.
    return hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()


# -- envelopes ---------------------------------------------------------------------------------


def _timestamp(now: datetime) -> str:
    if now.tzinfo is None:
        raise ValueError("the clock must return an aware datetime")
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_session_id() -> str:
    return f"amzn1.echo-api.session.{uuid.uuid4()}"


def new_request_id() -> str:
    return f"amzn1.echo-api.request.{uuid.uuid4()}"


def person_id_for(name: str) -> str:
    """A stable fake personId for a recognized voice: the same name gives the same id."""
    digest = hashlib.sha256(" ".join(name.lower().split()).encode()).hexdigest()
    return f"amzn1.ask.person.SIMULATED-{digest[:40].upper()}"


def launch_request(*, now: datetime) -> dict[str, Any]:
    return {
        "type": LAUNCH,
        "requestId": new_request_id(),
        "timestamp": _timestamp(now),
        "locale": LOCALE,
        "shouldLinkResultBeReturned": False,
    }


def intent_request(name: str, slots: Mapping[str, Any], *, now: datetime) -> dict[str, Any]:
    return {
        "type": "IntentRequest",
        "requestId": new_request_id(),
        "timestamp": _timestamp(now),
        "locale": LOCALE,
        "intent": {"name": name, "confirmationStatus": "NONE", "slots": dict(slots)},
    }


def session_ended_request(*, now: datetime, reason: str = "USER_INITIATED") -> dict[str, Any]:
    return {
        "type": "SessionEndedRequest",
        "requestId": new_request_id(),
        "timestamp": _timestamp(now),
        "locale": LOCALE,
        "reason": reason,
    }


def build_envelope(
    request: Mapping[str, Any],
    *,
    skill_id: str,
    user_id: str,
    device_id: str,
    session_id: str,
    new_session: bool,
    attributes: Mapping[str, Any],
    person_id: str | None = None,
    api_endpoint: str | None = None,
    granted: Sequence[str] = (),
) -> dict[str, Any]:
    """The full request body Alexa POSTs to a skill, around one `request` object.

    `api_endpoint` is where the skill may call Alexa's APIs: `chat` points it at its own
    loopback stand-in; without one no endpoint is named, so nothing is sent to Amazon.
    """
    user: dict[str, Any] = {"userId": user_id}
    if granted:
        user["permissions"] = {"scopes": {scope: {"status": "GRANTED"} for scope in granted}}
    system: dict[str, Any] = {
        "application": {"applicationId": skill_id},
        "user": user,
        "device": {"deviceId": device_id, "supportedInterfaces": {}},
    }
    if api_endpoint:
        system["apiEndpoint"] = api_endpoint
        system["apiAccessToken"] = SIMULATED_TOKEN
    if person_id:
        system["person"] = {"personId": person_id}
    return {
        "version": "1.0",
        "session": {
            "new": new_session,
            "sessionId": session_id,
            "application": {"applicationId": skill_id},
            "attributes": dict(attributes),
            "user": {"userId": user_id},
        },
        "context": {"System": system},
        "request": dict(request),
    }


# -- responses ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """A card as the Alexa app would show it."""

    title: str
    text: str
    type: str = "Simple"


@dataclass(frozen=True)
class Reply:
    """What a skill's response means to the person: words, card, and whether it is over."""

    speech: str
    reprompt: str | None
    card: Card | None
    session_ended: bool
    attributes: dict[str, Any]
    directives: tuple[str, ...] = ()


def ssml_to_text(ssml: str) -> str:
    """The words Alexa would speak: tags stripped (a <sub> says its alias), entities decoded."""
    spoken = _SUB.sub(lambda found: f" {found[2]} ", ssml)
    spoken = " ".join(html.unescape(_TAG.sub(" ", spoken)).split())
    # A tag closed right before punctuation ("<say-as>911</say-as>.") leaves a stray space.
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", spoken)


def speech_text(output_speech: Mapping[str, Any] | None) -> str:
    """Plain text of an outputSpeech object, PlainText or SSML."""
    if not output_speech:
        return ""
    if output_speech.get("type") == "PlainText" or "ssml" not in output_speech:
        return " ".join(str(output_speech.get("text") or "").split())
    return ssml_to_text(str(output_speech.get("ssml") or ""))


def parse_response(body: Mapping[str, Any]) -> Reply:
    """Read a response envelope as a voice-only device would.

    A missing `shouldEndSession` ends the session: that is what an Echo without a screen
    does, so a handler that forgets `.ask()` is caught here rather than on a device.
    """
    response = body.get("response") or {}
    if not isinstance(response, Mapping):
        raise SimulatorError("the response envelope has no response object")
    reprompt_speech = (response.get("reprompt") or {}).get("outputSpeech")
    card_body = response.get("card")
    card = None
    if isinstance(card_body, Mapping):
        card_type = str(card_body.get("type") or "Simple")
        text = card_body.get("content") or card_body.get("text") or ""
        if not text and card_type != "Simple":
            text = f"({card_type})"
        card = Card(str(card_body.get("title") or ""), str(text), card_type)
    attributes = body.get("sessionAttributes") or {}
    directives = tuple(
        str(d.get("type")) for d in response.get("directives") or [] if isinstance(d, Mapping)
    )
    return Reply(
        speech=speech_text(response.get("outputSpeech")),
        reprompt=speech_text(reprompt_speech) if reprompt_speech else None,
        card=card,
        session_ended=response.get("shouldEndSession") is not False,
        attributes=dict(attributes) if isinstance(attributes, Mapping) else {},
        directives=directives,
    )


def post_json(
    url: str, payload: Mapping[str, Any], *, timeout: float = DEFAULT_TIMEOUT
) -> dict[str, Any]:
    """POST a JSON body as Alexa does and return the JSON answer ({} for an empty body)."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise SimulatorError(f"the webhook URL must be http or https: {url!r}")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked just above
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json", "User-Agent": "smallwins-simulator"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            raw = answer.read()
    except urllib.error.HTTPError as exc:
        with exc:
            detail = exc.read(500).decode("utf-8", "replace").strip()
        raise SimulatorError(f"the skill answered HTTP {exc.code}: {detail or exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SimulatorError(f"cannot reach the skill at {url}: {reason}") from exc
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise SimulatorError(f"the skill did not answer JSON: {raw[:200]!r}") from exc
    if not isinstance(body, dict):
        raise SimulatorError("the skill's answer is not a JSON object")
    return body


# -- state -------------------------------------------------------------------------------------


@dataclass
class SimulatorState:
    """What Alexa remembers between turns for one simulated person on one device."""

    user_id: str
    device_id: str
    session_id: str | None = None
    session_open: bool = False
    attributes: dict[str, Any] = field(default_factory=dict)
    last_turn_at: datetime | None = None
    granted: list[str] = field(default_factory=list)

    @classmethod
    def fresh(cls) -> SimulatorState:
        return cls(
            user_id=f"amzn1.ask.account.SIMULATED-{secrets.token_hex(16).upper()}",
            device_id=f"amzn1.ask.device.SIMULATED-{secrets.token_hex(16).upper()}",
        )

    @classmethod
    def load(cls, path: Path) -> SimulatorState:
        """The saved state, or a new identity when there is no file yet.

        A damaged file is an error, not a reason to start over: a new userId would look
        like a different person to the skill, with an empty journal.
        """
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls.fresh()
        try:
            data = json.loads(raw)
            session = data.get("session") or {}
            last = session.get("last_turn_at")
            return cls(
                user_id=str(data["user_id"]),
                device_id=str(data["device_id"]),
                session_id=session.get("id"),
                session_open=bool(session.get("open")),
                attributes=dict(session.get("attributes") or {}),
                last_turn_at=datetime.fromisoformat(last) if last else None,
                granted=[str(s) for s in data.get("granted") or []],
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SimulatorError(f"the simulator state {path} is damaged: {exc}") from exc

    def save(self, path: Path) -> None:
        """Write atomically, so an interrupted turn never leaves half a file."""
        data = {
            "version": STATE_VERSION,
            "user_id": self.user_id,
            "device_id": self.device_id,
            "granted": self.granted,
            "session": {
                "id": self.session_id,
                "open": self.session_open,
                "attributes": self.attributes,
                "last_turn_at": self.last_turn_at.isoformat() if self.last_turn_at else None,
            },
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".simulator-", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=2, ensure_ascii=False)
                out.write("\n")
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


# -- turns -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    """One exchange: what was heard, what was sent, and what the skill said back."""

    utterance: str
    request_type: str
    intent: str | None
    slots: dict[str, str]
    speech: str
    reprompt: str | None
    card: Card | None
    session_ended: bool
    session_id: str
    new_session: bool
    one_shot: bool
    request: dict[str, Any]
    response: dict[str, Any]
    directives: tuple[str, ...] = ()
    # True when an open session had to be closed first (EXCEEDED_MAX_REPROMPTS was sent).
    closed_previous_session: bool = False


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _today(now: datetime, tz: str | None) -> date:
    return (now.astimezone(ZoneInfo(tz)) if tz else now.astimezone()).date()


def say(
    text: str,
    *,
    url: str = DEFAULT_URL,
    state_file: Path,
    new_session: bool = False,
    person: str | None = None,
    skill_id: str = DEFAULT_SKILL_ID,
    today: date | None = None,
    clock: Callable[[], datetime] = _utc_now,
    tz: str | None = None,
    matcher: Matcher | None = None,
    idle_limit: timedelta | None = DEFAULT_IDLE_LIMIT,
    timeout: float = DEFAULT_TIMEOUT,
    api_endpoint: str | None = None,
) -> Turn:
    """Say `text` to the skill at `url` as one turn, continuing the session in `state_file`.

    A new session starts when asked (`new_session`), for a launch or one-shot phrase, when
    the last response ended the session, or when the session has been idle past
    `idle_limit`. An open session that is abandoned that way first gets the
    SessionEndedRequest Alexa would have sent when the person went quiet
    (reason EXCEEDED_MAX_REPROMPTS). `today` anchors date phrases (default: the clock's
    date in `tz`, or in the machine's zone); `clock` stamps the requests.

    Raises `SimulatorError` when the webhook is unreachable, fails or answers something
    that is not a response envelope; the session is then closed, as Alexa closes it.
    """
    if not text.strip():
        raise ValueError("say something: the utterance is empty")
    now = clock()
    _timestamp(now)  # refuse a naive clock before anything is sent
    matcher = matcher or Matcher.from_file()
    match = matcher.match(text, today=today or _today(now, tz))
    state = SimulatorState.load(state_file)
    person_id = person_id_for(person) if person else None

    idle = (
        idle_limit is not None
        and state.last_turn_at is not None
        and now - state.last_turn_at > idle_limit
    )
    fresh = new_session or match.is_launch or match.one_shot or not state.session_open or idle
    closed_previous = False
    if fresh and state.session_open and state.session_id:
        closed_previous = True
        old_session, old_attributes = state.session_id, state.attributes
        state.session_open, state.attributes = False, {}
        state.save(state_file)
        _post_envelope(
            url,
            session_ended_request(now=now, reason="EXCEEDED_MAX_REPROMPTS"),
            state=state,
            session_id=old_session,
            new=False,
            attributes=old_attributes,
            skill_id=skill_id,
            person_id=person_id,
            timeout=timeout,
            api_endpoint=api_endpoint,
        )
    if fresh or not state.session_id:
        state.session_id, state.attributes = new_session_id(), {}
    session_id = state.session_id
    assert session_id is not None

    if match.is_launch:
        request = launch_request(now=now)
    else:
        request = intent_request(
            match.intent, matcher.slot_payload(match, skill_id=skill_id), now=now
        )
    try:
        envelope, body = _post_envelope(
            url,
            request,
            state=state,
            session_id=session_id,
            new=fresh,
            attributes=state.attributes,
            skill_id=skill_id,
            person_id=person_id,
            timeout=timeout,
            api_endpoint=api_endpoint,
        )
        reply = parse_response(body)
    except SimulatorError:
        # Alexa ends the session when a skill fails to answer; so does the simulator.
        state.session_open, state.attributes, state.last_turn_at = False, {}, now
        state.save(state_file)
        raise
    state.session_open = not reply.session_ended
    state.attributes = reply.attributes if state.session_open else {}
    state.last_turn_at = now
    state.save(state_file)
    return Turn(
        utterance=text,
        request_type=request["type"],
        intent=None if match.is_launch else match.intent,
        slots=dict(match.slots),
        speech=reply.speech,
        reprompt=reply.reprompt,
        card=reply.card,
        session_ended=reply.session_ended,
        session_id=session_id,
        new_session=fresh,
        one_shot=match.one_shot,
        request=envelope,
        response=body,
        directives=reply.directives,
        closed_previous_session=closed_previous,
    )


def end_session(
    *,
    url: str = DEFAULT_URL,
    state_file: Path,
    reason: str = "USER_INITIATED",
    person: str | None = None,
    skill_id: str = DEFAULT_SKILL_ID,
    clock: Callable[[], datetime] = _utc_now,
    timeout: float = DEFAULT_TIMEOUT,
) -> Turn | None:
    """Send the SessionEndedRequest for the open session, if there is one; None otherwise.

    The session counts as closed even if the skill fails to answer: Alexa ignores the
    response to a SessionEndedRequest and never retries it.
    """
    state = SimulatorState.load(state_file)
    if not state.session_open or not state.session_id:
        return None
    now = clock()
    session_id, attributes = state.session_id, state.attributes
    state.session_open, state.attributes, state.last_turn_at = False, {}, now
    state.save(state_file)
    request = session_ended_request(now=now, reason=reason)
    envelope, body = _post_envelope(
        url,
        request,
        state=state,
        session_id=session_id,
        new=False,
        attributes=attributes,
        skill_id=skill_id,
        person_id=person_id_for(person) if person else None,
        timeout=timeout,
    )
    reply = parse_response(body) if body else None
    return Turn(
        utterance="",
        request_type=request["type"],
        intent=None,
        slots={},
        speech=reply.speech if reply else "",
        reprompt=None,
        card=None,
        session_ended=True,
        session_id=session_id,
        new_session=False,
        one_shot=False,
        request=envelope,
        response=body,
    )


_YES = frozenset({"yes", "yeah", "yep", "sure", "ok", "okay", "allow", "i allow it"})


def answer_permission(
    accepted: bool,
    *,
    url: str,
    state_file: Path,
    skill_id: str = DEFAULT_SKILL_ID,
    person: str | None = None,
    clock: Callable[[], datetime] = _utc_now,
    timeout: float = DEFAULT_TIMEOUT,
    api_endpoint: str | None = None,
) -> Turn:
    """Alexa's side of a voice permission request: remember the answer, tell the skill.

    The skill asked with a Connections.SendRequest "AskFor" directive; Alexa asks the person
    itself, then sends the skill a Connections.Response in a new session.
    """
    now = clock()
    state = SimulatorState.load(state_file)
    if accepted and REMINDERS_SCOPE not in state.granted:
        state.granted.append(REMINDERS_SCOPE)
    session_id = new_session_id()
    request = {
        "type": "Connections.Response",
        "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
        "timestamp": _timestamp(now),
        "locale": LOCALE,
        "name": "AskFor",
        "status": {"code": "200", "message": "OK"},
        "payload": {
            "permissionScope": REMINDERS_SCOPE,
            "status": "ACCEPTED" if accepted else "DENIED",
        },
        "token": "daily-reminder",
    }
    envelope, body = _post_envelope(
        url, request, state=state, session_id=session_id, new=True, attributes={},
        skill_id=skill_id, person_id=person_id_for(person) if person else None,
        timeout=timeout, api_endpoint=api_endpoint,
    )  # fmt: skip
    reply = parse_response(body)
    state.session_id, state.session_open = session_id, not reply.session_ended
    state.attributes = reply.attributes if state.session_open else {}
    state.last_turn_at = now
    state.save(state_file)
    return Turn(
        utterance="", request_type="Connections.Response", intent=None, slots={},
        speech=reply.speech, reprompt=reply.reprompt, card=reply.card,
        session_ended=reply.session_ended, session_id=session_id, new_session=True,
        one_shot=False, request=envelope, response=body, directives=reply.directives,
    )  # fmt: skip


def _post_envelope(
    url: str,
    request: Mapping[str, Any],
    *,
    state: SimulatorState,
    session_id: str,
    new: bool,
    attributes: Mapping[str, Any],
    skill_id: str,
    person_id: str | None,
    timeout: float,
    api_endpoint: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    envelope = build_envelope(
        request,
        skill_id=skill_id,
        user_id=state.user_id,
        device_id=state.device_id,
        session_id=session_id,
        new_session=new,
        attributes=attributes,
        person_id=person_id,
        api_endpoint=api_endpoint,
        granted=state.granted,
    )
    return envelope, post_json(url, envelope, timeout=timeout)


def render_turn(turn: Turn) -> str:
    """The chat transcript lines for a turn: speech, then any card, then a session end."""
    lines = [f"alexa> {turn.speech or '(no speech)'}"]
    if turn.card:
        text = " | ".join(part.strip() for part in turn.card.text.splitlines() if part.strip())
        lines.append(f"[card] {turn.card.title}: {text}")
    if turn.session_ended:
        lines.append("[session ended]")
    return "\n".join(lines)


def chat(
    *,
    url: str = DEFAULT_URL,
    state_file: Path,
    person: str | None = None,
    input: TextIO | None = None,
    output: TextIO | None = None,
    skill_id: str = DEFAULT_SKILL_ID,
    clock: Callable[[], datetime] = _utc_now,
    tz: str | None = None,
    today: date | None = None,
    matcher: Matcher | None = None,
) -> int:
    """Talk to the skill line by line until "exit", "quit", end of input or Ctrl-C.

    Each line is one `say` turn ("you> " prompt, "alexa> " answer). Leaving ends an open
    session with a SessionEndedRequest (USER_INITIATED). A failed turn is reported and the
    loop goes on, so a restarted server can be retried. Returns the exit status (0).
    """
    source = input if input is not None else sys.stdin
    sink = output if output is not None else sys.stdout
    matcher = matcher or Matcher.from_file()
    # A piped transcript does not echo what was typed; write it so the output reads well.
    echo = not _is_tty(source)

    def emit(line: str) -> None:
        sink.write(line + "\n")
        sink.flush()

    emit('Talking to Small Wins. Try "open small wins"; type "exit" to leave.')
    # Alexa's own APIs (time zone, reminders), simulated on loopback for this chat.
    alexa = SimulatedAlexaApi(tz or "UTC", emit).start()

    def ask_permission() -> None:
        emit(
            "alexa> (Alexa asks) Small Wins would like to create and manage reminders. "
            "Do you allow it? Say yes or no."
        )
        sink.write("you> ")
        sink.flush()
        answer = source.readline().strip()
        if echo:
            emit(answer)
        turn = answer_permission(
            normalize(answer) in _YES, url=url, state_file=state_file, skill_id=skill_id,
            person=person, clock=clock, api_endpoint=alexa.url,
        )  # fmt: skip
        emit(render_turn(turn))

    try:
        while True:
            sink.write("you> ")
            sink.flush()
            line = source.readline()
            if not line:
                emit("")
                break
            text = line.strip()
            if echo:
                emit(text)
            if not text:
                continue
            if normalize(text) in CHAT_EXIT_WORDS:
                break
            try:
                turn = say(
                    text,
                    url=url,
                    state_file=state_file,
                    person=person,
                    skill_id=skill_id,
                    today=today,
                    clock=clock,
                    tz=tz,
                    matcher=matcher,
                    api_endpoint=alexa.url,
                )
                emit(render_turn(turn))
                if "Connections.SendRequest" in turn.directives:
                    ask_permission()
            except SimulatorError as exc:
                emit(f"[error] {exc}")
                continue
    except KeyboardInterrupt:
        emit("")
    finally:
        alexa.stop()
    try:
        if end_session(url=url, state_file=state_file, person=person, skill_id=skill_id,
                       clock=clock):  # fmt: skip
            emit("[session ended]")
    except SimulatorError as exc:
        emit(f"[error] {exc}")
    return 0


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
