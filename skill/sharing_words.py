"""Small rules for speaking and hearing names, codes and times in sharing conversations.

What is heard in a free answer is the locale's (`locales/<locale>/hearing.toml`): the words
for digits, a name's lead-ins, weekdays and clock times, and the hedges that make a yes unclear.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import locales
from locales import speaking
from sharing.records import MAX_NAME_CHARS
from skill.speech import Markup


def spoken_code(code: str) -> Markup:
    """A code read digit by digit, in two groups of three, slowly enough to write down."""
    half = len(code) // 2
    return Markup(
        f'<say-as interpret-as="digits">{code[:half]}</say-as><break time="400ms"/>'
        f'<say-as interpret-as="digits">{code[half:]}</say-as>'
    )


def written_code(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}"


def digits_in(text: str, locale: str) -> str:
    """The digits someone said, as digits: "four eight two, 9 1 5" -> "482915"."""
    words = _hearing(locale)["digits"]["words"]
    out = []
    for word in re.findall(r"[^\W\d_]+|\d+", text.lower()):
        if word.isdigit():
            out.append(word)
        elif word in words:
            out.append(words[word])
    return "".join(out)


def clean_name(text: str, locale: str) -> str:
    """A name as said to "what name should they see?": "my name is Sam" -> "Sam"."""
    lead_ins = _lead_ins(locale)
    text = " ".join(text.split())
    for _ in range(4):  # "um, just call me Sam"
        text = lead_ins.sub("", text)
    words = re.sub(r"[^\w' -]", " ", text).split()
    return " ".join(w[:1].upper() + w[1:] for w in words)[:MAX_NAME_CHARS].strip()


def spoken_name(text: str, locale: str) -> str:
    """Who someone was called, spoken back as a person writes it: Alexa hands names over
    lowercase ("friend ana" -> "friend Ana"); role words ("amiga") and the locale's
    `hearing.names.lowercase` stay lowercase."""
    keep = {word for word, _ in _roles(locale)} | set(_hearing(locale)["names"]["lowercase"])
    return " ".join(
        word if word.lower() in keep else word[:1].upper() + word[1:] for word in text.split()
    )


def aside(text: str, locale: str) -> str | None:
    """What words said beside an open question are, if they are not its answer: "code" for the
    code just given, asked for again ("what was the code again?"), "unsave" for
    taking back the win being asked about ("don't save that", "mejor no lo guardes"), "stop" for
    stopping ("okay stop", "ya para"), "back" for a change of mind ("go back", "mejor no"),
    "asking" for a question back ("like what?",
    "¿cuál?"), "question" for any other question ("what's the group for?"), or None. The
    words are the locale's `hearing.asides`."""
    asides = _hearing(locale)["asides"]
    said = _plain_words(text)
    # Tried as said too: a filler may be the words themselves ("wait no").
    both = (said, _pattern(asides["fillers"]).sub("", said))
    for kind in ("code", "unsave", "stop", "back", "asking", "question"):
        if any(_pattern(p).fullmatch(plain) for p in asides[kind] for plain in both):
            return kind
    return None


def is_request(text: str, locale: str) -> bool:
    """Whether words said where a follow-up was asked ask the skill for something instead
    ("read my wins", "comparte mis logros"): the locale's `hearing.asides.request`."""
    asides = _hearing(locale)["asides"]
    plain = _pattern(asides["fillers"]).sub("", _plain_words(text))
    return any(_pattern(p).fullmatch(plain) for p in asides["request"])


def role_in(text: str, locale: str) -> tuple[str, str] | None:
    """The role a person is called by, as the interaction model's ROLE type knows it: "my
    sponsor" -> ("SPONSOR", "sponsor"), "a mi madrina" -> ("SPONSOR", "madrina"); None for a
    name. The longest word the text ends on wins ("best friend" over "friend")."""
    said = " ".join(re.sub(r"[^\w' ]", " ", text.lower()).split())
    for word, role in _roles(locale):
        if said == word or said.endswith(" " + word):
            return role, word
    return None


@cache
def _roles(locale: str) -> tuple[tuple[str, str], ...]:
    language = locales.model(locale)["interactionModel"]["languageModel"]
    found: dict[str, str] = {}
    for kind in language.get("types", []):
        if kind["name"] != "ROLE":
            continue
        for value in kind["values"]:
            for word in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                found.setdefault(word.lower(), value.get("id", ""))
    return tuple(sorted(found.items(), key=lambda item: -len(item[0])))


