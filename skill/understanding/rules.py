"""A locale's rule tables, compiled: normalising a text, and the patterns that read it.

Everything a language knows lives in `locales/<locale>/understanding/` (`words.toml` for
normalisation and word lists, `rules.toml` for the patterns); this module only knows how to
apply them. The first file found along the locale chain is used, so a locale folder that holds
no rules of its own reads those of the locale it falls back to.

Crisis patterns are searched over the whole utterance and a negation does not cancel them:
recall first. The patterns for a lapse or a plea are searched clause by clause and count only
when the act is the speaker's own and affirmed (`_own_and_affirmed`); the whole-utterance
answers ("nothing", "skip") must match all that was said, give or take filler words.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import locales
from skill.understanding.needs import forget, needs, runs

_FRAGMENT = re.compile(r"\{\{(\w+)\}\}")
_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_SUBJECT_REACH = 12  # words; also bounds the work on long, odd input
# Words before a piece of good news that may turn it into a wish or a doubt.
_GOOD_NEWS_REACH = 3
_WORDS_KEPT = 4096


def read_source(locale: str, name: str) -> Path:
    """The file of one of the locale's understanding tables, nearest along the chain."""
    path = locales.find(locale, f"understanding/{name}.toml")
    if path is None:
        raise FileNotFoundError(f"no understanding/{name}.toml for {locale}")
    return path


def read_table(locale: str, name: str) -> dict[str, Any]:
    """One of the locale's understanding tables (`understanding/<name>.toml`), nearest first."""
    return _read(read_source(locale, name))


@cache
def _read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _expand(pattern: str, fragments: dict[str, str], depth: int = 0) -> str:
    if depth > 8:
        raise ValueError("fragments refer to each other in a circle")
    return _FRAGMENT.sub(lambda m: _expand(fragments[m.group(1)], fragments, depth + 1), pattern)


Rewrites = tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...]


def _rewrites(table: list[list[str]]) -> Rewrites:
    compiled = [(re.compile(pattern), repl) for pattern, repl in table]
    return tuple((pattern, repl, runs(pattern)) for pattern, repl in compiled)


class Text:
    """An utterance normalised: `flat` for whole-utterance rules, `clauses` for act rules."""

    __slots__ = ("_bits", "_rules", "_tail", "clauses", "flat", "words")

    def __init__(self, rules: Rules, flat: str, clauses: tuple[str, ...]) -> None:
        self._rules = rules
        self.flat = flat
        self.clauses = clauses
        self.words = tuple(flat.split())
        self._bits: int | None = None
        self._tail: str | None = None

    @property
    def bits(self) -> int:
        """Which patterns could match `flat`, its clauses or its tail (see `needs`)."""
        if self._bits is None:
            self._bits = self._rules.bits_of(self.words)
        return self._bits

    @property
    def tail(self) -> str:
        """`flat` without leading filler words: what whole-utterance answers must match."""
        if self._tail is None:
            self._tail = self._rules.lead_filler.sub("", self.flat)
        return self._tail


@dataclass(frozen=True)
class _Group:
    patterns: tuple[re.Pattern[str], ...]
    shift: int  # the bit of its first pattern
    mask: int  # a bit for each pattern, from the lowest


