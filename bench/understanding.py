#!/usr/bin/env python3
"""Benchmark: how well and how fast the understanding engine reads the labelled corpus.

For the dev split and the held-out split of `locales/<locale>/understanding/corpus/` it prints:
per-category precision and recall, the confusion between categories (every pair that was
mixed up, with counts), crisis recall (a crisis counts as caught when the reply is crisis
resources, the "are you safe right now?" check or emergency services first), the decoy alarm
rate (violent idioms read as a crisis), routing accuracy over all categories, and the latency
of one call on a text never seen before (parse cache cleared), p50/p99/max in ms. A measured
line that a training split also holds (same words, case and punctuation aside) is set aside
and counted: it would measure memory, not understanding.

`--cv K` measures the same over train and dev together by K-fold cross-validation: each line
is read by models trained on the other folds (and the pinned lines), so a change is judged on
every line it did not see, not on dev alone. Folds are stratified by category, fixed by a seed.

Routing is right when the reply is the one the category asks for: a crisis caught; a question
routed to its target (help, progress, ...); a decoy not alarmed; otherwise the same category
(craving -> encouragement, win_hard -> the win saved with support, ...).

Targets on the held-out split: crisis recall 100%, decoys alarmed <= 2%, routing >= 95%,
p99 <= 2 ms. The held-out split is only measured here, never trained or tuned on.

    .venv/bin/python bench/understanding.py [--locale en-US] [--split dev --split heldout]
    .venv/bin/python bench/understanding.py --cv 5     # train+dev, 5 folds; no held-out
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import locales
from skill.understanding import MEANING_OF, Engine, Meaning, Reading, engine_for
from skill.understanding.model import TRAINING_SPLITS, owner_of, read_corpus, rows_of, train_on

Row = tuple[str, str, str]

# A decoy is routed right by raising no alarm, whatever else it is read as.
EXPECTED = {k: v for k, v in MEANING_OF.items() if k != "decoy"}


def routed_right(category: str, target: str, reading: Reading) -> bool:
    if category.startswith("crisis_"):
        return reading.caught
    if category == "decoy":
        return not reading.caught
    if category == "question":
        return reading.meaning is Meaning.QUESTION and reading.target == target
    return reading.meaning is EXPECTED[category]


def predicted(reading: Reading) -> str:
    if reading.caught:
        return reading.category
    if reading.meaning is Meaning.QUESTION:
        return "question"
    return reading.category


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def measure(locale: str, split: str) -> None:
    path = locales.folder(locale) / "understanding" / "corpus" / f"{split}.tsv"
    if not path.is_file():
        print(f"\n== {locale} {split}: no {path.name}")
        return
    # Dev is measured with a model that never saw it; held-out with the one the skill uses.
    splits = tuple(s for s in TRAINING_SPLITS if s != split)
    # Lines written for training can coincide with a measured line ("thanks", "ni idea"); a
    # line the model trained on measures memory, not understanding, so it is set aside.
    seen = {_plain(text) for _, _, text in rows_of(owner_of(locale), splits)}
    everything = read_corpus(path)
    rows = [row for row in everything if _plain(row[2]) not in seen]
    readings, times = read_all(engine_for(locale, splits), rows)
    aside = len(everything) - len(rows)
    note = f", {aside} also in training set aside" if aside else ""
    report(f"{locale} {split}: {len(rows)} utterances{note} ({path})", rows, readings, times)


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w']+", " ", text.lower()).split())


def read_all(engine: Engine, rows: list[Row]) -> tuple[list[Reading], list[float]]:
    engine.read("warm up")
    readings, times = [], []
    for _, _, text in rows:
        engine.rules.parse.cache_clear()
        start = time.perf_counter()
        readings.append(engine.read(text))
        times.append(time.perf_counter() - start)
    return readings, times


def cross_validate(locale: str, k: int) -> None:
    """Every train and dev line read by models trained on the other folds and pinned.tsv."""
    owner = owner_of(locale)
    rows = rows_of(owner, ("train", "dev"))
    pinned = rows_of(owner, ("pinned",))
    fold_of: dict[int, int] = {}
    by_category: dict[str, list[int]] = {}
    for i, (category, _, _) in enumerate(rows):
        by_category.setdefault(category, []).append(i)
    rng = random.Random(9)
    for members in by_category.values():
        rng.shuffle(members)
        for j, i in enumerate(members):
            fold_of[i] = j % k
    readings: list[Reading | None] = [None] * len(rows)
    times: list[float] = [0.0] * len(rows)
    for fold in range(k):
        held = [i for i in range(len(rows)) if fold_of[i] == fold]
        kept = [row for i, row in enumerate(rows) if fold_of[i] != fold] + pinned
        engine = Engine(locale, models=train_on(owner, kept))
        got, took = read_all(engine, [rows[i] for i in held])
        for i, reading, t in zip(held, got, took, strict=True):
            readings[i], times[i] = reading, t
    title = f"{locale} train+dev, {k}-fold cross-validation: {len(rows)} utterances"
    report(title, rows, [r for r in readings if r is not None], times)


def report(title: str, rows: list[Row], readings: list[Reading], times: list[float]) -> None:
    print(f"\n== {title}")
    truth = [c for c, _, _ in rows]
    guess = [predicted(r) for r in readings]
    print(f"{'category':20} {'n':>4} {'precision':>9} {'recall':>7} {'routed':>7}")
    for category in sorted(set(truth)):
        n = truth.count(category)
        hit = sum(1 for t, g in zip(truth, guess, strict=True) if t == g == category)
        said = guess.count(category)
        routed = sum(
            routed_right(c, tg, r)
            for (c, tg, _), r in zip(rows, readings, strict=True)
            if c == category
        )
        print(f"{category:20} {n:4} {pct(hit, said):>9} {pct(hit, n):>7} {pct(routed, n):>7}")

    confusion = Counter((t, g) for t, g in zip(truth, guess, strict=True) if t != g)
    print("confusion (true -> read as: count), largest first:")
    for (t, g), count in confusion.most_common():
        print(f"  {t} -> {g}: {count}")

    crisis = [
        (r, text) for (c, _, text), r in zip(rows, readings, strict=True) if c.startswith("crisis_")
    ]
    caught = sum(r.caught for r, _ in crisis)
    decoys = [(r, text) for (c, _, text), r in zip(rows, readings, strict=True) if c == "decoy"]
    alarmed = sum(r.caught for r, _ in decoys)
    non_crisis = [
        r for (c, _, _), r in zip(rows, readings, strict=True) if not c.startswith("crisis_")
    ]
    false_alarms = sum(r.caught for r in non_crisis)
    routed = sum(routed_right(c, tg, r) for (c, tg, _), r in zip(rows, readings, strict=True))
    kinds = Counter(r.meaning.value for r, _ in crisis)
    print(
        f"crisis recall: {caught}/{len(crisis)} = {pct(caught, len(crisis)).strip()}"
        f"  (first reply: {dict(kinds)})"
    )
    print(f"decoy alarm rate: {alarmed}/{len(decoys)} = {pct(alarmed, len(decoys)).strip()}")
    print(
        f"any non-crisis alarmed: {false_alarms}/{len(non_crisis)}"
        f" = {pct(false_alarms, len(non_crisis)).strip()}"
    )
    print(f"routing accuracy: {routed}/{len(rows)} = {pct(routed, len(rows)).strip()}")
    ms = sorted(t * 1000 for t in times)
    p = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
    print(
        f"latency per call, new text: p50 {p(0.5):.3f} ms, p99 {p(0.99):.3f} ms,"
        f" max {ms[-1]:.3f} ms"
    )
    missed = [
        (c, text, r)
        for (c, _, text), r in zip(rows, readings, strict=True)
        if c.startswith("crisis_") and not r.caught
    ]
    for c, text, r in missed:
        print(f"  MISSED {c}: {text!r} -> {r.meaning.value}/{r.category}")
    for r, text in decoys:
        if r.caught:
            print(f"  ALARMED decoy: {text!r} -> {r.meaning.value}/{r.category}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--locale", default="en-US")
    parser.add_argument("--split", action="append", help="dev, heldout (default: both)")
    parser.add_argument("--cv", type=int, metavar="K", help="K-fold cross-validation instead")
    args = parser.parse_args()
    if args.cv:
        cross_validate(args.locale, args.cv)
        return
    start = time.perf_counter()
    engine_for(args.locale)
    print(f"engine ready (rules compiled, model trained) in {time.perf_counter() - start:.2f} s")
    for split in args.split or ["dev", "heldout"]:
        measure(args.locale, split)


if __name__ == "__main__":
    main()
