"""Everything a language knows, one folder per locale: a locale is a folder, not code.

`locales/<locale>/` holds the phrase files (`phrases/*.toml`), the interaction model
(`model.json`) and the understanding data (`understanding/`). A folder may hold only what
differs from another locale: its `locale.toml` names that locale as `fallback`, and readers
look a thing up along `chain(locale)`, nearest first. The engines that read these folders are
language-neutral and find them through this module.
"""

from __future__ import annotations

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
        meta = folder(current) / "locale.toml"
        fallback = tomllib.loads(meta.read_text())["fallback"] if meta.is_file() else None
        current = fallback if fallback is not None else (DEFAULT if current != DEFAULT else None)
    return tuple(seen)


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
