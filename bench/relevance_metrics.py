"""Ranking metrics of the relevance benchmark (bench/relevance.py): pure functions of a ranking and judgments.

A ranking is the ordered list of result ids (briefing URLs) a search returned, best first.
Judgments map an id to its grade: 2 highly relevant (the page the query is after, or a
briefing whose labels list the person or country as an actor), 1 relevant (it mentions
the subject substantially); anything not judged is grade 0. docs/relevance.md defines
each metric and says why P@5 is capped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

TOP = 2  # the grade of the pages a query is after


def reciprocal_rank(ranking: Sequence[str], grades: Mapping[str, int]) -> float:
    """Return 1/rank of the first result of the query's highest grade, 0 when none is returned."""
    best = max(grades.values(), default=0)
    if best <= 0:
        return 0.0
    for rank, doc in enumerate(ranking, start=1):
        if grades.get(doc, 0) == best:
            return 1 / rank
    return 0.0


def precision_at(ranking: Sequence[str], grades: Mapping[str, int], k: int = 5) -> float:
    """Return the share of relevant results (grade >= 1) among the first min(k, R) results, R the number
    of relevant pages: P@k capped at R, so that a query with one relevant page can score 1."""
    relevant = sum(1 for grade in grades.values() if grade > 0)
    depth = min(k, relevant)
    if depth == 0:
        return 0.0
    return sum(1 for doc in ranking[:depth] if grades.get(doc, 0) > 0) / depth


def plain_precision_at(ranking: Sequence[str], grades: Mapping[str, int], k: int = 5) -> float:
    """Return the share of relevant results (grade >= 1) among the first k positions (uncapped P@k)."""
    return sum(1 for doc in ranking[:k] if grades.get(doc, 0) > 0) / k


def recall_at(ranking: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    """Return the share of the relevant pages (grade >= 1) found in the first k results."""
    relevant = {doc for doc, grade in grades.items() if grade > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def _dcg(gains: Sequence[int]) -> float:
    return sum((2**grade - 1) / math.log2(rank + 1) for rank, grade in enumerate(gains, start=1))


def ndcg_at(ranking: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    """Return nDCG@k: gain 2^grade - 1 discounted by log2(rank + 1), over the best possible order of the judgments."""
    ideal = _dcg(sorted((grade for grade in grades.values() if grade > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return _dcg([grades.get(doc, 0) for doc in ranking[:k]]) / ideal


def rank_of(ranking: Sequence[str], doc: str) -> int | None:
    """Return the 1-based rank of doc in the ranking, or None when it is not there."""
    try:
        return ranking.index(doc) + 1
    except ValueError:
        return None


def mean(values: Sequence[float]) -> float | None:
    """Return the arithmetic mean, None for no values."""
    return sum(values) / len(values) if values else None


METRICS = {
    "mrr": reciprocal_rank,
    "p5": precision_at,
    "ndcg10": ndcg_at,
    "recall10": recall_at,
}
