"""A locale's toolkit tables (`locales/<locale>/understanding/toolkit.toml`), read once per
language and compiled for the scanner: strategies, people, the grammar that decides whether a
mention counts, the person's own words, and how a win's help is said back.

Everything language-specific is in the file, so this module and its readers only apply
tables. A regional folder's file holds only what differs (es-ES's "reunión" for es-US's
"junta"): the files along the locale's same-language chain merge table by table, nearest
first.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

import locales

TOOLKIT = "understanding/toolkit.toml"


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


@dataclass(frozen=True)
class Words:
    """One language's toolkit tables, compiled. See the file's comments for each one."""

    locale: str  # whose folder the nearest file is in: the key the reflection reads with
    saying: dict[str, Any]
    # ---- strategies and people
    strategy_words: dict[str, str]
    programmes: frozenset[str]
    case_sensitive: frozenset[str]
    strategy_phrases: dict[str, str]
    specific: dict[str, dict[str, str]]
    people: dict[str, tuple[str, str]]
    contact: dict[str, tuple[str, str]]
    calling: tuple[str, str]
    feelings: frozenset[str]
    # ---- the grammar
    bad_words: frozenset[str]
    bad_after: re.Pattern[str]
    to_bad: re.Pattern[str]
    from_bad: re.Pattern[str]
    negators: frozenset[str]
    almost: frozenset[str]
    avoiding: frozenset[str]
    without: str
    gerund_next: re.Pattern[str]
    scope_punct: re.Pattern[str]
    scope_ends: frozenset[str]
    and_: str
    contact_gap: re.Pattern[str]
    with_gap: re.Pattern[str]
    determiner_before: re.Pattern[str]
    phrase_names: dict[str, str]
    phrases: dict[str, re.Pattern[str]]
    interesting: frozenset[str]
    name_after: frozenset[str]
    name_after_to: str
    name_before_to: frozenset[str]
    not_names: frozenset[str]
    # ---- the person's own words
    own_word: re.Pattern[str]
    clause_end: re.Pattern[str]
    leading_filler: frozenset[str]
    leading_filler_pairs: frozenset[tuple[str, ...]]
    not_filler_before: list[list[str]]
    speaker: str
    subject_dropped: bool
    contractions: dict[str, list[str]]
    attached: dict[str, str]
    irregular_gerunds: dict[str, str]
    gerund_endings: list[tuple[str, str, int]]
    gerund_ending: tuple[str, ...]
    not_past: frozenset[str]
    trailing_filler: frozenset[str]
    dangling: frozenset[str]
    void: frozenset[str]
    linking: frozenset[str]
    not_done: frozenset[str]
    not_unless_gerund: tuple[str, ...]
    used_to: tuple[str, ...]
    auxiliaries: frozenset[str]


@cache
def words(locale: str = locales.DEFAULT) -> Words:
    """The toolkit tables of `locale`'s language: its own file where it has one, merged over
    those of the locales it falls back to in the same language. A language without a file
    reads the default locale's."""
    folders = tuple(
        name for name in locales.spoken_chain(locale) if (locales.folder(name) / TOOLKIT).is_file()
    )
    return _compiled(folders or (locales.DEFAULT,))


