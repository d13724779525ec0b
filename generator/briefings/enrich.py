"""Stage 3: Article -> Briefing. Dates, terms, topics, bottom line, related: pure functions."""

from __future__ import annotations

import dataclasses
import functools
import math
import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict

from briefings.extract import summary as text
from briefings.extract.dates import DateError, PrintedDate, find_dateline, parse_printed_date
from briefings.errors import Problem
from briefings.extract.gazetteer import Gazetteer, compile_aliases
from briefings.model import (
    PUBLIC_HANDLING,
    TAXONOMIES,
    Article,
    Briefing,
    Located,
    Mention,
    Origin,
    Settings,
    Site,
    Term,
    Topic,
)
from briefings.extract.related import Remembered, related_slugs

MAX_TOPICS = 3
MAX_EMBARGO = dt.timedelta(days=366)
WORDS_PER_MINUTE = 220


def slugify(value: str, limit: int = 80) -> str:
    """Return a URL slug: ASCII lowercase words joined by hyphens, cut at a word boundary."""
    value = value.replace("'", "").replace("’", "")
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or "briefing"


def resolve_date(article: Article, settings: Settings) -> tuple[PrintedDate | None, list[Problem]]:
    """Return the article's date: metadata first, then line 1, then a dateline in the lead."""
    if article.meta.date is not None:
        return PrintedDate(article.meta.date.value, None, False), []
    if article.printed_date is not None:
        line = article.printed_date
        try:
            printed = parse_printed_date(line.value, timezone=settings.timezone, dayfirst=settings.dayfirst)
        except DateError as exc:
            return None, [Problem(line.origin.path, line.origin.line, str(exc))]
        if printed is not None:
            return printed, []
    for block in article.blocks[:2]:
        try:
            found = find_dateline(block.text, timezone=settings.timezone, dayfirst=settings.dayfirst)
        except DateError as exc:
            return None, [Problem(article.path, block.line, str(exc))]
        if found is not None:
            return found, []
    where = article.printed_date.origin.line if article.printed_date else 0
    shown = f"line 1 {article.printed_date.value!r} is not a date" if article.printed_date else "no date line"
    return None, [Problem(article.path, where, f"no date: {shown} and the lead has no dateline; give 'date' in metadata")]


def term_for_entry(gazetteer: Gazetteer, taxonomy: str, key: str) -> Term:
    """Return the Term of a gazetteer entry (made once per gazetteer: terms are frozen)."""
    term = gazetteer.terms.get((taxonomy, key))
    if term is None:
        entry = gazetteer.entries[(taxonomy, key)]
        description = f"ISO 3166-1 code {key}." if taxonomy == "countries" else (entry.kind.replace("-", " ").capitalize() + "." if entry.kind else "")
        term = gazetteer.terms[(taxonomy, key)] = Term(taxonomy, slugify(entry.name), entry.name, description)
    return term


def region_term(gazetteer: Gazetteer, region_id: str) -> Term:
    """Return the Term of a region."""
    region = gazetteer.regions[region_id]
    return Term("regions", region.id, region.title, region.description)


def given_terms(article: Article, gazetteer: Gazetteer, topics: dict[str, Topic]) -> tuple[dict[str, list[Mention]], list[Problem]]:
    """Return the terms a person gave in metadata, per taxonomy, with problems for unknown ones."""
    result: dict[str, list[Mention]] = {}
    problems = []
    for taxonomy in TAXONOMIES:
        values = getattr(article.meta, taxonomy)
        if values is None:
            continue
        mentions = []
        for item in values:
            where = item.origin
            if taxonomy == "topics":
                topic = topics.get(item.value)
                if topic is None:
                    known = ", ".join(sorted(topics)) or "none (add seeds/taxonomy.yml)"
                    problems.append(Problem(where.path, where.line, f"unknown topic '{item.value}'; known topics: {known}"))
                    continue
                term = Term("topics", topic.id, topic.title, topic.description)
            elif taxonomy == "regions":
                if item.value not in gazetteer.regions:
                    known = ", ".join(sorted(gazetteer.regions))
                    problems.append(Problem(where.path, where.line, f"unknown region '{item.value}'; known regions: {known}"))
                    continue
                term = region_term(gazetteer, item.value)
            else:
                entry = gazetteer.lookup(taxonomy, item.value)
                if entry is not None:
                    term = term_for_entry(gazetteer, taxonomy, entry.id)
                elif taxonomy == "countries":
                    problems.append(Problem(where.path, where.line, f"unknown country '{item.value}'; use a name or an ISO 3166 code"))
                    continue
                else:
                    term = Term(taxonomy, slugify(item.value), item.value)
            mentions.append(Mention(term, where))
        result[taxonomy] = mentions
    return result, problems


# Kinds of organisation whose mention makes their country an actor in the article.
GOVERNMENT_KINDS = ("agency", "armed-force", "legislature", "party")


def detected_terms(article: Article, title: str, gazetteer: Gazetteer, topics: dict[str, Topic]) -> dict[str, list[Mention]]:
    """Return the terms found in the text, per taxonomy, each with the words that chose it.

    A person or a government body found in the text also brings its country, with the
    person's or body's words as evidence ("Secretary Blinken" for the United States).
    """
    full = "\n".join([title, *(block.text for block in article.blocks)])
    words = gazetteer.counts(full)
    for (taxonomy, key), aliases in list(words.items()):
        entry = gazetteer.entries[(taxonomy, key)]
        if taxonomy == "people" or (taxonomy == "organisations" and entry.kind in GOVERNMENT_KINDS):
            if entry.country and ("countries", entry.country) in gazetteer.entries:
                country = words.setdefault(("countries", entry.country), {})
                for alias, count in aliases.items():
                    country[alias] = country.get(alias, 0) + count
    origin = Origin(article.path, 0, given=False)
    result: dict[str, list[Mention]] = defaultdict(list)
    for (taxonomy, key), aliases in sorted(words.items()):
        evidence = tuple(sorted(aliases, key=lambda a: (-aliases[a], a)))
        result[taxonomy].append(Mention(term_for_entry(gazetteer, taxonomy, key), origin, evidence))
    result["topics"] = detect_topics(full, title, topics, origin)
    return dict(result)


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


