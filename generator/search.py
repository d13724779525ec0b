"""The faceted search index: Pagefind run over the built site's briefing pages.

Runs after MkDocs has written the site (the plugin's on_post_build). The theme marks
each briefing's article with data-pagefind-body and carries its filters, sort key and
result fields (theme/partials/pagefind-briefing.html); nothing else is indexed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

INDEX_DIR = "pagefind"  # site_dir/pagefind/: pagefind.js, the index chunks, filters, fragments
PAGES_GLOB = "briefings/**/*.html"  # only briefing pages carry data-pagefind-body
EXCLUDED = (  # parts of a briefing page that are not its content
    ".headerlink",
    ".briefing-card",
    ".admonition-title",
    "#related-briefings",
    ".briefing-related",
    "#provenance",
    ".briefing-provenance",
)


class SearchIndexError(Exception):
    """Pagefind failed; the message carries its output."""


@dataclass(frozen=True, slots=True)
class SearchIndexReport:
    """What an indexing run produced."""

    pages: int
    files: int
    seconds: float

    def summary(self) -> str:
        """Return a one-line summary."""
        return f"search index: {self.pages} pages, {self.files} files in {INDEX_DIR}/, {self.seconds:.2f}s"


def pagefind_command(site_dir: Path, language: str) -> list[str]:
    """Return the command that indexes the briefing pages of site_dir into site_dir/pagefind/."""
    command = [
        sys.executable, "-m", "pagefind",
        "--site", str(site_dir),
        "--output-subdir", INDEX_DIR,
        "--glob", PAGES_GLOB,
        "--force-language", language,
        "--silent",
    ]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    return command


def build_search_index(site_dir: Path, language: str = "en") -> SearchIndexReport:
    """Replace site_dir/pagefind/ with a fresh Pagefind index of the briefing pages; return a report."""
    start = time.perf_counter()
    target = site_dir / INDEX_DIR
    if target.exists():  # stale chunks from an earlier build never survive
        shutil.rmtree(target)
    pages = sum(1 for _ in site_dir.glob(PAGES_GLOB))
    if pages == 0:
        return SearchIndexReport(0, 0, time.perf_counter() - start)
    done = subprocess.run(pagefind_command(site_dir, language), capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (target / "pagefind.js").is_file():
        output = (done.stderr or done.stdout).strip()
        raise SearchIndexError(f"pagefind failed (exit {done.returncode}): {output}")
    files = sum(1 for p in target.rglob("*") if p.is_file())
    return SearchIndexReport(pages, files, time.perf_counter() - start)
