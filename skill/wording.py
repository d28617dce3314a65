"""Small rules for turning what someone said into what the skill says back."""

from __future__ import annotations

import re

from journal.reflection import reflect_word

# Carriers such as "log a win {win}" drop the speaker's "I"; a win is kept as a first-person
# sentence so it reads back naturally ("you called your sponsor").
_STARTS_ON_ITS_OWN = {
    "i", "i'm", "i've", "i'd", "i'll", "my", "me", "we", "we're", "our", "a", "an", "the",
    "today", "tonight", "this", "yesterday", "it", "there", "no", "not", "one", "after",
    "before", "when", "instead", "even", "finally", "for", "at", "in", "on",
}  # fmt: skip

_WORD = re.compile(r"[A-Za-z']+|[^A-Za-z']+")


def first_person(text: str) -> str:
    """A win as the person would write it: "called my sponsor" becomes "I called my sponsor"."""
    text = " ".join(text.split())
    first = text.split(" ", 1)[0].lower() if text else ""
    if not text or first in _STARTS_ON_ITS_OWN:
        return text
    return f"I {text}"


def reflect(text: str) -> str:
    """Turn the speaker's first person into the second person for reading back.

    "I called my sponsor" -> "you called your sponsor"; "I was honest" -> "you were honest".
    """
    out: list[str] = []
    previous = ""
    for token in _WORD.findall(text):
        lower = token.lower()
        out.append(reflect_word(lower, previous) or token)
        if token.strip():
            previous = lower
    return "".join(out)


def sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def plural(count: int, noun: str) -> str:
    """'one win', '2 wins': counts read naturally."""
    if count == 1:
        return f"one {noun}"
    return f"{count} {noun}s"


def times(count: int) -> str:
    """How often something helped, as a person says it."""
    return {1: "once", 2: "twice"}.get(count, f"{count} times")