class Rules:
    """One locale's rules, compiled once (see `rules_for`)."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.source = read_source(locale, "rules")
        words = read_table(locale, "words")
        table = read_table(locale, "rules")
        text = words["text"]
        self.quotes = str.maketrans(dict.fromkeys(text["quotes"], "'"))
        # Each with the runs of text a match must hold: a text without them is not searched
        # (99 searches in 100 found nothing; on the corpus, four in five are now skipped).
        self.spellings = _rewrites(text.get("spellings", ()))
        self.contractions = _rewrites(text.get("contractions", ()))
        self.not_word = re.compile(rf"[^{text['letters']} ]+")
        self.clause_punctuation = re.compile(text["clause_punctuation"])
        self.clause_words = re.compile(text["clause_words"])
        acts = words["acts"]
        self.first_person = frozenset(acts["first_person"])
        self.other_people = frozenset(acts["other_people"])
        self.negation = re.compile(acts["negation"])
        self.negation_reach = int(acts["negation_reach"])
        common = frozenset(words["index"]["common"])

        fragments = table["fragments"]

        def compile_all(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
            return tuple(re.compile(_expand(p, fragments)) for p in patterns)

        answers = table["answers"]
        before, after = (_expand(part, fragments) for part in answers["whole"].split("{{core}}"))

        # Words that may close any whole answer ("ya", "la verdad", "honestly"), said alone.
        self.tail_only = re.compile("^(?:" + after)

        def compile_whole(cores: list[str]) -> tuple[re.Pattern[str], ...]:
            return tuple(re.compile(before + _expand(core, fragments) + after) for core in cores)

        self.crisis_families = tuple(table["crisis"])  # in the order the file gives them
        self.crisis_replies: dict[str, str] = dict(table.get("crisis_replies", {}))
        cues = table.get("cues", {})
        hopeless = table.get("hopeless", {})
        groups = [compile_all(table["crisis"][name]) for name in self.crisis_families]
        # A locale may read a craving apart from other hard times (`craving`); both encourage.
        craving = table["acts"].get("craving", [])
        groups += [
            compile_all(table["acts"]["setback"]),
            compile_all(craving + table["acts"]["encourage"]),
            compile_all(craving),
            compile_all([table["acts"]["hard_day_alone"]]),
            compile_whole(answers["no_idea"]),
            compile_whole(answers["skip"]),
            compile_all(table["acts"].get("setback_late", [])),
            compile_whole(answers.get("no_idea_late", [])),
            *(compile_all(hopeless.get(kind, [])) for kind in ("going_on", "goodbye", "defeat")),
            compile_whole(answers.get("decline", [])),
            compile_all(table["acts"].get("everyday", [])),
            compile_all(table["acts"].get("hard_day_late", [])),
        ]
        # Every cue was searched for in every text (a fifth of a reading's time); indexed
        # like the rest, only those whose words the text has are.
        groups += [compile_all(patterns) for patterns in cues.values()]
        # Cues read only after the alarm, never weighed by the models (`cues_late`): a way of
        # asking the models never met ("con quién comparto") adds to what a reading asks.
        late = table.get("cues_late", {})
        groups += [compile_all(patterns) for patterns in late.values()]
        self.lead_filler = re.compile(_expand(answers["lead_filler"], fragments))
        denied = table.get("lapse_denied", {})
        self.lapse_denied = compile_all(denied.get("patterns", []))
        self.lapse_denied_unless = re.compile(denied.get("unless_after", r"(?!)"))
        resisted = table.get("resisted", {})
        self.resisted_g = compile_all(resisted.get("patterns", []))
        self.resisted_unless = re.compile(resisted.get("unless_after", r"(?!)"))
        good = table.get("good_news", {})
        self.good_news = compile_all(good.get("patterns", []))
        self.good_news_unless = re.compile(good.get("unless_before", r"(?!)"))
        self.feels_good, self.feels_not_good = _feelings(table.get("feelings"), fragments)
        self._index(groups, common)
        named = len(self.groups) - len(cues) - len(late)
        self.cue_groups = tuple(zip(cues, self.groups[named : named + len(cues)], strict=True))
        self.late_cue_groups = tuple(zip(late, self.groups[named + len(cues) :], strict=True))
        (
            *self.crisis_groups,
            self.setback_g,
            self.encourage_g,
            self.craving_g,
            self.hard_day_g,
            self.no_idea_g,
            self.skip_g,
            self.setback_late_g,
            self.no_idea_late_g,
            self.going_on_g,
            self.goodbye_g,
            self.defeat_g,
            self.decline_g,
            self.everyday_g,
            self.hard_day_late_g,
        ) = self.groups[:named]
        self._word_bits: dict[str, int] = {}
        self.parse = lru_cache(maxsize=512)(self._parse)

    # -- which patterns could match a text ---------------------------------------------------

    def _index(self, groups: list[tuple[re.Pattern[str], ...]], common: frozenset[str]) -> None:
        """Each pattern is one bit; a word of a text sets the bits of the patterns keyed on
        it, as a whole word, a start, an end or a part of a word; unkeyed bits are always set."""
        made: list[_Group] = []
        always = 0
        keyed: dict[str, dict[str, int]] = {"word": {}, "prefix": {}, "suffix": {}, "infix": {}}
        bit = 0
        for patterns in groups:
            made.append(_Group(patterns, bit, (1 << len(patterns)) - 1))
            for pattern in patterns:
                need = needs(pattern, common)
                if need is None:
                    always |= 1 << bit
                for kind, key in need or ():
                    keyed[kind][key] = keyed[kind].get(key, 0) | 1 << bit
                bit += 1
        forget()
        self.groups, self.always, self.keyed = made, always, keyed
        self.lengths = {kind: sorted({len(k) for k in keys}) for kind, keys in keyed.items()}

    def bits_of(self, words: tuple[str, ...]) -> int:
        bits = self.always
        for word in words:
            known = self._word_bits.get(word)
            if known is None:
                if len(self._word_bits) >= _WORDS_KEPT:
                    self._word_bits.clear()
                known = self._word_bits[word] = self._bits_of_word(word)
            bits |= known
        return bits

    def _bits_of_word(self, word: str) -> int:
        keyed, lengths = self.keyed, self.lengths
        bits = keyed["word"].get(word, 0)
        size = len(word)
        for n in lengths["prefix"]:
            if n <= size:
                bits |= keyed["prefix"].get(word[:n], 0)
        for n in lengths["suffix"]:
            if n <= size:
                bits |= keyed["suffix"].get(word[-n:], 0)
        for n in lengths["infix"]:
            for i in range(size - n + 1):
                bits |= keyed["infix"].get(word[i : i + n], 0)
        return bits

    def could_match(self, text: Text, group: _Group) -> list[re.Pattern[str]]:
        """The patterns of `group` that may match `text` (the others cannot), in order."""
        bits = (text.bits >> group.shift) & group.mask
        out = []
        while bits:
            low = bits & -bits
            out.append(group.patterns[low.bit_length() - 1])
            bits ^= low
        return out

    # -- normalising -------------------------------------------------------------------------

    def _parse(self, text: str) -> Text:
        """Lowercase, one apostrophe, spellings and contractions expanded, punctuation gone,
        clauses split."""
        s = text.lower().translate(self.quotes)
        for pattern, repl, held in self.spellings:
            if all(run in s for run in held):
                s = pattern.sub(repl, s)
        if "'" in s or " " in s:
            for pattern, repl, held in self.contractions:
                if all(run in s for run in held):
                    s = pattern.sub(repl, s)
        s = s.replace("'", "").replace("&", " and ")
        if "-" in s:
            s = _HYPHEN.sub(" ", s)  # "self-harm", "alcohol-free", "9-1-1"
        pieces = [self._words_only(p) for p in self.clause_punctuation.split(s)]
        pieces = [p for p in pieces if p]
        flat = " ".join(pieces)
        clauses = tuple(c.strip() for p in pieces for c in self.clause_words.split(p) if c.strip())
        return Text(self, flat, clauses)

    def _words_only(self, piece: str) -> str:
        return " ".join(self.not_word.sub(" ", piece).split())

    # -- reading -----------------------------------------------------------------------------

    def crisis_family(self, text: Text) -> str | None:
        """The first crisis family ("suicide", "overdose", ...) whose pattern matches."""
        # A text holds the words of no pattern of most groups: those are passed over here,
        # without a call (a group's bits are what `could_match` starts from).
        bits, flat = text.bits, text.flat
        for name, group in zip(self.crisis_families, self.crisis_groups, strict=True):
            if (bits >> group.shift) & group.mask and any(
                p.search(flat) for p in self.could_match(text, group)
            ):
                return name
        return None

    def resisted(self, text: Text) -> bool:
        """Whether an urge is said as beaten ("fought the urge to drink", "aguanté las
        ganas"), with nothing after it that undoes it ("but gave in")."""
        return _standing(self.resisted_g, self.resisted_unless, text.flat)

    def denies_a_lapse(self, text: Text) -> bool:
        """Whether a drink or a drug is said only to be denied ("didn't have one drink", "ni
        una caña"), with nothing after it that undoes the denial ("but then i did")."""
        return _standing(self.lapse_denied, self.lapse_denied_unless, text.flat)

    def without_good_news(self, text: Text) -> str | None:
        """`flat` with the good news it tells cut out, or None when it tells none.

        A match right after a wish, a doubt or a negation ("wish i could sleep through the
        night") is no good news; the few words before it decide.
        """
        spans = [
            match.span()
            for pattern in self.good_news
            for match in pattern.finditer(text.flat)
            if not self.good_news_unless.search(
                " ".join(text.flat[: match.start()].split()[-_GOOD_NEWS_REACH:])
            )
        ]
        if not spans:
            return None
        kept, at = [], 0
        for start, end in sorted(spans):
            kept.append(text.flat[at:start])
            at = max(at, end)
        kept.append(text.flat[at:])
        return " ".join(" ".join(kept).split())

    def feeling(self, text: Text) -> str | None:
        """ "good" when all that is said is a good feeling of the speaker's ("ando feliz"),
        "not_good" when it is one said not to be felt, or a bad one felt, in one clause ("i'm
        not fine", "ando medio depre"), else
        None (the locale's `[feelings]`)."""
        # From each word of the lead filler on, too: the filler cut from `tail` can hold a
        # degree word ("um so happy right now").
        words = text.words
        if any(
            self.feels_good.match(" ".join(words[start:]))
            for start in range(len(words) - len(text.tail.split()) + 1)
        ):
            return "good"
        if len(text.clauses) == 1 and self.feels_not_good.match(text.tail):
            return "not_good"
        return None

    def hopeless(self, text: Text) -> str | None:
        """ "going_on" when the text doubts going on ("i have nothing left"), "goodbye" when it
        says goodbye as if for the last time ("nos vemos en otra vida"), "defeat" when all
        it says is hopeless ("nothing matters"), else None (the locale's `[hopeless]`)."""
        for kind, group in (("going_on", self.going_on_g), ("goodbye", self.goodbye_g)):
            if any(pattern.search(text.flat) for pattern in self.could_match(text, group)):
                return kind
        return "defeat" if self.whole(text, self.defeat_g) else None

    def cues_in(self, text: Text, *, late: bool = False) -> list[str]:
        """The names of the cues (signals for the model) found in the text; with `late`, those
        of `cues_late`, which the models never weigh."""
        bits, flat = text.bits, text.flat
        return [
            name
            for name, group in (self.late_cue_groups if late else self.cue_groups)
            if (bits >> group.shift) & group.mask
            and any(p.search(flat) for p in self.could_match(text, group))
        ]

    def affirmed(self, text: Text, group: _Group) -> bool:
        patterns = self.could_match(text, group)
        return bool(patterns) and any(
            self._own_and_affirmed(clause, match.start())
            for clause in text.clauses
            for pattern in patterns
            for match in pattern.finditer(clause)
        )

    def whole(self, text: Text, group: _Group) -> bool:
        patterns = self.could_match(text, group)
        return bool(patterns) and any(pattern.match(text.tail) for pattern in patterns)

    def each_clause(self, text: Text, *groups: _Group) -> bool:
        """Whether a text of several clauses is one whole answer said more than once ("quien
        sabe, no me acuerdo bien", "no idea, can't remember"): every clause is one of
        `groups`' answers, filler, or closing words."""
        if len(text.clauses) < 2:
            return False
        parts = [self.parse(clause) for clause in text.clauses]
        answers = [any(self.whole(part, group) for group in groups) for part in parts]
        # A clause of closing words alone ("pasó y ya") says nothing more than the rest.
        return any(answers) and all(
            answer or self.only_filler(part) or self.tail_only.match(f" {part.flat}") is not None
            for answer, part in zip(answers, parts, strict=True)
        )

    def only_filler(self, text: Text) -> bool:
        """Whether every word is one that only leads into speech ("um", "well", "uf", "pues")."""
        return self.lead_filler.fullmatch(f"{text.flat} ") is not None

    def hard_day(self, text: Text) -> bool:
        return any(p.match(text.flat) for p in self.could_match(text, self.hard_day_g))

    def ends_on_a_hard_day(self, text: Text) -> bool:
        """Whether the words end on a hard day after something else ("nothing today, it was
        a horrible day", "no tengo nada fue un día horrible": Alexa sends no commas), in the
        words of `hard_day_alone` or of `hard_day_late`, which the models never weigh."""
        patterns = self.hard_day_g.patterns + self.hard_day_late_g.patterns
        words = text.flat.split()
        return any(
            p.match(" ".join(words[start:])) for start in range(1, len(words)) for p in patterns
        )

    def everyday(self, text: Text) -> bool:
        """Whether all that is said is an everyday thing had or taken ("i had lunch")."""
        return any(p.match(text.flat) for p in self.could_match(text, self.everyday_g))

    def _own_and_affirmed(self, clause: str, start: int) -> bool:
        """True when the act at `start` is the speaker's and is not negated or hypothetical.

        Walks back to the nearest subject: another person ("my friend relapsed") makes it not
        the speaker's; no subject at all is the speaker (the slot text drops the "I"). Only the
        words between that subject and the act are checked for a negation, so "I could not
        sleep so I drank" is still a lapse.
        """
        between: list[str] = []
        for word in reversed(clause[:start].split()[-_SUBJECT_REACH:]):
            if word in self.first_person:
                break
            if word in self.other_people:
                return False
            between.append(word)
        nearest = " ".join(reversed(between[: self.negation_reach]))
        return self.negation.search(nearest) is None


def _standing(
    patterns: tuple[re.Pattern[str], ...], unless_after: re.Pattern[str], flat: str
) -> bool:
    """Whether a pattern matches with nothing after it that undoes what it says ("didn't have
    one drink" but then "i did")."""
    return any(
        not unless_after.search(flat, match.end())
        for pattern in patterns
        for match in pattern.finditer(flat)
    )


def _feelings(
    table: dict[str, str] | None, fragments: dict[str, str]
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The whole-utterance patterns of a feeling felt and of one not felt (or a bad one felt,
    `bad`): a frame (or, for a feeling not in `needs_frame`, degree words alone: "so
    relaxed"), any degree words, the feeling, then tail words or another feeling after a
    joiner."""
    if not table:
        return re.compile(r"(?!)"), re.compile(r"(?!)")
    part = {key: _expand(value, fragments) for key, value in table.items()}
    degree, good, tail = part["degree"], part["good"], part["tail"]
    denied = f"{good}|{part['only_denied']}" if "only_denied" in part else good
    needs_frame = part.get("needs_frame", r"(?!)")

    def body(feeling: str, *, frame: bool = True) -> str:
        felt = rf"(?:(?:{degree})\s+)*(?:{feeling})"
        first = felt if frame else rf"(?:(?:{degree})\s+)+(?!(?:{needs_frame})\b)(?:{feeling})"
        return rf"{first}(?:\s+(?:{tail}|(?:{part['joiner']})\s+{felt}))*$"

    # A bad feeling said with its frame ("ando medio depre") or its own (`bad_frame`: "qué
    # mal"), where a locale lists them.
    bad_frame = f"{part['frame']}|{part.get('bad_frame', '(?!)')}"
    bad = rf"|(?:{bad_frame})\s+{body(part['bad'])}" if "bad" in part else ""
    return (
        re.compile(rf"(?:(?:{part['frame']})\s+{body(good)}|{body(good, frame=False)})"),
        re.compile(rf"(?:{part['not_frame']})\s+{body(denied)}{bad}"),
    )


@cache
def rules_for(locale: str) -> Rules:
    """The compiled rules of `locale` (or of the locale whose rules it falls back to)."""
    path = locales.find(locale, "understanding/rules.toml")
    owner = path.parent.parent.name if path is not None else locales.DEFAULT
    return _compiled(owner)


@cache
def _compiled(owner: str) -> Rules:
    return Rules(owner)
