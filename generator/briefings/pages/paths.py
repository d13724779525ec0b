"""Where each generated page lives in content/, its URL, and the relative links between pages."""

from __future__ import annotations

import functools
import posixpath

from briefings.model import Briefing, Term

BRIEFINGS_DIR = "briefings"
ARCHIVE_DIR = "archive"


def briefing_path(briefing: Briefing) -> str:
    """Return a briefing page's path in content/."""
    return f"{BRIEFINGS_DIR}/{briefing.slug}.md"


def briefing_url(briefing: Briefing) -> str:
    """Return a briefing's URL relative to the site root."""
    return f"{BRIEFINGS_DIR}/{briefing.slug}/"


def term_path(term: Term) -> str:
    """Return a term page's path in content/ (a term called "index" must not replace the overview)."""
    slug = "index-term" if term.slug == "index" else term.slug
    return f"{term.taxonomy}/{slug}.md"


def overview_path(taxonomy: str) -> str:
    """Return the path of a taxonomy's overview page in content/."""
    return f"{taxonomy}/index.md"


def chart_path(term: Term) -> str:
    """Return the path of a term's chart, beside its page."""
    return term_path(term)[: -len(".md")] + ".svg"


def term_feed_name(term: Term) -> str:
    """Return the name of a term's feeds: its page path without .md, e.g. countries/russia."""
    return term_path(term).removesuffix(".md")


def page_url(path: str) -> str:
    """Return the URL, relative to the site root, of a content/ page: countries/russia.md -> countries/russia/."""
    stem = path.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


@functools.lru_cache(maxsize=65536)  # pages in one folder link to the same targets
def link_from(folder: str, target: str) -> str:
    """Return the relative link from a folder to a file, both relative to content/ (posixpath.relpath, no getcwd)."""
    if ".." in folder or ".." in target or folder.startswith("/") or target.startswith("/"):
        return posixpath.relpath(target, folder or ".")
    start = [p for p in folder.split("/") if p and p != "."]
    parts = [p for p in target.split("/") if p and p != "."]
    common = 0
    while common < min(len(start), len(parts)) and start[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:]) or "."


def link(source: str, target: str) -> str:
    """Return the relative link from one content/ file to another (posixpath.relpath without its getcwd calls)."""
    return link_from(posixpath.dirname(source), target)
