"""Small rules for speaking and hearing names, codes and times in sharing conversations."""

from __future__ import annotations

import re

from sharing.records import MAX_NAME_CHARS
from sharing.schedule import DAYS
from skill.speech import Markup

_NUMBER_WORDS = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "to": "2", "too": "2",
    "three": "3", "four": "4", "for": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9",
}  # fmt: skip


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


def digits_in(text: str) -> str:
    """The digits someone said, as digits: "four eight two, 9 1 5" -> "482915"."""
    out = []
    for word in re.findall(r"[a-z]+|\d+", text.lower()):
        if word.isdigit():
            out.append(word)
        elif word in _NUMBER_WORDS:
            out.append(_NUMBER_WORDS[word])
    return "".join(out)


_NAME_LEAD_INS = re.compile(
    r"^(?:(?:you can |just )?call me|my (?:first )?name is|my name's|name is|i am|i'm|it's|"
    r"it is|just|use)\s+",
    re.I,
)


def clean_name(text: str) -> str:
    """A name as said to "what name should they see?": "my name is Sam" -> "Sam"."""
    text = " ".join(text.split())
    for _ in range(2):  # "just call me Sam"
        text = _NAME_LEAD_INS.sub("", text)
    words = re.sub(r"[^\w' -]", " ", text).split()
    return " ".join(w[:1].upper() + w[1:] for w in words)[:MAX_NAME_CHARS].strip()


_HOUR_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "noon": 12,
}  # fmt: skip
_CLOCK = re.compile(
    r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon)"
    r"(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?|in the morning|in the evening|at night)?",
    re.I,
)


def day_in(text: str) -> int | None:
    """The weekday someone named (Monday 0), from "fridays", "on Friday", "fri", "tues"."""
    for word in re.findall(r"[a-z]+", text.lower()):
        for index, day in enumerate(DAYS):
            if word in (day, f"{day}s") or (3 <= len(word) <= 5 and day.startswith(word)):
                return index
    return None


def clock_in(text: str) -> str | None:
    """A time of day as "HH:MM" from "6 pm", "6:30 in the evening", "18:00", "noon".

    An hour said alone ("at six") is taken as the evening: a weekly note at six in the
    morning is rarely what someone means.
    """
    for match in _CLOCK.finditer(text):
        raw, minutes, part = match.groups()
        word = raw.lower()
        hour = int(raw) if raw.isdigit() else _HOUR_WORDS[word]
        minute = int(minutes or 0)
        part = (part or "").lower().replace(".", "")
        if part.startswith("p") or part in ("in the evening", "at night"):
            hour = hour % 12 + 12
        elif part.startswith("a") or part == "in the morning":
            hour %= 12
        elif word != "noon" and hour < 12:
            hour += 12
        if 0 <= hour < 24 and 0 <= minute < 60:
            return f"{hour:02d}:{minute:02d}"
    return None
