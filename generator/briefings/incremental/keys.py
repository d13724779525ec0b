"""The keys of the incremental build: what a seed's result, and each rendered page, is made from.

A key is the digest of everything its value depends on, so an equal key means an equal value:
a seed's parse and enrich result (context_key + seed_key), and a rendered unit of pages
(render_context + the digests of the briefings it shows, briefing_digests and briefing_refs).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import fields

from briefings.incremental.digest import code_fingerprint, digest
from briefings.model import Briefing, Inputs, Seed, Settings, Site

SEED_FORMAT = 1  # bump when what a seed's result holds changes shape
PAGES_FORMAT = 1  # ...or what a rendered unit is made from


def context_key(settings: Settings, inputs: Inputs) -> str:
    """Return the digest of everything besides a seed's own files that its result depends on."""
    sources = tuple("-" if s is None else (s.path, s.sha256) for s in (inputs.taxonomy, *inputs.gazetteers))
    return digest(
        SEED_FORMAT,
        code_fingerprint(),
        settings.timezone,
        settings.dayfirst,
        settings.internal,
        settings.taxonomies,
        sources,
    )


def seed_key(seed: Seed) -> str:
    """Return the digest of a seed's own files: names, displayed paths and contents."""
    return digest(seed.name, *("-" if s is None else (s.path, s.rel, s.sha256) for s in (seed.body, seed.meta)))


def render_context(settings: Settings) -> str:
    """Return the digest of what every rendered page depends on besides its briefings: the code and the settings."""
    return digest(
        PAGES_FORMAT, code_fingerprint(), dataclasses.replace(settings, cache_dir=None, jobs=1, search_part_pages=0)
    )


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
