"""The catalogue (briefings.json, what `briefings export` prints) and the search page's list of filters."""

from __future__ import annotations

from briefings.formats.jsontext import dump_json
from briefings.model import Briefing, Site, SourceRef, Taxonomy
from briefings.pages.paths import briefing_url
from briefings.standards import likelihood_band
from briefings.taxonomies import facets


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


def catalogue_entry(briefing: Briefing, taxonomies: tuple[Taxonomy, ...]) -> dict:
    """Return the catalogue object of one briefing."""
    source = briefing.source
    entry: dict[str, object] = {
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
    for kind in taxonomies:
        entry[kind.id] = [m.term.title for m in briefing.mentions if m.term.taxonomy == kind.id]
    entry["tags"] = list(briefing.tags)
    entry["handling"] = briefing.handling
    entry["related"] = list(briefing.related)
    entry["judgments"] = [
        {
            "text": j.text,
            "likelihood": j.likelihood,
            "band": likelihood_band(j.likelihood),
            "confidence": j.confidence,
            "basis": j.basis,
        }
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
    taxonomies = site.settings.taxonomies
    return dump_json([catalogue_entry(b, taxonomies) for b in site.briefings])


FACETS_PATH = "facets.json"


def render_facets(site: Site) -> str:
    """Return facets.json: the search page's filters, from the taxonomies table (key and title, in order)."""
    return dump_json(
        [{"key": kind.facet, "title": kind.singular, "taxonomy": kind.id} for kind in facets(site.settings.taxonomies)]
    )
