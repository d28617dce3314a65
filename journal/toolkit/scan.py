"""Finding strategies and people in one string, with the words of `words.py`.

Only what the person did, and did for themselves, counts. So a strategy or person said under
a negation ("I didn't text my dealer", "instead of going to the bar", "I never walked into
the liquor store") is skipped until the clause ends ("I didn't drink, I went for a walk
instead" still has its walk); and a dealer, a bartender, a drinking buddy or "people I used
with" is never a person who helped, and a call to them is no strategy.

One scanner, read best whole: its state (negation, the words before a name) runs through
one loop.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import locales
from journal.toolkit.words import Words, words

NAMED_PREFIX = "person:named:"
# The groups of a hit that is someone.
WHO = ("person", "named")

_TOKEN = re.compile(r"\w+")
# Most wins have no capital after their first word, and skip the search for names.
_MAYBE_NAME = re.compile(r"\s[A-Z][a-z]")


class Hit(NamedTuple):
    group: str  # a strategy key, or "person", or "named"
    key: str
    start: int
    end: int
    said: str  # the words as said, lower case for everything but names


class Scan(NamedTuple):
    hits: list[Hit]
    dropped: bool  # something was left out: negated, or a bad influence
    felt: bool  # a feeling was said


def scan(source: str, locale: str = locales.DEFAULT) -> Scan:
    """Every strategy and person mentioned in one string, in the order they are said; whether
    anything was left out for being negated or a bad influence; and whether a feeling was said.

    One pass over the words: a word is looked up in a table, and only the few words that can
    start a phrase try the phrase regex at their own position, so the cost grows with the
    length of the win, not with the number of patterns. Most words are none of these and
    cost one set lookup. A negation ("didn't", "never", "instead of", "avoided") holds until
    its clause ends, and what is said under it is left out.

    A name is only taken from a Title-case word right after a word that introduces a person
    ("my sister Rosa", "texted Sam", "with Dana"): a capital anywhere else is too often the
    start of a sentence, a place or a weekday. Lower-case names (voice often drops capitals)
    are left alone on purpose: "called dave" and "called back" cannot be told apart.
    """
    w = words(locale)
    lowered = source.lower()
    if len(lowered) != len(source):
        # A few characters lower-case to two ("İ"); positions must stay those of `source`.
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in source)
    names = _MAYBE_NAME.search(source) is not None
    hits: list[Hit] = []
    bad: list[tuple[int, int]] = []  # where a bad influence is said
    dropped = felt = False
    covered = 0  # where the last phrase ended: its words are not looked at again
    negated = near = False  # near: the negation is an "almost", undone by a "didn't"
    until = 0  # where the clause of the current negation ends at the latest
    before = before_that = ""  # the two previous words, for names
    gap_start = -1  # where the previous word ended
    for token in _TOKEN.finditer(lowered):
        lower = token.group()
        if negated and (
            token.start() >= until
            or (
                lower in w.scope_ends
                and not (lower == w.and_ and w.gerund_next.match(lowered, token.end()))
            )
        ):
            negated = False
        if lower in w.interesting and token.start() >= covered:
            start, end = token.span()
            hit = None
            phrase = w.phrases[lower].match(lowered, start) if lower in w.phrases else None
            if phrase:
                covered = phrase.end()
                group = w.phrase_names[phrase.lastgroup or ""]
                said = " ".join(phrase.group().split())
                if group == "person":
                    hit = Hit(group, w.people[said][0], start, covered, said)
                elif group == "negate":
                    negated, near = True, False
                    until = _scope_end(w, lowered, covered)
                elif group == "affirm":
                    negated = False
                elif group == "bad":
                    bad.append((start, covered))
                elif group:
                    hit = Hit(group, group, start, covered, said)
            elif lower in w.people:
                hit = Hit("person", w.people[lower][0], start, end, lower)
            elif lower in w.strategy_words:
                if lower not in w.case_sensitive or source[start:end] in w.programmes:
                    group = w.strategy_words[lower]
                    hit = Hit(group, group, start, end, lower)
            elif lower in w.bad_words:
                bad.append((start, end))
            elif near and negated and lower in w.negators:
                negated = False  # "I almost didn't go to the meeting"
            elif lower in w.negators or (
                lower in w.avoiding
                and not negated
                and (lower != w.without or w.gerund_next.match(lowered, end))
            ):
                negated, near = True, lower in w.almost
                until = _scope_end(w, lowered, end)
            elif lower in w.avoiding:
                negated = False  # "never missed", "couldn't have done it without"
            elif lower in w.feelings:
                felt = True
            if hit:
                if hit.group == "person" and (company := w.bad_after.match(lowered, hit.end)):
                    bad.append((hit.start, company.end()))
                    covered = company.end()
                elif negated:
                    dropped = True
                else:
                    hits.append(hit)
        if names:
            start, end = token.span()
            word = source[start:end]
            if (
                word[0].isupper()
                and (
                    before in w.name_after
                    or (before == w.name_after_to and before_that in w.name_before_to)
                )
                and len(word) > 1
                and word[1:].islower()
                and word.isalpha()
                and word not in w.not_names
                and source[gap_start:start].isspace()
            ):
                if company := w.bad_after.match(lowered, end):
                    bad.append((start, company.end()))
                elif negated:
                    dropped = True
                else:
                    hits.append(Hit("named", NAMED_PREFIX + lower, start, end, word))
            before_that, before, gap_start = before, lower, end
    if bad:
        hits = [
            hit for hit in hits if hit.group != "call" or not _with_bad(w, hit, hits, bad, lowered)
        ]
    return Scan(hits, dropped or bool(bad), felt)


def _scope_end(w: Words, lowered: str, after: int) -> int:
    punctuation = w.scope_punct.search(lowered, after)
    return punctuation.start() if punctuation else len(lowered)


def _with_bad(
    w: Words, call: Hit, hits: list[Hit], bad: list[tuple[int, int]], lowered: str
) -> bool:
    """Is this call to or from a bad influence: "texted my dealer", "my dealer called"?"""
    for bad_start, bad_end in bad:
        if bad_start >= call.end:
            if w.to_bad.fullmatch(lowered, call.end, bad_start) and not any(
                call.end <= hit.start < bad_start for hit in hits if hit.group in WHO
            ):
                return True
        elif bad_end <= call.start and w.from_bad.fullmatch(lowered, bad_end, call.start):
            return True
    return False
