"""Everything a language knows, one folder per locale: a locale is a folder, not code.

`locales/<locale>/` holds the phrase files (`phrases/*.toml`), the interaction model
(`model.json`) and the understanding data (`understanding/`). The engines that read them are
language-neutral and find them through `folder`.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent
DEFAULT = "en-US"


def folder(locale: str) -> Path:
    """The folder of one locale (which may not exist: callers decide how to fall back)."""
    return ROOT / locale


def available() -> tuple[str, ...]:
    """Every locale with a folder, sorted."""
    return tuple(sorted(p.name for p in ROOT.iterdir() if p.is_dir() and "-" in p.name))