def _merge(base: dict[str, Any], nearer: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in nearer.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@cache
def _compiled(folders: tuple[str, ...]) -> Words:
    table: dict[str, Any] = {}
    for name in reversed(folders):  # farthest first: nearer ones override
        path = locales.folder(name) / TOOLKIT
        table = _merge(table, tomllib.loads(path.read_text("utf-8")))
    grammar, own = table["grammar"], table["own"]
    bad_clause, gerund = grammar["bad_clause"], grammar["gerund"]
    people = {said: (e["key"], e["phrase"]) for e in table["people"] for said in e["words"]}
    # The phrases, each (what it names, first words, rest, look-behind), in the file's order.
    all_phrases = [
        (
            means,
            first,
            rest.replace("{bad_clause}", bad_clause).replace("{gerund}", gerund),
            behind[0] if behind else "",
        )
        for means, first, rest, *behind in grammar["phrases"]
    ]
    # One regex a first word, of the phrases it can start, in table order: a word tries only
    # its own few phrases.
    phrases = {
        word: re.compile(
            "|".join(
                f"{behind}(?P<p{index}>{re.escape(word)}{rest})\\b"
                for index, (_, first, rest, behind) in enumerate(all_phrases)
                if word in first.split()
            ),
            re.IGNORECASE,
        )
        for word in {word for entry in all_phrases for word in entry[1].split()}
    }
    strategy_words = {
        word: key for key, said in table["strategies"]["words"].items() for word in said.split()
    }
    feelings = _word_set(table["words"]["feelings"])
    bad_words = _word_set(grammar["bad_words"])
    negators = _word_set(grammar["negators"])
    avoiding = _word_set(grammar["avoiding"])
    leading_filler = _word_set(own["leading_filler"])
    return Words(
        locale=folders[0],
        saying=table["saying"],
        strategy_words=strategy_words,
        programmes=_word_set(grammar["programmes"]),
        case_sensitive=_word_set(grammar["case_sensitive"]),
        strategy_phrases=table["strategies"]["phrases"],
        specific=table["strategies"]["specific"],
        people=people,
        contact={word: (person, alone) for word, (person, alone) in table["contact"].items()},
        calling=tuple(table["calling"]["phrases"]),
        feelings=feelings,
        bad_words=bad_words,
        bad_after=re.compile(bad_clause, re.IGNORECASE),
        to_bad=re.compile(grammar["to_bad"]),
        from_bad=re.compile(grammar["from_bad"]),
        negators=negators,
        almost=_word_set(grammar["almost"]),
        avoiding=avoiding,
        without=grammar["without_gerund"],
        gerund_next=re.compile(gerund),
        scope_punct=re.compile(grammar["scope_punct"]),
        scope_ends=_word_set(grammar["scope_ends"]),
        and_=grammar["and_gerund"],
        contact_gap=re.compile(grammar["contact_gap"], re.IGNORECASE),
        with_gap=re.compile(grammar["with_gap"], re.IGNORECASE),
        determiner_before=re.compile(grammar["determiner_before"], re.IGNORECASE),
        phrase_names={f"p{index}": entry[0] for index, entry in enumerate(all_phrases)},
        phrases=phrases,
        # Every word worth a second look; all others are skipped at the cost of one lookup.
        interesting=(
            frozenset(strategy_words)
            | frozenset(people)
            | frozenset(phrases)
            | bad_words
            | negators
            | avoiding
            | feelings
        ),
        name_after=frozenset(people) | _word_set(grammar["name_after"]),
        name_after_to=grammar["name_after_to"],
        name_before_to=_word_set(grammar["name_before_to"]),
        not_names=_word_set(table["words"]["not_names"])
        | frozenset(word.capitalize() for word in people),
        own_word=re.compile(own["word"]),
        clause_end=re.compile(own["clause_end"], re.IGNORECASE),
        leading_filler=leading_filler,
        leading_filler_pairs=frozenset(tuple(pair) for pair in own["leading_filler_pairs"]),
        not_filler_before=[[word] for word in own["not_filler_before"]],
        speaker=own["speaker"],
        subject_dropped=own["subject_dropped"],
        contractions=own["contractions"],
        attached=own["attached"],
        irregular_gerunds=own["gerunds"]["irregular"],
        gerund_endings=[tuple(e) for e in own["gerunds"]["endings"]],
        gerund_ending=tuple(own["gerunds"]["gerund_ending"].split()),
        not_past=_word_set(own["gerunds"]["not_past"]),
        trailing_filler=_word_set(own["ends"]["trailing_filler"]),
        dangling=_word_set(own["ends"]["dangling"]),
        void=leading_filler | _word_set(own["void"]["words"]),
        linking=_word_set(own["void"]["linking"]),
        not_done=_word_set(own["refusing"]["not_done"]),
        not_unless_gerund=tuple(own["refusing"]["not_unless_gerund"]),
        used_to=tuple(own["refusing"]["used_to"]),
        auxiliaries=_word_set(own["refusing"]["auxiliaries"]),
    )
