"""A briefing's page: bottom line, key points, the article, its terms, related briefings, sources, provenance."""

from __future__ import annotations

import itertools
import math

from briefings.formats.escape import escape_text, tame_markdown
from briefings.formats.frontmatter import front_matter
from briefings.model import Block, Briefing, Taxonomy
from briefings.pages.analysis import STANDARDS_PATH, render_judgments, render_supersession
from briefings.pages.paths import briefing_path, link, term_path
from briefings.pages.provenance import moment_text, render_provenance, render_sources
from briefings.taxonomies import facets

WORDS_PER_MINUTE = 220


def reading_minutes(briefing: Briefing) -> int:
    """Return the reading time in whole minutes, at least one."""
    return max(1, math.ceil(briefing.words / WORDS_PER_MINUTE))


def render_blocks(blocks: tuple[Block, ...]) -> str:
    """Return the article text as Markdown: paragraphs, nested lists and tables, all escaped."""
    out: list[str] = []

    def group_key(block: Block) -> tuple[str, int]:
        cells = len(block.text.split(" | ")) if block.kind == "table" else 0
        return block.kind, cells

    for (kind, _), grouped in itertools.groupby(blocks, key=group_key):
        group = list(grouped)
        if kind == "table" and len(group) < 2:  # one row with a " | " in it is a sentence
            kind = "paragraph"
        if kind == "paragraph":
            out.extend(escape_text(b.text) for b in group)
        elif kind == "heading":  # under the page's own "Article" heading (h2): one level down
            out.extend(f"{'#' * min(b.depth + 1, 5)} {escape_text(b.text)}" for b in group)
        elif kind == "quote":
            out.extend(f"> {escape_text(b.text)}" for b in group)
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


def briefing_meta(briefing: Briefing, taxonomies: tuple[Taxonomy, ...]) -> dict:
    """Return the front matter of a briefing page (what the theme's header card shows)."""
    source = briefing.source
    meta = {
        "slug": briefing.slug,
        "title": briefing.title,
        "date": briefing.date.isoformat(),
        "updated": briefing.updated.isoformat() if briefing.updated else None,
        "reading_time": reading_minutes(briefing),
        "handling": briefing.handling,
        "source": None
        if source is None or not source.given()
        else {
            "name": source.name or None,
            "url": source.url or None,
            "author": source.author or None,
            "published": moment_text(source.published) if source.published else None,
        },
        "lang": briefing.lang or None,
        "summary_automatic": not briefing.summary.origin.given,
        "seed": briefing.seed,
        "sha256": briefing.sha256,
    }
    filters = {
        kind.facet: [t.title for t in briefing.terms(kind.id)] for kind in facets(taxonomies)
    }  # the search page's
    return {"description": briefing.summary.value, "search": {"boost": 2}, "briefing": meta, "facets": filters}


def render_briefing(briefing: Briefing, by_slug: dict[str, Briefing], taxonomies: tuple[Taxonomy, ...]) -> str:
    """Return a briefing page: bottom line, key points, article, terms, related, sources, provenance."""
    path = briefing_path(briefing)
    parts = [front_matter(briefing_meta(briefing, taxonomies)), f"# {escape_text(briefing.title)}\n"]
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
    for kind in taxonomies:
        terms = briefing.terms(kind.id)
        if terms:
            chips = " ".join(f"[{escape_text(t.title)}]({link(path, term_path(t))})" for t in terms)
            rows.append(f"**{escape_text(kind.title)}:** {chips}\n{{ .briefing-chips }}")
    if rows:
        parts.append("## Actors and systems\n\n" + "\n\n".join(rows) + "\n")
    if briefing.related:
        items = "\n".join(
            f"- [{escape_text(by_slug[s].title)}]({link(path, briefing_path(by_slug[s]))})"
            "{ .briefing-related data-search-exclude }"
            # the date in a span no search indexes
            f' <span class="briefing-related-date" data-search-exclude>· {by_slug[s].date.isoformat()}</span>'
            for s in briefing.related
        )
        parts.append(f"## Related briefings {{ data-search-exclude }}\n\n{items}\n")  # links, not the briefing's text
    parts.append("## Sources\n\n" + render_sources(briefing, link(path, STANDARDS_PATH)) + "\n")
    told, files = render_provenance(briefing)
    parts.append(
        "## Provenance { data-search-exclude }\n\n"
        f"{told}\n{{ .briefing-provenance data-search-exclude }}\n\n"
        f"{files}\n{{ .briefing-provenance briefing-provenance--files data-search-exclude }}\n"
    )
    return "\n".join(parts)
