"""What a person meant by the free speech that reached a carrier phrase such as "I {win}".

A carrier like "I {win}" catches everything said after "I": a win, but also "I want to die",
"I relapsed", "I'm craving a drink" or "I don't know". This module sorts such text into a
`Meaning` so the skill answers the person, not the grammar. It is pure and stateless.

Alexa passes only the slot text ("went for a walk", not "I went for a walk"), and people also
type or say the full sentence, so every rule accepts the text with or without a leading "I".

Safety comes first. Crisis detection leans towards recall: a false alarm costs one gentle
offer of help, a miss can cost a life. So crisis rules ignore negation ("I don't want to die"
still earns the resources) and only leave out a short, explicit list of idioms ("killed it",
"dying to see", "die of boredom", "cut my hair", "took my pills on time"). The lesser meanings
lean the other way: a phrase only becomes a setback or a plea for encouragement when it is
clearly the person's own, affirmed, present or past act, because otherwise a win would be lost.

Decisions on cases people could read both ways (the tests pin every one of them):
- "want to die of boredom/embarrassment/laughing" is an idiom (not a crisis); "want to die",
  "want to die of shame" and "going to die" are a crisis.
- "I'd rather die than drink" is resolve, not a crisis; "I'd rather be dead" is a crisis.
- "I wrote a note" alone is a win (thank-you notes are common wins); a suicide, goodbye or
  farewell note or letter is a crisis.
- "I need help", "please help me", "I can't do this anymore", "I can't take it anymore" and
  "suicide" in any form are a crisis: in this skill they are a call for help.
- Overdose or self-harm spoken of in the past or as someone else's ("I gave my friend Narcan",
  "I didn't cut today") is still a crisis: the resources are relevant and cheap to offer.
  Overdose *prevention/awareness/training* and "in case of an overdose" are not.
- "I slipped on the ice but didn't drink" is a win: "slipped" followed by a place or a fall
  is a physical slip, and the negated drinking is not a setback.
- "I almost relapsed", "I nearly gave in" are wins: a near miss survived.
- "I messed up", "I screwed up", "I blew it" alone are setbacks in this skill; with a
  further object ("messed up at work") they are not.
- "I had a hard day but went to a meeting" is a win (it reports one); "I had a hard day" on
  its own asks for encouragement. Present distress ("I'm having a hard day, but ...") asks for
  encouragement even when a win follows.
- "I helped someone who needed encouragement", "my friend relapsed" are not the speaker's own
  plea or lapse: the act belongs to someone else.
- Known, accepted false alarms (recall first): "emergency" and "911" in any sentence (except
  "emergency fund/contact/kit..." and "family emergency"), "my mom is going to kill me",
  "I thought I was going to die at the gym", "I stopped hurting myself".
- "I took pills", "one drink", "just one beer" carry too little to call a lapse: wins. "I had
  one drink" is a setback.
- "let me die" and "I should (just) die" are a crisis; "I could just die" is an idiom.
- A gun at hand is a crisis with no intent said ("I have a gun", "I bought a gun"): a lethal
  means is what matters. A gun range, licence or safe, and a water, glue or nail gun are not.
  So are "enough pills" (unless enough "to last the week") and meaning to jump with nothing
  or "off"/"from" after it; "jump rope", "jumped into the pool" and a diving board are not.
- "I hate myself", "nobody cares about me", "everything is pointless", "life sucks" ask for
  encouragement, not crisis resources: despair, but no wish to die and no danger said.
  "Nobody would care if I was gone" is a crisis; "nobody cares that I was late" is not
  despair at all (a win, when it reports one).
- "I'm going to drink tonight", "I'm about to use" ask for encouragement: nothing is done
  yet. "I was going to drink but I didn't" is a win, as are plans that are not a lapse
  ("going to drink more water", "going to use my coping skills") and "I'm not going to".
- "I'm good", "I'm done", "that's all" decline (SKIP); bare "good" or "fine" do not, since
  they answer "how did it feel?".
- An empty utterance has no win in it: it means `NO_IDEA`.
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

__all__ = ["Meaning", "classify", "is_crisis", "keywords"]


class Meaning(enum.Enum):
    """What an utterance asks the skill to do."""

    WIN = "win"  # a win to save
    CRISIS = "crisis"  # self-harm, suicidal thoughts, overdose, immediate danger
    SETBACK = "setback"  # a lapse or relapse: "I slipped", "had a drink", "used again"
    ENCOURAGE = "encourage"  # asks for support: "having a hard day", "I'm craving a drink"
    NO_IDEA = "no_idea"  # can't think of a win: "nothing", "I don't know"
    SKIP = "skip"  # declines a follow-up: "skip", "no thanks", "that's all"


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _all(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


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
_SPLIT_MARKS = _c("([" + re.escape(_WS + _EDGE + _ANY) + "])")  # keeps the marks it splits at
# Words too common to be worth keying a pattern on when a rarer one will do.
_COMMON = frozenset(
    {
        "i", "we", "a", "an", "the", "to", "of", "in", "on", "at", "my", "me", "am", "is", "are",
        "was", "be", "been", "not", "no", "do", "did", "have", "had", "it", "this", "that", "so",
        "and", "or", "but", "just", "really", "very", "for", "with", "like",
    }
)  # fmt: skip


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


def _needs(pattern: re.Pattern[str]) -> _Need | None:
    """What every match of `pattern` must contain, or None to always search with it."""
    if _sre_parse is None or pattern.flags != re.UNICODE:
        return None
    try:
        _, need = _read(_sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # an item it cannot read: the pattern is always searched
        return None
    return None if need is None else need[1]


def _whole_words(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Words one of which a normalised text must hold for `pattern` to match it, if known."""
    need = _needs(pattern)
    if need is None or any(kind != "word" for kind, _ in need):
        return None
    return frozenset(text for _, text in need)


