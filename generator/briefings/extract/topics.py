"""Topics chosen by the keywords of the topic vocabulary."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict

from briefings.extract import summary as text
from briefings.extract.gazetteer import compile_aliases
from briefings.model import Mention, Origin, Term, Topic

MAX_TOPICS = 3
TITLE_WEIGHT = 3  # a keyword in the title counts this many times
MIN_SCORE = 1.5  # one keyword twice, two keywords, or one keyword in the title
MIN_SHARE = 0.35  # a second or third topic needs this share of the first topic's score


@functools.lru_cache(maxsize=8)
def keyword_pattern(topics: tuple[Topic, ...]) -> tuple[re.Pattern | None, dict[str, tuple[str, ...]], dict[str, str]]:
    """Return one pattern for every topic keyword, keyword -> topic ids, and keyword -> its spelling.

    With every keyword in ASCII, the pattern is lowercase and matched against summary.fold_case(text),
    which finds what IGNORECASE would, quicker; otherwise it is case-insensitive."""
    spelled = {" ".join(k.casefold().split()): k for t in topics for k in t.keywords}
    owners: dict[str, tuple[str, ...]] = {}
    for topic in topics:
        for keyword in topic.keywords:
            key = " ".join(keyword.casefold().split())
            if topic.id not in owners.get(key, ()):
                owners[key] = (*owners.get(key, ()), topic.id)
    if not owners:
        return None, owners, spelled
    folded = all(keyword.isascii() for keyword in owners)
    return compile_aliases(owners, flags=0 if folded else re.IGNORECASE), owners, spelled


def detect_topics(
    full: str, title: str, topics: dict[str, Topic], origin: Origin, taxonomy: str = "topics"
) -> list[Mention]:
    """Return 0–3 topics chosen by their keywords, each with the keywords that chose it, strongest first.

    A keyword counts once per mention in the text and TITLE_WEIGHT times in the title;
    repeated mentions count with diminishing weight, so a long article is not chosen by
    one word alone. A topic needs MIN_SCORE, and a second or third topic MIN_SHARE of
    the first one's score.
    """
    pattern, owners, spelled = keyword_pattern(tuple(topics.values()))
    if pattern is None:
        return []
    if not pattern.flags & re.IGNORECASE:
        full, title = text.fold_case(full), text.fold_case(title)
    if pattern.flags & re.IGNORECASE:
        counts: Counter = Counter(" ".join(m.casefold().split()) for m in pattern.findall(full))
        titled = [" ".join(m.casefold().split()) for m in pattern.findall(title)]
    else:  # a match is a keyword as spelled in `owners`: lowercase, one space between words
        counts, titled = Counter(pattern.findall(full)), pattern.findall(title)
    for keyword in titled:
        counts[keyword] += TITLE_WEIGHT - 1
    scores: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for keyword, count in counts.items():
        for topic_id in owners[keyword]:
            scores[topic_id] += 1 + math.log(count)
            evidence[topic_id].append((count, spelled[keyword]))
    ranked = sorted((score, topic_id) for topic_id, score in scores.items() if score >= MIN_SCORE)
    ranked.sort(key=lambda item: (-item[0], item[1]))
    chosen = [item for item in ranked if item[0] >= MIN_SHARE * ranked[0][0]][:MAX_TOPICS] if ranked else []
    result = []
    for _, topic_id in chosen:
        topic = topics[topic_id]
        words = tuple(word for _, word in sorted(evidence[topic_id], key=lambda e: (-e[0], e[1].casefold())))
        result.append(Mention(Term(taxonomy, topic.id, topic.title, topic.description), origin, words))
    return result


def vocabulary_of(topics: tuple[Topic, ...]) -> dict[str, Topic]:
    """Return the topic vocabulary by id, as enrich_article takes it."""
    return {t.id: t for t in topics}
