"""What Alexa's language understanding would make of typed words, from the deployed model's
sample utterances, so a gap in the model shows up here and not first on a real Echo.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import locales
from alexa.simulator.wire import DEFAULT_SKILL_ID, FALLBACK, LAUNCH, SimulatorError
from alexa.simulator.words import normalize, resolve_date, resolve_time
from locales import speaking

# What Alexa itself hears in a language (launch and one-shot phrasings, and the built-in
# intents' phrasings, which a model lists no samples for) is in `locales/<locale>/alexa.toml`.
# Only built-in intents the model declares are used: Alexa never routes to an undeclared one.

_SLOT_TOKEN = re.compile(r"^\{([A-Za-z_][A-Za-z0-9_]*)\}$")
DEFAULT_MODEL_PATH = locales.folder(locales.DEFAULT) / "model.json"

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
       The built-in intents' usual phrasings (the locale's `alexa.toml`) are candidates too.
    4. The candidate whose literal words cover the most characters wins. On a tie a model
       sample beats a built-in phrase (the skill's own sample is the stronger signal: "no
       thanks" is SkipIntent, not AMAZON.NoIntent), then the earlier sample in the model.
    5. A sample that is a lone slot ("{answer}") only wins when nothing else matched: that
       is how a catch-all custom slot behaves on Alexa, so gibberish like "blorp" becomes
       AnswerIntent(answer="blorp"), not a fallback.
    6. With no candidate at all: AMAZON.FallbackIntent, with no slots and no words, as Alexa.
    """

    def __init__(self, model: Mapping[str, Any], locale: str = locales.DEFAULT) -> None:
        language = model["interactionModel"]["languageModel"]
        # The requests this matcher's words are sent in (the request's locale).
        self.locale = locale
        alexa = speaking.table(locale, "alexa")
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
        self.yes_phrases = frozenset(normalize(p) for p in alexa["builtin"]["AMAZON.YesIntent"])
        for name, phrases in alexa["builtin"].items():
            if name in self.intent_slots:
                for text in phrases:
                    samples.append(_compile(name, text, from_model=False, order=len(samples)))
        self._samples = tuple(samples)
        words = {
            "invocation": re.escape(self.invocation_name),
            "rest": "(?P<rest>.+)",
            **{
                key: "|".join(re.escape(normalize(w)) for w in alexa[key])
                for key in ("launch_verbs", "ask_verbs", "connectors")
            },
        }
        self._bare_launch = frozenset(normalize(w) for w in alexa["bare_launch"])
        self._launch = re.compile(
            "(?:(?:{launch_verbs}) |(?:{ask_verbs}) )?{invocation}".format(**words)
        )
        self._one_shots = tuple(re.compile(form.format(**words)) for form in alexa["one_shots"])

    @classmethod
    def from_file(cls, path: Path | None = None, locale: str = locales.DEFAULT) -> Matcher:
        """A matcher for a model file, or for `locale`'s model merged along its chain (what
        `smallwins skill package` deploys) when no file is given."""
        return cls(load_model(path) if path else locales.model(locale), locale)

    def match(self, utterance: str, *, today: date) -> Match:
        """What Alexa would make of `utterance`; `today` anchors AMAZON.DATE values."""
        words = normalize(utterance)
        if words.startswith("alexa "):
            words = words[len("alexa ") :]
        if words in self._bare_launch or self._launch.fullmatch(words):
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
                    value = resolve_date(value or "", today, self.locale)
                elif kind == "AMAZON.TIME":
                    value = resolve_time(value or "", self.locale)
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
