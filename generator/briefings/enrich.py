"""Stage 3: Article -> Briefing. Date, terms, bottom line, key points, caveats: pure functions of one article."""

from __future__ import annotations

from collections import defaultdict

from briefings.errors import Problem
from briefings.extract import summary as text
from briefings.extract.dates import DateError, PrintedDate, find_dateline, parse_printed_date
from briefings.extract.gazetteer import Entry, Gazetteer
from briefings.extract.topics import detect_topics
from briefings.formats.slug import slugify
from briefings.model import (
    PUBLIC_HANDLING,
    Article,
    Briefing,
    Located,
    Mention,
    Origin,
    Settings,
    Taxonomy,
    Term,
    Topic,
)
from briefings.taxonomies import COUNTRIES, FREE, GAZETTEER, REGIONS, VOCABULARY, companion_order

Words = dict[str, int]  # the words that chose a term, with how often each occurs


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
    return None, [
        Problem(article.path, where, f"no date: {shown} and the lead has no dateline; give 'date' in metadata")
    ]


def term_for_entry(gazetteer: Gazetteer, taxonomy: str, key: str) -> Term:
    """Return the Term of a gazetteer entry (made once per gazetteer: terms are frozen)."""
    term = gazetteer.terms.get((taxonomy, key))
    if term is None:
        entry = gazetteer.entries[(taxonomy, key)]
        if taxonomy == gazetteer.countries:
            description = f"ISO 3166-1 code {key}."
        else:
            description = entry.kind.replace("-", " ").capitalize() + "." if entry.kind else ""
        term = gazetteer.terms[(taxonomy, key)] = Term(taxonomy, slugify(entry.name), entry.name, description)
    return term


def region_term(gazetteer: Gazetteer, taxonomy: str, region_id: str) -> Term:
    """Return the Term of a region."""
    region = gazetteer.regions[region_id]
    return Term(taxonomy, region.id, region.title, region.description)


# A chosen term: its mention, its gazetteer entry (None for topics, regions and free values), the words that chose it.
Chosen = tuple[Mention, Entry | None, Words]


def given_term(
    kind: Taxonomy, item: Located[str], gazetteer: Gazetteer, topics: dict[str, Topic]
) -> tuple[Chosen | None, Problem | None]:
    """Return the term a person gave for one kind, or the problem with it."""
    where, name = item.origin, item.value
    entry = None
    if kind.source == VOCABULARY:
        topic = topics.get(name)
        if topic is None:
            known = ", ".join(sorted(topics)) or "none (add seeds/taxonomy.yml)"
            return None, Problem(
                where.path, where.line, f"unknown {kind.singular.lower()} '{name}'; known {kind.title.lower()}: {known}"
            )
        term = Term(kind.id, topic.id, topic.title, topic.description)
    elif kind.source == REGIONS:
        if name not in gazetteer.regions:
            known = ", ".join(sorted(gazetteer.regions))
            return None, Problem(
                where.path, where.line, f"unknown {kind.singular.lower()} '{name}'; known {kind.title.lower()}: {known}"
            )
        term = region_term(gazetteer, kind.id, name)
    elif kind.source in (COUNTRIES, GAZETTEER):
        entry = gazetteer.lookup(kind.id, name)
        if entry is not None:
            term = term_for_entry(gazetteer, kind.id, entry.id)
        elif kind.source == COUNTRIES:
            return None, Problem(
                where.path, where.line, f"unknown {kind.singular.lower()} '{name}'; use a name or an ISO 3166 code"
            )
        else:
            term = Term(kind.id, slugify(name), name)
    else:  # FREE
        term = Term(kind.id, slugify(name), name)
    return (Mention(term, where), entry, {term.title: 1}), None


def given_terms(
    article: Article, taxonomies: tuple[Taxonomy, ...], gazetteer: Gazetteer, topics: dict[str, Topic]
) -> tuple[dict[str, list[Chosen]], list[Problem]]:
    """Return the terms a person gave in metadata, per kind, with problems for unknown ones."""
    result: dict[str, list[Chosen]] = {}
    problems = []
    for kind in taxonomies:
        values = article.meta.given(kind.id)
        if values is None:
            continue
        result[kind.id] = []
        for item in values:
            chosen, problem = given_term(kind, item, gazetteer, topics)
            if problem is not None:
                problems.append(problem)
            elif chosen is not None:
                result[kind.id].append(chosen)
    return result, problems


def article_text(article: Article, title: str) -> str:
    """Return the text terms are found in: the title, then every block."""
    return "\n".join([title, *(block.text for block in article.blocks)])


