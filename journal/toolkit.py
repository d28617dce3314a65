"""What works for this person: the strategies and people that show up in their wins.

Exception-based work asks "what made that possible?" and then "do more of that". The toolkit
answers the first question from the person's own words: it recognises strategies (a walk, a
call, a meeting...) and people (a sponsor, a sister, Rosa) in a win's text and in its "what
helped" answer, and counts in how many wins each one shows up. When "what helped" names
nothing recognisable, the answer itself becomes a tool, because the person's own words are
the best description of their own strategy.

Everything here is a pure function over `Win` values: recognition runs over a few hundred
wins per request, so the patterns are compiled once and a win is scanned in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

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


# Words that name a strategy wherever they are said (as whole words, in any case).
_STRATEGY_VOCABULARY: dict[str, str] = {
    "walk": "walk walks walked walking stroll strolls strolled strolling hike hikes hiked hiking",
    "call": "call calls called calling phoned phoning rang facetimed facetiming "
    "text texts texted texting messaged messaging",
    "meeting": "meeting meetings fellowship anonymous aa na smart group",
    "breathing": "breath breaths breathe breathed breathing breathwork",
    "exercise": "gym workout workouts exercise exercises exercised exercising yoga pilates "
    "swim swims swam swimming bike biked biking cycled cycling jog jogs jogged jogging "
    "weights run runs running ran",
    "music": "music song songs sang sing sings singing playlist playlists guitar piano drums "
    "ukulele karaoke",
    "prayer": "pray prays prayed praying prayer prayers meditate meditates meditated meditating "
    "meditation meditations mindful mindfulness church rosary",
    "water_food": "water tea coffee ate eat eating snack snacks meal meals dinner lunch breakfast "
    "cook cooked cooking food soda seltzer juice mocktail mocktails chocolate",
    "sleep": "sleep sleeps slept sleeping nap naps napped napping",
    "journaling": "journal journals journaled journalled journaling journalling "
    "wrote write writes writing diary",
}
_STRATEGY_WORDS = {
    word: key for key, words in _STRATEGY_VOCABULARY.items() for word in words.split()
}
# Said in capitals they are the programmes; in lower case "na" and "smart" are other words.
_PROGRAMMES = frozenset({"AA", "NA", "SMART"})
_CASE_SENSITIVE = frozenset({"na", "smart"})

# Phrases that decide what their words mean, tried in this order where their first word is
# said. They come before the single words: "walked out" is leaving, not a walk; "ran away" is
# leaving and "ran into" nothing; "it worked out" is no workout; a "drinking buddy" is no help.
# Each is (what it names, or "" for nothing; its possible first words; the rest of it).
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
    ("", "drinking using party", r"\s+(?:buddy|buddies|friends?|pals?)"),
)

_STRATEGY_PHRASES: dict[str, str] = {
    "walk": "going for a walk",
    "call": "calling someone",
    "meeting": "going to a meeting",
    "breathing": "slow breathing",
    "exercise": "exercise",
    "music": "music",
    "prayer": "prayer or meditation",
    "water_food": "water or food",
    "sleep": "sleep",
    "journaling": "writing it down",
    "leaving": "leaving the situation",
}

# The word as said -> (key, phrase in the toolkit). Spelling variants a person would not mix
# ("mom" and "mum") keep their own key so each is said back the way the person says it.
_PEOPLE: dict[str, tuple[str, str]] = {}


def _people(key: str, phrase: str, *words: str) -> None:
    for word in words:
        _PEOPLE[word] = (key, phrase)


_people("person:sponsor", "your sponsor", "sponsor", "sponsors")
_people(
    "person:friend",
    "a friend",
    "friend",
    "friends",
    "best friend",
    "best friends",
    "buddy",
    "buddies",
    "pal",
    "pals",
)
_people("person:therapist", "your therapist", "therapist")
_people("person:counselor", "your counselor", "counselor", "counsellor")
_people("person:family", "your family", "family")
for _relation in (
    ("mom", "mommy", "mother"),
    ("mum", "mummy"),
    ("dad", "daddy", "father"),
    ("sister", "sisters"),
    ("brother", "brothers"),
    ("wife",),
    ("husband",),
    ("partner",),
    ("son", "sons"),
    ("daughter", "daughters"),
    ("kids", "children"),
    ("grandma", "grandmother", "nana", "granny"),
    ("grandpa", "grandfather"),
    ("grandkids", "grandchildren"),
    ("aunt", "auntie"),
    ("uncle",),
    ("cousin", "cousins"),
    ("boyfriend",),
    ("girlfriend",),
):
    _people(f"person:family:{_relation[0]}", f"your {_relation[0]}", *_relation)
_people("person:family:fiance", "your fiancé", "fiance", "fiancé")
_people("person:family:fiancee", "your fiancée", "fiancee", "fiancée")


# Exercise is not meant by "it worked out": a fixed-width look behind keeps the regex simple.
_WORK_OUT = (
    "exercise",
    "work works worked working",
    r"\s+out",
    r"(?<!it\s)(?<!things\s)(?<!that\s)(?<!everything\s)(?<!all\s)",
)
_ALL_PHRASES = [*((*entry, "") for entry in _PHRASE_TABLE), _WORK_OUT]
_PHRASES = re.compile(
    "|".join(
        f"{behind}(?P<p{index}>(?:{'|'.join(first.split())}){rest})\\b"
        for index, (_, first, rest, behind) in enumerate(_ALL_PHRASES)
    ),
    re.IGNORECASE,
)
_PHRASE_NAMES = {f"p{index}": entry[0] for index, entry in enumerate(_ALL_PHRASES)}
_PHRASE_STARTS = frozenset(word for entry in _ALL_PHRASES for word in entry[1].split())
_TOKEN = re.compile(r"\w+")
# Every word worth a second look; all others are skipped at the cost of one set lookup.
_INTERESTING = frozenset(_STRATEGY_WORDS) | frozenset(_PEOPLE) | _PHRASE_STARTS

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

_NOT_NAMES = _word_set(
    """
    I Im Ive Id My Me Our Us We You Your The A An His Her Him Them Their They It Its This That
    Some Someone Somebody Everyone Everybody Nobody People Everything Nothing
    God Lord Jesus Christ Allah Buddha Higher Power Alexa Smart Recovery
    Dr Mr Mrs Ms Miss Sir
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Tonight Tomorrow Yesterday
    January February March April May June July August September October November December
    Christmas Easter Thanksgiving Halloween Hanukkah Ramadan Diwali
    """
) | frozenset(word.capitalize() for word in _PEOPLE)

# How the skill says one win's strategy back, by the first word said, when something more
# specific than the toolkit's phrase is natural: "last time, a run helped", not "exercise".
_SPECIFIC: dict[str, dict[str, str]] = {
    "walk": dict.fromkeys(("hike", "hikes", "hiked", "hiking"), "a hike"),
    "exercise": {
        "gym": "the gym",
        "yoga": "yoga",
        "pilates": "pilates",
        **dict.fromkeys(("run", "runs", "ran", "running"), "a run"),
        **dict.fromkeys(("jog", "jogs", "jogged", "jogging"), "a jog"),
        **dict.fromkeys(("swim", "swims", "swam", "swimming"), "swimming"),
        **dict.fromkeys(("bike", "biked", "biking"), "a bike ride"),
        **dict.fromkeys(("cycled", "cycling"), "cycling"),
        **dict.fromkeys(
            ("workout", "workouts", "work", "works", "worked", "working"), "working out"
        ),
        **dict.fromkeys(("lifted", "lifting", "weights"), "lifting weights"),
    },
    "music": {
        **dict.fromkeys(("sang", "sing", "sings", "singing", "karaoke"), "singing"),
        "guitar": "playing guitar",
        "piano": "playing piano",
    },
    "prayer": {
        **dict.fromkeys(("pray", "prays", "prayed", "praying", "prayer", "prayers"), "prayer"),
        **dict.fromkeys(
            ("meditate", "meditates", "meditated", "meditating", "meditation", "meditations"),
            "meditation",
        ),
        **dict.fromkeys(("mindful", "mindfulness"), "mindfulness"),
        "church": "church",
        "higher": "your higher power",
    },
    "water_food": {
        "water": "water",
        "sparkling": "sparkling water",
        "tea": "tea",
        "coffee": "coffee",
        **dict.fromkeys(("snack", "snacks"), "a snack"),
        **dict.fromkeys(("meal", "meals"), "a meal"),
        "dinner": "dinner",
        "lunch": "lunch",
        "breakfast": "breakfast",
        **dict.fromkeys(("ate", "eat", "eating", "food"), "eating something"),
        **dict.fromkeys(("cook", "cooked", "cooking"), "cooking"),
        **dict.fromkeys(("mocktail", "mocktails"), "a mocktail"),
    },
    "sleep": {
        **dict.fromkeys(("nap", "naps", "napped", "napping"), "a nap"),
        **dict.fromkeys(("went", "go", "going", "got"), "going to bed"),
    },
}

# The contact verb as said -> how to say it with a person after it, and without one.
_CONTACT: dict[str, tuple[str, str]] = {
    "text": ("texting", "texting someone"),
    "texts": ("texting", "texting someone"),
    "texted": ("texting", "texting someone"),
    "texting": ("texting", "texting someone"),
    "messaged": ("messaging", "messaging someone"),
    "messaging": ("messaging", "messaging someone"),
    "talk": ("talking to", "talking to someone"),
    "talks": ("talking to", "talking to someone"),
    "talked": ("talking to", "talking to someone"),
    "talking": ("talking to", "talking to someone"),
    "speak": ("talking to", "talking to someone"),
    "speaking": ("talking to", "talking to someone"),
    "spoke": ("talking to", "talking to someone"),
    "reach": ("reaching out to", "reaching out"),
    "reached": ("reaching out to", "reaching out"),
    "reaching": ("reaching out to", "reaching out"),
}
_CALLING = ("calling", "calling someone")

# What may stand between a contact verb and its person: "called my sister", "called up Sam",
# "reached out to my sponsor", "on the phone with my mom".
_CONTACT_GAP = re.compile(r"\s+(?:(?:to|with|up|back|my|our|a|an)\s+){0,3}", re.IGNORECASE)
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
    "what when who really helped help helps me lot most much"
)
_DANGLING = _word_set(
    "you i it he she they we why where if whether who which how what are is were would could "
    "should will can might must had have has do did used"
)
# Words ending in "ed" that are not a regular past tense.
_NOT_PAST = _word_set(
    "need feed seed weed heed speed greed breed succeed exceed proceed shed bled fled sled bred "
    "wed bed red"
)
_NON_ANSWERS = frozenset(
    {
        "",
        "nothing",
        "nothing really",
        "nothing much",
        "not much",
        "none",
        "no",
        "nope",
        "n a",
        "na",
        "yes",
        "yeah",
        "ok",
        "okay",
        "skip",
        "i",
        "you",
        "me",
        "myself",
        "just me",
        "nobody",
        "no one",
        "not sure",
        "i'm not sure",
        "no idea",
        "i have no idea",
        "don't know",
        "i don't know",
        "dunno",
        "idk",
        "don't remember",
        "i don't remember",
        "can't remember",
        "i can't remember",
    }
)
_REFLECT = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "our": "your",
    "ours": "yours",
    "i'm": "you're",
    "i've": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
}
# These change only right after "I": "I was calm" -> "you were calm", "it was hard" stays.
_REFLECT_AFTER_I = {"am": "are", "was": "were"}


class _Hit(NamedTuple):
    group: str  # a strategy key, or "person", or "named"
    key: str
    start: int
    end: int
    said: str  # the words as said, lower case for everything but names


def _scan(source: str) -> list[_Hit]:
    """Every strategy and person mentioned in one string, in the order they are said.

    One pass over the words: a word is looked up in a table, and only the few words that can
    start a phrase try the phrase regex at their own position, so the cost grows with the
    length of the win, not with the number of patterns. Most words are none of these and
    cost one set lookup.
    """
    lowered = source.lower()
    if len(lowered) != len(source):
        # A few characters lower-case to two ("İ"); positions must stay those of `source`.
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in source)
    names = _MAYBE_NAME.search(source) is not None
    hits: list[_Hit] = []
    covered = 0  # where the last phrase ended: its words are not looked at again
    before = before_that = ""  # the two previous words, for names
    gap_start = -1  # where the previous word ended
    for token in _TOKEN.finditer(lowered):
        lower = token.group()
        if lower in _INTERESTING and token.start() >= covered:
            start, end = token.span()
            phrase = _PHRASES.match(lowered, start) if lower in _PHRASE_STARTS else None
            if phrase:
                covered = phrase.end()
                group = _PHRASE_NAMES[phrase.lastgroup or ""]
                said = " ".join(phrase.group().split())
                if group == "person":
                    hits.append(_Hit(group, _PEOPLE[said][0], start, covered, said))
                elif group:
                    hits.append(_Hit(group, group, start, covered, said))
            elif lower in _PEOPLE:
                hits.append(_Hit("person", _PEOPLE[lower][0], start, end, lower))
            elif lower in _STRATEGY_WORDS and (
                lower not in _CASE_SENSITIVE or source[start:end] in _PROGRAMMES
            ):
                group = _STRATEGY_WORDS[lower]
                hits.append(_Hit(group, group, start, end, lower))
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
                hits.append(_Hit("named", NAMED_PREFIX + lower, start, end, word))
            before_that, before, gap_start = before, lower, end
    return hits


def _keys(source: str, into: set[str]) -> tuple[bool, bool]:
    """Add the tool keys recognised in `source` to `into`: were there strategies, people?"""
    strategies = people = False
    for hit in _scan(source):
        into.add(hit.key)
        if hit.group in ("person", "named"):
            people = True
        else:
            strategies = True
    return strategies, people


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
    few words. Non-answers ("nothing", "I don't know") give None: they are not a strategy.
    """
    text = helped.replace("\u2019", "'").strip().lower()
    words: list[str] = []
    for clause in _CLAUSE_END.split(text):
        # "Um, I guess reading helped": the first clause with more than fillers in it counts.
        said = _OWN_WORD.findall(clause)
        if " ".join(said) in _NON_ANSWERS:
            return None
        words = _drop_leading_fillers(said)
        if words:
            break
    if words[:1] == ["i'm"]:
        words = ["i", "am", *words[1:]]
    if words[:1] == ["i"]:
        rest = _drop_leading_fillers(words[1:])
        gerund = _gerund(rest[0]) if rest else None
        if gerund and rest[1:2] and rest[1].endswith("ing"):
            # "I kept telling myself" -> "telling yourself": the verb already is a gerund.
            words = rest[1:]
        elif gerund:
            words = [gerund, *rest[1:]]
    if " ".join(words) in _NON_ANSWERS:
        return None
    reflected: list[str] = []
    previous = ""
    for word in words[:OWN_MAX_WORDS]:
        if previous == "i" and word in _REFLECT_AFTER_I:
            reflected.append(_REFLECT_AFTER_I[word])
        else:
            reflected.append(_REFLECT.get(word, word))
        previous = word
    # A phrase cut short must not end mid-thought: "remind yourself why you" -> "... yourself".
    dangling = _TRAILING_FILLER | _DANGLING if len(words) > OWN_MAX_WORDS else _TRAILING_FILLER
    while reflected and reflected[-1] in dangling:
        reflected.pop()
    phrase = " ".join(reflected)
    return phrase if phrase and phrase not in _NON_ANSWERS else None


