"""What works for this person: the strategies and people that show up in their wins.

Exception-based work asks "what made that possible?" and then "do more of that". The toolkit
answers the first question from the person's own words: it recognises strategies (a walk, a
call, a meeting...) and people (a sponsor, a sister, Rosa) in a win's text and in its "what
helped" answer, and counts in how many wins each one shows up. When "what helped" names
nothing recognisable, the answer itself becomes a tool, because the person's own words are
the best description of their own strategy.

Only what the person did, and did for themselves, is praised back; wherever the words are
unclear, saying nothing wins over praising the wrong thing.

Everything here is a pure function over `Win` values: recognition runs over a few hundred
wins per request, so the patterns are compiled once and a win is scanned in one pass.

The words and the grammar are each language's (`locales/<locale>/understanding/toolkit.toml`,
read by `words.py`; every function takes the locale whose words to read); `scan.py` finds
mentions, `own.py` reads the person's own answer, `saying.py` says one win's help back, and
this module counts the toolkit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import locales
from journal.toolkit.own import credited, own_phrase, own_tool
from journal.toolkit.saying import describe_helped
from journal.toolkit.scan import NAMED_PREFIX, scan
from journal.toolkit.words import Words, words
from journal.wins import Win

__all__ = ["Tool", "describe_helped", "own_phrase", "toolkit", "tools_in"]

STRATEGY = "strategy"
PERSON = "person"
OWN_PREFIX = "own:"


@dataclass(frozen=True)
class Tool:
    """One strategy or person in the toolkit, with how often it helped.

    `key` is stable across wins ("walk", "person:family:sister", "person:named:rosa",
    "own:your dog"); `phrase` is how the skill says it back in the second person.
    """

    key: str
    kind: str
    phrase: str
    count: int


def tools_in(win: Win, locale: str = locales.DEFAULT) -> set[str]:
    """The tool keys recognised in one win, from its text and from what helped.

    When "what helped" was answered but names no known strategy, the answer itself becomes an
    "own:" tool: what the person says worked is theirs to keep, even if no list knows it. Not
    when the answer is no answer, a feeling or what was not done (see `own_phrase`), nor when
    a strategy or person in it is negated ("not texting him", "I resisted the urge to text
    him") or a bad influence is named: the answer is then about what was avoided, and said
    back in the person's words it would name the very thing avoided.
    """
    w = words(locale)
    keys: set[str] = set()
    if win.helped:
        found = scan(win.helped, locale)
        for hit in credited(w, win.helped, found):
            keys.add(hit.key)
        if not found.dropped:
            own = own_tool(w, win.helped, found.hits)
            if own:
                keys.add(OWN_PREFIX + own)
    for hit in scan(win.text, locale).hits:
        keys.add(hit.key)
    return keys


def _kind(key: str) -> str:
    return PERSON if key.startswith("person:") else STRATEGY


def _phrase(w: Words, key: str) -> str:
    if key.startswith(OWN_PREFIX):
        return key[len(OWN_PREFIX) :]
    if key.startswith(NAMED_PREFIX):
        return key[len(NAMED_PREFIX) :].capitalize()
    if key in w.strategy_phrases:
        return w.strategy_phrases[key]
    return next(phrase for known, phrase in w.people.values() if known == key)


def toolkit(wins: Iterable[Win], *, limit: int = 5, locale: str = locales.DEFAULT) -> list[Tool]:
    """The person's tools, most frequent first; ties go to the one used most recently.

    A win counts once per tool, however often it names it: the question is "in how many of
    your wins did this show up", which is what "it helped you 6 times" means when said back.
    """
    w = words(locale)
    counts: dict[str, int] = {}
    last_used: dict[str, datetime] = {}
    for win in wins:
        for key in tools_in(win, locale):
            counts[key] = counts.get(key, 0) + 1
            if key not in last_used or win.at > last_used[key]:
                last_used[key] = win.at
    # Sorting by key first makes equal counts and equal times come out the same every time.
    ranked = sorted(counts, key=lambda key: key)
    ranked.sort(key=lambda key: (counts[key], last_used[key]), reverse=True)
    return [
        Tool(key=key, kind=_kind(key), phrase=_phrase(w, key), count=counts[key])
        for key in ranked[: max(limit, 0)]
    ]
