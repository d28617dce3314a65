"""The locale's toolkit tables (`locales/<locale>/understanding/toolkit.toml`), read once and
compiled for the scanner: strategies, people, the grammar that decides whether a mention
counts, the person's own words, and how a win's help is said back.

The toolkit knows one language's words, the default locale's (`skill.wording.toolkit_knows`
says which turns it serves); everything language-specific is in the file, so this module and
its readers only apply tables.
"""

from __future__ import annotations

import re
import tomllib

import locales


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORDS = tomllib.loads(
    (locales.folder(locales.DEFAULT) / "understanding" / "toolkit.toml").read_text("utf-8")
)
_GRAMMAR = _WORDS["grammar"]
_OWN = _WORDS["own"]
SAYING: dict = _WORDS["saying"]

# ---- strategies and people ----------------------------------------------------------------

# Words that name a strategy wherever they are said (as whole words, in any case).
STRATEGY_WORDS = {
    word: key for key, words in _WORDS["strategies"]["words"].items() for word in words.split()
}
PROGRAMMES = _word_set(_GRAMMAR["programmes"])
CASE_SENSITIVE = _word_set(_GRAMMAR["case_sensitive"])
STRATEGY_PHRASES: dict[str, str] = _WORDS["strategies"]["phrases"]
# How one win's strategy is said back, by the first word said, when more specific than the
# toolkit's phrase: "last time, a run helped", not "exercise".
SPECIFIC: dict[str, dict[str, str]] = _WORDS["strategies"]["specific"]

# The word as said -> (key, phrase in the toolkit). Spelling variants a person would not mix
# ("mom" and "mum") keep their own key so each is said back the way the person says it.
PEOPLE: dict[str, tuple[str, str]] = {
    word: (entry["key"], entry["phrase"]) for entry in _WORDS["people"] for word in entry["words"]
}
# The contact verb as said -> how to say it with a person after it, and without one.
CONTACT: dict[str, tuple[str, str]] = {
    word: (with_person, alone) for word, (with_person, alone) in _WORDS["contact"].items()
}
CALLING = tuple(_WORDS["calling"]["phrases"])
FEELINGS = _word_set(_WORDS["words"]["feelings"])

# ---- the grammar ------------------------------------------------------------------------------

BAD_CLAUSE = _GRAMMAR["bad_clause"]
GERUND = _GRAMMAR["gerund"]
BAD_WORDS = _word_set(_GRAMMAR["bad_words"])
BAD_AFTER = re.compile(BAD_CLAUSE, re.IGNORECASE)
TO_BAD = re.compile(_GRAMMAR["to_bad"])
FROM_BAD = re.compile(_GRAMMAR["from_bad"])
NEGATORS = _word_set(_GRAMMAR["negators"])
ALMOST = _word_set(_GRAMMAR["almost"])
AVOIDING = _word_set(_GRAMMAR["avoiding"])
WITHOUT = _GRAMMAR["without_gerund"]
GERUND_NEXT = re.compile(GERUND)
SCOPE_PUNCT = re.compile(_GRAMMAR["scope_punct"])
SCOPE_ENDS = _word_set(_GRAMMAR["scope_ends"])
AND = _GRAMMAR["and_gerund"]
CONTACT_GAP = re.compile(_GRAMMAR["contact_gap"], re.IGNORECASE)
WITH_GAP = re.compile(_GRAMMAR["with_gap"], re.IGNORECASE)
DETERMINER_BEFORE = re.compile(_GRAMMAR["determiner_before"], re.IGNORECASE)

# The phrases, each (what it names, first words, rest, look-behind), in the file's order.
_ALL_PHRASES = [
    (
        means,
        first,
        rest.replace("{bad_clause}", BAD_CLAUSE).replace("{gerund}", GERUND),
        behind[0] if behind else "",
    )
    for means, first, rest, *behind in _GRAMMAR["phrases"]
]
PHRASE_NAMES = {f"p{index}": entry[0] for index, entry in enumerate(_ALL_PHRASES)}
# One regex a first word, of the phrases it can start, in table order: a word tries only its
# own few phrases.
PHRASES: dict[str, re.Pattern[str]] = {
    word: re.compile(
        "|".join(
            f"{behind}(?P<p{index}>{re.escape(word)}{rest})\\b"
            for index, (_, first, rest, behind) in enumerate(_ALL_PHRASES)
            if word in first.split()
        ),
        re.IGNORECASE,
    )
    for word in {word for entry in _ALL_PHRASES for word in entry[1].split()}
}

# Every word worth a second look; all others are skipped at the cost of one set lookup.
INTERESTING = (
    frozenset(STRATEGY_WORDS)
    | frozenset(PEOPLE)
    | frozenset(PHRASES)
    | BAD_WORDS
    | NEGATORS
    | AVOIDING
    | FEELINGS
)

# Names: a Title-case word after one of these (see `scan`).
NAME_AFTER = frozenset(PEOPLE) | _word_set(_GRAMMAR["name_after"])
NAME_AFTER_TO = _GRAMMAR["name_after_to"]
NAME_BEFORE_TO = _word_set(_GRAMMAR["name_before_to"])
NOT_NAMES = _word_set(_WORDS["words"]["not_names"]) | frozenset(
    word.capitalize() for word in PEOPLE
)

# ---- the person's own words -------------------------------------------------------------------

CLAUSE_END = re.compile(_OWN["clause_end"], re.IGNORECASE)
LEADING_FILLER = _word_set(_OWN["leading_filler"])
LEADING_FILLER_PAIRS = frozenset(tuple(pair) for pair in _OWN["leading_filler_pairs"])
NOT_FILLER_BEFORE = [[word] for word in _OWN["not_filler_before"]]
SPEAKER: str = _OWN["speaker"]
CONTRACTIONS: dict[str, list[str]] = _OWN["contractions"]
IRREGULAR_GERUNDS: dict[str, str] = _OWN["gerunds"]["irregular"]
GERUND_ENDINGS: list[tuple[str, str, int]] = [tuple(e) for e in _OWN["gerunds"]["endings"]]
GERUND_ENDING: str = _OWN["gerunds"]["gerund_ending"]
NOT_PAST = _word_set(_OWN["gerunds"]["not_past"])
TRAILING_FILLER = _word_set(_OWN["ends"]["trailing_filler"])
DANGLING = _word_set(_OWN["ends"]["dangling"])
VOID = LEADING_FILLER | _word_set(_OWN["void"]["words"])
LINKING = _word_set(_OWN["void"]["linking"])
NOT_DONE = _word_set(_OWN["refusing"]["not_done"])
NOT_UNLESS_GERUND = tuple(_OWN["refusing"]["not_unless_gerund"])
USED_TO = tuple(_OWN["refusing"]["used_to"])
AUXILIARIES = _word_set(_OWN["refusing"]["auxiliaries"])
