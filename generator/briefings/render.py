"""Stage 4: Site -> Plan. Every output file as text, in memory; no I/O."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import itertools
import math
import pickle
import posixpath
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

from briefings.pages.feeds import FEEDS_DIR, SITE_FEED, Entries, feed_paths, render_feeds
from briefings.standards import likelihood_band
from briefings.pages.charts import chart_markdown, co_occurring, monthly_counts, render_svg
from briefings.formats.markup import dump_json, escape_text, front_matter, link_from, tame_markdown
from briefings.incremental.parallel import fork_map
from briefings.pages.analysis import STANDARDS_PATH, render_judgments, render_sources, render_standards, render_supersession
from briefings.model import (
    PUBLIC_HANDLING,
    TAXONOMIES,
    TAXONOMY_SINGULAR,
    TAXONOMY_TITLES,
    Block,
    Briefing,
    Plan,
    Site,
    SourceRef,
    Term,
)

WORDS_PER_MINUTE = 220
HOME_LATEST = 10
HOME_TOP_TERMS = 6
BRIEFINGS_DIR = "briefings"
ARCHIVE_DIR = "archive"
OWNED_DIRS = (BRIEFINGS_DIR, *TAXONOMIES, ARCHIVE_DIR, FEEDS_DIR, "standards")
OWNED_FILES = ("index.md", "briefings.json")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


class PlanBuilder:
    """Collects output files; refuses to plan the same path twice."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}

    def add(self, path: str, text: str) -> None:
        """Plan one file."""
        if path in self.files:
            raise ValueError(f"two outputs for {path}")
        self.files[path] = text

    def plan(self, kept: tuple[str, ...] = (), units: tuple[tuple[str, str, tuple[str, ...]], ...] = ()) -> Plan:
        """Return the Plan, sorted by path, with the paths kept as they are on disk and the keyed units."""
        return Plan(tuple(sorted(self.files.items())), tuple(sorted(kept)), units)


def briefing_path(briefing: Briefing) -> str:
    """Return a briefing page's path in content/."""
    return f"{BRIEFINGS_DIR}/{briefing.slug}.md"


def term_path(term: Term) -> str:
    """Return a term page's path in content/ (a term called "index" must not replace the overview)."""
    slug = "index-term" if term.slug == "index" else term.slug
    return f"{term.taxonomy}/{slug}.md"


def link(source: str, target: str) -> str:
    """Return the relative link from one content/ file to another (posixpath.relpath without its getcwd calls)."""
    return link_from(posixpath.dirname(source), target)


def reading_minutes(briefing: Briefing) -> int:
    """Return the reading time in whole minutes, at least one."""
    return max(1, math.ceil(briefing.words / WORDS_PER_MINUTE))


def briefing_url(briefing: Briefing) -> str:
    """Return a briefing's URL relative to the site root."""
    return f"{BRIEFINGS_DIR}/{briefing.slug}/"


# --- the catalogue -----------------------------------------------------------


def source_entry(source: SourceRef) -> dict:
    """Return a source as catalogue JSON."""
    return {
        "name": source.name or None,
        "url": source.url or None,
        "author": source.author or None,
        "published": source.published.isoformat() if source.published else None,
        "retrieved": source.retrieved.isoformat() if source.retrieved else None,
        "grade": source.grade or None,
    }


