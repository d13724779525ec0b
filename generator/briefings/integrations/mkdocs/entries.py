"""The header search's index entries (Material's search plugin), kept between builds.

Material's search plugin parses every page's HTML on every build to make the index of the
search box (search/search_index.json): about an eighth of a rebuild. What it makes of a page,
`SearchIndex.add_entry_from_context(page)`, follows from the page's HTML, URL, title, table of
contents and front matter (`search`, `tags`, `title`), whether jieba is installed, and the
plugin's code. The entries of each page are kept by a digest of those, in
.cache/plugin/briefings/search-entries.pickle, and a page whose digest is the same gets them
back without parsing. Where the search plugin is not Material's, or its index does not have
that method, nothing is kept and it works as it always does.
"""

from __future__ import annotations

import importlib.metadata
import inspect
from pathlib import Path

from briefings.incremental.digest import digest
from briefings.incremental.store import KeyedLog

ENTRIES_FILE = "search-entries.pickle"
ENTRIES_FORMAT = 1


class SearchEntries(KeyedLog):
    """Each page's header-search entries by page_key, for one version of the search plugin."""

    FILE = ENTRIES_FILE


def search_plugin(config):
    """Return the site's Material search plugin, or None."""
    try:
        from material.plugins.search.plugin import SearchPlugin
    except ImportError:
        return None
    return next((plugin for plugin in config.plugins.values() if isinstance(plugin, SearchPlugin)), None)


def entries_context(plugin) -> str:
    """Return the digest of what every page's entries depend on besides the page: the plugin's code and jieba."""
    module = inspect.getmodule(type(plugin))
    try:
        version = importlib.metadata.version("mkdocs-material")
    except importlib.metadata.PackageNotFoundError:
        version = "-"
    source = Path(inspect.getfile(type(plugin))).read_bytes()
    jieba = getattr(module, "jieba", None) is not None
    return digest(ENTRIES_FORMAT, version, jieba, source)


def _toc(items) -> str:
    """Return a table of contents as text: each item's id, URL and title, and its children."""
    return "[" + ",".join(f"{item.id!r}:{item.url!r}:{item.title!r}{_toc(item.children)}" for item in items) + "]"


def page_key(page) -> str:
    """Return the digest of everything add_entry_from_context reads of a page."""
    meta = page.meta
    parts = [
        page.url,
        repr(page.title),
        repr(meta.get("title")),
        repr(meta.get("search")),
        repr(meta.get("tags")),
        _toc(page.toc),
        page.content,
    ]
    return digest(*parts)


def keep_entries(plugin, entries: SearchEntries) -> bool:
    """Let the search plugin's index take each page's entries from, and give them to, `entries`;
    return False (and change nothing) where its index is not as expected."""
    index = getattr(plugin, "search_index", None)
    add = getattr(index, "add_entry_from_context", None)
    if add is None or not isinstance(getattr(index, "entries", None), list):
        return False

    assert index is not None

    def add_entry_from_context(page) -> None:
        if not isinstance(page.content, str):
            add(page)
            return
        key = page_key(page)
        kept = entries.get(key)
        if kept is not None:
            index.entries.extend(dict(entry) for entry in kept)
            return
        before = len(index.entries)
        add(page)
        entries.put(key, tuple(tuple(entry.items()) for entry in index.entries[before:]))

    index.add_entry_from_context = add_entry_from_context
    return True
