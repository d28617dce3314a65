"""A small linear model over words, stems, word pairs, character n-grams and the rules' verdicts.

Trained from the locale's own corpus (`understanding/corpus/train.tsv`, `dev.tsv` and
`pinned.tsv`) the first time a locale is used in a process: an averaged perceptron,
deterministic (a fixed shuffle), a few seconds of work, nothing downloaded and nothing stored.
The held-out split is never read here: `bench/understanding.py` only measures on it.

The features are language-neutral; the rules' verdicts are features too, so the model learns
where the hand-written rules are to be trusted and where the words say more.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import math
import random
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import locales
from skill.understanding.rules import Rules, Text, read_source, rules_for
from skill.understanding.stemmer import Stemmer, stemmer_for

# Dev is trained on too: the bench measures dev with a model trained without it.
TRAINING_SPLITS = ("train", "dev", "pinned")
EPOCHS = 12
# A line is learned from until its class wins by this much, not merely wins: a margin makes
# the model lean on more than the one word that tipped a line (chosen on the dev split).
MARGIN = 40.0
CRISIS_EPOCHS = 10
# A stem is a danger stem when at least this share of the lines it is in are crises.
DANGER_SHARE = 0.8
DANGER_SEEN = 2
_SEED = 20261204
# Perceptrons trained in different orders and averaged (see `Model.train`).
RUNS = 3
# The word counts (`counted`): how much their say weighs beside the perceptron's, and the
# count every feature starts from in every class. Chosen by 5-fold cross-validation over
# train and dev, the same in both languages: with decoys counted by meaning, 1, 1.5 and 2
# routed 5065, 5072 and 5071 Spanish and 3434, 3440 and 3443 English lines; 2 read "tengo
# ganas de ir a una junta hoy", a goal a test pins, as a craving.
COUNTS_WEIGHT = 1.5
COUNTS_PRIOR = 0.1


def label_of(category: str, target: str) -> str:
    """One class per category, and per target for questions ("question:progress") and for
    decoys said in a hard time ("decoy:craving": what they mean once no alarm is raised; a
    decoy without one reads as a win)."""
    return f"{category}:{target}" if category in ("question", "decoy") and target else category


def read_corpus(path: Path) -> list[tuple[str, str, str]]:
    """(category, target, text) rows of a corpus file; the header row is skipped."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if r]
    return [(r[0].strip(), r[1].strip(), r[2].strip()) for r in rows[1:] if len(r) >= 3]


def features(
    text: Text,
    rules: Rules,
    stemmer: Stemmer,
    family: str | None,
    cues: Iterable[str] | None = None,
) -> list[str]:
    """What the models weigh; `cues`, when the caller has already looked for them."""
    words = text.words
    out = [f"r:{family or '-'}", f"n:{min(len(words), 6)}"]
    if rules.affirmed(text, rules.setback_g):
        out.append("r:setback")
    if rules.affirmed(text, rules.encourage_g) or rules.hard_day(text):
        out.append("r:encourage")
    if rules.affirmed(text, rules.craving_g):
        out.append("r:craving")
    if rules.whole(text, rules.no_idea_g):
        out.append("r:no_idea")
    if rules.whole(text, rules.skip_g):
        out.append("r:skip")
    out.extend(f"q:{name}" for name in (rules.cues_in(text) if cues is None else cues))
    previous = "^"
    for word in words:
        stem = stemmer.stem(word)
        out.append(f"w:{word}")
        out.append(f"s:{stem}")
        out.append(f"b:{previous} {stem}")
        previous = stem
    out.append(f"b:{previous} $")
    if words:
        out.append(f"f:{words[0]}")
        if len(words) > 1:
            out.append(f"f:{words[0]} {words[1]}")
    padded = f" {text.flat} "
    for n in (3, 4, 5):
        out += ["c:" + padded[i : i + n] for i in range(len(padded) - n + 1)]
    return out