def catalogue_entry(briefing: Briefing) -> dict:
    """Return the catalogue object of one briefing."""
    source = briefing.source
    entry = {
        "slug": briefing.slug,
        "url": briefing_url(briefing),
        "title": briefing.title,
        "date": briefing.date.isoformat(),
        "updated": briefing.updated.isoformat() if briefing.updated else None,
        "timestamp": briefing.timestamp.isoformat() if briefing.timestamp else None,
        "source": None if source is None else source_entry(source),
        "summary": briefing.summary.value,
        "summary_automatic": not briefing.summary.origin.given,
        "key_points": list(briefing.key_points.value),
        "key_points_automatic": not briefing.key_points.origin.given,
    }
    for taxonomy in TAXONOMIES:
        entry[taxonomy] = [m.term.title for m in briefing.mentions if m.term.taxonomy == taxonomy]
    entry["tags"] = list(briefing.tags)
    entry["handling"] = briefing.handling
    entry["related"] = list(briefing.related)
    entry["judgments"] = [
        {"text": j.text, "likelihood": j.likelihood, "band": likelihood_band(j.likelihood), "confidence": j.confidence, "basis": j.basis}
        for j in briefing.judgments
    ]
    entry["sources"] = [source_entry(s) for s in briefing.sources]
    entry["supersedes"] = briefing.supersedes
    entry["superseded_by"] = briefing.superseded_by
    entry["changes"] = briefing.changes
    entry["seed"] = briefing.seed
    entry["sha256"] = briefing.sha256
    return entry


def render_catalogue(site: Site) -> str:
    """Return briefings.json: one object per published briefing, newest first."""
    return dump_json([catalogue_entry(b) for b in site.briefings])


# --- briefing pages ----------------------------------------------------------


def render_blocks(blocks: tuple[Block, ...]) -> str:
    """Return the article text as Markdown: paragraphs, nested lists and tables, all escaped."""
    out: list[str] = []

    def group_key(block: Block) -> tuple[str, int]:
        cells = len(block.text.split(" | ")) if block.kind == "table" else 0
        return block.kind, cells

    for (kind, _), group in itertools.groupby(blocks, key=group_key):
        group = list(group)
        if kind == "table" and len(group) < 2:  # one row with a " | " in it is a sentence
            kind = "paragraph"
        if kind == "paragraph":
            out.extend(escape_text(b.text) for b in group)
        elif kind == "item":
            base = min(b.depth for b in group)
            out.append("\n".join(f"{'    ' * (b.depth - base)}- {escape_text(b.text)}" for b in group))
        elif kind == "table":
            rows = [[escape_text(cell.strip()) or " " for cell in b.text.split(" | ")] for b in group]
            width = len(rows[0])
            lines = [f"| {' | '.join(rows[0])} |", f"|{'---|' * width}"]
            lines.extend(f"| {' | '.join(r)} |" for r in rows[1:])
            out.append("\n".join(lines))
        else:
            out.extend(tame_markdown(b.text) for b in group)
    return "\n\n".join(out)


def briefing_meta(briefing: Briefing) -> dict:
    """Return the front matter of a briefing page (what the theme's header card shows)."""
    source = briefing.source
    meta = {
        "slug": briefing.slug,
        "title": briefing.title,
        "date": briefing.date.isoformat(),
        "updated": briefing.updated.isoformat() if briefing.updated else None,
        "reading_time": reading_minutes(briefing),
        "handling": briefing.handling,
        "source": None if source is None else {"name": source.name or None, "url": source.url or None},
        "summary_automatic": not briefing.summary.origin.given,
        "seed": briefing.seed,
        "sha256": briefing.sha256,
    }
    facets = {taxonomy: [t.title for t in briefing.terms(taxonomy)] for taxonomy in TAXONOMIES}
    return {"description": briefing.summary.value, "search": {"boost": 2}, "briefing": meta, "facets": facets}


