"""Small rules for speaking and hearing names, codes and times in sharing conversations."""

from __future__ import annotations

import re

from sharing.schedule import DAYS
from skill.speech import Markup

MAX_NAME_CHARS = 40
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


def clean_name(text: str) -> str:
    words = re.sub(r"[^\w' -]", " ", text).split()
    return " ".join(w[:1].upper() + w[1:] for w in words)[:MAX_NAME_CHARS].strip()


def when(day: int, at: str) -> str:
    """ "Sunday at 6 PM", as said."""
    hour, minute = (int(part) for part in at.split(":"))
    clock = f"{(hour % 12) or 12}{f':{minute:02d}' if minute else ''} {'AM' if hour < 12 else 'PM'}"
    return f"{DAYS[day].capitalize()} at {clock}"
