"""The site the readers' tests (a11y, print, html, lighthouse) look at, built once per session.

It is the repository's seeds plus tests/fixtures/readers-seeds: a long briefing (TLP:GREEN,
with an external source link) and one with quotes, & and < in its title and bottom line, built
with a fixed site_url so canonical and Open Graph URLs are known; 404.html links by absolute path
under that URL's path, so the site is served under SUBPATH as GitHub Pages serves a project site.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from support.project import REPO, build_site, copy_project

SITE_URL = "https://example.github.io/briefings/"
SUBPATH = "/briefings"
READERS_SEEDS = REPO / "tests" / "fixtures" / "readers-seeds"
NODE_BIN = REPO / "node_modules" / ".bin"

BRIEFING = "briefings/russia-and-china-propose-sharing-satellite-intelligence/"
BRIEFING_TITLE = "Russia and China Propose Sharing Satellite Intelligence"
LONG_BRIEFING = "briefings/baltic-states-rehearse-integrated-air-defence-in-largest-exercise-to-date/"
LONG_TITLE = "Baltic States Rehearse Integrated Air Defence in Largest Exercise to Date"
QUOTED_BRIEFING = "briefings/analysts-weigh-cheap-mass-drones-cost-effect-other-claims/"
QUOTED_TITLE = 'Analysts Weigh "Cheap Mass" Drones: Cost < Effect & Other Claims'
QUOTED_SUMMARY = (
    'Analysts say "cheap mass" drones shift the cost balance <only> where air defences are thin & stocks are short.'
)

# One page of every type, by path under the site root.
PAGE_TYPES = {
    "home": "",
    "briefing": BRIEFING,
    "term": "countries/russia/",
    "taxonomy overview": "countries/",
    "archive": "archive/",
    "archive year": "archive/2023/",
    "hand-written": "about/",
    "404": "404.html",
}
# The search page, where the site has one (a Pagefind page is being added).
SEARCH_PAGES = ("search/index.html", "search.html")

_built: dict[str, Path] = {}


def page_types(site: Path) -> dict[str, str]:
    """Return PAGE_TYPES plus the search page, if the built site has one."""
    types = dict(PAGE_TYPES)
    for candidate in SEARCH_PAGES:
        if (site / candidate).is_file():
            types["search"] = candidate.removesuffix("index.html")
            break
    return types


def build_readers_site(tmp_path_factory) -> Path:
    """Return the built site folder (built on first use in this session)."""
    if "site" not in _built:
        root = copy_project(tmp_path_factory.mktemp("readers") / "project")
        for seed in sorted(READERS_SEEDS.iterdir()):
            shutil.copy(seed, root / "seeds" / seed.name)
        site = build_site(root, SITE_URL)
        for path in (BRIEFING, LONG_BRIEFING, QUOTED_BRIEFING):
            assert (site / path / "index.html").is_file(), f"the build wrote no {path}"
        _built["site"] = site
    return _built["site"]


def node_file(path: Path) -> Path:
    """Return a file under node_modules/, or skip (fail under BRIEFINGS_REQUIRE_BROWSER=1) without it."""
    if not path.is_file():
        reason = f"{path.relative_to(REPO)} missing (run `npm ci`, which `make` does)"
        if os.environ.get("BRIEFINGS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason} (BRIEFINGS_REQUIRE_BROWSER=1)", pytrace=False)
        pytest.skip(reason)
    return path


def node_tool(name: str) -> Path:
    """Return node_modules/.bin/NAME, or skip (fail under BRIEFINGS_REQUIRE_BROWSER=1) without it."""
    return node_file(NODE_BIN / name)