def day_in(text: str, locale: str) -> int | None:
    """The weekday someone named (Monday 0), from "fridays", "on Friday", "fri", "tues"."""
    names = _hearing(locale)["weekdays"]["names"]
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        for index, day in enumerate(names):
            if word in day or (3 <= len(word) <= 5 and day[0].startswith(word)):
                return index
    return None


def clock_in(text: str, locale: str, *, alone_in_evening: bool = True) -> str | None:
    """A time of day as "HH:MM" from "6 pm", "6:30 in the evening", "18:00", "noon".

    An hour said alone ("at six") is taken as the evening: a weekly note at six in the
    morning is rarely what someone means. Without `alone_in_evening` it is left as said
    (06:00), for a caller that settles the half of the day itself.
    """
    clock = _hearing(locale)["clock"]
    for match in _clock(locale).finditer(text):
        before, raw, minutes, said_minutes, am, pm = match.groups()
        word = raw.lower()
        hour = int(raw) if raw.isdigit() else clock["hours"][word]
        minute = int(minutes or 0) or clock["minutes"].get((said_minutes or "").lower(), 0)
        if before:  # "half past eight", "quarter to nine", en-GB's "half eight"
            minute = clock["minutes_before"][" ".join(before.lower().split())]
            if minute < 0:
                hour, minute = (hour - 1) % 12 or 12, 60 + minute
        if pm:
            hour = hour % 12 + 12
        elif am:
            hour %= 12
        elif alone_in_evening and word != clock["noon"] and hour < 12:
            hour += 12
        if 0 <= hour < 24 and 0 <= minute < 60:
            return f"{hour:02d}:{minute:02d}"
    return None


def _hearing(locale: str) -> dict:
    return speaking.table(locale, "hearing")


def said_whole(slot: str, words: str, locale: str) -> str:
    """Words a sample handed over without their carrier, said whole again from the locale's
    `hearing.<slot>.said`: 'great' -> 'I feel great', 'my sister' -> 'my sister helped me'."""
    return _hearing(locale)[slot]["said"].format(**{slot: words})


def small_talk(text: str, locale: str) -> str:
    """What kind of small talk `text` is: 'thanks', 'farewell', or 'hello' for the rest."""
    kinds = _hearing(locale)["small_talk"]
    for kind in ("thanks", "farewell"):
        if _pattern(kinds[kind]).search(text):
            return kind
    return "hello"


def has_hedge(text: str, locale: str) -> bool:
    """Whether `text` holds a hedge ("I think so", "más o menos"): a yes said with one is not
    a clear yes. The words are the locale's `hearing.hedges`."""
    return bool(_hedges(locale).search(_plain_words(text)))


@cache
def _hedges(locale: str) -> re.Pattern[str]:
    words = sorted((_plain_words(w) for w in _hearing(locale)["hedges"]["words"]), key=len)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in reversed(words)) + r")\b")


def reassured(text: str, locale: str) -> bool:
    """Whether `text` says the person is okay for now ("I'm ok, I'm not going to do anything",
    "estoy bien"): the locale's `hearing.reassured`."""
    plain = _plain_words(text)
    return any(_pattern(p).search(plain) for p in _hearing(locale)["reassured"]["patterns"])


def takes_back(text: str, locale: str) -> bool:
    """Whether `text` takes back what was just done ("actually no keep it", "no, déjalo"):
    the locale's `hearing.take_back`."""
    plain = _plain_words(text)
    return any(_pattern(p).search(plain) for p in _hearing(locale)["take_back"]["patterns"])


def _plain_words(text: str) -> str:
    """Lowercase words without accents or punctuation: "¿Más o menos?" -> "mas o menos"."""
    bare = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in bare if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w']+", " ", bare).split())


@cache
def _pattern(expression: str) -> re.Pattern[str]:
    return re.compile(expression, re.I)


@cache
def _lead_ins(locale: str) -> re.Pattern[str]:
    return re.compile(_hearing(locale)["names"]["lead_ins"], re.I)


@cache
def _clock(locale: str) -> re.Pattern[str]:
    clock = _hearing(locale)["clock"]

    def either(words: object) -> str:
        return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))

    minutes = rf"(?:\s+({either(clock['minutes'])}))?" if clock["minutes"] else "()"
    before = clock.get("minutes_before")
    ahead = rf"(?:\b({either(before)})\s+)?" if before else "()"
    return re.compile(
        rf"{ahead}\b(\d{{1,2}}|{either(clock['hours'])})(?::(\d{{2}}))?{minutes}"
        rf"\s*(?:({either(clock['am'])})|({either(clock['pm'])}))?",
        re.I,
    )