def detected_terms(
    kind: Taxonomy,
    found: dict[tuple[str, str], Words],
    companions: dict[str, Words],
    gazetteer: Gazetteer,
    origin: Origin,
) -> list[Chosen]:
    """Return the terms of one kind of named entries found in the text (`found`, from Gazetteer.counts), with
    those its companions brought (`companions`: entry id -> words), each with the words that chose it."""
    words: dict[str, Words] = {key: dict(aliases) for (taxonomy, key), aliases in found.items() if taxonomy == kind.id}
    for key, brought in companions.items():
        merged = words.setdefault(key, {})
        for alias, count in brought.items():
            merged[alias] = merged.get(alias, 0) + count
    chosen = []
    for key in sorted(words):
        aliases = words[key]
        evidence = tuple(sorted(aliases, key=lambda a: (-aliases[a], a)))
        if kind.source == REGIONS:
            term = region_term(gazetteer, kind.id, key)
            entry = None
        else:
            term, entry = term_for_entry(gazetteer, kind.id, key), gazetteer.entries[(kind.id, key)]
        chosen.append((Mention(term, origin, evidence), entry, aliases))
    return chosen


def companion_target(entry: Entry, target: Taxonomy, gazetteer: Gazetteer) -> str:
    """Return the id of the term of `target` (the countries or regions kind) that an entry brings, or ''."""
    if target.source == REGIONS:
        return entry.region if entry.region in gazetteer.regions else ""
    if target.source == COUNTRIES:
        return entry.country if (target.id, entry.country) in gazetteer.entries else ""
    return ""


def choose_terms(
    article: Article, title: str, taxonomies: tuple[Taxonomy, ...], gazetteer: Gazetteer, topics: dict[str, Topic]
) -> tuple[tuple[Mention, ...], list[Problem]]:
    """Return every term of a briefing, kinds in table order, each kind's terms by title.

    Per kind, the terms a person gave win over the ones found in the text. A kind's chosen terms bring
    their companions (a country its region; a person or a government body their country) into each
    companion kind that was not given, with the words that chose them as evidence."""
    given, problems = given_terms(article, taxonomies, gazetteer, topics)
    full = article_text(article, title)
    named = tuple(k for k in taxonomies if k.source in (COUNTRIES, GAZETTEER) and k.id not in given)
    found = gazetteer.counts(full) if named else {}
    origin = Origin(article.path, 0, given=False)
    brought: dict[str, dict[str, Words]] = defaultdict(dict)  # companion kind -> entry id -> words
    kinds = {k.id: k for k in taxonomies}
    chosen: dict[str, list[Chosen]] = {}
    for kind in companion_order(taxonomies) or taxonomies:
        if kind.id in given:
            terms = given[kind.id]
        elif kind.source == VOCABULARY:
            terms = [(m, None, {}) for m in detect_topics(full, title, topics, origin, kind.id)]
        elif kind.source == FREE:
            terms = []
        else:
            terms = detected_terms(kind, found, brought.get(kind.id, {}), gazetteer, origin)
        chosen[kind.id] = terms
        for companion in kind.companions:
            target = kinds[companion.taxonomy]
            if target.id in given:
                continue
            for _, entry, words in terms:
                if entry is None or (companion.when and entry.kind not in companion.when):
                    continue
                key = companion_target(entry, target, gazetteer)
                if key:
                    into = brought[target.id].setdefault(key, {})
                    for alias, count in words.items():
                        into[alias] = into.get(alias, 0) + count
    mentions = []
    for kind in taxonomies:
        seen: dict[str, Mention] = {}
        for mention, _, _ in chosen[kind.id]:
            seen.setdefault(mention.term.slug, mention)
        mentions.extend(sorted(seen.values(), key=lambda m: (m.term.title.casefold(), m.term.slug)))
    return tuple(mentions), problems


def enrich_article(
    article: Article, settings: Settings, gazetteer: Gazetteer, topics: dict[str, Topic]
) -> tuple[Briefing | None, list[Problem]]:
    """Return the Briefing of one article, or None with the problems that stop it."""
    problems = []
    printed, found = resolve_date(article, settings)
    problems.extend(found)
    meta = article.meta
    assert meta.title is not None or article.title is not None  # parse guarantees one of them
    title = meta.title.value if meta.title else article.title.value  # type: ignore[union-attr]
    mentions, found = choose_terms(article, title, settings.taxonomies, gazetteer, topics)
    problems.extend(found)
    handling = meta.handling.value if meta.handling else "TLP:CLEAR"
    if handling not in PUBLIC_HANDLING and not settings.internal:
        assert meta.handling is not None  # only a given marking is not public
        origin = meta.handling.origin
        problems.append(
            Problem(
                origin.path,
                origin.line,
                f"{handling} may not be published on a public site; set 'internal: true' for the briefings plugin "
                "in mkdocs.yml for an internal site",
            )
        )
    if printed is None or problems:
        return None, problems
    updated = meta.updated.value if meta.updated else (printed.date if printed.updated else None)
    if meta.summary:
        summary = meta.summary
    else:
        summary = Located(
            text.bottom_line(article.blocks),
            Origin(article.path, article.blocks[0].line if article.blocks else 0, given=False),
        )
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
        lang=meta.lang.value if meta.lang else "",
        added=meta.added.value if meta.added else None,
    )
    return briefing, problems
