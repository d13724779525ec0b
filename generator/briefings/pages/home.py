"""The home page and the archive (an index of years, one page per year grouped by month)."""

from __future__ import annotations

import itertools
from collections import defaultdict

from briefings.extract.dates import MONTH_NAMES as MONTHS
from briefings.formats.escape import escape_text
from briefings.formats.frontmatter import front_matter
from briefings.model import Briefing, Site
from briefings.pages.charts import chart_markdown, monthly_counts
from briefings.pages.feeds import SITE_FEED, feed_paths
from briefings.pages.paths import ARCHIVE_DIR, link, overview_path, term_path
from briefings.pages.terms import count, listing, subscribe_line

HOME_LATEST = 10
HOME_TOP_TERMS = 6


def render_archive(site: Site) -> dict[str, str]:
    """Return the archive pages: an index of years, and one page per year grouped by month."""
    years: dict[int, list[Briefing]] = defaultdict(list)
    for briefing in site.briefings:
        years[briefing.date.year].append(briefing)
    pages = {}
    meta = front_matter({"search": {"exclude": True}})
    rows = "\n".join(
        f"- [{year}]({year}.md) · {count(len(bs), 'briefing')}" for year, bs in sorted(years.items(), reverse=True)
    )
    pages[f"{ARCHIVE_DIR}/index.md"] = (
        f"{meta}# Archive\n\n{count(len(site.briefings), 'briefing')}.\n\n{rows or 'None yet.'}\n"
    )
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
    for kind in site.settings.taxonomies:
        ranked = sorted(
            terms[kind.id].values(), key=lambda item: (-len(item[1]), item[0].title.casefold(), item[0].slug)
        )
        top = ", ".join(
            f"[{escape_text(t.title)}]({link(path, term_path(t))}) ({len(bs)})" for t, bs in ranked[:HOME_TOP_TERMS]
        )
        sections.append(
            f"- [{escape_text(kind.title)}]({overview_path(kind.id)}) · {count(len(ranked), 'term')}"
            + (f": {top}" if top else "")
        )
    meta = front_matter({"search": {"exclude": True}, "hide": ["toc"]})
    return (
        f"{meta}# {escape_text(site.settings.site_name)}\n\n"
        f"{count(len(site.briefings), 'briefing')}. [Archive by date](archive/index.md).\n\n"
        f"{subscribe_line(path, feed_paths(SITE_FEED))}\n\n"
        f"## Latest briefings\n\n{latest}\n\n"
        f"## Activity\n\n{chart_markdown('activity.svg', monthly_counts(site.briefings), 'briefings')}\n"
        f"## Browse\n\n" + "\n".join(sections) + "\n"
    )