class Model:
    """An averaged perceptron: class scores are sums of the weights of the features present."""

    def __init__(self, weights: dict[str, dict[str, float]], labels: tuple[str, ...]) -> None:
        self.labels = labels
        # Each row as a full-width tuple, so a reading's rows are summed column by column in C
        # (zip and sum) instead of label by label in Python: the same additions in the same
        # order (an absent label adds 0.0), so the same scores at half the cost. Scoring was
        # two thirds of a reading, and a reading is on every free-speech turn. The tuples
        # replace the dicts rather than sit beside them, so a worker holds no more than before.
        # Equal weights are one float object, and equal rows one tuple: the shipped weights
        # have two decimals, and the features of a line seen once are trained alike. So every
        # locale's models hold some 6,000 floats instead of 800,000 and 40,000 rows instead
        # of 160,000 (a process is 87 MB smaller), and a reading's sums find more of them in
        # the CPU's cache (a quarter less time on lines not just read). The same values, so
        # the same sums; zeros are left as they are.
        weight: dict[float, float] = {}
        shared: dict[tuple[float, ...], tuple[float, ...]] = {}
        self._rows = {}
        for feat, row in weights.items():
            values = (row.get(label, 0.0) for label in labels)
            full = tuple(weight.setdefault(w, w) if w else w for w in values)
            self._rows[feat] = shared.setdefault(full, full)

    @property
    def weights(self) -> dict[str, dict[str, float]]:
        """The weights by feature and label, as trained (for saving and averaging)."""
        return {
            feat: {label: w for label, w in zip(self.labels, row, strict=True) if w}
            for feat, row in self._rows.items()
        }

    def knows(self, feat: str) -> bool:
        return feat in self._rows

    def scores(self, feats: Iterable[str]) -> dict[str, float]:
        # One lookup a feature, in C: an unknown feature gives None, and no row is empty.
        present = list(filter(None, map(self._rows.get, feats)))
        if not present:
            return dict.fromkeys(self.labels, 0.0)
        return dict(zip(self.labels, map(sum, zip(*present, strict=True)), strict=True))

    @classmethod
    def train(cls, examples: list[tuple[list[str], str]], epochs: int = EPOCHS) -> Model:
        """The mean of `RUNS` averaged perceptrons, each seeing the lines in its own order.

        One run's weights depend on the order it met the lines in: four lines more or a
        shuffle of another seed moved dev routing by three points. The mean of a few runs
        keeps what they agree on (cross-validated, it reads unseen lines better)."""
        runs = [cls._train_once(examples, epochs, _SEED + run) for run in range(RUNS)]
        mean: dict[str, dict[str, float]] = defaultdict(dict)
        for model in runs:
            for feat, row in model.weights.items():
                kept = mean[feat]
                for label, w in row.items():
                    kept[label] = kept.get(label, 0.0) + w / RUNS
        return cls(dict(mean), runs[0].labels)

    @classmethod
    def _train_once(cls, examples: list[tuple[list[str], str]], epochs: int, seed: int) -> Model:
        labels = tuple(sorted({label for _, label in examples}))
        weights: dict[str, dict[str, float]] = defaultdict(dict)
        totals: dict[tuple[str, str], float] = defaultdict(float)
        stamps: dict[tuple[str, str], int] = defaultdict(int)
        now = 0
        order = list(range(len(examples)))
        rng = random.Random(seed)

        def bump(feat: str, label: str, by: float) -> None:
            key = (feat, label)
            row = weights[feat]
            w = row.get(label, 0.0)
            totals[key] += (now - stamps[key]) * w
            stamps[key] = now
            row[label] = w + by

        def scores_now(feats: list[str]) -> dict[str, float]:
            """Scores over the weights as they stand (a `Model` freezes its rows)."""
            totals = dict.fromkeys(labels, 0.0)
            for feat in feats:
                for label, w in weights.get(feat, {}).items():
                    totals[label] += w
            return totals

        for _ in range(epochs):
            rng.shuffle(order)
            for i in order:
                feats, truth = examples[i]
                now += 1
                scores = scores_now(feats)
                guess = max((x for x in labels if x != truth), key=scores.__getitem__)
                if scores[guess] + MARGIN >= scores[truth]:
                    for feat in feats:
                        bump(feat, truth, 1.0)
                        bump(feat, guess, -1.0)
        averaged: dict[str, dict[str, float]] = {}
        for feat, row in weights.items():
            kept = {}
            for label, w in row.items():
                key = (feat, label)
                total = totals[key] + (now - stamps[key]) * w
                if total:
                    kept[label] = total / now
            if kept:
                averaged[feat] = kept
        return cls(averaged, labels)


