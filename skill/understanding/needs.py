"""Which strings every match of a regular expression must contain: the speed of the rules.

Over 150 patterns are read for each utterance and most texts hold the words of only a few, so
each pattern is read once, when a locale's rules are loaded, for the strings any match of it
must contain ("want to die" needs the word "die"). A text is then searched only with the
patterns whose strings it has (see `rules.Index`). This never decides anything: it skips a
pattern only when the pattern cannot match. Language-neutral: the one word list it takes, the
locale's common words, only sets what a key costs. Longer than 300 lines because it is one
reader of Python's regular expression parse tree and reads best whole.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# --------------------------------------------------------------------------------------------
# Speed: search a text only with the patterns that could match it.
#
# There are well over a hundred patterns and most texts hold the words of only a few. So each
# pattern is read once, at import, for the strings any match of it must contain: "want to die"
# needs the word "die", "\bsuicid\w*" a word that starts with "suicid". A text is then searched
# only with the patterns whose strings it has. This never decides anything: it skips a pattern
# only when the pattern cannot match, so every result is exactly what searching with every
# pattern gives. A pattern it cannot read is always searched.
#
# A pattern is read as a set of strings that every match is one of (an over-approximation),
# in a small alphabet: a character stands for itself, _WS for one or more whitespace
# characters, _EDGE for a word boundary or an end of the text (zero width), and _ANY for any
# text at all. In a text of lowercase letters, digits and spaces only (as `_Text.flat`, its
# clauses and its tail are), letters between two of _WS/_EDGE are a whole word of the text,
# and letters after (before) one of them a word's start (end).
# --------------------------------------------------------------------------------------------

try:
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - no reader here: every pattern is always searched
    _sre = _sre_parse = None

_Strings = frozenset[str]
_Need = frozenset[tuple[str, str]]  # (kind, string): a match holds at least one of them

_WS, _EDGE, _ANY = " ", "\0", "\1"
_MARKS = frozenset((_WS, _EDGE, _ANY))
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_SETS_UP_TO = 256  # strings kept for one part of a pattern; past that, its detail is blurred
_STRETCH = 4  # neighbouring parts of a pattern read together when looking for its need
_NOTHING: _Strings = frozenset({""})
_UNKNOWN: _Strings = frozenset({_ANY})
_SPLIT_MARKS = re.compile(
    "([" + re.escape(_WS + _EDGE + _ANY) + "])"
)  # keeps the marks it splits at


def _tidy(s: str) -> str:
    """One _ANY for two, one _WS for two: the same strings, written one way."""
    while _ANY + _ANY in s:
        s = s.replace(_ANY + _ANY, _ANY)
    while _WS + _WS in s:
        s = s.replace(_WS + _WS, _WS)
    return s


def _cat(a: _Strings, b: _Strings) -> _Strings | None:
    """Every string of `a` followed by every string of `b`, unless there are too many."""
    if len(a) * len(b) > _SETS_UP_TO:
        return None
    return frozenset(
        x + y[1:] if y[:1] in (_ANY, _WS) and x[-1:] == y[:1] else x + y for x in a for y in b
    )


def _blur(strings: _Strings) -> _Strings:
    """Fewer strings that still cover these: only the first and last characters are kept."""
    return frozenset(s if len(s) <= 2 else _tidy(s[0] + _ANY + s[-1]) for s in strings)


def _then(a: _Strings, b: _Strings) -> _Strings:
    """`a` followed by `b`, blurred if need be: always an answer, if a vaguer one."""
    joined = _cat(a, b)
    if joined is None:
        joined = _cat(_blur(a), _blur(b))
    return _UNKNOWN if joined is None else joined


@cache
def _segments(s: str) -> tuple[tuple[int, str, str], ...]:
    """(cost, kind, text) of each run of plain characters in `s`: kind says where it sits."""
    out = []
    pieces = _SPLIT_MARKS.split(s)  # text, mark, text, mark, ..., text
    for i in range(0, len(pieces), 2):
        text = pieces[i]
        if text:
            left = i > 0 and (
                pieces[i - 1] == _WS or (pieces[i - 1] == _EDGE and text[0] in _ALNUM)
            )
            right = i + 1 < len(pieces) and (
                pieces[i + 1] == _WS or (pieces[i + 1] == _EDGE and text[-1] in _ALNUM)
            )
            kind = ("word" if right else "prefix") if left else ("suffix" if right else "infix")
            out.append((_cost(kind, text), kind, text))
    return tuple(out)


_CHEAPEST = 30  # the cost of a need that is one uncommon whole word


def _cost(kind: str, text: str) -> int:
    """A rough chance, in thousandths, that an utterance holds this, plus 10 for the check."""
    chance = 500 if text in _COMMON else 20
    if kind != "word":
        chance = max(
            chance, (900, 400, 100)[min(len(text), 3) - 1] // (1 if kind == "infix" else 2)
        )
    return 10 + chance


def _need(strings: _Strings | None) -> tuple[int, _Need] | None:
    """One string from each of `strings` that a match of it must contain, and its cost."""
    if strings is None:
        return None
    options = []
    for s in strings:
        segments = _segments(s)
        if not segments:
            return None  # a match may be this string, which holds nothing to look for
        options.append(segments)
    counts: dict[tuple[int, str, str], int] = {}
    for segments in options:
        for segment in set(segments):
            counts[segment] = counts.get(segment, 0) + 1
    chosen = {
        min(segments, key=lambda seg: (seg[0], -counts[seg], -len(seg[2]), seg))
        for segments in options
    }
    return sum(cost for cost, _, _ in chosen), frozenset((kind, text) for _, kind, text in chosen)


def _better(*choices: tuple[int, _Need] | None) -> tuple[int, _Need] | None:
    """The cheapest of these needs; the first of equals, so that the choice is stable."""
    found = [c for c in choices if c is not None]
    return min(found, key=lambda c: c[0]) if found else None


_Read = tuple[_Strings, tuple[int, _Need] | None]  # (what a match can be, its best need)


def _read(items: Any) -> _Read:
    """Read a sequence of parsed regular expression items (see `re._parser`)."""
    key = repr(items)  # shared vocabulary (_ADV, _QTY, ...) recurs in many patterns
    if key not in _READ_BEFORE:
        _READ_BEFORE[key] = _read_anew(items)
    return _READ_BEFORE[key]


_READ_BEFORE: dict[str, _Read] = {}


def _read_anew(items: Any) -> _Read:
    """The strings a match of the sequence can be, and the best need found in any stretch."""
    parts: list[_Read] = []
    for op, av in items:
        part = _read_item(op, av)
        if parts and len(parts[-1][0]) == 1 and len(part[0]) == 1:  # one fixed string: join
            parts[-1] = (_then(parts[-1][0], part[0]), _better(parts[-1][1], part[1]))
        else:
            parts.append(part)
    # What may come just before and just after each part: its neighbours' nearest characters.
    before = [_UNKNOWN]
    for strings, _ in parts:
        before.append(frozenset(_tidy(_ANY + s[-1:]) for s in _then(before[-1], strings)))
    after = [_UNKNOWN]
    for strings, _ in reversed(parts):
        after.append(frozenset(_tidy(s[:1] + _ANY) for s in _then(strings, after[-1])))
    after.reverse()
    best = _better(*(need for _, need in parts))
    whole: _Strings = _NOTHING
    for i, (strings, _) in enumerate(parts):
        whole = _then(whole, strings)
        run: _Strings | None = before[i]
        for j in range(i, min(i + _STRETCH, len(parts))):  # a few neighbours read together
            if best is not None and best[0] <= _CHEAPEST:
                break  # nothing can do better than one rare word
            if j > i and not _touch(run, parts[j][0]):
                break  # the parts are apart: reading them together finds nothing new
            run = _cat(run, parts[j][0])
            if run is None:
                break
            best = _better(best, _need(_cat(run, after[j + 1])))
    return whole, best


def _touch(a: _Strings | None, b: _Strings) -> bool:
    """Whether plain characters of a string in `a` may run on into one of `b`."""
    return (
        a is not None
        and any(s[-1:] not in _MARKS for s in a)
        and any(s[:1] not in _MARKS for s in b)
    )


def _read_item(op: Any, av: Any) -> _Read:
    """Read one parsed item; anything not listed here may match anything (_UNKNOWN)."""
    if op is _sre.LITERAL:
        char = chr(av)
        if char.isspace():
            return frozenset({_WS}), None
        return (frozenset({char}) if char not in _MARKS else _UNKNOWN), None
    if op is _sre.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is _sre.LITERAL and chr(value) not in _MARKS:
                chars.add(_WS if chr(value).isspace() else chr(value))
            elif kind is _sre.CATEGORY and value is _sre.CATEGORY_SPACE:
                chars.add(_WS)
            else:
                return _UNKNOWN, None
        return frozenset(chars), None
    if op is _sre.AT:
        edges = (
            _sre.AT_BOUNDARY,
            _sre.AT_BEGINNING,
            _sre.AT_BEGINNING_STRING,
            _sre.AT_END,
            _sre.AT_END_STRING,
        )
        return (frozenset({_EDGE}) if av in edges else _NOTHING), None
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        return _NOTHING, None
    if op is _sre.SUBPATTERN:
        _group, add_flags, del_flags, items = av
        return _read(items) if not (add_flags or del_flags) else (_UNKNOWN, None)
    if op is _sre.BRANCH:
        reads = [_read(items) for items in av[1]]
        union = frozenset().union(*(strings for strings, _ in reads))
        if len(union) > _SETS_UP_TO:
            union = _blur(union)
        if len(union) > _SETS_UP_TO:
            union = _UNKNOWN
        joint = None
        if all(need for _, need in reads):
            needs = frozenset().union(*(need[1] for _, need in reads if need))
            joint = (sum(_cost(*seg) for seg in needs), needs)
        return union, joint  # the sequence around it reads `union` too, with its context
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        low, high, items = av
        strings, need = _read(items)
        need = need if low >= 1 else None
        if strings == {_WS}:
            return (frozenset({_WS}) if low >= 1 else frozenset({"", _WS})), need
        out: set[str] = set()
        if low == 0:
            out.add("")
        if low <= 1 <= high:
            out |= strings
        if high >= 2:  # two or more times: the first's start, anything, the last's end
            heads, tails = {s[:1] for s in strings}, {s[-1:] for s in strings}
            out |= {_tidy(head + _ANY + tail) for head in heads for tail in tails}
        return frozenset(out), need
    return _UNKNOWN, None


_COMMON: frozenset[str] = frozenset()


def needs(pattern: re.Pattern[str], common: frozenset[str]) -> _Need | None:
    """What every match of `pattern` must contain, or None to always search with it."""
    global _COMMON
    if _sre_parse is None or pattern.flags != re.UNICODE:
        return None
    if common is not _COMMON:  # another locale's words: what was read before costs otherwise
        _COMMON = common
        forget()
    try:
        _, need = _read(_sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # an item it cannot read: the pattern is always searched
        return None
    return None if need is None else need[1]


def runs(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Runs of plain characters every match of `pattern` holds as they are, in any text (not
    only normalised ones): the top level's consecutive literals, across zero-width checks
    such as \\b. A text without one of them cannot match; () is "no such run known"."""
    if _sre_parse is None or pattern.flags != re.UNICODE:
        return ()
    found, run = [], ""
    for op, av in _sre_parse.parse(pattern.pattern, pattern.flags):
        if op is _sre.LITERAL:
            run += chr(av)
        elif op is not _sre.AT:
            found.append(run)
            run = ""
    return tuple(r for r in (*found, run) if r)


def forget() -> None:
    """Drop what was kept while reading patterns; only needed while a locale loads."""
    _READ_BEFORE.clear()
    _segments.cache_clear()
