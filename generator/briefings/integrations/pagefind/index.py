"""The faceted search index: Pagefind run over the built site's briefing pages.

Runs after MkDocs has written the site (the plugin's on_post_build). The theme marks
each briefing's article with data-pagefind-body and carries its filters, sort key and
result fields (theme/partials/pagefind-briefing.html); nothing else is indexed.

Pagefind holds the whole index in memory while it builds it, about 0.2 MB per briefing
page (2 GB at 10,000). A site with more briefing pages than a part may hold is indexed in
parts, one Pagefind run each: the first in site_dir/pagefind/, the others in
site_dir/pagefind/part-2/, part-3/… The search page merges them in the browser
(Pagefind's mergeIndex, which loads no second copy of its wasm). Each part holds the
pages whose names share some first letters, so the parts are alike in what they hold and
their relevance scores compare.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from briefings.settings import PART_PAGES

INDEX_DIR = "pagefind"  # site_dir/pagefind/: pagefind.js, the index chunks, filters, fragments
PAGES_GLOB = "briefings/**/*.html"  # only briefing pages carry data-pagefind-body
PAGES_DIR = "briefings"
PARTS_FILE = (
    "briefings-parts.json"  # in INDEX_DIR: the further parts' folders, relative to it (the search page reads it)
)
SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")  # names a part's glob can list as they are (every generated slug)
EXCLUDED = (  # parts of a briefing page that are not its content
    ".headerlink",
    ".briefing-card",
    ".admonition-title",
    "#related-briefings",
    ".briefing-related",
    ".briefing-related-date",
    "#provenance",
    ".briefing-provenance",
)


@dataclass(frozen=True, slots=True)
class SearchPart:
    """Pages indexed by one Pagefind run: their names (briefings/NAME.md) as glob alternatives,
    "ab*" for every name starting "ab" and "ab" for that name alone, and how many there are."""

    folder: str  # relative to site_dir
    names: tuple[str, ...]
    pages: int

    def glob(self) -> str:
        """Return the glob of the part's pages in the built site, with directory URLs or without."""
        alternatives = ",".join(f"{name}/index.html,{name}.html" for name in self.names)
        return f"{PAGES_DIR}/{{{alternatives}}}"


def built_page_names(site_dir: Path) -> list[str]:
    """Return the names of the briefing pages of a site built with directory URLs (briefings/NAME/index.html)."""
    return [page.parent.name for page in (site_dir / PAGES_DIR).glob("*/index.html")]


def plan_parts(names: Iterable[str], limit: int = PART_PAGES) -> tuple[SearchPart, ...]:
    """Return the parts that index the briefing pages of these names: none for no page, one
    (every page, PAGES_GLOB) for at most `limit` pages, for a limit of 0, or for a name a glob
    could misread; else parts of at most about the same size, none above `limit`.

    Names are split by their first letters, as deep as needed for no group to exceed the
    part size, and the groups packed into parts, the largest first, each into the first
    part with room (the parts and their groups are then put in alphabetical order)."""
    names = sorted(set(names))
    if not names:
        return ()
    if limit <= 0 or len(names) <= limit or not all(SAFE_NAME.fullmatch(name) for name in names):
        return (SearchPart(INDEX_DIR, (), len(names)),)
    count = -(-len(names) // limit)
    size = -(-len(names) // count)  # parts of this size at most: equal parts, not full ones and a remainder
    groups: list[tuple[str, int]] = []

    def split(prefix: str, members: list[str]) -> None:
        if len(members) <= size:
            groups.append((prefix + "*", len(members)))
            return
        if members[0] == prefix:  # sorted: the name that is the prefix itself comes first
            groups.append((prefix, 1))
            members = members[1:]
        start = 0
        while start < len(members):
            letter = members[start][len(prefix)]
            end = start
            while end < len(members) and members[end][len(prefix)] == letter:
                end += 1
            split(prefix + letter, members[start:end])
            start = end

    split("", names)
    bins: list[list] = []  # [pages, globs] of each part
    for group, pages in sorted(groups, key=lambda g: (-g[1], g[0])):
        for part in bins:
            if part[0] + pages <= size:
                part[0] += pages
                part[1].append(group)
                break
        else:
            bins.append([pages, [group]])
    ordered = sorted((sorted(globs), pages) for pages, globs in bins)
    return tuple(
        SearchPart(INDEX_DIR if number == 1 else f"{INDEX_DIR}/part-{number}", tuple(globs), pages)
        for number, (globs, pages) in enumerate(ordered, start=1)
    )


class SearchIndexError(Exception):
    """Pagefind failed; the message carries its output."""


@dataclass(frozen=True, slots=True)
class SearchIndexReport:
    """What an indexing run produced."""

    pages: int
    files: int
    seconds: float
    parts: int = 1

    def summary(self) -> str:
        """Return a one-line summary."""
        parts = f" in {self.parts} parts" if self.parts > 1 else ""
        return f"search index: {self.pages} pages{parts}, {self.files} files in {INDEX_DIR}/, {self.seconds:.2f}s"


def pagefind_command(site_dir: Path, language: str, part: SearchPart | None = None) -> list[str]:
    """Return the command that indexes site_dir's briefing pages (of one part) into site_dir/pagefind/ (its folder)."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        part.folder if part else INDEX_DIR,
        "--glob",
        part.glob() if part and part.names else PAGES_GLOB,
        "--force-language",
        language,
        "--silent",
    ]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    return command


def keep_index_only(folder: Path) -> None:
    """Remove from a further part's folder what a merged index never loads: Pagefind's scripts, styles
    and wasm (the first part's serve every part), about 0.7 MB. Its entry, metadata, index chunks,
    filters and fragments stay."""
    for path in folder.iterdir():
        if path.is_file() and path.name != "pagefind-entry.json" and not path.name.endswith(".pf_meta"):
            path.unlink()


def build_search_index(
    site_dir: Path, language: str = "en", parts: tuple[SearchPart, ...] | None = None
) -> SearchIndexReport:
    """Replace site_dir/pagefind/ with a fresh Pagefind index of the briefing pages, in `parts`
    (default: one index of every page); return a report."""
    start = time.perf_counter()
    target = site_dir / INDEX_DIR
    if target.exists():  # stale chunks from an earlier build never survive
        shutil.rmtree(target)
    pages = sum(1 for _ in site_dir.glob(PAGES_GLOB))
    if pages == 0:
        return SearchIndexReport(0, 0, time.perf_counter() - start)
    for part in parts or (SearchPart(INDEX_DIR, (), pages),):
        done = subprocess.run(pagefind_command(site_dir, language, part), capture_output=True, text=True, check=False)
        if done.returncode != 0 or not (site_dir / part.folder / "pagefind-entry.json").is_file():
            output = (done.stderr or done.stdout).strip()
            raise SearchIndexError(f"pagefind failed (exit {done.returncode}) on {part.folder}/: {output}")
        if part.folder != INDEX_DIR:
            keep_index_only(site_dir / part.folder)
    further = [f"{part.folder.removeprefix(INDEX_DIR + '/')}/" for part in (parts or ())[1:]]
    (target / PARTS_FILE).write_text(json.dumps({"parts": further}) + "\n", encoding="utf-8")
    files = sum(1 for p in target.rglob("*") if p.is_file())
    return SearchIndexReport(pages, files, time.perf_counter() - start, max(1, len(parts or ())))
