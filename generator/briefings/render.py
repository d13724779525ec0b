"""Stage 5: Site -> Plan. Every output file as text, in memory; no I/O.

The pages themselves are written by briefings.pages; this stage lists them as units (files rendered
together, each with the key of what it is made from, see briefings.incremental.keys), renders those
whose files are not on disk as they would be, over the machine's cores, and returns the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from briefings.incremental.digest import digest
from briefings.incremental.keys import briefing_digests, briefing_refs
from briefings.incremental.parallel import fork_map
from briefings.model import PUBLIC_HANDLING, Briefing, Plan, Site
from briefings.pages.analysis import STANDARDS_PATH, render_standards
from briefings.pages.briefing import render_briefing
from briefings.pages.catalogue import FACETS_PATH, render_catalogue, render_facets
from briefings.pages.charts import monthly_counts, render_svg
from briefings.pages.feeds import SITE_FEED, Entries, feed_paths, render_feeds
from briefings.pages.home import render_archive, render_home
from briefings.pages.paths import (
    briefing_path,
    briefing_url,
    chart_path,
    overview_path,
    page_url,
    term_feed_name,
    term_path,
)
from briefings.pages.terms import collect_terms, render_overview, render_term


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


UNITS_PER_TASK = 150  # units rendered as one piece of parallel work


@dataclass(frozen=True, slots=True)
class Unit:
    """Files rendered together: a name, the digest of everything they are made from (None: not
    keyed, always rendered), their paths, and how to render them as (path, text) pairs."""

    name: str
    key: str | None
    paths: tuple[str, ...]
    render: Callable[[], list[tuple[str, str]]]


def render_units(
    site: Site, context: str | None = None, bases: Mapping[str, tuple[str, Briefing]] | None = None
) -> list[Unit]:
    """Return every generated file as units: one per briefing page, one per term (page, chart and
    feeds), and one for the site-wide pages. With a context (a digest of the code and settings),
    each briefing and term unit carries a key: equal keys render equal bytes."""
    by_slug = {b.slug: b for b in site.briefings}
    taxonomies = site.settings.taxonomies
    kinds = {kind.id: kind for kind in taxonomies}
    terms = collect_terms(site)
    entries = Entries(site.settings, briefing_url)
    digests = briefing_digests(site, bases) if context is not None else {}

    def briefing_page(briefing):
        return lambda: [(briefing_path(briefing), render_briefing(briefing, by_slug, taxonomies))]

    def term_files(term, briefings):
        def files():
            series = monthly_counts(briefings)
            title = f"{site.settings.site_name}: {kinds[term.taxonomy].singular} {term.title}"
            feeds = render_feeds(term_feed_name(term), title, page_url(term_path(term)), public(briefings), entries)
            return [
                (term_path(term), render_term(term, briefings, series, kinds)),
                (chart_path(term), render_svg(series, f"Briefings per month: {term.title}")),
                *feeds.items(),
            ]

        return files

    def site_files():
        files = [(overview_path(kind.id), render_overview(kind, terms[kind.id])) for kind in taxonomies]
        files.extend(render_archive(site).items())
        files.append(("index.md", render_home(site, terms)))
        files.append(("activity.svg", render_svg(monthly_counts(site.briefings), "Briefings per month")))
        files.append((STANDARDS_PATH, render_standards()))
        files.append(("briefings.json", render_catalogue(site)))
        files.append((FACETS_PATH, render_facets(site)))
        files.extend(render_feeds(SITE_FEED, site.settings.site_name, "", public(site.briefings), entries).items())
        return files

    units = [Unit("site", None, (), site_files)]
    for kind in taxonomies:
        for term, briefings in terms[kind.id].values():
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


def render_site(
    site: Site,
    jobs: int = 1,
    context: str | None = None,
    reuse: Mapping[str, str] | None = None,
    bases: Mapping[str, tuple[str, Briefing]] | None = None,
) -> Plan:
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
