"""Everything a language knows, one folder per locale: a locale is a folder, not code.

`locales/<locale>/` holds the phrase files (`phrases/*.toml`), the interaction model
(`model.json`) and the understanding data (`understanding/`). A folder may hold only what
differs from another locale: its `locale.toml` names that locale as `fallback`, and readers
look a thing up along `chain(locale)`, nearest first. The engines that read these folders are
language-neutral and find them through this module.
"""

from __future__ import annotations

import copy
import json
import tomllib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DEFAULT = "en-US"


def folder(locale: str) -> Path:
    """The folder of one locale (which may not exist: callers decide how to fall back)."""
    return ROOT / locale


def available() -> tuple[str, ...]:
    """Every locale with a folder, sorted."""
    return tuple(sorted(p.name for p in ROOT.iterdir() if p.is_dir() and "-" in p.name))


@cache
def chain(locale: str) -> tuple[str, ...]:
    """The locales to look a thing up in for `locale`, nearest first, ending in DEFAULT.

    An unknown locale reads as DEFAULT, so a request from a locale we do not publish in still
    gets an answer in a language we have.
    """
    seen: list[str] = []
    current: str | None = locale if folder(locale).is_dir() else DEFAULT
    while current is not None and current not in seen:
        seen.append(current)
        fallback = _meta(current).get("fallback")
        current = fallback if fallback is not None else (DEFAULT if current != DEFAULT else None)
    return tuple(seen)


@cache
def home_zone(locale: str) -> str:
    """The time zone a person speaking `locale` most likely lives in (`zone` in a folder's
    `locale.toml`, nearest first, else UTC): a win's day is worked out in it until their
    device's own zone is known, so a first win said at 7 PM in Texas is not tomorrow's."""
    for name in chain(locale):
        zone = _meta(name).get("zone")
        if zone:
            return str(zone)
    return "UTC"


@cache
def _meta(name: str) -> dict:
    """A folder's `locale.toml` (its fallback and home zone), or nothing."""
    path = folder(name) / "locale.toml"
    return tomllib.loads(path.read_text()) if path.is_file() else {}


@cache
def spoken_chain(locale: str) -> tuple[str, ...]:
    """The part of `chain(locale)` that speaks the same language, nearest first.

    Words a person hears (phrases, dates, counts) are looked up along this chain only: a
    Spanish request never hears an English phrasing because Spanish lacked one.
    """
    full = chain(locale)
    language = full[0].split("-", 1)[0].lower()
    return tuple(name for name in full if name.split("-", 1)[0].lower() == language)


def find(locale: str, relative: str) -> Path | None:
    """The nearest file at `relative` along `chain(locale)`, or None."""
    for name in chain(locale):
        path = folder(name) / relative
        if path.exists():
            return path
    return None


def model(locale: str) -> dict:
    """The whole interaction model for `locale`, merged along its chain.

    A folder's `model.json` may hold only what differs: its invocation name, intents (by name)
    whose samples are added to the farther folder's, and slot types (by name) whose values are
    added. The package for Alexa and the simulator both read this, so `model.json` files stay
    the one source of truth.
    """
    merged: dict = {}
    # Same language only: a Spanish model never gains English sample utterances.
    for current in reversed(spoken_chain(locale)):
        path = folder(current) / "model.json"
        if path.is_file():
            merged = _merge_model(merged, json.loads(path.read_text(encoding="utf-8")))
    return merged


def _merge_model(base: dict, nearer: dict) -> dict:
    if not base:
        return copy.deepcopy(nearer)
    out = copy.deepcopy(base)
    language, extra = (
        out["interactionModel"]["languageModel"],
        nearer["interactionModel"]["languageModel"],
    )
    if "invocationName" in extra:
        language["invocationName"] = extra["invocationName"]
    for key, field in (("intents", "samples"), ("types", "values")):
        known = {item["name"]: item for item in language.get(key, [])}
        for item in extra.get(key, []):
            if item["name"] not in known:
                language.setdefault(key, []).append(copy.deepcopy(item))
                continue
            have = known[item["name"]].setdefault(field, [])
            seen = {json.dumps(v, sort_keys=True) for v in have}
            have.extend(v for v in item.get(field, []) if json.dumps(v, sort_keys=True) not in seen)
    return out
