"""Content-word stems: which past win fits what the person just said, and the model's features.

A light, consistent stem, not a dictionary form ("craving", "craves", "crave" all give
"crav"): only equality between stems matters. A locale either lists its own `suffixes` (the
longest one found is cut, keeping `min_stem` letters: Spanish "tomando", "tomaba" -> "tom"), or
gets the suffix rules of English-like languages below; either way it gives the irregular
forms, the vowels, the consonants that double, and the stopwords (`words.toml`, `keywords`).
"""

from __future__ import annotations

import hashlib
from functools import cache

from skill.understanding.rules import read_table, rules_for


class Stemmer:
    def __init__(self, locale: str) -> None:
        table = read_table(locale, "words")["keywords"]
        self.irregular: dict[str, str] = dict(table["irregular"])
        self.vowels = frozenset(table["vowels"])
        self.undouble = frozenset(table["undouble"])
        self.stopwords = frozenset(table["stopwords"].split())
        # Longest first, so "aciones" is cut before "es".
        self.suffixes = tuple(sorted(table.get("suffixes", ()), key=len, reverse=True))
        self.min_stem = int(table.get("min_stem", 3))
        self._stems: dict[str, str] = {}
        self.stop_stems = frozenset(self.stem(w) for w in self.stopwords)
        self._kept: dict[bytes, frozenset[str]] = {}
        self._rules = rules_for(locale)

    def stem(self, word: str) -> str:
        found = self._stems.get(word)
        if found is None:
            if len(self._stems) >= 8192:
                self._stems.clear()
            found = self._stems[word] = self._stem(word)
        return found

    def _has_vowel(self, s: str) -> bool:
        return any(c in self.vowels for c in s)

    def _stem(self, word: str) -> str:
        w = self.irregular.get(word, word)
        if self.suffixes:
            return self._cut(w)
        if len(w) > 4 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
        if w.endswith("ied") and len(w) > 4:
            w = w[:-3] + "y"
        elif w.endswith("ing") and self._has_vowel(w[:-3]) and len(w) > 4:
            w = self._undoubled(w[:-3])
        elif w.endswith("ed") and not w.endswith("eed") and self._has_vowel(w[:-2]) and len(w) > 3:
            w = self._undoubled(w[:-2])
        if len(w) > 3 and w.endswith("e"):
            w = w[:-1]
        return w

    def _cut(self, w: str) -> str:
        for suffix in self.suffixes:
            if w.endswith(suffix) and len(w) - len(suffix) >= self.min_stem:
                return w[: -len(suffix)]
        return w

    def _undoubled(self, base: str) -> str:
        if len(base) > 3 and base[-1] == base[-2] and base[-1] in self.undouble:
            return base[:-1]
        return base

    def keywords(self, text: str) -> frozenset[str]:
        """Content-word stems of `text`; kept by a digest of the text, so that the cache
        holds no words but the stems themselves (stored wins are scored again and again)."""
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        found = self._kept.get(key)
        if found is None:
            if len(self._kept) >= 4096:
                self._kept.clear()
            stems = set()
            for word in self._rules.parse(text).words:
                if word in self.stopwords:
                    continue
                stem = self.stem(word)
                if stem and stem not in self.stop_stems:
                    stems.add(stem)
            found = self._kept[key] = frozenset(stems)
        return found


@cache
def stemmer_for(locale: str) -> Stemmer:
    return Stemmer(locale)
