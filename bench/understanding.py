#!/usr/bin/env python3
"""Benchmark: `classify()` and `keywords()` of skill.understanding, in µs per call.

Runs over ~30 short sentences of the kind a person says to the skill (wins, setbacks, pleas
for encouragement, "nothing", "skip", a few crisis phrasings). All written for this bench.

Two figures for each function:
  cold  every call sees text it has not seen before (module caches cleared before each call):
        the cost of a newly recorded win;
  warm  the same texts again and again (caches kept): the cost of re-reading stored wins.

Targets: cold classify of a 5-15 word sentence < ~40 µs, keywords < ~15 µs.

    .venv/bin/python bench/understanding.py [--number 200] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from skill import understanding  # noqa: E402
from skill.understanding import classify, keywords  # noqa: E402

SENTENCES = [
    "went for a walk instead of drinking",
    "I went to my first meeting in a month",
    "I called my sponsor when the craving hit",
    "made breakfast for the kids and didn't have a drink",
    "I drank a lot of water today",
    "I said no to a beer at the barbecue",
    "I cleaned the kitchen and paid the electric bill",
    "I finally slept eight hours without anything",
    "I went to the gym after work instead of the bar",
    "I'm ninety days sober today",
    "I slipped on the ice but didn't drink",
    "I almost relapsed but called a friend instead",
    "I helped a newcomer find a meeting",
    "I cooked dinner and watched a movie with my sister",
    "I threw out the last bottle in the house",
    "I had a hard day but went to a meeting anyway",
    "I relapsed last night",
    "I had a couple of beers after work",
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


def _clear_caches() -> None:
    for value in vars(understanding).values():
        clear = getattr(value, "cache_clear", None)
        if callable(clear):
            clear()


def _per_call(stmt, *, number: int, repeat: int) -> float:
    """Best-of-`repeat` mean µs per sentence for `stmt(sentence)` over SENTENCES."""

    def run() -> None:
        for sentence in SENTENCES:
            stmt(sentence)

    best = min(timeit.repeat(run, number=number, repeat=repeat))
    return best / (number * len(SENTENCES)) * 1e6


def _cold(fn):
    def call(sentence: str) -> None:
        _clear_caches()
        fn(sentence)

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=200, help="passes over the sentences")
    parser.add_argument("--repeat", type=int, default=5, help="timings; the best is kept")
    args = parser.parse_args()
    kw = {"number": args.number, "repeat": args.repeat}

    overhead = _per_call(lambda s: _clear_caches(), **kw)
    words = sum(len(s.split()) for s in SENTENCES) / len(SENTENCES)
    print(f"{len(SENTENCES)} sentences, {words:.1f} words on average")
    rows = [
        ("classify", "cold", _per_call(_cold(classify), **kw) - overhead),
        ("classify", "warm", _per_call(classify, **kw)),
        ("keywords", "cold", _per_call(_cold(keywords), **kw) - overhead),
        ("keywords", "warm", _per_call(keywords, **kw)),
    ]
    for name, kind, micros in rows:
        print(f"{name:9} {kind:5} {micros:8.1f} µs/call")
    single = "went for a walk instead of drinking"
    for name, fn in (("classify", classify), ("keywords", keywords)):
        n = args.number * 20
        cold = min(timeit.repeat(lambda fn=fn: _cold(fn)(single), number=n, repeat=args.repeat))
        base = min(timeit.repeat(lambda: _clear_caches(), number=n, repeat=args.repeat))
        warm = min(timeit.repeat(lambda fn=fn: fn(single), number=n, repeat=args.repeat))
        print(
            f"{name}({single!r}): cold {(cold - base) / n * 1e6:.1f} µs, "
            f"warm {warm / n * 1e6:.1f} µs"
        )


if __name__ == "__main__":
    main()
