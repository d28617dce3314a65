"""Turning a person's first person into the second person, word by word, for reading back.

The words are the default locale's (`locales/en-US/speaking.toml`, table `reading`), shared
with the skill's read-backs so the toolkit's phrases and the skill turn the same words the
same way. The toolkit's strategy words are English, so it reads English.
"""

import locales
from locales import speaking


def reflect_word(word: str, previous: str) -> str | None:
    """The second-person form of a lowercase `word` that followed `previous`, or None when it
    stays as it is."""
    return speaking.reflect_word(locales.DEFAULT, word, previous)