def render_briefing(briefing: Briefing, by_slug: dict[str, Briefing]) -> str:
    """Return a briefing page: bottom line, key points, article, terms, related, sources, provenance."""
    path = briefing_path(briefing)
    parts = [front_matter(briefing_meta(briefing)), f"# {escape_text(briefing.title)}\n"]
    automatic = " (automatic)" if not briefing.summary.origin.given else ""
    banners = render_supersession(briefing, by_slug, lambda other: link(path, briefing_path(other)))
    if banners:
        parts.append(banners)
    parts.append(f'!!! abstract "Bottom line{automatic}"\n\n    {escape_text(briefing.summary.value)}\n')
    judgments = render_judgments(briefing, link(path, STANDARDS_PATH))
    if judgments:
        parts.append(judgments)
    if briefing.key_points.value:
        heading = "Key points" + (" (automatic)" if not briefing.key_points.origin.given else "")
        items = "\n".join(f"- {escape_text(p)}" for p in briefing.key_points.value)
        parts.append(f"## {heading}\n\n{items}\n")
    parts.append(f"## Article\n\n{render_blocks(briefing.blocks)}\n")
    if briefing.caveats:
        items = "\n".join(f"- {escape_text(c)}" for c in briefing.caveats)
        parts.append(f"## Caveats\n\nSentences in the article that hedge or attribute doubt:\n\n{items}\n")
    rows = []
    for taxonomy in TAXONOMIES:
        terms = briefing.terms(taxonomy)
        if terms:
            chips = " ".join(f"[{escape_text(t.title)}]({link(path, term_path(t))})" for t in terms)
            rows.append(f"**{TAXONOMY_TITLES[taxonomy]}:** {chips}\n{{ .briefing-chips }}")
    if rows:
        parts.append("## Actors and systems\n\n" + "\n\n".join(rows) + "\n")
    if briefing.related:
        items = "\n".join(
            f"- [{escape_text(by_slug[s].title)}]({link(path, briefing_path(by_slug[s]))}){{ .briefing-related data-search-exclude }}"
            f' <span class="briefing-related-date" data-search-exclude>· {by_slug[s].date.isoformat()}</span>'  # no search indexes it
            for s in briefing.related
        )
        parts.append(f"## Related briefings {{ data-search-exclude }}\n\n{items}\n")  # links, not the briefing's text
    parts.append("## Sources\n\n" + render_sources(briefing, link(path, STANDARDS_PATH)) + "\n")
    parts.append(
        "## Provenance { data-search-exclude }\n\n"
        f"Seed file `{briefing.seed.replace('`', '')}`, SHA-256 `{briefing.sha256}`."
        + ("" if briefing.summary.origin.given else " The bottom line and key points were extracted automatically.")
        + "\n{ .briefing-provenance data-search-exclude }\n"
    )
    return "\n".join(parts)


def listing(source: str, briefings) -> str:
    """Return a Markdown list of briefings: date, linked title, bottom line."""
    folder = posixpath.dirname(source)
    return "\n".join([
        f"- **{b.date.isoformat()}** · [{escape_text(b.title)}]({link_from(folder, briefing_path(b))})  \n"
        f"  {escape_text(b.summary.value)}"
        for b in briefings
    ])


def count(n: int, word: str) -> str:
    """Return '1 briefing' or '3 briefings'."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def collect_terms(site: Site) -> dict[str, dict[str, tuple[Term, list[Briefing]]]]:
    """Return taxonomy -> term slug -> (term, briefings newest first)."""
    terms: dict[str, dict[str, tuple[Term, list[Briefing]]]] = {t: {} for t in TAXONOMIES}
    for briefing in site.briefings:  # already newest first
        for mention in briefing.mentions:
            term = mention.term
            entry = terms[term.taxonomy].setdefault(term.slug, (term, []))
            entry[1].append(briefing)
    return terms


def term_feed_name(term: Term) -> str:
    """Return the name of a term's feeds: its page path without .md, e.g. countries/russia."""
    return term_path(term).removesuffix(".md")


def page_url(path: str) -> str:
    """Return the URL, relative to the site root, of a content/ page: countries/russia.md -> countries/russia/."""
    stem = path.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def subscribe_line(source: str, feeds) -> str:
    """Return the visible subscribe links of a page."""
    return f"Subscribe: [Atom feed]({link(source, feeds.atom)}) · [JSON Feed]({link(source, feeds.json)})"


