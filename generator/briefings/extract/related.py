"""Related briefings: by shared terms and rare title words, weighted by rarity, without comparing every pair."""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import defaultdict
from typing import Protocol

from briefings.incremental.digest import digest
from briefings.model import Briefing

WINDOW = 40  # neighbours in date order considered per shared term or word
TITLE_WORD = re.compile(r"[^\W\d_]{4,}")
STOPWORDS = frozenset(
    """about after against also among and announces before between call calls from have into more most
    new over statement that their them then there these this those under united states with without
    secretary president meeting readout remarks release press office spokesperson department""".split()
)
COMMON_SHARE = 0.2  # a title word in more than this share of briefings says nothing
TIE = 1e-6  # scores are compared rounded to 9 places: anything this close to the cut-off may tie it


def title_words(title: str) -> set[str]:
    """Return the distinctive words of a title, lowercased."""
    return {w for w in (m.group().casefold() for m in TITLE_WORD.finditer(title)) if w not in STOPWORDS}


def briefing_keys(briefing: Briefing) -> list[tuple[str, str]]:
    """Return what a briefing can share with another: its terms and its title words, in a fixed order."""
    keys = [(m.term.taxonomy, m.term.slug) for m in briefing.mentions]
    keys.extend(("title", word) for word in sorted(title_words(briefing.title)))
    return list(dict.fromkeys(keys))


class Remembered(Protocol):
    """Where earlier runs' results are kept (cache.RelatedCache)."""

    def get(self, key: str): ...

    def put(self, key: str, value) -> None: ...


def related_slugs(
    briefings: tuple[Briefing, ...], limit: int = 5, cache: Remembered | None = None
) -> dict[str, tuple[str, ...]]:
    """Return, for each slug, up to `limit` related slugs, best first, ties broken by date then slug.

    Each term and title word keeps its briefings in date order; a briefing is compared only
    with the WINDOW nearest in date on each of them, so the cost grows with N, not N².
    A shared term or word weighs log(1 + N / briefings that have it): rare ones count most.
    With a cache, the result of a run over the same slugs, dates and keys (all this reads of
    the briefings) is returned without computing it again.
    """
    order = sorted(briefings, key=lambda b: (b.date.toordinal(), b.slug))
    ordinals = [b.date.toordinal() for b in order]
    keys = [briefing_keys(b) for b in order]
    key = ""
    if cache is not None:
        key = digest([b.slug for b in order], ordinals, keys, limit)
        remembered = cache.get(key)
        if remembered is not None:
            return remembered
    result = _related(order, ordinals, keys, limit)
    if cache is not None:
        cache.put(key, result)
    return result


def _related(
    order: list[Briefing], ordinals: list[int], keys: list[list[tuple[str, str]]], limit: int
) -> dict[str, tuple[str, ...]]:
    """Return related_slugs' result for the briefings in date order, their ordinals and their keys."""
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, own in enumerate(keys):
        for key in own:
            postings[key].append(index)
    total = len(order)
    common = max(2, COMMON_SHARE * total)
    weights = {  # terms and words shared by one briefing, or title words too common to say anything, weigh nothing
        key: math.log(1 + total / len(items))
        for key, items in postings.items()
        if len(items) >= 2 and not (key[0] == "title" and len(items) > common)
    }
    result = {}
    for index, briefing in enumerate(order):
        scores: dict[int, float] = defaultdict(float)
        for key in keys[index]:
            weight = weights.get(key)
            if weight is None:
                continue
            items = postings[key]
            at = bisect.bisect_left(items, index)  # postings are in index order
            for other in items[max(0, at - WINDOW) : at + WINDOW + 1]:
                scores[other] += weight
        scores.pop(index, None)  # a briefing is in its own windows; it is not related to itself
        day = ordinals[index]
        if len(scores) > limit:  # only candidates that can tie the limit-th best score need the full key
            floor = heapq.nlargest(limit, scores.values())[-1] - TIE
            candidates = [item for item in scores.items() if item[1] >= floor]
        else:
            candidates = list(scores.items())
        best = heapq.nsmallest(  # the same as sorted(...)[:limit], without sorting every candidate
            limit,
            candidates,
            key=lambda item: (-round(item[1], 9), abs(ordinals[item[0]] - day), order[item[0]].slug),
        )
        result[briefing.slug] = tuple(order[i].slug for i, _ in best)
    return result
