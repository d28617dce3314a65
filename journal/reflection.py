"""Turning a person's first person into the second person, word by word, for reading back.

"I called my sponsor" is read back as "you called your sponsor". Kept in one place so the
toolkit's phrases and the skill's read-backs turn the same words the same way.
"""

REFLECT = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "our": "your", "ours": "yours", "i'm": "you're", "i've": "you've", "i'd": "you'd",
    "i'll": "you'll",
}  # fmt: skip
# These change only right after "I": "I was calm" -> "you were calm", "it was hard" stays.
AFTER_I = {"am": "are", "was": "were"}


def reflect_word(word: str, previous: str) -> str | None:
    """The second-person form of a lowercase `word` that followed `previous`, or None when it
    stays as it is."""
    if previous == "i" and word in AFTER_I:
        return AFTER_I[word]
    return REFLECT.get(word)