def render_term(term: Term, briefings: list[Briefing], series) -> str:
    """Return a term page: title, description, count, chart (of `series`, its monthly counts), briefings newest first."""
    path = term_path(term)
    meta = {"search": {"exclude": True}, "term": {"taxonomy": term.taxonomy, "slug": term.slug, "title": term.title, "count": len(briefings)}}
    feeds = feed_paths(term_feed_name(term))
    meta["feeds"] = {"atom": feeds.atom, "json": feeds.json}
    kind = TAXONOMY_SINGULAR[term.taxonomy]
    description = f"{escape_text(term.description)}\n\n" if term.description else ""
    return (
        f"{front_matter(meta)}# {escape_text(term.title)}\n\n"
        f"{kind} · {count(len(briefings), 'briefing')}\n\n{description}"
        f"{subscribe_line(path, feeds)}\n\n"
        f"{chart_markdown(posixpath.basename(chart_path(term)), series, 'briefings')}\n"
        f"{render_companions(term, briefings)}"
        f"## Briefings\n\n{listing(path, briefings)}\n"
    )


def chart_path(term: Term) -> str:
    """Return the path of a term's chart, beside its page."""
    return term_path(term)[: -len(".md")] + ".svg"


def render_companions(term: Term, briefings: list[Briefing]) -> str:
    """Return, for a country or organisation, the entities seen most often with it; '' otherwise."""
    if term.taxonomy not in ("countries", "organisations"):
        return ""
    ranked = co_occurring(term, briefings)
    if not ranked:
        return ""
    path = term_path(term)
    items = "\n".join(
        f"- [{escape_text(other.title)}]({link(path, term_path(other))}) · {TAXONOMY_SINGULAR[other.taxonomy].lower()} · {count(n, 'briefing')}"
        for other, n in ranked
    )
    return f"## Seen most often with\n\n{items}\n\n"


def render_overview(taxonomy: str, terms: dict[str, tuple[Term, list[Briefing]]]) -> str:
    """Return a taxonomy overview: every term with its count, alphabetically."""
    path = f"{taxonomy}/index.md"
    meta = {"search": {"exclude": True}}
    ordered = sorted(terms.values(), key=lambda item: (item[0].title.casefold(), item[0].slug))
    if ordered:
        rows = "\n".join(
            f"| [{escape_text(t.title)}]({link(path, term_path(t))}) | {len(bs):,} | {bs[0].date.isoformat()} |"
            for t, bs in ordered
        )
        body = f"| {TAXONOMY_SINGULAR[taxonomy]} | Briefings | Latest |\n|---|---:|---|\n{rows}\n"
    else:
        body = "None yet.\n"
    return f"{front_matter(meta)}# {TAXONOMY_TITLES[taxonomy]}\n\n{count(len(ordered), 'term')}.\n\n{body}"


def render_archive(site: Site) -> dict[str, str]:
    """Return the archive pages: an index of years, and one page per year grouped by month."""
    years: dict[int, list[Briefing]] = defaultdict(list)
    for briefing in site.briefings:
        years[briefing.date.year].append(briefing)
    pages = {}
    meta = front_matter({"search": {"exclude": True}})
    rows = "\n".join(f"- [{year}]({year}.md) · {count(len(bs), 'briefing')}" for year, bs in sorted(years.items(), reverse=True))
    pages[f"{ARCHIVE_DIR}/index.md"] = f"{meta}# Archive\n\n{count(len(site.briefings), 'briefing')}.\n\n{rows or 'None yet.'}\n"
    for year, briefings in years.items():
        path = f"{ARCHIVE_DIR}/{year}.md"
        sections = []
        for month, group in itertools.groupby(briefings, key=lambda b: b.date.month):
            sections.append(f"## {MONTHS[month - 1]} {year}\n\n{listing(path, list(group))}\n")
        pages[path] = f"{meta}# {year}\n\n{count(len(briefings), 'briefing')}.\n\n" + "\n".join(sections)
    return pages


