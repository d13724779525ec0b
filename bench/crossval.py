"""Deterministic, stratified k-fold cross-validation over the corpus, for tuning the analysis without fooling oneself.

    from crossval import corpus_items, evaluate_folds
    result = evaluate_folds(train_fn, predict_fn, corpus_items(CORPUS), k=5)
    result.per_fold, result.mean

Folds are stratified by the manifest's `source` (U.S. Department of State, The White House,
Congressional Research Service, Wikinews), so every fold holds each publisher in about the
share of the whole corpus: a rule tuned on State Department press releases is also tested on
CRS reports and Wikinews. The same items, k and seed give the same folds on every machine.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean


def source_of(item) -> Hashable:
    """Return an item's stratum: its `source` when it is a mapping that has one, else one stratum for all."""
    return item.get("source") if isinstance(item, dict) else None


def item_key(item) -> str:
    """Return the key that orders items before shuffling: a mapping's `filename`, else the item's repr."""
    return str(item["filename"]) if isinstance(item, dict) and "filename" in item else repr(item)


def kfold(items: Sequence, k: int = 5, seed: int = 0, stratum: Callable = source_of) -> list[list]:
    """Return k disjoint test folds covering items: each stratum shuffled with the seed and dealt round-robin."""
    if k < 2 or k > len(items):
        raise ValueError(f"k must be between 2 and the number of items ({len(items)}), got {k}")
    strata: dict = {}
    for item in sorted(items, key=item_key):
        strata.setdefault(stratum(item), []).append(item)
    rng = random.Random(seed)
    folds: list[list] = [[] for _ in range(k)]
    turn = 0
    for name in sorted(strata, key=repr):
        members = strata[name]
        rng.shuffle(members)
        for item in members:  # dealing continues where the last stratum stopped, so fold sizes differ by at most one
            folds[turn % k].append(item)
            turn += 1
    return folds


@dataclass(frozen=True, slots=True)
class FoldResult:
    """The figure of each held-out fold, and their mean."""

    per_fold: tuple[float, ...]
    mean: float


def evaluate_folds(
    train_fn: Callable, predict_fn: Callable, items: Sequence, k: int = 5, seed: int = 0, stratum: Callable = source_of
) -> FoldResult:
    """Return the per-fold and mean figure: train_fn(train items) -> model, predict_fn(model, test items) -> figure."""
    folds = kfold(items, k, seed, stratum)
    figures = []
    for i, test in enumerate(folds):
        train = [item for j, fold in enumerate(folds) if j != i for item in fold]
        figures.append(float(predict_fn(train_fn(train), test)))
    return FoldResult(tuple(figures), fmean(figures))


def corpus_items(corpus: Path) -> list[dict]:
    """Return one item per corpus file: its manifest object with its gold label under `label` (None when unlabelled)."""

    def read(name: str) -> list[dict]:
        path = corpus / name
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    labels = {item["filename"]: item for item in read("briefs.jsonl")}
    return [{**item, "label": labels.get(item["filename"])} for item in read("manifest.jsonl")]
