"""Term pages (one per topic, region, country… with its chart and feeds), taxonomy overviews, and listings."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from briefings.formats.escape import escape_text
from briefings.formats.frontmatter import front_matter
from briefings.model import Briefing, Site, Taxonomy, Term
from briefings.pages.charts import chart_markdown, co_occurring
from briefings.pages.feeds import feed_paths
from briefings.pages.paths import briefing_path, chart_path, link, link_from, overview_path, term_feed_name, term_path


def listing(source: str, briefings) -> str:
    """Return a Markdown list of briefings: date, linked title, bottom line."""
    folder = posixpath.dirname(source)
    return "\n".join(
        [
            f"- **{b.date.isoformat()}** · [{escape_text(b.title)}]({link_from(folder, briefing_path(b))})  \n"
            f"  {escape_text(b.summary.value)}"
            for b in briefings
        ]
    )


def count(n: int, word: str) -> str:
    """Return '1 briefing' or '3 briefings'."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def collect_terms(site: Site) -> dict[str, dict[str, tuple[Term, list[Briefing]]]]:
    """Return taxonomy -> term slug -> (term, briefings newest first)."""
    terms: dict[str, dict[str, tuple[Term, list[Briefing]]]] = {t.id: {} for t in site.settings.taxonomies}
    for briefing in site.briefings:  # already newest first
        for mention in briefing.mentions:
            term = mention.term
            entry = terms[term.taxonomy].setdefault(term.slug, (term, []))
            entry[1].append(briefing)
    return terms


def subscribe_line(source: str, feeds) -> str:
    """Return the visible subscribe links of a page."""
    return f"Subscribe: [Atom feed]({link(source, feeds.atom)}) · [JSON Feed]({link(source, feeds.json)})"


def render_term(term: Term, briefings: list[Briefing], series, kinds: Mapping[str, Taxonomy]) -> str:
    """Return a term page: title, description, count, chart (of `series`, its monthly counts), briefings newest first;
    `kinds` is the taxonomies table by id."""
    path = term_path(term)
    kind = kinds[term.taxonomy]
    meta = {
        "search": {"exclude": True},
        "term": {"taxonomy": term.taxonomy, "slug": term.slug, "title": term.title, "count": len(briefings)},
    }
    feeds = feed_paths(term_feed_name(term))
    meta["feeds"] = {"atom": feeds.atom, "json": feeds.json}
    description = f"{escape_text(term.description)}\n\n" if term.description else ""
    return (
        f"{front_matter(meta)}# {escape_text(term.title)}\n\n"
        f"{escape_text(kind.singular)} · {count(len(briefings), 'briefing')}\n\n{description}"
        f"{subscribe_line(path, feeds)}\n\n"
        f"{chart_markdown(posixpath.basename(chart_path(term)), series, 'briefings')}\n"
        f"{render_seen_with(term, briefings, kinds) if kind.seen_with else ''}"
        f"## Briefings\n\n{listing(path, briefings)}\n"
    )


def render_seen_with(term: Term, briefings: list[Briefing], kinds: Mapping[str, Taxonomy]) -> str:
    """Return the section of the entities (terms of actor kinds) seen most often with a term; '' for none."""
    ranked = co_occurring(term, briefings, tuple(kind_id for kind_id, kind in kinds.items() if kind.actor))
    if not ranked:
        return ""
    path = term_path(term)
    items = "\n".join(
        f"- [{escape_text(other.title)}]({link(path, term_path(other))}) · "
        f"{escape_text(kinds[other.taxonomy].singular.lower())} · {count(n, 'briefing')}"
        for other, n in ranked
    )
    return f"## Seen most often with\n\n{items}\n\n"


def render_overview(kind: Taxonomy, terms: dict[str, tuple[Term, list[Briefing]]]) -> str:
    """Return a taxonomy overview: every term with its count, alphabetically."""
    path = overview_path(kind.id)
    meta = {"search": {"exclude": True}}
    ordered = sorted(terms.values(), key=lambda item: (item[0].title.casefold(), item[0].slug))
    if ordered:
        rows = "\n".join(
            f"| [{escape_text(t.title)}]({link(path, term_path(t))}) | {len(bs):,} | {bs[0].date.isoformat()} |"
            for t, bs in ordered
        )
        body = f"| {escape_text(kind.singular)} | Briefings | Latest |\n|---|---:|---|\n{rows}\n"
    else:
        body = "None yet.\n"
    return f"{front_matter(meta)}# {escape_text(kind.title)}\n\n{count(len(ordered), 'term')}.\n\n{body}"