def render_home(site: Site, terms) -> str:
    """Return the home page: the latest briefings and the taxonomies with their largest terms."""
    path = "index.md"
    latest = listing(path, site.briefings[:HOME_LATEST]) or "No briefings yet: add an article to `seeds/` and build."
    sections = []
    for taxonomy in TAXONOMIES:
        ranked = sorted(terms[taxonomy].values(), key=lambda item: (-len(item[1]), item[0].title.casefold(), item[0].slug))
        top = ", ".join(f"[{escape_text(t.title)}]({link(path, term_path(t))}) ({len(bs)})" for t, bs in ranked[:HOME_TOP_TERMS])
        sections.append(f"- [{TAXONOMY_TITLES[taxonomy]}]({taxonomy}/index.md) · {count(len(ranked), 'term')}" + (f": {top}" if top else ""))
    meta = front_matter({"search": {"exclude": True}, "hide": ["toc"]})
    return (
        f"{meta}# {escape_text(site.settings.site_name)}\n\n"
        f"{count(len(site.briefings), 'briefing')}. [Archive by date](archive/index.md).\n\n"
        f"{subscribe_line(path, feed_paths(SITE_FEED))}\n\n"
        f"## Latest briefings\n\n{latest}\n\n"
        f"## Activity\n\n{chart_markdown('activity.svg', monthly_counts(site.briefings), 'briefings')}\n"
        f"## Browse\n\n" + "\n".join(sections) + "\n"
    )


UNITS_PER_TASK = 150  # units rendered as one piece of parallel work


@dataclass(frozen=True, slots=True)
class Unit:
    """Files rendered together: a name, the digest of everything they are made from (None: not
    keyed, always rendered), their paths, and how to render them as (path, text) pairs."""

    name: str
    key: str | None
    paths: tuple[str, ...]
    render: Callable[[], list[tuple[str, str]]]