def detect_topics(full: str, title: str, topics: dict[str, Topic], origin: Origin) -> list[Mention]:
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
        result.append(Mention(Term("topics", topic.id, topic.title, topic.description), origin, words))
    return result


def choose_terms(article: Article, title: str, gazetteer: Gazetteer, topics: dict[str, Topic]) -> tuple[tuple[Mention, ...], list[Problem]]:
    """Return every term of a briefing: metadata wins per taxonomy; regions follow the countries."""
    given, problems = given_terms(article, gazetteer, topics)
    detected = detected_terms(article, title, gazetteer, topics)
    chosen: dict[str, list[Mention]] = {t: given.get(t, detected.get(t, [])) for t in TAXONOMIES}
    if "regions" not in given:
        regions = {}
        for mention in chosen["countries"]:
            entry = gazetteer.lookup("countries", mention.term.title)
            if entry is not None and entry.region in gazetteer.regions:
                regions.setdefault(entry.region, Mention(region_term(gazetteer, entry.region), Origin(mention.origin.path, mention.origin.line, False), (mention.term.title,)))
        chosen["regions"] = list(regions.values())
    mentions = []
    for taxonomy in TAXONOMIES:
        seen = {}
        for mention in chosen[taxonomy]:
            seen.setdefault(mention.term.slug, mention)
        mentions.extend(sorted(seen.values(), key=lambda m: (m.term.title.casefold(), m.term.slug)))
    return tuple(mentions), problems


def enrich_article(article: Article, settings: Settings, gazetteer: Gazetteer, topics: dict[str, Topic]) -> tuple[Briefing | None, list[Problem]]:
    """Return the Briefing of one article, or None with the problems that stop it."""
    problems = []
    printed, found = resolve_date(article, settings)
    problems.extend(found)
    meta = article.meta
    title = meta.title.value if meta.title else article.title.value  # parse guarantees one of them
    mentions, found = choose_terms(article, title, gazetteer, topics)
    problems.extend(found)
    handling = meta.handling.value if meta.handling else "TLP:CLEAR"
    if handling not in PUBLIC_HANDLING and not settings.internal:
        origin = meta.handling.origin
        problems.append(Problem(origin.path, origin.line, f"{handling} may not be published on a public site; set 'internal: true' for the briefings plugin in mkdocs.yml for an internal site"))
    if printed is None or problems:
        return None, problems
    updated = meta.updated.value if meta.updated else (printed.date if printed.updated else None)
    if meta.summary:
        summary = meta.summary
    else:
        summary = Located(text.bottom_line(article.blocks), Origin(article.path, article.blocks[0].line if article.blocks else 0, given=False))
    if meta.key_points:
        points = meta.key_points
    else:
        points = Located(text.key_points(article.blocks, summary.value), Origin(article.path, 0, given=False))
    slug = meta.slug.value if meta.slug else slugify(title)
    source = meta.source.value if meta.source else None
    briefing = Briefing(
        slug=slug,
        title=title,
        date=printed.date,
        updated=updated,
        timestamp=printed.timestamp,
        summary=summary,
        key_points=points,
        blocks=article.blocks,
        mentions=mentions,
        source=source,
        handling=handling,
        draft=meta.draft.value if meta.draft else False,
        tags=meta.tags.value if meta.tags else (),
        seed=article.seed,
        path=article.path,
        sha256=article.sha256,
        words=text.word_count(article.blocks),
        caveats=text.caveats(article.blocks),
        judgments=tuple(j.value for j in meta.assessment or ()),
        sources=tuple(src.value for src in meta.sources or ()),
        supersedes=meta.supersedes.value if meta.supersedes else None,
        changes=meta.changes.value if meta.changes else None,
    )
    return briefing, problems


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
            problems.append(Problem(where.path, where.line, f"'{target}' is already superseded by '{successor[target]}'"))
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
                problems.append(Problem(where.path, where.line, f"slug '{slug}' is already used by {given[chosen[0].seed].path}:{given[chosen[0].seed].line}"))
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


def enrich(articles, settings: Settings, gazetteer: Gazetteer, topics: tuple[Topic, ...], today: dt.date | None = None) -> tuple[Site, list[Problem]]:
    """Return the Site: every published briefing newest first, with related briefings."""
    vocabulary = vocabulary_of(topics)
    return link_site([(a, *enrich_article(a, settings, gazetteer, vocabulary)) for a in articles], settings, today)


def vocabulary_of(topics: tuple[Topic, ...]) -> dict[str, Topic]:
    """Return the topic vocabulary by id, as enrich_article takes it."""
    return {t.id: t for t in topics}


def link_site(enriched, settings: Settings, today: dt.date | None = None,
              remembered: Remembered | None = None) -> tuple[Site, list[Problem]]:
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
            where = article.meta.date.origin if article.meta.date else (article.printed_date.origin if article.printed_date else Origin(article.path, 0))
            problems.append(Problem(where.path, where.line, f"date {briefing.date.isoformat()} is more than a year ahead; an embargo may last at most a year: is the date right?"))
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
