"""What works for this person: the strategies and people that show up in their wins.

Exception-based work asks "what made that possible?" and then "do more of that". The toolkit
answers the first question from the person's own words: it recognises strategies (a walk, a
call, a meeting...) and people (a sponsor, a sister, Rosa) in a win's text and in its "what
helped" answer, and counts in how many wins each one shows up. When "what helped" names
nothing recognisable, the answer itself becomes a tool, because the person's own words are
the best description of their own strategy.

Only what the person did, and did for themselves, is praised back. So a strategy or person
said under a negation ("I didn't text my dealer", "instead of going to the bar", "I never
walked into the liquor store") is skipped until the clause ends ("I didn't drink, I went for
a walk instead" still has its walk); a dealer, a bartender, a drinking buddy or "people I used
with" is never a person who helped, and a call to them is no strategy; and a "what helped"
answer that is no answer ("nothing really", "luck", "just me") or a feeling ("I was sad",
"lonely") becomes no tool at all. Wherever the words are unclear, saying nothing wins over
praising the wrong thing.

Everything here is a pure function over `Win` values: recognition runs over a few hundred
wins per request, so the patterns are compiled once and a win is scanned in one pass.

The strategy and people words, and how each is said back, are the locale's
(`locales/en-US/understanding/toolkit.toml`); the grammar that decides whether a mention
counts is still English here, and still long (one scanner, read best whole).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import locales
from journal.reflection import reflect_word
from journal.wins import Win

STRATEGY = "strategy"
PERSON = "person"
OWN_PREFIX = "own:"
NAMED_PREFIX = "person:named:"
# "what helped" answers longer than this are cut: the phrase is said back in one breath.
OWN_MAX_WORDS = 6


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


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# The locale's toolkit words (`locales/<locale>/understanding/toolkit.toml`): strategies,
# people, and how each is said back. The grammar below decides when a mention counts.
_WORDS = tomllib.loads(
    (locales.folder(locales.DEFAULT) / "understanding" / "toolkit.toml").read_text("utf-8")
)
# Words that name a strategy wherever they are said (as whole words, in any case).
_STRATEGY_VOCABULARY: dict[str, str] = _WORDS["strategies"]["words"]
_STRATEGY_WORDS = {
    word: key for key, words in _STRATEGY_VOCABULARY.items() for word in words.split()
}
# Said in capitals they are the programmes; in lower case "na" and "smart" are other words.
_PROGRAMMES = frozenset({"AA", "NA", "SMART"})
_CASE_SENSITIVE = frozenset({"na", "smart"})

# What follows someone who is company for drinking or using, never help: "my friend who still
# drinks", "people I used with", "the guys I used to drink with", "friends from my using days".
# "My sponsor who used to drink" is not one: people in recovery did, once.
_BAD_CLAUSE = (
    r"(?:\s+(?:who|that)\s+(?:still\s+|always\s+|also\s+)?"
    r"(?:drinks|drink|uses|use|parties|party|deals|sells|smokes"
    r"|(?:gets?|got)\s+(?:high|drunk|wasted)"
    r"|(?:is|are|was|were)\s+(?:still\s+)?(?:drinking|using|partying|dealing))"
    r"|(?:\s+(?:who|that))?\s+(?:i|we)\s+(?:used\s+to\s+|would\s+|always\s+|once\s+)?"
    r"(?:use|used|drink|drank|party|partied|(?:get|got)\s+(?:high|drunk|wasted)|smoke|smoked)"
    r"\s+with"
    r"|\s+from\s+(?:the|my|our)\s+(?:old\s+)?(?:using|drinking|party|partying)\s+days)\b"
)
# The next word is a gerund ("without calling", "stopped texting"), not a noun in -ing.
_GERUND = (
    r"\s+(?!(?:no|some|any|every)thing\b"
    r"|(?:morning|evening|wedding|meeting|ceiling|building|spring|string)s?\b)\w{3,}ing\b"
)

# Phrases that decide what their words mean, tried in this order where their first word is
# said. They come before the single words: "walked out" is leaving, not a walk; "ran away" is
# leaving and "ran into" nothing; "it worked out" is no workout; a "drinking buddy" is no help.
# Each is (what it names, or "" for nothing; its possible first words; the rest of it).
# "negate" starts a negation (see `_scan`) and "affirm" ends one; "bad" is someone who never
# helped (see `_BAD_WORDS`).
_PHRASE_TABLE: tuple[tuple[str, str, str], ...] = (
    (
        "leaving",
        "left",
        r"\s+(?:early|(?:the|that|a|an)\s+(?:\w+\s+)?(?:party|bar|pub|club|wedding|event"
        r"|restaurant|room|house|place|situation|store|shop|game|gathering|concert|show"
        r"|barbecue|bbq|table|office|reception|apartment|dinner|tailgate|bash))",
    ),
    ("leaving", "walk walked walking", r"\s+(?:right\s+)?(?:out|away|past)"),
    ("leaving", "drove driving", r"\s+(?:right\s+)?(?:past|by)"),
    ("leaving", "went came headed go going", r"\s+home\s+early"),
    ("leaving", "got", r"\s+(?:myself\s+)?out\s+of\s+there"),
    ("leaving", "ran", r"\s+away"),
    ("", "call calls called calling", r"\s+(?:it\s+a\s+night|it\s+quits|off)"),
    ("call", "on", r"\s+the\s+phone"),
    ("call", "phone", r"\s+calls?"),
    ("call", "talk talks talked talking speak speaks speaking spoke", r"\s+(?:to|with)"),
    # "talked it through with my counselor", "talking about being sad with my sister": only
    # the verb is the phrase, so a meeting talked about is still read.
    (
        "call",
        "talk talks talked talking",
        r"(?=\s+(?:about|it|things|stuff|everything)(?:\s+[\w']+){0,4}?\s+(?:to|with)\b)",
    ),
    ("call", "reach reached reaching", r"\s+out"),
    ("meeting", "smart", r"\s+recovery"),
    ("meeting", "twelve 12", r"[\s-]steps?"),
    ("meeting", "step", r"\s+work"),
    ("", "group", r"\s+(?:(?:chat|text|message|thread)s?|of)"),
    (
        "",
        "run runs running ran",
        r"\s+(?:into|out|away|off|late|over|through|errands?|an?\s+errands?)",
    ),
    ("exercise", "lifted lifting", r"\s+weights"),
    ("prayer", "higher", r"\s+power"),
    ("water_food", "sparkling", r"\s+water"),
    ("water_food", "ice", r"\s+cream"),
    ("sleep", "went go going got", r"\s+to\s+bed"),
    ("sleep", "bed", r"\s+early"),
    ("sleep", "early", r"\s+night"),
    ("journaling", "gratitude", r"\s+list"),
    ("person", "best", r"\s+friends?"),
    (
        "bad",
        "drinking using party partying drug bar",
        r"\s+(?:buddy|buddies|friends?|pals?|partners?|mates?|crowd|crew|gang)",
    ),
    ("bad", "old", r"\s+(?:crew|crowd|gang)"),
    (
        "bad",
        "people guys crowd crew gang folks someone somebody anyone everyone dudes girls boys "
        "lads homies ones",
        _BAD_CLAUSE,
    ),
    # Not done: "instead of drinking", "rather than call him", "the urge to text him", "I
    # used to go there every night", "I stopped texting him" (but "stopped by my mom's").
    ("negate", "instead", r"\s+of"),
    ("negate", "rather", r"\s+than"),
    ("negate", "urge urges tempted", r"\s+to"),
    ("negate", "used", r"\s+to"),
    ("negate", "stop stops stopped stopping quit quits quitting", rf"(?={_GERUND})"),
    # Negations that thank instead: "I wouldn't be here if it wasn't for my sponsor", "had it
    # not been for my sister", "I can't thank my sponsor enough", "can't wait to see my kids".
    ("affirm", "wasn weren", r"['\u2019]t\s+for"),
    ("affirm", "wasnt werent", r"\s+for"),
    ("affirm", "not", r"(?:\s+been)?\s+for"),
    ("affirm", "hadn", r"['\u2019]t\s+been\s+for"),
    ("affirm", "hadnt", r"\s+been\s+for"),
    ("affirm", "can", r"(?:['\u2019]t|not)\s+(?:wait|thank)"),
    ("affirm", "cant cannot", r"\s+(?:wait|thank)"),
)

_STRATEGY_PHRASES: dict[str, str] = _WORDS["strategies"]["phrases"]

# The word as said -> (key, phrase in the toolkit). Spelling variants a person would not mix
# ("mom" and "mum") keep their own key so each is said back the way the person says it.
_PEOPLE: dict[str, tuple[str, str]] = {
    word: (entry["key"], entry["phrase"]) for entry in _WORDS["people"] for word in entry["words"]
}


# Exercise is not meant by "it worked out": a fixed-width look behind keeps the regex simple.
_WORK_OUT = (
    "exercise",
    "work works worked working",
    r"\s+out",
    r"(?<!it\s)(?<!things\s)(?<!that\s)(?<!everything\s)(?<!all\s)",
)
_ALL_PHRASES = [*((*entry, "") for entry in _PHRASE_TABLE), _WORK_OUT]
_PHRASE_NAMES = {f"p{index}": entry[0] for index, entry in enumerate(_ALL_PHRASES)}
# One regex a first word, of the phrases it can start, in table order: a word tries only its
# own few phrases.
_PHRASES: dict[str, re.Pattern[str]] = {
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
_PHRASE_STARTS = frozenset(_PHRASES)
_TOKEN = re.compile(r"\w+")

# Never a person who helped, and never someone whom contacting is a strategy.
_BAD_WORDS = _word_set(
    "dealer dealers plug bartender bartenders barman barmen barmaid barkeep barkeeper supplier"
)
_BAD_AFTER = re.compile(_BAD_CLAUSE, re.IGNORECASE)
# A call is to or from one of them: "texted my old dealer", "my drinking buddies kept calling".
_TO_BAD = re.compile(r"\s+(?:[\w']+\s+){0,3}")
_FROM_BAD = re.compile(r"\s+(?:(?!(?:and|but|so|then|or)\s)\w+\s+)?")

# Words that start a negation. "t" is what is left of "didn't" once split into words.
_NEGATORS = _word_set(
    "not no never nor t cannot didnt dont doesnt cant couldnt wont wouldnt wasnt werent isnt "
    "arent havent hasnt hadnt shouldnt aint nobody neither almost nearly"
)
_ALMOST = _word_set("almost nearly")
# Avoiding does the same, and undoes a negation already started: "I never missed a meeting",
# "I couldn't have done it without my sponsor". "Without" alone negates only a gerund: "without
# calling him" is not a call, while "without my sister I'd have drunk" thanks her.
_AVOIDING = _word_set(
    "without avoid avoids avoided avoiding skip skips skipped skipping miss misses missed "
    "missing resist resists resisted resisting refuse refuses refused refusing ignore ignores "
    "ignored ignoring delete deletes deleted deleting"
)
_GERUND_NEXT = re.compile(_GERUND)
# A negation ends with its clause: at a punctuation mark, or at a word that starts something
# new ("and went for a walk", "so I called", "I called", "thanks to my sponsor", "at dinner").
# "And" followed by a gerund goes on: "instead of calling and texting him".
_SCOPE_PUNCT = re.compile(r"[,.;:!?\u2013\u2014]")
_SCOPE_ENDS = _word_set(
    "and but so then instead because cause since after before when while until till though "
    "although except if at during thanks help helped i we"
)

# Feelings: how a win felt, never what helped.
_FEELINGS = _word_set(_WORDS["words"]["feelings"])

# Every word worth a second look; all others are skipped at the cost of one set lookup.
_INTERESTING = (
    frozenset(_STRATEGY_WORDS)
    | frozenset(_PEOPLE)
    | _PHRASE_STARTS
    | _BAD_WORDS
    | _NEGATORS
    | _AVOIDING
    | _FEELINGS
)

# A name is only taken from a Title-case word right after a word that introduces a person
# ("my sister Rosa", "texted Sam", "with Dana"): a capital anywhere else is too often the
# start of a sentence, a place or a weekday. Lower-case names (voice often drops capitals) are
# left alone on purpose: "called dave" and "called back" cannot be told apart.
_NAME_AFTER = frozenset(_PEOPLE) | _word_set(
    "call called calling phoned rang text texted texting messaged facetimed with visited saw met"
)
# ... or after "to" in "talked to Sam", "reached out to Sam".
_NAME_AFTER_TO = _word_set("talk talked talking speak spoke speaking out")
# Most wins have no capital after their first word, and skip the search for names.
_MAYBE_NAME = re.compile(r"\s[A-Z][a-z]")

_NOT_NAMES = _word_set(_WORDS["words"]["not_names"]) | frozenset(
    word.capitalize() for word in _PEOPLE
)

# How the skill says one win's strategy back, by the first word said, when something more
# specific than the toolkit's phrase is natural: "last time, a run helped", not "exercise".
_SPECIFIC: dict[str, dict[str, str]] = _WORDS["strategies"]["specific"]

# The contact verb as said -> how to say it with a person after it, and without one.
_CONTACT: dict[str, tuple[str, str]] = {
    word: (with_person, alone) for word, (with_person, alone) in _WORDS["contact"].items()
}
_CALLING = tuple(_WORDS["calling"]["phrases"])

# What may stand between a contact verb and its person: "called my sister", "called up Sam",
# "reached out to my sponsor", "on the phone with my mom", "talked it through with my counselor".
_CONTACT_GAP = re.compile(
    r"\s+(?:(?:about|it|things|stuff|everything)(?:\s+[\w']+){0,4}?\s+(?:to|with)\s+)?"
    r"(?:(?:to|with|up|back|my|our|a|an)\s+){0,3}",
    re.IGNORECASE,
)
# ... and between any other strategy and its company: "a walk with my sister", "walked the dog
# with Sam", "dinner with my family".
_WITH_GAP = re.compile(r"\s+(?:[\w']+\s+){0,3}?with\s+(?:(?:my|our)\s+)?", re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"\b(my|our|a|an)\s+\Z", re.IGNORECASE)

# ---- the person's own words -------------------------------------------------------------

_CLAUSE_END = re.compile(
    r"[,.;:!?]|\s(?:because|since|cause|'cause|but|so\s+that|and\s+then|which|when)\s",
    re.IGNORECASE,
)
_OWN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_LEADING_FILLER = _word_set(
    "um uh er erm hmm well so oh just honestly probably maybe really mostly like basically "
    "definitely actually"
)
# "I think my dog" is a hedge; "I think about my dad" is not, and keeps its words.
_LEADING_FILLER_PAIRS = frozenset(
    {("i", "think"), ("i", "guess"), ("it", "was"), ("that", "was"), ("i'd", "say")}
)
_IRREGULAR_GERUNDS = {
    "thought": "thinking",
    "read": "reading",
    "took": "taking",
    "kept": "keeping",
    "got": "getting",
    "went": "going",
    "made": "making",
    "did": "doing",
    "told": "telling",
    "saw": "seeing",
    "had": "having",
    "gave": "giving",
    "drank": "drinking",
    "sat": "sitting",
    "held": "holding",
    "heard": "hearing",
    "found": "finding",
    "put": "putting",
    "chose": "choosing",
    "spent": "spending",
    "hung": "hanging",
    "played": "playing",
    # "I was patient" -> "being patient", said back as "last time, being patient helped".
    "was": "being",
    "am": "being",
}
_TRAILING_FILLER = _word_set(
    "and or the a an to of about for with my your our in on at that this because but so how "
    "what when who really helped helps me lot most much"
)
_DANGLING = _word_set(
    "you i it he she they we why where if whether who which how what are is were would could "
    "should will can might must had have has do did used without instead rather than not never"
)
# Words ending in "ed" that are not a regular past tense.
_NOT_PAST = _word_set(
    "need feed seed weed heed speed greed breed succeed exceed proceed shed bled fled sled bred "
    "wed bed red"
)
# An answer made of nothing but these words names nothing to reach for again (see `_void`).
_VOID = _LEADING_FILLER | _word_set(
    """
    i i'm im i've i'd me myself my mine own you it it's its that this the a an and or of to for from
    at about with without over in on out
    so very too pretty quite kind kinda sort sorta bit little all
    was is were am are be been being felt feel feels feeling
    nothing anything everything much not no none nope nobody one else particular specific
    idea know knew don't dont didn't didnt do did dunno idk sure remember recall can't cant
    have had what who guess think say suppose
    happened happen happens help helped helps luck lucky luckily chance somehow whatever
    hard easy tough difficult rough fine ok okay alright good
    yes yeah yep skip n na willpower will power strength
    """
)
# An answer starting with these says what was not done (see `_refuses`).
_NOT_DONE = _word_set(
    "didn't didnt don't dont doesn't doesnt won't wont wouldn't wouldnt couldn't couldnt can't "
    "cant cannot wasn't wasnt haven't havent hadn't hadnt instead rather almost nearly"
)
_AUXILIARIES = _word_set("did do does was am have had")
# ... and these say nothing more with a feeling: "I got angry", "I went numb".
_LINKING = _word_set("got get gets getting became become becoming went")


# The groups of a hit that is someone.
_WHO = ("person", "named")


class _Hit(NamedTuple):
    group: str  # a strategy key, or "person", or "named"
    key: str
    start: int
    end: int
    said: str  # the words as said, lower case for everything but names


class _Scan(NamedTuple):
    hits: list[_Hit]
    dropped: bool  # something was left out: negated, or a bad influence
    felt: bool  # a feeling was said


def _scan(source: str) -> _Scan:
    """Every strategy and person mentioned in one string, in the order they are said; whether
    anything was left out for being negated or a bad influence; and whether a feeling was said.

    One pass over the words: a word is looked up in a table, and only the few words that can
    start a phrase try the phrase regex at their own position, so the cost grows with the
    length of the win, not with the number of patterns. Most words are none of these and
    cost one set lookup. A negation ("didn't", "never", "instead of", "avoided") holds until
    its clause ends, and what is said under it is left out.
    """
    lowered = source.lower()
    if len(lowered) != len(source):
        # A few characters lower-case to two ("İ"); positions must stay those of `source`.
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in source)
    names = _MAYBE_NAME.search(source) is not None
    hits: list[_Hit] = []
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
                lower in _SCOPE_ENDS
                and not (lower == "and" and _GERUND_NEXT.match(lowered, token.end()))
            )
        ):
            negated = False
        if lower in _INTERESTING and token.start() >= covered:
            start, end = token.span()
            hit = None
            phrase = _PHRASES[lower].match(lowered, start) if lower in _PHRASES else None
            if phrase:
                covered = phrase.end()
                group = _PHRASE_NAMES[phrase.lastgroup or ""]
                said = " ".join(phrase.group().split())
                if group == "person":
                    hit = _Hit(group, _PEOPLE[said][0], start, covered, said)
                elif group == "negate":
                    negated, near = True, False
                    until = _scope_end(lowered, covered)
                elif group == "affirm":
                    negated = False
                elif group == "bad":
                    bad.append((start, covered))
                elif group:
                    hit = _Hit(group, group, start, covered, said)
            elif lower in _PEOPLE:
                hit = _Hit("person", _PEOPLE[lower][0], start, end, lower)
            elif lower in _STRATEGY_WORDS:
                if lower not in _CASE_SENSITIVE or source[start:end] in _PROGRAMMES:
                    group = _STRATEGY_WORDS[lower]
                    hit = _Hit(group, group, start, end, lower)
            elif lower in _BAD_WORDS:
                bad.append((start, end))
            elif near and negated and lower in _NEGATORS:
                negated = False  # "I almost didn't go to the meeting"
            elif lower in _NEGATORS or (
                lower in _AVOIDING
                and not negated
                and (lower != "without" or _GERUND_NEXT.match(lowered, end))
            ):
                negated, near = True, lower in _ALMOST
                until = _scope_end(lowered, end)
            elif lower in _AVOIDING:
                negated = False  # "never missed", "couldn't have done it without"
            elif lower in _FEELINGS:
                felt = True
            if hit:
                if hit.group == "person" and (company := _BAD_AFTER.match(lowered, hit.end)):
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
                and (before in _NAME_AFTER or (before == "to" and before_that in _NAME_AFTER_TO))
                and len(word) > 1
                and word[1:].islower()
                and word.isalpha()
                and word not in _NOT_NAMES
                and source[gap_start:start].isspace()
            ):
                if company := _BAD_AFTER.match(lowered, end):
                    bad.append((start, company.end()))
                elif negated:
                    dropped = True
                else:
                    hits.append(_Hit("named", NAMED_PREFIX + lower, start, end, word))
            before_that, before, gap_start = before, lower, end
    if bad:
        hits = [
            hit for hit in hits if hit.group != "call" or not _with_bad(hit, hits, bad, lowered)
        ]
    return _Scan(hits, dropped or bool(bad), felt)


def _scope_end(lowered: str, after: int) -> int:
    punctuation = _SCOPE_PUNCT.search(lowered, after)
    return punctuation.start() if punctuation else len(lowered)


def _with_bad(call: _Hit, hits: list[_Hit], bad: list[tuple[int, int]], lowered: str) -> bool:
    """Is this call to or from a bad influence: "texted my dealer", "my dealer called"?"""
    for bad_start, bad_end in bad:
        if bad_start >= call.end:
            if _TO_BAD.fullmatch(lowered, call.end, bad_start) and not any(
                call.end <= hit.start < bad_start for hit in hits if hit.group in _WHO
            ):
                return True
        elif bad_end <= call.start and _FROM_BAD.fullmatch(lowered, bad_end, call.start):
            return True
    return False


def _void(words: list[str]) -> str:
    """What kind of answer these words are when they name nothing to reach for again.

    "feeling" for a feeling ("I was sad", "so lonely", "I got angry"), "non-answer" for the
    rest ("nothing really", "it was hard", "luck", "just me"), "" when they say something.
    Feelings are fine as how a win felt; they are not strategies. Self-credit ("myself",
    "willpower") is no strategy to reach for either: the win itself already says it was you.
    """
    feeling = linking = False
    for word in words:
        if word in _FEELINGS:
            feeling = True
        elif word in _LINKING:
            linking = True
        elif word not in _VOID:
            return ""
    if feeling:
        return "feeling"
    return "" if linking else "non-answer"


def _credited(source: str, scan: _Scan) -> list[_Hit]:
    """The hits of a "what helped" answer less the people named in a feeling about them.

    "I was angry at my brother" or "sad about my dad" does not say the brother or the dad
    helped; "I was sad, my sister helped" still thanks the sister.
    """
    hits = scan.hits
    if not scan.felt or not any(hit.group in _WHO for hit in hits):
        return hits
    bounds = [(m.start(), m.end()) for m in _CLAUSE_END.finditer(source)]
    credited = []
    for hit in hits:
        if hit.group in _WHO:
            start = max((b_end for _, b_end in bounds if b_end <= hit.start), default=0)
            end = min((b_start for b_start, _ in bounds if b_start >= hit.end), default=len(source))
            rest, cut = [], start
            for other in hits:
                if other.group in _WHO and start <= other.start < end:
                    rest.append(source[cut : other.start])
                    cut = max(cut, other.end)
            rest.append(source[cut:end])
            words = _OWN_WORD.findall(" ".join(rest).replace("\u2019", "'").lower())
            if _void(_drop_leading_fillers(words)) == "feeling":
                continue
        credited.append(hit)
    return credited


def _gerund(word: str) -> str | None:
    """ "stayed" -> "staying", "thought" -> "thinking"; None when unsure it is a past verb.

    Dropping "ed" gives the gerund's stem for most regular verbs, e-final ones included
    ("smiled" -> "smiling", "used" -> "using", "hugged" -> "hugging").
    """
    if word in _IRREGULAR_GERUNDS:
        return _IRREGULAR_GERUNDS[word]
    if len(word) > 4 and word.endswith("ied"):
        return word[:-3] + "ying"  # "tried" -> "trying"
    if word in _NOT_PAST or len(word) < 4 or not word.endswith("ed"):
        return None
    if word.endswith("eed"):
        return word[:-1] + "ing"  # "agreed" -> "agreeing"
    return word[:-2] + "ing"


def _drop_leading_fillers(words: list[str]) -> list[str]:
    while words:
        if (words[0], *words[1:2]) in _LEADING_FILLER_PAIRS and words[2:3] not in (
            ["about"],
            ["of"],
        ):
            words = words[2:]
        elif words[0] in _LEADING_FILLER:
            words = words[1:]
        else:
            break
    return words


def own_phrase(helped: str) -> str | None:
    """The person's own "what helped" answer as a short second-person phrase, or None.

    It is said back in "last time, ... helped" and in the toolkit, so: the first clause that
    says something, fillers dropped at both ends, "I stayed busy" turned into "staying busy"
    (or, when the verb is not a simple past, reflected: "you remind yourself"), and cut to a
    few words. Non-answers ("nothing", "I don't know", "it was hard", "luck", "just me") and
    feelings ("I was sad", "lonely") give None: they are not a strategy. The first clause that
    says something decides: "I don't know, maybe my dog" is not taken as an answer. Nor is
    what was not done ("I didn't go to the bar", "instead of calling him"): it is no strategy
    to reach for, and "last time, you didn't go to the bar helped" says it wrong; an attitude
    said as one ("not giving up") stays.
    """
    text = helped.replace("\u2019", "'").strip().lower()
    words: list[str] = []
    for clause in _CLAUSE_END.split(text):
        # "Um, I guess reading helped": the first clause with more than fillers in it counts.
        words = _drop_leading_fillers(_OWN_WORD.findall(clause))
        if words:
            break
    if _void(words):
        return None
    if words[:1] == ["i'm"]:
        words = ["i", "am", *words[1:]]
    if _refuses(_drop_leading_fillers(words[1:]) if words[:1] == ["i"] else words):
        return None
    if words[:1] == ["i"]:
        rest = _drop_leading_fillers(words[1:])
        gerund = _gerund(rest[0]) if rest else None
        if gerund and rest[1:2] and rest[1].endswith("ing"):
            # "I kept telling myself" -> "telling yourself": the verb already is a gerund.
            words = rest[1:]
        elif gerund:
            words = [gerund, *rest[1:]]
    reflected: list[str] = []
    previous = ""
    for word in words[:OWN_MAX_WORDS]:
        reflected.append(reflect_word(word, previous) or word)
        previous = word
    # A phrase cut short must not end mid-thought: "remind yourself why you" -> "... yourself".
    dangling = _TRAILING_FILLER | _DANGLING if len(words) > OWN_MAX_WORDS else _TRAILING_FILLER
    while reflected and reflected[-1] in dangling:
        reflected.pop()
    return " ".join(reflected) or None


def _refuses(words: list[str]) -> bool:
    """Do these words start by saying what was not done: "didn't go", "never called"?"""
    if not words:
        return False
    first, second = words[0], words[1] if len(words) > 1 else ""
    if first in _NOT_DONE:
        return True
    if first in ("not", "never"):
        return not second.endswith("ing")  # "not giving up" is an attitude
    if first == "used":
        return second == "to"  # "I used to go there every night"
    return first in _AUXILIARIES and second in ("not", "never")


def _own_tool(helped: str, hits: list[_Hit]) -> str | None:
    """The "what helped" answer as the person's own tool, when no known strategy is in it.

    People in the answer do not stop it being a strategy of its own: "being around my kids"
    is more than "your kids", while "my sponsor" or "I think my sister helped" say no more than
    the person, who is already a tool. `hits` are all the people said, credited or not.
    """
    if any(hit.group not in _WHO for hit in hits):
        return None
    if hits:
        rest, cut = [], 0
        for hit in hits:
            rest.append(helped[cut : hit.start])
            cut = max(cut, hit.end)
        rest.append(helped[cut:])
        if own_phrase(" ".join(rest)) is None:
            return None
    return own_phrase(helped)


def tools_in(win: Win) -> set[str]:
    """The tool keys recognised in one win, from its text and from what helped.

    When "what helped" was answered but names no known strategy, the answer itself becomes an
    "own:" tool: what the person says worked is theirs to keep, even if no list knows it. Not
    when the answer is no answer, a feeling or what was not done (see `own_phrase`), nor when
    a strategy or person in it is negated ("not texting him", "I resisted the urge to text
    him") or a bad influence is named: the answer is then about what was avoided, and said
    back in the person's words it would name the very thing avoided.
    """
    keys: set[str] = set()
    if win.helped:
        scan = _scan(win.helped)
        for hit in _credited(win.helped, scan):
            keys.add(hit.key)
        if not scan.dropped:
            own = _own_tool(win.helped, scan.hits)
            if own:
                keys.add(OWN_PREFIX + own)
    for hit in _scan(win.text).hits:
        keys.add(hit.key)
    return keys


def _kind(key: str) -> str:
    return PERSON if key.startswith("person:") else STRATEGY


def _phrase(key: str) -> str:
    if key.startswith(OWN_PREFIX):
        return key[len(OWN_PREFIX) :]
    if key.startswith(NAMED_PREFIX):
        return key[len(NAMED_PREFIX) :].capitalize()
    if key in _STRATEGY_PHRASES:
        return _STRATEGY_PHRASES[key]
    return next(phrase for known, phrase in _PEOPLE.values() if known == key)


def toolkit(wins: Iterable[Win], *, limit: int = 5) -> list[Tool]:
    """The person's tools, most frequent first; ties go to the one used most recently.

    A win counts once per tool, however often it names it: the question is "in how many of
    your wins did this show up", which is what "it helped you 6 times" means when said back.
    """
    counts: dict[str, int] = {}
    last_used: dict[str, datetime] = {}
    for win in wins:
        for key in tools_in(win):
            counts[key] = counts.get(key, 0) + 1
            if key not in last_used or win.at > last_used[key]:
                last_used[key] = win.at
    # Sorting by key first makes equal counts and equal times come out the same every time.
    ranked = sorted(counts, key=lambda key: key)
    ranked.sort(key=lambda key: (counts[key], last_used[key]), reverse=True)
    return [
        Tool(key=key, kind=_kind(key), phrase=_phrase(key), count=counts[key])
        for key in ranked[: max(limit, 0)]
    ]


# ---- saying what helped in one win ------------------------------------------------------


def _person_phrase(hit: _Hit, source: str) -> str:
    """A person as said back for one win: "your sister", "your best friend", "Rosa"."""
    if hit.group == "named":
        return hit.said
    if hit.key != "person:friend":
        # A relation is always someone's own: "called sister" still means "your sister".
        return _PEOPLE[hit.said][1] if hit.said.startswith("fianc") else f"your {hit.said}"
    before = _DETERMINER_BEFORE.search(source, max(0, hit.start - 8), hit.start)
    determiner = before.group(1).lower() if before else ""
    if determiner in ("my", "our"):
        return f"your {hit.said}"
    if hit.said.endswith("s"):
        return hit.said
    return f"a {hit.said}"


def _strategy_phrase(hit: _Hit) -> str:
    """One win's strategy as said back, as specific as the words allow."""
    first = hit.said.split(" ", 1)[0]
    if hit.group == "call":
        return _CONTACT.get(first, _CALLING)[1]
    return _SPECIFIC.get(hit.group, {}).get(first) or _STRATEGY_PHRASES[hit.group]


def _combination(hits: list[_Hit], source: str, people: set[str] | None = None) -> str | None:
    """A strategy said together with its person: "calling your sister", "a walk with Sam"."""
    for index, hit in enumerate(hits):
        if hit.group == "call":
            gap = _CONTACT_GAP
        elif hit.group != "leaving":
            gap = _WITH_GAP
        else:
            continue
        for other in hits[index + 1 :]:
            if other.group not in _WHO or other.start < hit.end:
                continue
            if people is not None and other.key not in people:
                continue
            if not gap.fullmatch(source, hit.end, other.start):
                continue
            person = _person_phrase(other, source)
            if hit.group == "call":
                verb = _CONTACT.get(hit.said.split(" ", 1)[0], _CALLING)[0]
                return f"{verb} {person}"
            return f"{_strategy_phrase(hit)} with {person}"
    return None


def _strategy_or_combination(hits: list[_Hit], source: str) -> str | None:
    combined = _combination(hits, source)
    if combined:
        return combined
    for hit in hits:
        if hit.group not in _WHO:
            return _strategy_phrase(hit)
    return None


def describe_helped(win: Win) -> str | None:
    """The best short second-person phrase for what helped in this win, or None.

    For "last time, calling your sister helped". When the person answered "what helped?", only
    that answer is read (with the win for what they did together with a person they named): a
    strategy with its person ("calling your sister") beats a strategy alone ("going for a
    walk"); then the person's own answer ("your dog"); then the person alone. An answer that
    names nothing to reach for again ("nothing really", "I was sad", "not texting him") gives
    None rather than a guess from the win. Without an answer, the win's own words are read,
    where a person alone is never the help: a sister mentioned in the win ("at my sister's
    wedding") was not necessarily the help.
    """
    if win.helped:
        scan = _scan(win.helped)
        credited = _credited(win.helped, scan)
        said = _strategy_or_combination(credited, win.helped)
        if said:
            return said
        own = None if scan.dropped else _own_tool(win.helped, scan.hits)
        if own:
            return own
        if credited:
            # "My sponsor" answered what helped; the win may say what they did together.
            people = {hit.key for hit in credited}
            together = _combination(_scan(win.text).hits, win.text, people)
            return together or _person_phrase(credited[0], win.helped)
        return None
    return _strategy_or_combination(_scan(win.text).hits, win.text)