def digest(*values) -> str:
    """Return a digest of values made of model objects: equal values give equal digests.

    Pickle's fast mode writes no memo, so the bytes depend on the values alone, not on which
    objects happen to be shared; every model type is a frozen dataclass of tuples, strings,
    numbers and dates, whose pickles are canonical."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(values)
    return hashlib.blake2b(buffer.getvalue(), digest_size=20).hexdigest()


BRIEFING_FIELDS = tuple(f.name for f in fields(Briefing))


def briefing_digests(site: Site, bases: Mapping[str, tuple[str, Briefing]] | None = None) -> dict[str, str]:
    """Return slug -> digest of each published briefing, all but its related briefings (term pages and
    feeds do not show them; a briefing page's own key adds them, see briefing_refs).

    `bases` maps a seed to the key its enriched briefing has in the seed cache (which fixes that
    briefing entirely) and that briefing: a published briefing made from it is digested as the key
    plus the fields linking replaced (slug, supersession), without pickling the article. A briefing
    without a base is digested whole."""
    bases = bases or {}
    digests = {}
    for briefing in site.briefings:
        base = bases.get(briefing.seed)
        if base is None:
            digests[briefing.slug] = digest(dataclasses.replace(briefing, related=()))
            continue
        key, original = base
        replaced = [
            (name, getattr(briefing, name))
            for name in BRIEFING_FIELDS
            if name != "related" and getattr(briefing, name) is not getattr(original, name)
        ]
        digests[briefing.slug] = digest(key, replaced)
    return digests


def briefing_refs(briefing: Briefing, by_slug: dict[str, Briefing]) -> tuple:
    """Return what a briefing page reads of other briefings (render_briefing and render_supersession):
    the slug, title and date of each related, superseding and superseded briefing."""
    slugs = (*briefing.related, briefing.superseded_by, briefing.supersedes)
    return tuple((s, by_slug[s].title, by_slug[s].date) if s in by_slug else (s,) for s in slugs)


def render_units(site: Site, context: str | None = None, bases: Mapping[str, tuple[str, Briefing]] | None = None) -> list[Unit]:
    """Return every generated file as units: one per briefing page, one per term (page, chart and
    feeds), and one for the site-wide pages. With a context (a digest of the code and settings),
    each briefing and term unit carries a key: equal keys render equal bytes."""
    by_slug = {b.slug: b for b in site.briefings}
    terms = collect_terms(site)
    entries = Entries(site.settings, briefing_url)
    digests = briefing_digests(site, bases) if context is not None else {}

    def briefing_page(briefing):
        return lambda: [(briefing_path(briefing), render_briefing(briefing, by_slug))]

    def term_files(term, briefings):
        def files():
            series = monthly_counts(briefings)
            title = f"{site.settings.site_name}: {TAXONOMY_SINGULAR[term.taxonomy]} {term.title}"
            feeds = render_feeds(term_feed_name(term), title, page_url(term_path(term)), public(briefings), entries)
            return [
                (term_path(term), render_term(term, briefings, series)),
                (chart_path(term), render_svg(series, f"Briefings per month: {term.title}")),
                *feeds.items(),
            ]
        return files

    def site_files():
        files = [(f"{taxonomy}/index.md", render_overview(taxonomy, terms[taxonomy])) for taxonomy in TAXONOMIES]
        files.extend(render_archive(site).items())
        files.append(("index.md", render_home(site, terms)))
        files.append(("activity.svg", render_svg(monthly_counts(site.briefings), "Briefings per month")))
        files.append((STANDARDS_PATH, render_standards()))
        files.append(("briefings.json", render_catalogue(site)))
        files.extend(render_feeds(SITE_FEED, site.settings.site_name, "", public(site.briefings), entries).items())
        return files

    units = [Unit("site", None, (), site_files)]
    for taxonomy in TAXONOMIES:
        for term, briefings in terms[taxonomy].values():
            key = None if context is None else digest(context, "term", term, [digests[b.slug] for b in briefings])
            feeds = feed_paths(term_feed_name(term))
            paths = (term_path(term), chart_path(term), feeds.atom, feeds.json)
            units.append(Unit(f"term:{term.taxonomy}/{term.slug}", key, paths, term_files(term, briefings)))
    for briefing in site.briefings:
        key = None
        if context is not None:
            key = digest(context, "briefing", digests[briefing.slug], briefing_refs(briefing, by_slug))
        units.append(Unit(f"briefing:{briefing.slug}", key, (briefing_path(briefing),), briefing_page(briefing)))
    return units


def public(briefings) -> list[Briefing]:
    """Return the briefings a feed may carry: feeds travel, so even an internal site's carry no TLP:AMBER or TLP:RED."""
    return [b for b in briefings if b.handling in PUBLIC_HANDLING]


def render_site(site: Site, jobs: int = 1, context: str | None = None, reuse: Mapping[str, str] | None = None,
                bases: Mapping[str, tuple[str, Briefing]] | None = None) -> Plan:
    """Return the Plan of every generated file, rendered over `jobs` processes (the same bytes for any number).

    `reuse` maps unit names to the keys of units whose files are on disk as rendered: a unit whose
    key is the same is not rendered again, and its paths are planned as kept. `bases`: see briefing_digests."""
    reuse = reuse or {}
    units = render_units(site, context, bases)
    todo = [u for u in units if u.key is None or reuse.get(u.name) != u.key]
    tasks = [todo[:1]]  # the site-wide unit (always first, always rendered) on its own: it is the largest
    for start in range(1, len(todo), UNITS_PER_TASK):
        tasks.append(todo[start : start + UNITS_PER_TASK])
    plan = PlanBuilder()
    for files in fork_map(lambda n: [pair for unit in tasks[n] for pair in unit.render()], range(len(tasks)), jobs):
        for path, text in files:
            plan.add(path, text)
    kept = tuple(path for u in units if u.key is not None and reuse.get(u.name) == u.key for path in u.paths)
    keyed = tuple((u.name, u.key, u.paths) for u in units if u.key is not None)
    return plan.plan(kept, keyed)