Counts = tuple[dict[str, dict[str, int]], dict[str, int]]


def word_counts(examples: list[tuple[list[str], str]]) -> Counts:
    """In how many lines of each class each feature is, but the character n-grams (they
    would outvote the words) and the length (most one-word lines are thanks, so "meh" was
    read as one); and each class's total. What `counted` is built from, and what is shipped
    of it: a few numbers a feature where its weights would be a row."""
    examples = [(feats, _meant(label)) for feats, label in examples]
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    totals = dict.fromkeys(sorted({label for _, label in examples}), 0)
    for feats, label in examples:
        for feat in set(feats):
            if not feat.startswith(("c:", "n:")):
                row = counts[feat]
                row[label] = row.get(label, 0) + 1
                totals[label] += 1
    return dict(counts), totals


def _meant(label: str) -> str:
    """What a line means: a decoy's target ("decoy:craving" is a craving), else its class."""
    return label.split(":", 1)[1] if label.startswith("decoy:") else label


def counted(counts: Counts) -> Model:
    """Naive Bayes over the words, stems, word pairs and the rules' verdicts: each class's
    log-likelihood of a feature, less that feature's mean over the classes, times
    `COUNTS_WEIGHT`.

    A perceptron learns only from the lines it gets wrong, so a word a few lines of one class
    share weighs nothing once those lines are read right for other reasons; counts weigh
    every line. Added to the perceptron's scores where the reading is chosen among the
    non-crisis classes (never in the alarm); what they gained in cross-validation is by
    `COUNTS_WEIGHT`."""
    features, totals = counts
    labels = tuple(totals)
    known = len(features)
    base = [math.log(totals[label] + COUNTS_PRIOR * known) for label in labels]
    # Features counted alike weigh alike: most are in one line or two of one class.
    rows: dict[tuple[int, ...], dict[str, float]] = {}
    weights = {}
    for feat, row in features.items():
        seen = tuple(row.get(label, 0) for label in labels)
        if seen not in rows:
            logs = [math.log(n + COUNTS_PRIOR) - b for n, b in zip(seen, base, strict=True)]
            mean = sum(logs) / len(logs)
            rows[seen] = {
                label: COUNTS_WEIGHT * (v - mean) for label, v in zip(labels, logs, strict=True)
            }
        weights[feat] = rows[seen]
    return Model(weights, labels)


def owner_of(locale: str) -> str:
    """The nearest locale along the chain with a training corpus: its rules and words are
    the ones its model was trained with, so a reading uses all three from there."""
    for name in locales.chain(locale):
        if (locales.folder(name) / "understanding" / "corpus" / "train.tsv").is_file():
            return name
    return locales.DEFAULT


def rows_of(owner: str, splits: tuple[str, ...]) -> list[tuple[str, str, str]]:
    folder = locales.folder(owner) / "understanding" / "corpus"
    paths = (folder / f"{split}.tsv" for split in splits)
    return [row for path in paths if path.is_file() for row in read_corpus(path)]


def examples_of(owner: str, rows: Iterable[tuple[str, str, str]]) -> list[tuple[list[str], str]]:
    rules, stemmer = rules_for(owner), stemmer_for(owner)
    examples = []
    for category, target, text in rows:
        parsed = rules.parse(text)
        feats = features(parsed, rules, stemmer, rules.crisis_family(parsed))
        examples.append((feats, label_of(category, target)))
    return examples


Models = tuple[Model, Model, frozenset[str], Model]


@cache
def models_for(owner: str, splits: tuple[str, ...] = TRAINING_SPLITS) -> Models:
    """The models of `owner`: shipped in its folder when they were trained from exactly the
    files there now (see `digest`), otherwise trained here and now."""
    if splits == TRAINING_SPLITS:
        shipped = _load(owner)
        if shipped is not None:
            return shipped
    return train(owner, splits)


def train(owner: str, splits: tuple[str, ...] = TRAINING_SPLITS) -> Models:
    return train_on(owner, rows_of(owner, splits))


