"""Stage 4: the whole site at once: embargoes, unique slugs, supersession chains, related briefings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

from briefings.errors import Problem
from briefings.extract.related import Remembered, related_slugs
from briefings.model import Briefing, Origin, Settings, Site

MAX_EMBARGO = dt.timedelta(days=366)


def link_supersession(briefings: list[Briefing], origins: dict[str, Origin]) -> tuple[list[Briefing], list[Problem]]:
    """Return the briefings with `superseded_by` set to the newest of each chain; problems for
    a missing target, a briefing superseded twice, or a cycle. `origins` maps seed to the
    line of its `supersedes:`."""
    by_slug = {b.slug: b for b in briefings}
    successor: dict[str, str] = {}
    problems = []
    for briefing in sorted(briefings, key=lambda b: b.seed):
        target = briefing.supersedes
        if target is None:
            continue
        where = origins[briefing.seed]
        if target not in by_slug:
            problems.append(Problem(where.path, where.line, f"supersedes '{target}', but no briefing has that slug"))
        elif target == briefing.slug:
            problems.append(Problem(where.path, where.line, "a briefing cannot supersede itself"))
        elif target in successor:
            problems.append(
                Problem(where.path, where.line, f"'{target}' is already superseded by '{successor[target]}'")
            )
        else:
            successor[target] = briefing.slug
    newest: dict[str, str] = {}
    in_cycle: set[str] = set()
    for start in sorted(successor):
        if start in in_cycle:
            continue
        seen = [start]
        current = start
        while current in successor:
            current = successor[current]
            if current in seen:
                first = by_slug[start]
                where = origins.get(by_slug[successor[start]].seed, Origin(first.path, 0))
                problems.append(Problem(where.path, where.line, f"supersession cycle: {' -> '.join([*seen, current])}"))
                in_cycle.update(seen)
                break
            seen.append(current)
        else:
            newest[start] = current
    if problems:
        return briefings, problems
    return [dataclasses.replace(b, superseded_by=newest.get(b.slug)) for b in briefings], []


def assign_slugs(briefings: list[Briefing], given: dict[str, Origin]) -> tuple[list[Briefing], list[Problem]]:
    """Return the briefings with unique slugs: given slugs must not clash; automatic ones get -2, -3…"""
    problems = []
    by_slug: dict[str, list[Briefing]] = defaultdict(list)
    for briefing in briefings:
        by_slug[briefing.slug].append(briefing)
    taken = set(by_slug)
    result = []
    for slug in sorted(by_slug):
        group = sorted(by_slug[slug], key=lambda b: (b.date.toordinal(), b.seed))
        chosen = [b for b in group if b.seed in given]
        if len(chosen) > 1:
            for b in chosen[1:]:
                where = given[b.seed]
                problems.append(
                    Problem(
                        where.path,
                        where.line,
                        f"slug '{slug}' is already used by {given[chosen[0].seed].path}:{given[chosen[0].seed].line}",
                    )
                )
            group = [b for b in group if b not in chosen[1:]]
        ordered = chosen[:1] + [b for b in group if b not in chosen[:1]]
        for n, briefing in enumerate(ordered, start=1):
            new = slug
            if n > 1:
                suffix = n
                while f"{slug}-{suffix}" in taken:
                    suffix += 1
                new = f"{slug}-{suffix}"
                taken.add(new)
            result.append(dataclasses.replace(briefing, slug=new))
    return result, problems


def published(briefing: Briefing, today: dt.date | None) -> bool:
    """Return whether a briefing goes on the site: not a draft, not embargoed."""
    return not briefing.draft and (today is None or briefing.date <= today)


def link_site(
    enriched, settings: Settings, today: dt.date | None = None, remembered: Remembered | None = None
) -> tuple[Site, list[Problem]]:
    """Return the Site from each article with its own briefing and problems (enrich_article's, per article):
    embargoes checked, slugs made unique, supersession chains and related briefings linked (`remembered`:
    where related briefings of earlier runs are kept, see related.related_slugs)."""
    problems: list[Problem] = []
    briefings = []
    given_slugs: dict[str, Origin] = {}
    articles = [article for article, _, _ in enriched]
    for article, briefing, found in enriched:
        problems.extend(found)
        if briefing is not None and today is not None and briefing.date > today + MAX_EMBARGO:
            where = (
                article.meta.date.origin
                if article.meta.date
                else (article.printed_date.origin if article.printed_date else Origin(article.path, 0))
            )
            problems.append(
                Problem(
                    where.path,
                    where.line,
                    f"date {briefing.date.isoformat()} is more than a year ahead; an embargo may last at most a year: "
                    "is the date right?",
                )
            )
            continue
        if briefing is not None:
            briefings.append(briefing)
            if article.meta.slug:
                given_slugs[article.seed] = article.meta.slug.origin
    briefings, found = assign_slugs(briefings, given_slugs)
    problems.extend(found)
    supersedes = {a.seed: a.meta.supersedes.origin for a in articles if a.meta.supersedes}
    briefings, found = link_supersession(briefings, supersedes)
    problems.extend(found)
    shown = [b for b in briefings if published(b, today)]
    left_out = [b for b in briefings if not published(b, today)]
    related = related_slugs(tuple(shown), cache=remembered)
    shown = [dataclasses.replace(b, related=related[b.slug]) for b in shown]
    shown.sort(key=lambda b: (-b.date.toordinal(), b.slug))
    left_out.sort(key=lambda b: (-b.date.toordinal(), b.slug))
    return Site(tuple(shown), settings, tuple(left_out)), problems