def _own_tool(helped: str, hits: list[_Hit]) -> str | None:
    """The "what helped" answer as the person's own tool, when no known strategy is in it.

    People in the answer do not stop it being a strategy of its own: "being around my kids"
    is more than "your kids", while "my sponsor" or "I think my sister helped" say no more than
    the person, who is already a tool.
    """
    if any(hit.group not in ("person", "named") for hit in hits):
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
    "own:" tool: what the person says worked is theirs to keep, even if no list knows it.
    """
    keys: set[str] = set()
    if win.helped:
        strategies, people = _keys(win.helped, keys)
        if not strategies:
            own = _own_tool(win.helped, _scan(win.helped) if people else [])
            if own:
                keys.add(OWN_PREFIX + own)
    _keys(win.text, keys)
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
            if other.group not in ("person", "named") or other.start < hit.end:
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
        if hit.group not in ("person", "named"):
            return _strategy_phrase(hit)
    return None


def describe_helped(win: Win) -> str | None:
    """The best short second-person phrase for what helped in this win, or None.

    For "last time, calling your sister helped". What the person answered to "what helped?"
    comes first, then the win's own words. A strategy with its person ("calling your sister")
    beats a strategy alone ("going for a walk"); then the person's own answer ("your dog").
    A person alone is used only when "what helped" named them: a sister mentioned in the win
    ("at my sister's wedding") was not necessarily the help.
    """
    if win.helped:
        hits = _scan(win.helped)
        said = _strategy_or_combination(hits, win.helped) or _own_tool(win.helped, hits)
        if said:
            return said
        if hits:
            # "My sponsor" answered what helped; the win may say what they did together.
            people = {hit.key for hit in hits}
            together = _combination(_scan(win.text), win.text, people)
            return together or _person_phrase(hits[0], win.helped)
    return _strategy_or_combination(_scan(win.text), win.text)
