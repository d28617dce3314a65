"""Speech from per-locale phrase files, several phrasings per prompt.

Phrase files are TOML (`locales/<locale>/phrases/*.toml`), each key a list of phrasings. They
are trusted SSML fragments written by us; everything a person said is escaped before it is
put into one. A phrasing is chosen at random but never the same as the one used for that key
on the previous turn: the session carries the last choice per key.
"""

from __future__ import annotations

import random
import re
import tomllib
from collections.abc import Mapping
from functools import cache
from xml.sax.saxutils import escape

import locales

DEFAULT_LOCALE = locales.DEFAULT
# Alexa reads at most 8,000 characters of speech; a long win read back is cut well before.
MAX_SPOKEN_USER_TEXT = 400


class Phrasebook:
    """All phrasings of one locale, loaded once."""

    def __init__(self, phrases: Mapping[str, list[str]]) -> None:
        self._phrases = dict(phrases)

    @classmethod
    def load(cls, locale: str = DEFAULT_LOCALE) -> Phrasebook:
        """The phrasings for `locale`, each key from the nearest folder along its chain that
        speaks the same language: a phrase missing in Spanish must never be spoken in English
        (a test keeps every language's books complete instead)."""
        return _load(locale)

    def names(self) -> list[str]:
        return sorted(self._phrases)

    def variants(self, key: str) -> list[str]:
        try:
            return self._phrases[key]
        except KeyError:
            raise KeyError(f"no phrase {key!r}") from None


@cache
def _load(locale: str) -> Phrasebook:
    phrases: dict[str, list[str]] = {}
    for name in reversed(locales.spoken_chain(locale)):  # farthest first: nearer ones override
        phrases.update(_folder_phrases(name))
    return Phrasebook(phrases)


def _folder_phrases(locale: str) -> dict[str, list[str]]:
    phrases: dict[str, list[str]] = {}
    for path in sorted((locales.folder(locale) / "phrases").glob("*.toml")):
        for key, value in _flatten(tomllib.loads(path.read_text(encoding="utf-8"))):
            if isinstance(value, str):
                value = [value]
            if key in phrases:
                raise ValueError(f"phrase {key!r} is defined twice (again in {path.name})")
            phrases[key] = [" ".join(v.split()) for v in value]
    return phrases


def _flatten(table: Mapping[str, object], prefix: str = "") -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.extend(_flatten(value, f"{name}."))
        else:
            out.append((name, value))
    return out


# Faces and pictures typed on a buddy's page ("You've got this :)", "proud of you 💪"): Alexa
# reads the signs of a face aloud, so they are left out of what is spoken.
_FACES = re.compile(
    r"(?:(?<!\d)[:;=][-'^]?[)(\]\[DPpOo3]+|(?<!\w)(?:[xX]D+|<3+|\^_?\^))(?![\w/.])"
    "|[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]"
)


def user_text(text: str) -> str:
    """Words a person said (or typed, for a cheer), made safe to speak inside SSML."""
    text = " ".join(_FACES.sub(" ", text).split())
    if len(text) > MAX_SPOKEN_USER_TEXT:
        text = text[:MAX_SPOKEN_USER_TEXT].rsplit(" ", 1)[0] + "…"
    return escape(text, {'"': "&quot;", "'": "&apos;"})


class Speaker:
    """Chooses phrasings for one turn and remembers them for the next."""

    def __init__(
        self,
        book: Phrasebook,
        previous: Mapping[str, int] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._book = book
        self._previous = dict(previous or {})
        self._rng = rng or random.Random()
        self.said: dict[str, int] = {}

    def __call__(self, key: str, /, **values: object) -> str:
        """The SSML for `key`; string values are escaped, other values are rendered as is.

        A value wrapped in `Markup` is already SSML (e.g. a sentence built by another call).
        """
        variants = self._book.variants(key)
        choices = [i for i in range(len(variants)) if i != self._previous.get(key)] or [0]
        index = self.said.get(key, self._rng.choice(choices))
        self.said[key] = index
        safe = {
            name: value if isinstance(value, Markup) else _render(value)
            for name, value in values.items()
        }
        pieces = _pieces(variants[index])
        if len(pieces) == 1:
            return Markup(pieces[0])
        said = list(pieces)
        for at in range(1, len(said), 2):
            said[at] = str(safe[said[at]])
            if said[at][-1:] in _SENTENCE_ENDS and said[at + 1].startswith("."):
                # Words that end their own sentence ("see you Friday!") take no second stop.
                said[at + 1] = said[at + 1][1:]
        return Markup("".join(said))


class Markup(str):
    """A string that is already SSML and must not be escaped again."""


_FIELD = re.compile(r"\{(\w+)\}")
_SENTENCE_ENDS = frozenset(".!?…")


@cache
def _pieces(phrasing: str) -> tuple[str, ...]:
    """A phrasing cut at its fields, once: text, field name, text, ..., text. Filling the
    names in is what a substitution with a callback did, without a call for each field."""
    return tuple(_FIELD.split(phrasing))


def _render(value: object) -> str:
    return user_text(value) if isinstance(value, str) else escape(str(value))


def join(*parts: str) -> Markup:
    """Join SSML sentences with a space, skipping empty ones."""
    return Markup(" ".join(p for p in parts if p))
