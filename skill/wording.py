"""Small rules for turning what someone said into what the skill says back.

The words live in each locale's `speaking.toml`; these helpers take the turn's locale.
"""

from __future__ import annotations

import locales
from locales import speaking
from skill.understanding import without_filler


def first_person(text: str, locale: str = locales.DEFAULT) -> str:
    """A win as the person would write it: "called my sponsor" becomes "I called my sponsor",
    "um so went to work" becomes "I went to work"."""
    return speaking.first_person(locale, without_filler(text, locale))


def reflect(text: str, locale: str = locales.DEFAULT, *, read_back: bool = False) -> str:
    """Turn the speaker's first person into the second person for reading back.

    "I called my sponsor" -> "you called your sponsor"; "I was honest" -> "you were honest";
    "llamé a mi madrina" -> "llamaste a tu madrina". Where Spanish cannot be turned safely, the
    words stay the person's, framed: 'dijiste: "..."' for a win read back (`read_back`), in
    quotes elsewhere.
    """
    return speaking.reflect(locale, text, "said" if read_back else "quote")


def sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def plural(count: int, noun: str, locale: str = locales.DEFAULT) -> str:
    """'one win', '2 wins': counts read naturally."""
    return speaking.count(locale, noun, count)


def times(count: int, locale: str = locales.DEFAULT) -> str:
    """How often something helped, as a person says it."""
    return speaking.times(locale, count)
