#!/usr/bin/env python3
"""Benchmark: `classify()` and `keywords()` of skill.understanding, in µs per call.

Runs over 30 sentences of 2 to 14 words of the kind a person says to the skill (wins,
setbacks, pleas for encouragement, "nothing", "skip", a few crisis phrasings), all written
for this bench.

Three figures for each function, in µs per call:
  new   a text never seen before: the caches keyed by a whole text are cleared before each
        call; those keyed by single words are kept, as in a running skill;
  cold  every cache is cleared before each call, words included, as in a fresh process;
  warm  the same texts again and again, caches kept: re-reading stored wins.
"new" is the cost of recording a win; "warm" keywords that of scoring stored wins.

Targets: "new" classify < ~40 µs, keywords < ~15 µs.

    .venv/bin/python bench/understanding.py [--number 200] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from skill import understanding
from skill.understanding import classify, keywords

SENTENCES = [
    "went for a walk instead of drinking",
    "I went to my first meeting in a month and stayed for coffee after",
    "I called my sponsor when the craving hit",
    "made breakfast for the kids and didn't have a drink",
    "I drank a lot of water today",
    "I said no to a beer at the barbecue even though everyone else was drinking",
    "I cleaned the kitchen and paid the electric bill",
    "I finally slept eight hours without anything",
    "I went to the gym after work instead of the bar",
    "I'm ninety days sober today",
    "I slipped on the ice but didn't drink",
    "I almost relapsed but called a friend instead",
    "I helped a newcomer find a meeting near her work",
    "I cooked dinner and watched a movie with my sister",
    "I threw out the last bottle in the house",
    "I had a hard day but went to a meeting anyway",
    "I relapsed last night",
    "I had a couple of beers after work with the guys from the site",
    "I used again yesterday",
    "I'm craving a drink really bad right now",
    "I'm having a really rough day",
    "I need some encouragement",
    "I don't know",
    "nothing really",
    "no thanks",
    "skip",
    "that's all for now",
    "I don't want to be here anymore",
    "my friend OD'd and I gave him Narcan",
    "I can't take it anymore",
]


# The module's caches: those keyed by a whole text, and those keyed by single words.
_TEXT_CACHES = ("_parse", "keywords", "_KEYWORDS")
_WORD_CACHES = ("_stem", "_WORD_BITS")


def _clear(names: tuple[str, ...]) -> None:
    for name in names:
        cache = getattr(understanding, name, None)
        if hasattr(cache, "cache_clear"):  # functools.lru_cache
            cache.cache_clear()
        elif isinstance(cache, dict):
            cache.clear()


def _clear_text_caches() -> None:
    _clear(_TEXT_CACHES)


def _clear_caches() -> None:
    _clear(_TEXT_CACHES + _WORD_CACHES)


def _per_call(stmt, *, number: int, repeat: int) -> float:
    """Best-of-`repeat` mean µs per sentence for `stmt(sentence)` over SENTENCES."""

    def run() -> None:
        for sentence in SENTENCES:
            stmt(sentence)

    best = min(timeit.repeat(run, number=number, repeat=repeat))
    return best / (number * len(SENTENCES)) * 1e6


def _cleared(fn, clear):
    def call(sentence: str) -> None:
        clear()
        fn(sentence)

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=200, help="passes over the sentences")
    parser.add_argument("--repeat", type=int, default=5, help="timings; the best is kept")
    args = parser.parse_args()
    kw = {"number": args.number, "repeat": args.repeat}

    for _ in range(args.number):  # settle the interpreter and the CPU before timing
        for fn in (classify, keywords):
            _per_call(_cleared(fn, _clear_caches), number=1, repeat=1)
    words = sum(len(s.split()) for s in SENTENCES) / len(SENTENCES)
    print(f"{len(SENTENCES)} sentences, {words:.1f} words on average; µs per call:")
    print(f"{'':9} {'new':>8} {'cold':>8} {'warm':>8}")
    for name, fn in (("classify", classify), ("keywords", keywords)):
        figures = []
        for clear in (_clear_text_caches, _clear_caches):
            overhead = _per_call(lambda s, clear=clear: clear(), **kw)
            figures.append(_per_call(_cleared(fn, clear), **kw) - overhead)
        figures.append(_per_call(fn, **kw))
        print(f"{name:9} " + " ".join(f"{f:8.1f}" for f in figures))
    single = "went for a walk instead of drinking"
    print(f"\n{single!r}:")
    for name, fn in (("classify", classify), ("keywords", keywords)):
        n = args.number * 20
        figures = []
        for clear in (_clear_text_caches, _clear_caches):
            call = _cleared(fn, clear)
            spent = min(timeit.repeat(lambda c=call: c(single), number=n, repeat=args.repeat))
            base = min(timeit.repeat(clear, number=n, repeat=args.repeat))
            figures.append((spent - base) / n * 1e6)
        warm = min(timeit.repeat(lambda f=fn: f(single), number=n, repeat=args.repeat))
        figures.append(warm / n * 1e6)
        print(f"{name:9} " + " ".join(f"{f:8.1f}" for f in figures))


if __name__ == "__main__":
    main()
