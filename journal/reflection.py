"""Turning a person's first person into the second person, word by word, for reading back.

The words are the locale's (`locales/<locale>/speaking.toml`, table `reading`), shared with
the skill's read-backs so the toolkit's phrases and the skill turn the same words the same way.
"""

from locales import speaking


def reflect_text(locale: str, text: str) -> str:
    """Words turned to the second person where that is safe, else quoted as the person's."""
    return speaking.reflect(locale, text, "quote")


def reflect_word(locale: str, word: str, previous: str) -> str | None:
    """The second-person form of a lowercase `word` that followed `previous`, or None when it
    stays as it is."""
    return speaking.reflect_word(locale, word, previous)
