"""Related briefings: by shared terms, weighted by rarity, without comparing every pair."""

from __future__ import annotations

import math
from collections import defaultdict

from generator.model import Briefing

WINDOW = 40  # neighbours in date order considered per shared term


def related_slugs(briefings: tuple[Briefing, ...], limit: int = 5) -> dict[str, tuple[str, ...]]:
    """Return, for each slug, up to `limit` related slugs, best first, ties broken by date then slug.

    Each term keeps its briefings in date order; a briefing is compared only with the
    WINDOW nearest in date on each of its terms, so the cost grows with N, not N².
    """
    order = sorted(briefings, key=lambda b: (b.date.toordinal(), b.slug))
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, briefing in enumerate(order):
        for mention in briefing.mentions:
            key = (mention.term.taxonomy, mention.term.slug)
            if not postings[key] or postings[key][-1] != index:
                postings[key].append(index)
    position = {key: {idx: n for n, idx in enumerate(items)} for key, items in postings.items()}
    total = len(order)
    result = {}
    for index, briefing in enumerate(order):
        scores: dict[int, float] = defaultdict(float)
        for mention in briefing.mentions:
            key = (mention.term.taxonomy, mention.term.slug)
            items = postings[key]
            if len(items) < 2:
                continue
            weight = math.log(1 + total / len(items))
            at = position[key][index]
            for other in items[max(0, at - WINDOW) : at + WINDOW + 1]:
                if other != index:
                    scores[other] += weight
        best = sorted(
            scores.items(),
            key=lambda item: (
                -round(item[1], 9),
                abs(order[item[0]].date.toordinal() - briefing.date.toordinal()),
                order[item[0]].slug,
            ),
        )
        result[briefing.slug] = tuple(order[i].slug for i, _ in best[:limit])
    return result