def train_on(owner: str, rows: Iterable[tuple[str, str, str]]) -> Models:
    """The category model; a crisis-or-not model trained on the same lines (with every
    crisis pooled it sees a crisis as one thing, and catches some the first misses); the
    danger stems: those said mostly in crisis lines; and the word counts (`counted`). `rows`
    as `read_corpus` gives them (the bench's cross-validation trains on parts of the splits)."""
    return models_from(owner, examples_of(owner, rows))


def models_from(owner: str, examples: list[tuple[list[str], str]]) -> Models:
    """`train_on` for lines whose features are already read (`save` keeps their counts too)."""
    pooled = [(f, "crisis" if label.startswith("crisis_") else "other") for f, label in examples]
    common = stemmer_for(owner).stop_stems
    danger = danger_stems(pooled) - {f"s:{stem}" for stem in common}
    counts = counted(word_counts(examples))
    decoys = [(f, "decoy" if label.startswith("decoy:") else label) for f, label in examples]
    return Model.train(decoys), Model.train(pooled, CRISIS_EPOCHS), danger, counts


def danger_stems(pooled: list[tuple[list[str], str]]) -> frozenset[str]:
    """Stems seen at least twice, and in crisis lines at least DANGER_SHARE of the time."""
    crisis: dict[str, int] = defaultdict(int)
    seen: dict[str, int] = defaultdict(int)
    for feats, label in pooled:
        for feat in set(feats):
            if feat.startswith("s:"):
                seen[feat] += 1
                crisis[feat] += label == "crisis"
    return frozenset(
        f for f, n in seen.items() if crisis[f] >= DANGER_SEEN and crisis[f] >= DANGER_SHARE * n
    )


# -- the shipped models ------------------------------------------------------------------------
# Training takes seconds (more on a busy machine), once per process; so the trained models are
# kept in the locale folder, beside what they were trained from, with a digest of it. Rebuild
# after changing the corpus, the rules or the features with `python -m skill.understanding`;
# a test fails while they are out of date, and until then they are trained at first use.

FEATURES_VERSION = 3  # bump when `features` or the training changes


def shipped_path(owner: str) -> Path:
    return locales.folder(owner) / "understanding" / "model.json.gz"


def digest(owner: str) -> str:
    """Of everything the models are trained from: the corpus splits, rules and words."""
    h = hashlib.sha256(
        f"{FEATURES_VERSION} {EPOCHS} {CRISIS_EPOCHS} {DANGER_SHARE} {MARGIN} {RUNS}"
        f" {COUNTS_WEIGHT} {COUNTS_PRIOR}".encode()
    )
    folder = locales.folder(owner) / "understanding" / "corpus"
    inputs = [folder / f"{split}.tsv" for split in TRAINING_SPLITS]
    inputs += [rules_for(owner).source, read_source(owner, "words")]
    for path in inputs:
        h.update(str(path.name).encode())
        h.update(path.read_bytes() if path.is_file() else b"-")
    return h.hexdigest()


def _load(owner: str) -> Models | None:
    path = shipped_path(owner)
    if not path.is_file():
        return None
    data = json.loads(gzip.decompress(path.read_bytes()))
    if data.get("digest") != digest(owner):
        return None
    multi, pooled = (
        Model(m["weights"], tuple(m["labels"])) for m in (data["multi"], data["pooled"])
    )
    counts = counted((data["counts"]["features"], data["counts"]["totals"]))
    return multi, pooled, frozenset(data["danger"]), counts


def save(owner: str) -> Path:
    examples = examples_of(owner, rows_of(owner, TRAINING_SPLITS))
    multi, pooled, danger, _ = models_from(owner, examples)
    features, totals = word_counts(examples)

    def kept(model: Model) -> dict[str, object]:
        weights = {
            f: {label: round(w, 2) for label, w in row.items() if round(w, 2)}
            for f, row in sorted(model.weights.items())
        }
        return {"labels": list(model.labels), "weights": {f: r for f, r in weights.items() if r}}

    data = {"digest": digest(owner), "multi": kept(multi), "pooled": kept(pooled)}
    data["counts"] = {"features": dict(sorted(features.items())), "totals": totals}
    data["danger"] = sorted(danger)
    path = shipped_path(owner)
    text = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    path.write_bytes(gzip.compress(text, mtime=0))
    return path