def _substrings(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which is in any text that `pattern` matches (any text at all)."""
    need = _needs(pattern)
    return None if need is None else tuple(sorted({text for _, text in need}))


# --------------------------------------------------------------------------------------------
# Normalisation: one spelling for every way ASR, keyboards and people write the same words.
# --------------------------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})

# "OD'd" must be read before contractions, or its "'d" would become " would".
_OVERDOSE_SPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_c(r"\bo\.?\s?d\.?\s?'?(?:d|ed)\b"), " overdosed "),
    (_c(r"\bo\.?\s?d\.?\s?'?ing\b"), " overdosing "),
    (_c(r"\bo\.\s?d\b\.?|\bod\b"), " overdose "),
)
# Every spelling above holds this; without it none of them can change the text.
_OVERDOSE_HINT = _c(r"o\.?\s?d")

_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_c(r"\bcan'?t\b|\bcannot\b"), "can not"),
    (_c(r"\bwon't\b"), "will not"),
    (_c(r"\bain'?t\b"), "am not"),
    # Also the apostrophe-less spellings ("dont", "didnt") that typed text and ASR produce.
    (
        _c(r"\b(do|does|did|is|are|was|were|have|has|had|could|would|should|must|need)n'?t\b"),
        r"\1 not",
    ),
    (_c(r"\bi'?m\b"), "i am"),
    (_c(r"\bi'?ve\b"), "i have"),
    (_c(r"'ve\b"), " have"),
    (_c(r"'re\b"), " are"),
    (_c(r"'ll\b"), " will"),
    (_c(r"'d\b"), " would"),
    # "'s" is "is" after these words; elsewhere it is a possessive and only loses its mark.
    (
        _c(
            r"\b(it|that|he|she|what|there|here|who|where|how|life|everything|nothing|someone"
            r"|somebody|everyone|this)'s\b"
        ),
        r"\1 is",
    ),
    (_c(r"\bthats\b"), "that is"),
    (_c(r"\bwanna\b"), "want to"),
    (_c(r"\bgonna\b"), "going to"),
    (_c(r"\bgotta\b"), "got to"),
    (_c(r"\bkinda\b"), "kind of"),
    (_c(r"\bdunno\b"), "do not know"),
    (_c(r"\bidk\b"), "i do not know"),
)
# Each with the strings one of which the text must hold for it to change anything ("" is in
# every text), and all those strings at once: a text without any needs none of them.
_CONTRACTING = tuple(
    (_substrings(pattern) or ("",), pattern, repl) for pattern, repl in _CONTRACTIONS
)
_CONTRACTION_HINT = _c("|".join(re.escape(s) for needs, _, _ in _CONTRACTING for s in needs))

# Sentence punctuation ends a clause: "No, I drank" is "no" + "i drank", not "no ... drank".
_CLAUSE_PUNCTUATION = _c(r"[.,;:!?()\[\]\u2014\u2013]+|\s-\s")
# Conjunctions end a clause too, so a negation in one clause cannot excuse the next one:
# "I could not sleep so I drank" keeps "i drank". "or"/"nor" stay: "never smoked or drank".
_CLAUSE_WORDS = _c(
    r"\b(?:but|and(?!\s+(?:fell|fall|hurt|broke|twisted|landed)\b)|then|though|although"
    r"|because|cause|cuz|while|when|whenever|after|before|until|till|yet|however|plus)\b"
)
# Words one of which the text must hold for _CLAUSE_WORDS to split it (None: always split).
_CLAUSE_WORD_SET = _whole_words(_CLAUSE_WORDS)
_HYPHEN = _c(r"(?<=\w)-(?=\w)")
_NOT_WORD = _c(r"[^a-z0-9 ]+")


class _Text:
    """An utterance normalised: `flat` for whole-utterance rules, `clauses` for act rules.

    `words` are those of `flat`; `bits` and `tail` are worked out when first asked for.
    """

    __slots__ = ("_bits", "_tail", "clauses", "flat", "words")

    def __init__(self, flat: str, clauses: tuple[str, ...], words: tuple[str, ...]) -> None:
        self.flat = flat
        self.clauses = clauses
        self.words = words
        self._bits: int | None = None
        self._tail: str | None = None

    @property
    def bits(self) -> int:
        """Which patterns could match `flat`, its clauses or its tail (see `_could_match`)."""
        if self._bits is None:
            bits = _ALWAYS
            for word in self.words:
                known = _WORD_BITS.get(word)
                if known is None:
                    if len(_WORD_BITS) >= _WORDS_KEPT:
                        _WORD_BITS.clear()
                    known = _WORD_BITS[word] = _word_bits(word)
                bits |= known
            self._bits = bits
        return self._bits

    @property
    def tail(self) -> str:
        """`flat` without leading filler words: what whole-utterance answers must match."""
        if self._tail is None:
            self._tail = _LEAD_FILLER.sub("", self.flat)
        return self._tail


def _words_only(piece: str) -> str:
    # Only letters, digits and spaces are left, so str.split() finds the same spaces as \s+.
    return " ".join(_NOT_WORD.sub(" ", piece).split())


@lru_cache(maxsize=512)
def _parse(text: str) -> _Text:
    """Lowercase, one apostrophe, contractions expanded, punctuation gone, clauses split.

    Each step is skipped when a cheap look shows it would leave the text as it is.
    """
    s = text.lower()
    if not s.isascii() or "`" in s:  # the other quotes in _QUOTES are not ASCII
        s = s.translate(_QUOTES)
    if _OVERDOSE_HINT.search(s):
        for pattern, repl in _OVERDOSE_SPELLINGS:
            s = pattern.sub(repl, s)
    if _CONTRACTION_HINT.search(s):
        for needs, pattern, repl in _CONTRACTING:
            for need in needs:
                if need in s:
                    s = pattern.sub(repl, s)
                    break
    s = s.replace("'", "").replace("&", " and ")
    if "-" in s:
        s = _HYPHEN.sub(" ", s)  # "self-harm", "alcohol-free", "9-1-1"
    if _NOT_WORD.search(s) is None:  # no punctuation to split at, nothing to remove
        pieces = [" ".join(s.split())]
    else:
        pieces = [_words_only(p) for p in _CLAUSE_PUNCTUATION.split(s)]
    pieces = [p for p in pieces if p]
    flat = " ".join(pieces)
    words = tuple(flat.split())
    if _CLAUSE_WORD_SET is not None and _CLAUSE_WORD_SET.isdisjoint(words):
        clauses = tuple(pieces)  # already stripped and not empty
    else:
        clauses = tuple(c.strip() for p in pieces for c in _CLAUSE_WORDS.split(p) if c.strip())
    return _Text(flat, clauses, words)


# --------------------------------------------------------------------------------------------
# Shared vocabulary.
# --------------------------------------------------------------------------------------------

# Quantities and containers between a verb and what was drunk: "had a couple of beers".
_QTY = (
    r"(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|few|couple|of|some|several"
    r"|too|many|much|lot|lots|like|bunch|more|another|the|just|little|small|big|cold|quick"
    r"|single|whole|glass|glasses|bottle|bottles|shot|shots|pint|pints|can|cans|sip|sips"
    r"|case|pack|six|way)\s+){0,5}"
)
_ALCOHOL = (
    r"(?:drinks?|beers?|wines?|shots?|vodka|whiske?y|tequila|rum|gin|bourbon|scotch|brandy"
    r"|liquor|booze|alcohol(?!\s+free)|cocktails?|margaritas?|martinis?|mimosas?|champagne"
    r"|prosecco|sake|lager|ale|ipa|hard seltzers?|a drink)"
)
# What a person in recovery drinks instead: never a setback.
_SOFT = (
    r"(?:water|tea|coffee|juice|milk|soda|pop|lemonade|seltzer|sparkling|la croix|kombucha"
    r"|smoothie|hot chocolate|cocoa|mocktails?|coke|sprite|ginger ale|root beer|ginger beer"
    r"|non alcoholic|nonalcoholic|na beer|alcohol free|decaf|latte|espresso|gatorade"
    r"|electrolytes|protein shake|shake|broth|soup)"
)
_DRUGS = (
    r"(?:drugs|coke|cocaine|crack|meth|heroin|dope|fentanyl|fent|opioids|opiates|oxy|oxys"
    r"|oxycodone|oxycontin|percs|percocets?|xanax|xans|benzos|molly|ecstasy|mdma|acid|lsd"
    r"|shrooms|speed|ketamine|pcp|weed|pot|marijuana|cannabis|a joint|a line|lines|a bump"
    r"|kratom|spice|pills|a pill|dabs|a dab|heroine)"
)
# Drugs with no everyday meaning: "picked up some pills/coke" may be the pharmacy or a soda.
_ILLICIT = (
    r"(?:drugs|cocaine|crack|meth|heroin|dope|fentanyl|fent|molly|ecstasy|mdma|shrooms"
    r"|ketamine|pcp|weed|a\s+joint|a\s+bag|a\s+baggie|a\s+gram|an\s+eight\s+ball|an\s+eightball)"
)
# Words that mark when something happened, which make a bare "I used" clearly a lapse.
_WHEN = (
    r"(?:again|today|tonight|yesterday|last\s+(?:night|week|weekend|month)|this\s+(?:morning"
    r"|afternoon|evening|weekend|week)|once|twice|a\s+little|a\s+bit|earlier)"
)
_ADV = (
    r"(?:(?:really|so|very|just|still|kind of|sort of|a bit|a little|pretty|super|seriously"
    r"|extremely|totally|honestly|actually|constantly|literally|right now|now|today|tonight"
    r"|all day|lately|badly|definitely|also)\s+)*"
)
# The speaker, in the present: "I am", "I've been", "I keep", "I feel", or nothing at all
# (the slot text of "I'm {win}" starts at the verb).
_SELF_NOW = (
    rf"(?:^|\b(?:i|we)\s+){_ADV}(?:(?:am|are|have been|been|keep|keep on|feel|feeling"
    rf"|am feeling|have been feeling|getting|am getting)\s+{_ADV})?"
)
_SELF = rf"(?:^|\b(?:i|we)\s+){_ADV}"
_HARD = (
    r"(?:hard|rough|tough|bad|difficult|terrible|awful|horrible|crappy|shitty|lousy|stressful"
    r"|dark|heavy|brutal|miserable|sad|lonely|emotional|challenging|shit|low|crap)"
)

# --------------------------------------------------------------------------------------------
# CRISIS. Searched on the whole utterance; negation does not cancel (see module docstring).
# --------------------------------------------------------------------------------------------

# Hyperbole that uses "die" for intensity, never meant: left out on purpose.
_DIE_IDIOM = (
    r"(?:\s+(?:of\s+(?:boredom|embarrassment|laughter|laughing|cuteness|excitement|happiness"
    r"|curiosity|jealousy|envy|hunger|thirst)|laughing|for\b|to\b|than\b))"
)

_SUICIDE = _all(
    # Any form of the word: "suicide", "suicidal", "suicidal thoughts".
    r"\bsuicid\w*",
    r"\b(?:kill|killing|killed|kills)\s+(?:myself|my self|me self|himself|herself|themselves"
    r"|themself|ourselves)\b(?!\s+laughing)",
    r"\bkms\b|\bunalive\w*",
    rf"\b(?:want|wanted|wanting|wants|wish|wished|ready|deserve|going|about|need|trying|tried"
    rf"|plan|planning|planned|hope|hoping|decided)\s+to\s+die\b(?!{_DIE_IDIOM})",
    rf"(?:^|\bi\s+am\s+|\bi\s+think\s+i\s+am\s+|\bfeel\s+like\s+i\s+am\s+)dying\b"
    rf"(?!{_DIE_IDIOM}|\s+inside)",
    # "I could just die" is an idiom of embarrassment; "I should just die" is not.
    rf"\b(?:let\s+me|should(?:\s+just)?)\s+die\b(?!{_DIE_IDIOM})"
    r"|\bshould\s+(?:just\s+)?be\s+dead\b",
    r"\bwish\s+(?:i|to)\s+(?:was|were|could\s+be|would\s+be|would|could)\s+(?:just\s+)?"
    r"(?:dead|die|gone|disappear|not\s+(?:alive|here|wake\s+up)|never\s+wake\s+up)\b",
    r"\bwish\s+i\s+(?:was|were|had)\s+(?:never|not\s+been)\s+(?:born|here|alive)\b",
    r"\b(?:want|wanted|wish|wished)\s+(?:to\s+)?be\s+(?:dead|gone)\b",
    r"\b(?:better\s+off\s+dead|rather\s+be\s+dead)\b",
    r"\brather\s+die\b(?!\s+than\b)",
    r"\bhope\s+i\s+(?:die|do\s+not\s+wake\s+up|never\s+wake\s+up)\b",
    # Not wanting to live, said many ways.
    r"\b(?:do\s+not|did\s+not|never)\s+(?:really\s+)?want\s+to\s+(?:live|be\s+alive|exist"
    r"|wake\s+up|be\s+around)\b",
    r"\b(?:do\s+not|did\s+not|never)\s+(?:really\s+)?want\s+to\s+(?:be\s+here|go\s+on"
    r"|keep\s+going|keep\s+living)(?=\s*$|\s+(?:anymore|any\s+more|any\s+longer|no\s+more"
    r"|like\s+this|on\s+this\s+earth|in\s+this\s+world))",
    r"\b(?:tired|sick)\s+of\s+(?:living|being\s+alive|life|existing)\b|\bdone\s+with\s+life\b",
    r"\b(?:no|not\s+any|not\s+a\s+single)\s+reason\s+to\s+(?:live|go\s+on|keep\s+going"
    r"|be\s+here|stay\s+alive|keep\s+living)\b",
    r"\bnothing\s+(?:left\s+)?to\s+live\s+for\b",
    r"\bno\s+point\s+(?:in\s+|to\s+)?(?:living|going\s+on|life|being\s+alive|being\s+here)\b",
    r"\bwhat\s+is\s+the\s+point\s+(?:of|in)\s+(?:living|life|going\s+on|being\s+alive)\b",
    r"\b(?:not|no\s+longer)\s+worth\s+(?:living|it\s+anymore)\b|\blife\s+is\s+not\s+worth\b",
    r"\bgive\s+up\s+on\s+life\b|\bgiving\s+up\s+on\s+life\b",
    # Ending it: "end it all", "end my life", "take my own life".
    r"\b(?:end|ending|ended|finish|finishing)\s+(?:it\s+all|my\s+(?:own\s+)?life|everything)\b",
    # "I took my life back" is the opposite: a recovery phrase.
    r"\b(?:take|taking|took)\s+my\s+(?:own\s+)?life\b(?!\s+back\b)",
    r"\b(?:want|wanted|going|plan|planning|ready|about|thinking\s+about|thought\s+about|decided"
    r"|need)\s+(?:to\s+)?end(?:ing)?\s+(?:it|things)\b(?!\s+with\b)",
    r"\bwant\s+(?:it|this|everything|the\s+pain|it\s+all)\s+(?:all\s+)?to\s+(?:end|stop"
    r"|be\s+over)\b",
    r"\b(?:everyone|everybody|they|the\s+world|my\s+\w+|people)\s+(?:would|will)\s+be\s+better"
    r"\s+off\b|\bbetter\s+off\s+without\s+me\b",
    r"\bbetter\s+off\s+if\s+i\s+(?:was|were|am|died|did\s+not|was\s+not|were\s+not)\b",
    r"(?:^|\bi\s+am\s+|\bfeel\s+like\s+(?:i\s+am\s+)?)(?:such\s+)?a\s+burden\b",
    r"\b(?:go\s+to\s+sleep|fall\s+asleep|sleep)\s+and\s+(?:never|not)\s+wake\s+up\b",
    # Methods.
    r"\b(?:hang|hanging|hanged|shoot|shooting|drown|drowning|poison|poisoning|suffocate"
    r"|stab|stabbing)\s+myself\b(?!\s+in\s+the\s+foot)",
    r"\bshot\s+myself\b(?!\s+in\s+the\s+foot)",
    r"\b(?:jump|jumping|jumped)\s+(?:off|from)\s+(?:a|the)\s+(?:bridge|building|roof|cliff"
    r"|balcony|overpass)\b",
    # Meaning to jump, with nothing after it or off/from somewhere. "jump rope", "jump at the
    # chance", "jumped into the pool" and jumping off a diving board or a dock are not.
    r"\b(?:(?:want|wanted|wanting|going|about|ready|plan|planning|need|decided|trying|tempted"
    r"|thinking\s+about|thought\s+about)\s+to\s+jump|(?:thinking|thought)\s+(?:about|of)"
    r"\s+jumping)\b(?=\s*$|\s+(?:off|from|out\s+(?:of\s+)?(?:a|the|my)\s+window|now"
    r"|right\s+now|today|tonight)\b)(?!\s+off\s+(?:of\s+)?(?:a\s+|the\s+)?(?:diving\s+board"
    r"|high\s+dive|dock|pier|boat|couch|bed|swing|trampoline|deep\s+end|wagon)\b)",
    # On the edge or ledge of a height; "on edge" is distress, "on the edge of my seat" is not.
    r"\bon\s+(?:the|a)\s+ledge\b|\b(?:standing|stood|am|sitting|sat|climbed|climbing)\s+"
    r"(?:on|onto|out\s+on)\s+(?:the|a)\s+edge\b(?=\s*$|\s+(?:of\s+(?:the|a|this)\s+"
    r"(?:bridge|roof|rooftop|building|cliff|balcony|overpass|platform|tracks)|right\s+now|now"
    r"|again|and\s+(?:want|going|about|thinking|ready))\b)",
    r"\b(?:slit|slitting|cut|cutting|slash|slashing)\s+my\s+wrists?\b",
    r"\b(?:step|stepping|jump|jumping|walk|walking)\s+in\s+front\s+of\s+(?:a|the)\s+(?:train"
    r"|bus|car|truck)\b",
    r"\bdrive\s+(?:my\s+car\s+)?off\s+(?:a|the)\s+(?:bridge|cliff|road)\b",
    # Warning signs: a goodbye note, giving things away. A bare "I wrote a note" is a win.
    r"\b(?:suicide|goodbye|farewell|final)\s+(?:note|letter)s?\b",
    r"\b(?:giving|gave|give)\s+away\s+(?:all\s+)?(?:of\s+)?my\s+(?:stuff|things|belongings"
    r"|possessions)\b",
    r"\b(?:said|saying)\s+(?:my\s+)?goodbyes?\s+to\s+everyone\b|\bsaid\s+my\s+goodbyes\b",
    r"\b(?:think|thinking|thought)\s+(?:about|of)\s+(?:death|dying|ending\s+it"
    r"|not\s+being\s+here|not\s+waking\s+up|killing)\b",
    r"\bno\s+way\s+out\b|\bwant\s+to\s+disappear\b",
    r"\b(?:nobody|no\s+one|no\s+body)\s+(?:would|will|is\s+going\s+to)\s+(?:miss|notice|care)"
    r"\b(?:\s+(?:me|if\s+i))?",
    r"\b(?:sleep|go\s+to\s+sleep)\s+forever\b|\bnever\s+wake\s+up\b",
    r"\b(?:do\s+not|can\s+not)\s+see\s+(?:the|any)\s+point\b(?=\s*$|\s+(?:anymore|any\s+more"
    r"|in\s+(?:living|life|going\s+on)|of\s+(?:living|life|going\s+on)))",
    r"\b(?:drink|drinking|drank|use|using|used)\s+myself\s+to\s+death\b",
    r"\b(?:will\s+not|will\s+no\s+longer|am\s+not\s+going\s+to)\s+be\s+(?:here|around|alive)"
    r"\s+(?:tomorrow|much\s+longer|for\s+long|anymore|next\s+week)\b",
    r"\bthis\s+is\s+(?:my\s+)?goodbye\b|\bgoodbye\s+forever\b",
    # Means gathered: a rope, pills saved up.
    r"\b(?:bought|got|have|buying|found)\s+(?:a\s+|some\s+)?rope\b(?=\s*$|\s+(?:today|tonight"
    r"|yesterday|to\s+hang|for\s+myself)\b)",
    r"\b(?:pills|meds)\s+saved\s+up\b|\b(?:saving|saved|stockpiling|stockpiled|hoarding)"
    r"\s+(?:up\s+)?(?:my\s+|some\s+)?(?:pills|meds|medication)\b",
    # "enough pills", unless they are enough to last a while or get through the week.
    r"\benough\s+(?:of\s+(?:my|the|his|her)\s+)?(?:pills|meds|medication|medicine|tablets"
    r"|painkillers|sleeping\s+pills|xanax|oxys?|insulin|heroin|fentanyl|fent|dope)\b"
    r"(?=\s*$|\s+to\s*$|\s+(?:saved|stashed|stockpiled|hidden|now|right\s+now|tonight"
    r"|to\s+(?:die|end|kill|overdose|do\s+it|not\s+wake|never\s+wake|go\s+to\s+sleep"
    r"|sleep\s+forever|be\s+done|finish))\b)",
    # A gun at hand is a crisis even with no intent said ("I have a gun", "bought a gun to");
    # a gun range, licence or safe, a locked-up gun, or a water, glue or nail gun is not.
    r"\b(?:have|have\s+got|got|bought|buying|found|grabbed|holding|loaded|loading|pulled\s+out"
    r"|took\s+out|got\s+out|picked\s+up)\s+(?:(?:a|an|my|the|his|her|their|a\s+loaded"
    r"|loaded|new|\w+s)\s+){0,2}(?:gun|guns|pistol|handgun|revolver|firearm|rifle|shotgun)\b"
    r"(?!\s+(?:range|license|licence|safety|class|course|show|safe|lock|locked|cabinet"
    r"|permit|store|shop)\b)",
    r"\b(?:gun|pistol)\s+(?:to|in|against)\s+my\s+(?:head|mouth|temple|chest)\b"
    r"|\b(?:knife|blade)\s+(?:to|against)\s+my\s+(?:throat|wrists?)\b",
    # Being unable to go on: in this skill, a call for help.
    r"\b(?:can\s+not|can\s+no\s+longer)\s+(?:go\s+on|keep\s+going|live\s+like\s+this"
    r"|take\s+(?:it|this|the\s+pain|any\s+more|anymore)|do\s+this)\b"
    r"(?=\s*$|\s+(?:anymore|any\s+more|any\s+longer|like\s+this|living|no\s+more))",
)

_SELF_HARM = _all(
    r"\bself\s?harm\w*|\bself\s+(?:injury|injure|injuring|mutilation|mutilate|mutilating)\b",
    # Accidents ("cut myself shaving") and idioms ("cut myself some slack") are left out.
    r"\b(?:hurt|hurting|hurts|harm|harming|harmed|cut|cutting|cuts|burn|burning|burned|burnt"
    r"|hit|hitting|punch|punching|starve|starving|starved|scratch|scratching|scratched|bang"
    r"|banging|injure|injuring)\s+(?:myself|my\s+self|himself|herself|themselves)\b"
    r"(?!\s+(?:off|some\s+slack|a\s+break|a\s+slice|a\s+piece|short|at\s+the\s+gym|at\s+work"
    r"|lifting|playing|running|working\s+out|exercising|cooking|shaving|while|on\s+the"
    r"|in\s+the|by\s+accident|accidentally|falling|when\s+i\s+fell|doing|chopping|slicing"
    r"|with\s+a\s+kitchen))",
    r"\bcutting\s+again\b",
    r"\b(?:been|started|start|starting|am|keep|back\s+to|urge\s+to|want\s+to|wanted\s+to"
    r"|going\s+to|relapsed\s+on)\s+cut(?:ting)?\b(?=\s*$|\s+(?:again|myself|me|my\s+(?:arms?"
    r"|wrists?|legs?|thighs?|skin|body|stomach)))",
    r"\bcut(?:ting)?\s+(?:on\s+)?my\s+(?:arms?|wrists?|legs?|thighs?|skin|body|stomach)\b"
    r"(?!\s+(?:on|open\s+on|while|by\s+accident|accidentally|at\s+work|at\s+the))",
)

_OVERDOSE = _all(
    # "overdose", "overdosed", "overdosing" and "OD" (normalised to "overdose" on input).
    r"(?<!case\sof\s)(?<!case\sof\san\s)(?<!case\sof\sa\s)\boverdos\w*\b"
    r"(?!\s+(?:prevention|awareness|training|class|course|kit|kits|response\s+training))",
    # "took too much" needs a drug nearby or nothing after it ("I think I took too much");
    # "took too much on at work" and "took too much time" are not overdoses.
    rf"\b(?:took|taken|take|taking|did|done|used|using|swallowed|snorted|injected|shot\s+up"
    rf"|popped|smoked)\s+(?:way\s+)?too\s+(?:much|many)\b(?=\s*$|\s+(?:\w+\s+){{0,3}}?"
    rf"(?:{_DRUGS}|meds|medication|medicine|tablets|painkillers|sleeping\s+pills)\b)",
    # Swallowing a whole supply; "I took all my pills on time" (adherence) is a win.
    r"\b(?:took|swallowed|downed|popped|ate|taken)\s+(?:a\s+(?:whole|full)\s+bottle"
    r"|the\s+(?:whole|entire)\s+bottle|a\s+(?:handful|bunch|lot|ton)|all)\s+(?:of\s+)?"
    r"(?:(?:my|the|his|her|their)\s+)?(?:\w+\s+)?(?:pills|meds|medication|medications|medicine"
    r"|tablets|painkillers|xanax|oxys?|percs|percocets?|benzos)\b"
    r"(?!\s+(?:on\s+time|today|as\s+prescribed|this\s+(?:morning|week|evening)|like\s+i"
    r"|every|at\s+the\s+right\s+time|with\s+(?:breakfast|food|dinner|lunch)|for\s+the))",
    # Signs of an overdose in progress, in someone else as often as in oneself.
    r"\b(?:not|stopped|stop|can\s+not|barely|hardly|no\s+longer|trouble)\s+breath(?:e|ing)\b"
    r"(?!\s+(?:through|out\s+of|right\s+through))",
    r"\bturning\s+blue\b|\blips\s+are\s+blue\b|\bunresponsive\b|\bnot\s+responsive\b",
    r"\b(?:will\s+not|can\s+not|could\s+not)\s+(?:get\s+(?:him|her|them)\s+to\s+)?wake\s+"
    r"(?:him|her|them\s+)?up\b(?!\s+(?:for|in\s+time|early|on\s+time|at))",
    r"\b(?:need|needs|give|giving|gave|use|using|used|where\s+is)\s+(?:him\s+|her\s+|them\s+"
    r"|my\s+\w+\s+|some\s+|the\s+)?(?:narcan|naloxone)\b",
    r"\b(?:having|is\s+having|am\s+having)\s+(?:a\s+)?(?:seizures?|heart\s+attack|stroke)\b",
)

_DANGER = _all(
    # "in danger of relapsing" is a figure of speech, not danger.
    r"\bin\s+(?:immediate\s+|serious\s+|real\s+)?danger\b(?!\s+of\b)",
    # "safe" only: "not secure" is as often about self-esteem as about danger.
    r"\bnot\s+safe\b(?!\s+to\b)|\bunsafe\b",
    r"\b(?:do\s+not|never|no\s+longer)\s+feel\s+safe\b",
    r"\b(?:fear|fearing|scared|afraid|terrified|worried)\s+for\s+my\s+(?:life|safety)\b",
    r"\bbeing\s+(?:abused|hurt|hit|beaten|attacked|threatened|stalked|followed|held)\b",
    r"\b(?:hitting|attacking|choking|strangling|stalking|abusing|raping|assaulting)\s+me\b"
    r"|\bbeat(?:ing)?\s+me\s+up\b",
    r"\b(?:he|she|they|someone|somebody|a\s+(?:man|guy|woman|stranger)|my\s+(?:husband|wife"
    r"|boyfriend|girlfriend|partner|ex|dad|father|mom|mother|stepdad|stepfather|stepmom"
    r"|brother|sister|roommate|dealer|son|daughter|neighbor|boss))\s+(?:is\s+|are\s+|keeps\s+"
    r"|has\s+been\s+|have\s+been\s+|was\s+|just\s+|is\s+still\s+)?(?:hurting|hurt|hitting|hit"
    r"|beating|beat|attacking|attacked|choking|choked|strangling|threatening|threatened"
    r"|stalking|abusing|abused|raping|raped|assaulting|assaulted|grabbing|grabbed|pushing"
    r"|pushed|kicking|kicked|hits|beats|hurts|chokes|kicks|threatens|abuses|rapes)"
    r"\s+me\b(?!\s+up\b)",  # "he hit me up" is a message, not a blow
    r"\b(?:someone|somebody|a\s+(?:man|guy|woman|stranger|car)|he|they)\s+(?:is\s+|are\s+"
    r"|keeps\s+|has\s+been\s+|was\s+)?following\s+me\b(?!\s+(?:on|back)\b)",
    r"\b(?:scared|afraid|terrified)\s+of\s+(?:my\s+(?:husband|wife|boyfriend|girlfriend|partner"
    r"|ex|dad|father|stepdad|stepfather|mom|mother|roommate|dealer)|him|her)\b"
    r"(?!\s+(?:finding|knowing|seeing|being|judging|getting))",
    r"\b(?:someone|somebody|a\s+man|a\s+guy|he|they)\s+(?:broke|is\s+breaking|are\s+breaking"
    r"|just\s+broke|tried\s+to\s+break)\s+in(?:to)?\b",
    # Signs of severe withdrawal (delirium tremens), a medical emergency.
    r"\b(?:hallucinating|the\s+dts|delirium\s+tremens)\b|\b(?:seeing|hearing)\s+things\b"
    r"(?=\s*$|\s+(?:that\s+(?:are|is)\s+not\s+there|again|now|right\s+now))",
    r"(?:^|\bi\s+am\s+)bleeding\b(?!\s+heart)",
    # "he's going to hurt me"; "this is going to kill me" is a complaint, not a threat.
    r"(?<!it\sis\s)(?<!this\sis\s)(?<!that\sis\s)(?<!craving\sis\s)(?<!cravings\sare\s)"
    r"\b(?:going\s+to|will|wants\s+to|want\s+to|trying\s+to|tried\s+to|threatened\s+to"
    r"|threatening\s+to|about\s+to|said\s+he\s+would|said\s+she\s+would|coming\s+to)\s+(?:hurt"
    r"|kill|hit|beat|attack|rape|shoot|stab|choke|strangle)\s+me\b",
    r"\b(?:he|she|they|someone|somebody)\s+(?:has|have|got|is\s+holding|pulled)\s+(?:a\s+)?"
    r"(?:gun|knife|weapon)\b",
    # A plain cry for help.
    r"\bneed\s+(?:some\s+)?help\b(?=\s*$|\s+(?:right\s+now|now|immediately|urgently|asap|fast"
    r"|quick|quickly|please|right\s+away|bad|badly|here))",
    r"\bplease\s+help\b(?!\s+(?:me\s+)?(?:stay|to|get|with|find|remember|feel|not|be|through"
    r"|resist|hold|cope))"
    r"|\bhelp\s+me(?:\s+please)?\s*$|^help$",
    r"\bemergency\b(?<!family\semergency)(?<!work\semergency)(?<!dental\semergency)"
    r"(?<!pet\semergency)(?!\s+(?:fund|funds|savings|contact|contacts|kit|plan|exit|brake"
    r"|drill|number|numbers))",
    r"\b(?:911|9\s1\s1|nine\s+one\s+one)\b",
    r"\b(?:call|calling|need)\s+(?:an\s+ambulance|the\s+police|the\s+cops|paramedics)\b",
)

_CRISIS: tuple[re.Pattern[str], ...] = _SUICIDE + _SELF_HARM + _OVERDOSE + _DANGER


# --------------------------------------------------------------------------------------------
# SETBACK. Searched clause by clause; must be the speaker's own, affirmed act.
# --------------------------------------------------------------------------------------------

_SETBACK = _all(
    # Named as such. Bare "relapse"/"relapsing" are usually hypothetical ("scared to relapse").
    r"\b(?:relapsed|lapsed)\b",
    r"\bhad\s+(?:a\s+|another\s+)?(?:little\s+|small\s+|minor\s+|big\s+|bad\s+|major\s+"
    r"|bit\s+of\s+a\s+)?(?:relapse|slip|lapse|slip\s+up)\b",
    r"\b(?:am|been|was|started|start)\s+relapsing\b",
    r"^(?:a\s+)?(?:relapse|slip|lapse)$",
    # "Slipped" is a lapse unless it is a fall ("slipped on the ice") or sneaking away.
    r"\bslipped\b(?!\s+(?:on|out|off|away|past|by|over|through|under|and\s+fell|and\s+fall"
    r"|and\s+hurt|in\s+the|into\s+the|into\s+a|my\s+mind|out\s+of|down))",
    # Drinking, unless what was drunk was not alcohol ("I had a drink of water").
    rf"\bdrank\b(?!\s+{_QTY}{_SOFT}\b)",
    rf"\b(?:had|have\s+had|took|downed|chugged|finished)\s+{_QTY}{_ALCOHOL}\b"
    rf"(?!\s+of\s+{_QTY}{_SOFT}\b)",
    r"\bhad\s+(?:way\s+)?too\s+much\s+to\s+drink\b",
    rf"\b(?:took|had)\s+(?:a|one)\s+(?:sip|swig|taste)\b(?=\s*$|\s+{_WHEN}\b|\s+of\s+"
    rf"(?:\w+\s+){{0,3}}?{_ALCOHOL}\b)",
    rf"(?:^|\bi\s+|\bwe\s+)shot\s+up\b(?=\s*$|\s+(?:{_WHEN}|{_QTY}{_DRUGS})\b)",
    rf"\b(?:started|start|went\s+back\s+to|back\s+to|been|was|were|am|caught\s+myself"
    rf"|ended\s+up|kept)\s+drinking\b(?!\s+{_QTY}{_SOFT}\b)",
    r"\bdrinking\s+again\b",
    r"\b(?:got|was|am|were|been|getting)\s+(?:so\s+|really\s+|very\s+|a\s+little\s+|a\s+bit\s+"
    r"|pretty\s+|super\s+)?(?:drunk|wasted|hammered|smashed|tipsy|buzzed|trashed|blitzed"
    r"|plastered|stoned|high(?!\s+(?:on\s+life|marks|scores?|grades?|praise|fives?))"
    r"|loaded(?!\s+with)|messed\s+up|fucked\s+up)\b",
    r"\bblacked\s+out\b|\bwent\s+on\s+a\s+(?:bender|binge|run)\b",
    # Using: "I used", "used again", "used meth"; "used my coping skills" and "used to" are not.
    rf"\bused\b(?=\s*$|\s+(?:{_WHEN}|{_QTY}{_DRUGS})\b)",
    rf"\b(?:been|was|am|started|start|back\s+to|went\s+back\s+to|kept)\s+using\b"
    rf"(?=\s*$|\s+(?:{_WHEN}|{_QTY}{_DRUGS})\b)",
    r"\busing\s+again\b",
    rf"\b(?:did|done|snorted|injected|shot\s+up|popped|smoked)\s+{_QTY}{_DRUGS}\b",
    r"\btook\s+(?:some\s+|a\s+)?(?:heroin|meth|coke|cocaine|crack|fentanyl|molly|ecstasy|mdma"
    r"|acid|lsd|shrooms|ketamine|pcp|drugs|hit|drink(?!\s+of\b)|shot(?!\s+at\b))\b",
    # "Picked up" in the recovery sense; "picked up my kids/my chip/the phone" are wins.
    rf"\bpicked\s+up\b(?=\s*$|\s+(?:{_WHEN}|{_QTY}{_ALCOHOL}|{_QTY}{_ILLICIT}|a\s+bottle"
    rf"|a\s+six\s+pack)\b)",
    r"\bsmoked\b(?=\s*$|\s+(?:again|today|tonight|yesterday|last\s+\w+|this\s+\w+"
    r"|(?:a\s+|some\s+|a\s+few\s+|two\s+)?(?:cigarettes?|cigs?|joints?|blunts?|bowls?"
    r"|weed|pot|crack|meth|dope|heroin|cannabis|marijuana|pipe|vape|nicotine|cigars?))\b)",
    r"\bsmoking\s+again\b|\bvaped\s+again\b",
    # Giving in; "I almost gave in" is caught by the negation check as a near miss.
    r"\b(?:gave|given)\s+in\b|\bcaved\b",
    rf"\b(?:messed|screwed|fucked)\s+up\b(?=\s*$|\s+(?:{_WHEN}|big\s+time|bad|badly"
    rf"|my\s+(?:sobriety|streak|recovery))\b)",
    rf"\bblew\s+it\b(?=\s*$|\s+(?:{_WHEN}|big\s+time)\b)",
    r"\bfell\s+off\s+the\s+wagon\b",
    r"\b(?:lost|broke|ruined|ended|reset|restarted)\s+my\s+(?:sobriety|streak|clean\s+time"
    r"|sober\s+time|sober\s+date|sobriety\s+date|clean\s+date|date|days|clock|counter)\b",
    r"\bback\s+to\s+day\s+(?:one|1|zero|0)\b|\bday\s+(?:one|1)\s+again\b"
    r"|\bstart(?:ing)?\s+over\s+(?:at|from)\s+day\s+(?:one|1)\b",
)


# --------------------------------------------------------------------------------------------
# ENCOURAGE. The speaker's present distress or craving, or a request for support.
# --------------------------------------------------------------------------------------------

_WANT_ACT = (
    rf"(?:to\s+(?:drink(?!\s+{_QTY}{_SOFT}\b)|use(?=\s*$|\s+(?:{_WHEN}|so\s+bad|so\s+badly"
    rf"|really\s+bad|right\s+now|now|badly|bad|{_QTY}{_DRUGS})\b)|get\s+(?:high|drunk|wasted"
    rf"|loaded|stoned|messed\s+up|fucked\s+up)|relapse|pick\s+up|smoke|go\s+(?:to\s+the\s+bar"
    rf"|out\s+drinking|drinking|buy\s+\w+)|buy\s+(?:a\s+bottle|booze|drugs|beer|alcohol|wine"
    rf"|weed|pills)|call\s+my\s+dealer|have\s+(?:a\s+drink|a\s+beer|one|a\s+glass)|give\s+in"
    rf"|drink\s+again|use\s+again|score))"
)
_WANT_THING = (
    rf"(?:{_QTY}(?:{_ALCOHOL}|{_DRUGS}|cigarettes?|a\s+cigarette|a\s+smoke|a\s+hit|a\s+fix))"
)
# A lapse the speaker means to commit next: "going to drink tonight", "about to use". Narrower
# than _WANT_ACT, because plans are often wins: "going to drink more water", "going to pick up
# my chip", "going to use my coping skills", "going to smoke a brisket".
_PLAN_ACT = (
    rf"(?:to\s+(?:go\s+)?(?:drink(?!\s+(?:(?:my|your|our|plenty|lots|enough|of|\d+)\s+)*{_QTY}"
    rf"(?:{_SOFT}|fluids|liquids)\b)|use(?=\s*$|\s+(?:{_WHEN}|{_QTY}{_DRUGS})\b)|get\s+(?:high"
    rf"|drunk|wasted|loaded|stoned|hammered|smashed|messed\s+up|fucked\s+up)|relapse|give\s+in"
    rf"|pick\s+up(?=\s*$|\s+(?:{_WHEN}|{_QTY}{_ALCOHOL}|{_QTY}{_ILLICIT})\b)|smoke(?=\s*$"
    rf"|\s+(?:{_WHEN}|{_QTY}(?:{_DRUGS}|cigarettes?|cigs?|joints?|blunts?|a\s+bowl))\b)"
    rf"|drinking|out\s+drinking|buy\s+(?:a\s+bottle|booze|drugs|beer|alcohol|wine|weed|liquor)"
    rf"|call\s+my\s+dealer|have\s+(?:{_QTY}{_ALCOHOL}(?!\s+of\s+{_QTY}{_SOFT}\b)"
    rf"|one(?=\s*$|\s+{_WHEN}\b))|score(?=\s*$|\s+(?:{_WHEN}|{_QTY}{_ILLICIT})\b))\b)"
)
# "I feel like" before a statement about life: its "like" is no hedge here (see _NEGATION).
_FEEL_LIKE = rf"(?:{_SELF_NOW}(?:like|that)\s+)?"

_ENCOURAGE = _all(
    # Craving right now ("I'm craving a drink"); "I resisted a craving" is not a present one.
    rf"{_SELF_NOW}(?:craving|jonesing|fiending|itching\s+to|white\s+knuckling|dying\s+for"
    rf"\s+a\s+(?:drink|hit|beer|smoke))\b",
    rf"{_SELF}crave\b",
    rf"{_SELF}(?:have|am\s+having|having|have\s+been\s+having|keep\s+having|got|get|getting)"
    rf"\s+(?:(?:a|some|these|bad|strong|intense|big|huge|crazy|major|real|serious|the|really"
    rf"|so|such|awful|terrible)\s+)*cravings?\b",
    rf"\b(?:the|my|these|this|a)?\s*cravings?\s+(?:is|are|has\s+been|have\s+been|keeps?|feels?"
    rf"|will\s+not|just)\s+{_ADV}(?:bad|strong|intense|hard|killing\s+me|awful|terrible|rough"
    rf"|back|coming\s+back|getting\s+(?:worse|stronger)|out\s+of\s+control|not\s+(?:going\s+away"
    rf"|stopping|letting\s+up)|go\s+away|stop|overwhelming|too\s+much|crazy|insane|unbearable"
    rf"|driving\s+me\s+crazy)\b",
    # Wanting to drink or use now; "I wanted to, but..." (past) is a win.
    rf"{_SELF}(?:do\s+)?(?:want|need|could\s+use|would\s+love|would\s+kill\s+for|could\s+go\s+for"
    rf"|am\s+dying\s+for)\s+(?:{_WANT_ACT}|{_WANT_THING}\b)",
    # Meaning to drink or use next. "I was going to drink, but..." is past and "I'm not going
    # to drink" is resolve: neither fits here, as nothing may stand between "I" and the plan.
    rf"{_SELF_NOW}(?:going|about|ready|planning|plan)\s+{_PLAN_ACT}",
    rf"{_SELF_NOW}(?:tempted|triggered)\b",
    rf"{_SELF_NOW}like\s+(?:drinking|using|getting\s+(?:high|drunk|wasted)|a\s+drink"
    rf"|having\s+(?:a\s+drink|one|a\s+beer)|relapsing|picking\s+up|giving\s+(?:up|in)|smoking"
    rf"|going\s+to\s+the\s+bar|quitting|a\s+failure|i\s+(?:am\s+going\s+to|will|might|could)"
    rf"\s+(?:relapse|drink|use|slip|pick\s+up|break|lose\s+it|fall\s+apart))\b",
    rf"{_SELF_NOW}(?:thinking|obsessing|fantasizing|daydreaming)\s+(?:about\s+)?(?:drinking"
    rf"|using|a\s+drink|getting\s+high|relapsing|picking\s+up|the\s+bar|beer|booze"
    rf"|my\s+dealer|calling\s+my\s+dealer)\b",
    rf"{_SELF_NOW}(?:scared|afraid|worried|terrified|nervous)\s+(?:that\s+)?(?:i\s+(?:will"
    rf"|might|am\s+going\s+to|would|could)\s+|of\s+|about\s+)?(?:relapse|relapsing|drink"
    rf"|drinking|use|using|slip|slipping|pick\s+up|picking\s+up|a\s+relapse|give\s+in"
    rf"|giving\s+in|mess\s+up|messing\s+up|lose\s+my\s+sobriety)\b",
    rf"{_SELF_NOW}(?:so\s+)?close\s+to\s+(?:relapsing|drinking|using|picking\s+up|giving\s+(?:in"
    rf"|up)|breaking|a\s+relapse)\b",
    rf"{_SELF_NOW}(?:want\s+to|about\s+to|ready\s+to|going\s+to|like|thinking\s+about"
    rf"|thinking\s+of)\s+(?:give\s+up|giving\s+up|quit|quitting)(?:\s+on\s+(?:recovery"
    rf"|sobriety|everything|myself|this))?(?=\s*$|\s+on\b)",
    # Present hard times: "I'm having a hard day", "today is rough".
    rf"{_SELF_NOW}(?:having|going\s+through)\s+(?:(?:a|an|such\s+a|one\s+of\s+those|the)\s+)?"
    rf"{_ADV}{_HARD}\s+(?:day|days|night|nights|time|week|morning|evening|afternoon|moment"
    rf"|patch|stretch|one|weekend)\b",
    rf"{_FEEL_LIKE}\b(?:today|tonight|this\s+(?:week|morning|evening|afternoon|weekend)|it|life"
    rf"|everything|things|recovery|sobriety)\s+(?:is|has\s+been|feels|seems|are)\s+{_ADV}"
    rf"(?:{_HARD}|too\s+much|overwhelming|a\s+struggle|unbearable|falling\s+apart)"
    rf"(?=\s*$|\s+(?:right\s+now|today|tonight|lately|at\s+the\s+moment|for\s+me|now))",
    # Despair with no wish to die said (that is a crisis above, as is "nobody would miss me"):
    # "nobody cares about me", "everything is pointless", "life sucks". "Nobody cares that I
    # was late" speaks of an event, not of the speaker: no despair.
    rf"{_FEEL_LIKE}\b(?:nobody|no\s+one|no\s+body)\s+{_ADV}(?:even\s+)?(?:cares|gives\s+a"
    rf"\s+(?:damn|shit|crap|fuck)|loves\s+me|wants\s+me)\b(?=\s*$|\s+(?:about\s+(?:me"
    rf"|my\s+(?:recovery|sobriety|feelings|progress)|what\s+i)|if\s+i|whether\s+i"
    rf"|what\s+happens\s+to\s+me|anymore|any\s+more|at\s+all|right\s+now)\b)",
    rf"{_FEEL_LIKE}\b(?:life|my\s+life|everything|it\s+all|all\s+of\s+this|recovery|sobriety"
    rf"|the\s+world)\s+(?:is|feels|seems|has\s+been)\s+{_ADV}(?:pointless|hopeless|meaningless"
    rf"|worthless|useless|a\s+waste\s+of\s+time)\b",
    rf"{_FEEL_LIKE}\b(?:life|my\s+life|everything|it\s+all|recovery|sobriety)\s+{_ADV}"
    rf"(?:sucks|blows|is\s+(?:shit|crap|garbage|hell))\b(?!\s+(?:less|a\s+lot\s+less)\b)",
    # Present states of distress.
    # "scared at first" answers "how did it feel?" about the past: not distress now.
    rf"{_SELF_NOW}(?:struggling|stressed(?:\s+out)?|overwhelmed|anxious|depressed"
    rf"|down(?!\s+(?:to|for|from|with))|low(?!\s+(?:on|key))|sad|lonely|alone|hopeless"
    rf"|helpless|worthless|pointless|unloved|unwanted|weak|shaky|on\s+edge|restless|irritable|miserable|scared|afraid"
    rf"|frightened|angry|furious|frustrated|exhausted|burned\s+out|burnt\s+out|a\s+mess"
    rf"|a\s+wreck|falling\s+apart|losing\s+it|losing\s+my\s+mind|not\s+(?:okay|ok|good|great"
    rf"|well|doing\s+(?:well|good|great|okay|ok)|coping)|in\s+a\s+(?:bad|dark|tough|rough|hard"
    rf"|low)\s+place|at\s+(?:my|the)\s+(?:wits\s+end|end\s+of\s+my\s+rope|breaking\s+point)"
    rf"|barely\s+(?:holding|hanging)\s+on|hanging\s+by\s+a\s+thread|going\s+crazy|freaking\s+out"
    rf"|panicking|spiraling|spiralling|in\s+a\s+bad\s+way|hurting|heartbroken|grieving|bored"
    rf"|empty|numb|broken|guilty|ashamed|useless|dying\s+inside|in\s+withdrawals?|withdrawing"
    rf"|detoxing|going\s+through\s+(?:withdrawals?|detox)|dope\s+sick"
    rf"|(?:done|tired|sick)\s+of\s+(?:fighting|trying|everything|this|it\s+all)"
    rf"|done\s+with\s+(?:everything|it\s+all|this|trying))\b"
    r"(?!\s+(?:at\s+first|before|beforehand|earlier|going\s+in|then))",
    rf"{_SELF}(?:hate\s+(?:myself|my\s+life)|give\s+up)\b(?!\s+(?:on\s+)?(?:sugar|coffee"
    rf"|smoking|drinking|caffeine|meat|soda|junk))",
    r"^(?:what\s+is\s+(?:even\s+)?the\s+point|why\s+bother|why\s+even\s+try)(?:\s+(?:of"
    r"\s+(?:trying|it|any\s+of\s+(?:this|it)|this|recovery|sobriety|staying\s+(?:sober|clean)"
    r"|being\s+sober)))?(?:\s+anymore)?$",
    r"^(?:bad\s+|strong\s+|intense\s+|so\s+many\s+)?cravings?(?:\s+today|\s+tonight)?$",
    # Asking for support outright.
    rf"{_SELF}(?:need|want|could\s+use|would\s+like|would\s+love|could\s+do\s+with"
    rf"|am\s+looking\s+for|need\s+to\s+hear)\s+(?:(?:some|a\s+little|a\s+bit\s+of|more|your"
    rf"|a|an)\s+)?{_ADV}(?:encouragement|encouraging|support|motivation|motivating|inspiration"
    rf"|strength|hope|reassurance|pep\s+talk|boost|lift|pick\s+me\s+up|reminder|help\s+(?:staying"
    rf"|to\s+stay|getting\s+through|not\s+(?:drinking|using)|with\s+(?:a\s+|my\s+|the\s+)?"
    rf"cravings?|resisting)|hug|someone\s+to\s+talk\s+to|to\s+talk|something\s+(?:good|positive"
    rf"|nice|encouraging)|good\s+news|cheering\s+up|win|my\s+wins|friend|distraction)\b",
    r"^(?:some\s+|more\s+)?(?:encouragement|motivation|support|inspiration|a\s+pep\s+talk"
    r"|pep\s+talk)(?:\s+please)?$",
    r"(?:^|\bplease\s+|\bcan\s+you\s+|\bcould\s+you\s+|\bi\s+need\s+you\s+to\s+)(?:encourage"
    r"\s+me|motivate\s+me|inspire\s+me|cheer\s+me\s+up|help\s+me\s+(?:stay|get\s+through"
    r"|through|not|resist|be\s+strong|hold\s+on)|talk\s+me\s+(?:down|out\s+of\s+it)"
    r"|remind\s+me\s+(?:why|of|what|how)|tell\s+me\s+(?:something|a\s+win|one\s+of\s+my\s+wins"
    r"|my\s+wins)|give\s+me\s+(?:some\s+)?(?:encouragement|motivation|a\s+pep\s+talk|hope"
    r"|strength|a\s+reason)|say\s+something\s+(?:nice|encouraging|positive|good))\b",
    # Doubting one can hold on.
    rf"{_SELF_NOW}(?:can\s+not|can\s+no\s+longer|do\s+not\s+know\s+if\s+i\s+can|do\s+not\s+think"
    rf"\s+i\s+can|am\s+not\s+sure\s+i\s+can|not\s+sure\s+i\s+can|doubt\s+i\s+can"
    rf"|do\s+not\s+know\s+how\s+to|can\s+barely)\s+(?:do\s+this|stay\s+(?:sober|clean|strong)"
    rf"|keep\s+(?:it\s+together|going|this\s+up)|handle\s+(?:it|this)|cope|make\s+it"
    rf"|hold\s+on|resist|stop|fight\s+(?:it|this)|get\s+through|last)\b",
)

# A past hard day *alone* still asks for encouragement; followed by a win it is a win.
_HARD_DAY_ALONE = _c(
    rf"^(?:i\s+)?(?:had|have\s+had|just\s+had)\s+(?:a|an|such\s+a)\s+{_ADV}{_HARD}\s+(?:day"
    rf"|night|week|morning|evening|time)(?:\s+today)?$|^(?:a\s+)?{_ADV}{_HARD}\s+(?:day|night"
    rf"|week)$"
)


# --------------------------------------------------------------------------------------------
# NO_IDEA and SKIP. Whole-utterance answers only: "I don't know how, but I stayed sober" is a
# win, so these must match everything that was said (give or take filler words).
# --------------------------------------------------------------------------------------------

_LEAD_FILLER = _c(
    r"^(?:(?:um+|uh+|er+|erm|hmm+|hm+|well|oh|okay|ok|alexa|so|like|honestly|actually|yeah"
    r"|ah+|sorry)\s+)+"
)
_TAIL = (
    r"(?:\s+(?:today|tonight|right\s+now|now|really|yet|honestly|sorry|i\s+guess|i\s+think"
    r"|at\s+the\s+moment|to\s+be\s+honest|at\s+all|though|this\s+time|lately|actually|either"
    r"|man|alexa|thanks|thank\s+you))*"
)


def _whole(*cores: str) -> tuple[re.Pattern[str], ...]:
    """Anchor each core to the full utterance, with an optional leading "I" and filler tail."""
    return tuple(re.compile(rf"^(?:i\s+)?(?:{core}){_TAIL}$") for core in cores)


_NO_IDEA = _whole(
    # "nothing", "nothing today", "not much"; "nothing else" is a SKIP.
    r"(?:have\s+|got\s+)?(?:nothing|none|zero|zip|nada|not\s+(?:much|a\s+thing|anything"
    r"|really|one))(?:\s+(?:much|really|yet|special|big|worth\s+mentioning|comes\s+to\s+mind"
    r"|to\s+report|to\s+share|to\s+say|i\s+can\s+think\s+of|that\s+i\s+can\s+think\s+of"
    r"|so\s+far))*",
    r"(?:really\s+|honestly\s+)?do\s+not\s+(?:really\s+)?know(?:\s+(?:what\s+to\s+say"
    r"|what\s+to\s+tell\s+you|what\s+counts|what\s+to\s+share|what\s+to\s+pick|of\s+any"
    r"|of\s+one|any|one))?",
    r"(?:can\s+not|could\s+not|do\s+not|can\s+really\s+not)\s+(?:really\s+)?(?:think\s+of"
    r"|come\s+up\s+with|remember|recall|think)(?:\s+(?:of\s+)?(?:anything|one|any|something"
    r"|a\s+win|a\s+single\s+one|a\s+thing|a\s+good\s+one|any\s+wins|nothing))?",
    r"(?:am\s+)?(?:not|never)\s+(?:really\s+)?(?:sure|certain)(?:\s+(?:what\s+to\s+say"
    r"|what\s+counts|what\s+to\s+share))?",
    r"(?:have\s+|got\s+)?no\s+(?:idea|clue|ideas|wins?|good\s+ones?)",
    r"(?:do\s+not|did\s+not|have\s+not)\s+(?:really\s+)?(?:have|got)\s+(?:one|any|anything"
    r"|a\s+win|any\s+wins|anything\s+good)",
    r"(?:did\s+not|have\s+not)\s+(?:done|do)\s+(?:anything|much)(?:\s+(?:good|special"
    r"|worth\s+mentioning))?",
    r"(?:am\s+)?drawing\s+a\s+blank|blank|(?:my\s+)?mind\s+is\s+blank|got\s+nothing"
    r"|(?:am\s+)?(?:stuck|stumped)",
)

_SKIP = _whole(
    r"(?:(?:no|nope|nah|okay|ok)\s+)?skip(?:\s+(?:it|this|that|this\s+one|for\s+now))?",
    r"(?:(?:no|nope|nah)\s+)?(?:will\s+|am\s+going\s+to\s+|would\s+like\s+to\s+|let\s+me\s+)?pass",
    r"no(?:\s+(?:thanks|thank\s+you))?|nope|nah",
    r"(?:(?:no|nope|nah)\s+)?not\s+(?:now|right\s+now|today|tonight|this\s+time|yet"
    r"|at\s+the\s+moment)",
    r"(?:(?:no|nope|nah)\s+)?(?:maybe\s+)?(?:later|another\s+time|next\s+time|tomorrow)",
    r"never\s*mind",
    r"(?:(?:no|nope|nah)\s+)?(?:nothing\s+(?:else|more)|no\s+more|that\s+is\s+(?:all|it"
    r"|enough|everything)(?:\s+for\s+(?:now|today))?|that\s+will\s+do)",
    # "I'm good" declines; a bare "good" or "fine" may be the answer to "how did it feel?".
    r"(?:(?:no|nope|nah|okay|ok)\s+)?(?:i\s+)?am\s+(?:all\s+)?(?:done|good|fine|set|finished)"
    r"(?:\s+for\s+(?:now|today))?|(?:all\s+)?done|all\s+set|finished",
)


# --------------------------------------------------------------------------------------------
# Which patterns could match a text (see "Speed" above): each pattern is one bit; a word of
# the text sets the bits of the patterns keyed on it, as a whole word, a start, an end or a
# part of a word; the bits of patterns with no key are always set.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Group:
    patterns: tuple[re.Pattern[str], ...]
    shift: int  # the bit of its first pattern
    mask: int  # a bit for each pattern, from the lowest


def _index(
    *groups: tuple[re.Pattern[str], ...],
) -> tuple[list[_Group], int, dict[str, dict[str, int]]]:
    """The groups, the bits of patterns to always search, and each kind's key -> bits."""
    made: list[_Group] = []
    always = 0
    keyed: dict[str, dict[str, int]] = {"word": {}, "prefix": {}, "suffix": {}, "infix": {}}
    bit = 0
    for patterns in groups:
        made.append(_Group(patterns, bit, (1 << len(patterns)) - 1))
        for pattern in patterns:
            need = _needs(pattern)
            if need is None:
                always |= 1 << bit
            for kind, text in need or ():
                keyed[kind][text] = keyed[kind].get(text, 0) | 1 << bit
            bit += 1
    return made, always, keyed


_GROUPS, _ALWAYS, _KEYED = _index(
    _CRISIS, _SETBACK, _ENCOURAGE, (_HARD_DAY_ALONE,), _NO_IDEA, _SKIP
)
_CRISIS_G, _SETBACK_G, _ENCOURAGE_G, _HARD_DAY_G, _NO_IDEA_G, _SKIP_G = _GROUPS
_READ_BEFORE.clear()  # only needed while reading the patterns
_segments.cache_clear()
_BY_WORD = _KEYED["word"]
_BY_PREFIX = _KEYED["prefix"]
_BY_SUFFIX = _KEYED["suffix"]
_BY_INFIX = _KEYED["infix"]
_PREFIX_LENGTHS = sorted({len(t) for t in _BY_PREFIX})
_SUFFIX_LENGTHS = sorted({len(t) for t in _BY_SUFFIX})
_INFIX_LENGTHS = sorted({len(t) for t in _BY_INFIX})


_WORD_BITS: dict[str, int] = {}  # a cache of _word_bits: a word is looked up again and again
_WORDS_KEPT = 4096


def _word_bits(word: str) -> int:
    """The patterns keyed on this word, on its start or end, or on a part of it."""
    bits = _BY_WORD.get(word, 0)
    size = len(word)
    for n in _PREFIX_LENGTHS:
        if n <= size:
            bits |= _BY_PREFIX.get(word[:n], 0)
    for n in _SUFFIX_LENGTHS:
        if n <= size:
            bits |= _BY_SUFFIX.get(word[-n:], 0)
    for n in _INFIX_LENGTHS:
        for i in range(size - n + 1):
            bits |= _BY_INFIX.get(word[i : i + n], 0)
    return bits


def _could_match(text: _Text, group: _Group) -> list[re.Pattern[str]]:
    """The patterns of `group` that may match `text` (the others cannot), in their order."""
    bits = (text.bits >> group.shift) & group.mask
    out = []
    while bits:
        low = bits & -bits
        out.append(group.patterns[low.bit_length() - 1])
        bits ^= low
    return out


# --------------------------------------------------------------------------------------------
# Whose act, and was it done? A check on the words just before a setback or encouragement.
# --------------------------------------------------------------------------------------------

_FIRST_PERSON = frozenset({"i", "we"})
_OTHER_PEOPLE = frozenset(
    {
        "he", "she", "they", "who", "someone", "somebody", "everyone", "everybody", "people",
        "friend", "friends", "buddy", "brother", "sister", "mom", "mother", "dad", "father",
        "husband", "wife", "partner", "boyfriend", "girlfriend", "son", "daughter", "sponsor",
        "sponsee", "roommate", "coworker", "coworkers", "boss", "cousin", "uncle", "aunt",
        "neighbor", "guy", "man", "woman", "kid", "kids", "family", "parents", "ex", "guys",
    }
)  # fmt: skip
# Words that turn the act after them into one not done, resisted, or only imagined.
_NEGATION = _c(
    r"\b(?:not|never|no|without|instead|resist\w*|avoid\w*|refus\w*|declin\w*|said\s+no\s+to"
    r"|say\s+no\s+to|turned\s+down|turn\s+down|almost|nearly|close\s+to|skipped|stopped|quit"
    r"|urge\s+to|tempted\s+to|want\w*\s+to|feel\s+like|felt\s+like|thought\s+about"
    r"|thinking\s+about|could\s+have|would\s+have|might\s+have|afraid|scared|worried)\b"
)
_NEGATION_REACH = 4  # words; a negation further back belongs to another part of the sentence
_SUBJECT_REACH = 12  # words; also bounds the work on long, odd input


def _own_and_affirmed(clause: str, start: int) -> bool:
    """True when the act at `start` is the speaker's and is not negated or hypothetical.

    Walks back to the nearest subject: another person ("my friend relapsed") makes it not
    the speaker's; no subject at all is the speaker (the slot text drops the "I"). Only the
    words between that subject and the act are checked for a negation, so "I could not sleep
    so I drank" is still a lapse.
    """
    between: list[str] = []
    for word in reversed(clause[:start].split()[-_SUBJECT_REACH:]):
        if word in _FIRST_PERSON:
            break
        if word in _OTHER_PEOPLE:
            return False
        between.append(word)
    nearest = " ".join(reversed(between[:_NEGATION_REACH]))
    return _NEGATION.search(nearest) is None


def _affirmed_in(text: _Text, group: _Group) -> bool:
    patterns = _could_match(text, group)
    return bool(patterns) and any(
        _own_and_affirmed(clause, match.start())
        for clause in text.clauses
        for pattern in patterns
        for match in pattern.finditer(clause)
    )


def _whole_match(text: _Text, group: _Group) -> bool:
    patterns = _could_match(text, group)
    return bool(patterns) and any(pattern.match(text.tail) for pattern in patterns)


def _crisis_in(text: _Text) -> bool:
    return any(pattern.search(text.flat) for pattern in _could_match(text, _CRISIS_G))


# --------------------------------------------------------------------------------------------
# Public API.
# --------------------------------------------------------------------------------------------


def is_crisis(text: str) -> bool:
    """True when the words speak of suicide, self-harm, an overdose or immediate danger.

    Recall matters most here (see module docstring): negations do not cancel a match, and
    only a listed set of idioms is excluded.
    """
    return _crisis_in(_parse(text))


def classify(text: str) -> Meaning:
    """What the person meant, in order of what must not be missed.

    CRISIS wins over everything (a relapse with a wish to die is a crisis first); then a
    setback, then a plea for encouragement, then "no idea" and "skip" (which must be the
    whole utterance); anything else is a win to save.
    """
    parsed = _parse(text)
    if not parsed.flat:
        return Meaning.NO_IDEA
    if _crisis_in(parsed):
        return Meaning.CRISIS
    if _affirmed_in(parsed, _SETBACK_G):
        return Meaning.SETBACK
    if _affirmed_in(parsed, _ENCOURAGE_G) or any(
        pattern.match(parsed.flat) for pattern in _could_match(parsed, _HARD_DAY_G)
    ):
        return Meaning.ENCOURAGE
    if _whole_match(parsed, _NO_IDEA_G):
        return Meaning.NO_IDEA
    if _whole_match(parsed, _SKIP_G):
        return Meaning.SKIP
    return Meaning.WIN


# --------------------------------------------------------------------------------------------
# Keywords: which past win fits what the person just said.
# --------------------------------------------------------------------------------------------

_STOPWORD_LIST = """
    i me my myself mine we us our ours you your yours he him his she her hers it its they them
    their theirs a an the and or but nor so to of in on at for with from by up down out off
    over under about into onto as than then there here this that these those is am are was
    were be been being have has had having do does did doing done not no yes just really very
    too also even still again ever only today tonight yesterday now tomorrow some any all
    every each much many more most lot bit little kind sort thing things something anything
    nothing everything got get gets getting go goes going went gone want wanted wants need
    needs needed feel feeling felt like can could would should will shall might must may what
    which who whom whose how why when where while after before because though although if
    until since instead well ok okay um uh yeah oh day time one way back around through
    actually literally pretty quite rather maybe win wins alexa
"""
_STOPWORDS = frozenset(_STOPWORD_LIST.split())

# Irregular forms the suffix rules cannot reach; mapped to a base form, then stemmed.
_IRREGULAR = {
    "drank": "drink", "drunk": "drink", "ran": "run", "went": "go", "gone": "go",
    "felt": "feel", "thought": "think", "bought": "buy", "brought": "bring", "took": "take",
    "taken": "take", "gave": "give", "given": "give", "ate": "eat", "eaten": "eat",
    "slept": "sleep", "met": "meet", "made": "make", "kept": "keep", "told": "tell",
    "said": "say", "wrote": "write", "written": "write", "fought": "fight", "got": "get",
    "gotten": "get", "spoke": "speak", "spoken": "speak", "sat": "sit", "swam": "swim",
    "rode": "ride", "ridden": "ride", "chose": "choose", "lost": "lose", "won": "win",
    "saw": "see", "seen": "see", "dying": "die", "died": "die", "dies": "die", "lying": "lie",
    "lied": "lie", "lies": "lie", "used": "use", "using": "use", "uses": "use",
    "children": "child",
    "men": "man", "women": "woman", "began": "begin", "begun": "begin", "drove": "drive",
    "driven": "drive", "left": "leave", "stood": "stand", "understood": "understand",
    "heard": "hear", "taught": "teach", "caught": "catch", "sang": "sing", "sung": "sing",
    "threw": "throw", "thrown": "throw", "woke": "wake", "woken": "wake", "hid": "hide",
    "fell": "fall", "fallen": "fall", "forgave": "forgive", "forgiven": "forgive",
}  # fmt: skip
_VOWEL = _c(r"[aeiouy]")
_UNDOUBLE = frozenset("bdgmnprt")  # "stopped" -> "stop", but "called" stays "call"


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    """A light, consistent stem: every form of a word lands on the same string.

    Not a dictionary form ("craving", "craves", "crave" all give "crav"): only equality
    between stems matters to the caller.
    """
    w = _IRREGULAR.get(word, word)
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ing") and _VOWEL.search(w[:-3]) and len(w) > 4:
        w = _undouble(w[:-3])
    elif w.endswith("ed") and not w.endswith("eed") and _VOWEL.search(w[:-2]) and len(w) > 3:
        w = _undouble(w[:-2])
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def _undouble(base: str) -> str:
    if len(base) > 3 and base[-1] == base[-2] and base[-1] in _UNDOUBLE:
        return base[:-1]
    return base


_STOP_STEMS = frozenset(_stem(w) for w in _STOPWORDS)


# Stored wins are scored again on every plea for encouragement, so their keywords are kept:
# by a digest of the text, so that the cache holds no words but the stems themselves.
_KEYWORDS: dict[bytes, frozenset[str]] = {}
_KEYWORDS_KEPT = 4096


def keywords(text: str) -> frozenset[str]:
    """Content-word stems of `text`, for matching a plea for encouragement to a past win.

    Lowercased and normalised like `classify`, stopwords dropped ("I", "my", "a", "the",
    "to", "was", "today", "really", "just", ...), and lightly stemmed so that "drinking",
    "drinks" and "drank" all give "drink", "walked"/"walking" give "walk", "calling"/"called"
    give "call" and "craving"/"cravings" give "crav". The caller counts shared stems: the win
    sharing most with what the person said is the fitting one.
    """
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    found = _KEYWORDS.get(key)
    if found is None:
        if len(_KEYWORDS) >= _KEYWORDS_KEPT:
            _KEYWORDS.clear()
        found = _KEYWORDS[key] = _keywords(text)
    return found


def _keywords(text: str) -> frozenset[str]:
    stems: set[str] = set()
    for word in _parse(text).words:
        if word in _STOPWORDS:
            continue
        stem = _stem(word)
        if stem and stem not in _STOP_STEMS:
            stems.add(stem)
    return frozenset(stems)
