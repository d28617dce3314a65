"""Small rules for turning what someone said into what the skill says back.

The words live in each locale's `speaking.toml`; these helpers take the turn's locale.
"""

from __future__ import annotations

import locales
from locales import speaking


def first_person(text: str, locale: str = locales.DEFAULT) -> str:
    """A win as the person would write it: "called my sponsor" becomes "I called my sponsor"."""
    return speaking.first_person(locale, text)


def reflect(text: str, locale: str = locales.DEFAULT) -> str:
    """Turn the speaker's first person into the second person for reading back.

    "I called my sponsor" -> "you called your sponsor"; "I was honest" -> "you were honest".
    Spanish keeps the person's own words (its phrasings frame them as "dijiste: ...").
    """
    return speaking.reflect(locale, text)


def toolkit_knows(locale: str) -> bool:
    """Whether the toolkit's strategy and people words (the default locale's) are this
    locale's language; elsewhere what helped is read back as the person said it."""
    return locales.DEFAULT in locales.spoken_chain(locale)


def own_answers(helped: list[str], limit: int) -> list[tuple[str, int]]:
    """The answers to "what helped?" as the person gave them, most frequent first (ties: the
    latest first): the toolkit of a language it has no words for."""
    counts: dict[str, int] = {}
    said: dict[str, str] = {}
    for answer in helped:
        key = " ".join(answer.lower().split()).strip(" .!")
        if key:
            counts[key] = counts.get(key, 0) + 1
            said.setdefault(key, " ".join(answer.split()).strip(" .!"))
    ranked = sorted(counts, key=lambda k: -counts[k])  # stable: latest first on a tie
    return [(said[key], counts[key]) for key in ranked[:limit]]


def sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def plural(count: int, noun: str, locale: str = locales.DEFAULT) -> str:
    """'one win', '2 wins': counts read naturally."""
    return speaking.count(locale, noun, count)


def times(count: int, locale: str = locales.DEFAULT) -> str:
    """How often something helped, as a person says it."""
    return speaking.times(locale, count)
