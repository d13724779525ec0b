"""MkDocs' Markdown-to-HTML conversions, kept between builds.

MkDocs converts every page's Markdown on every build; on a briefing site that is half of
the build, and most pages have not changed since the last one. A page's conversion
(`Page.render`) depends on:

- its Markdown, as the plugins left it, its source path and its URL;
- the Markdown extensions, their code and configuration, and MkDocs' link settings;
- the files its links point to.

The first two go into the key. For the third, an entry keeps the paths its conversion looked
up and a digest of what it found there (each file's path, URL and inclusion, or none), and is
reused only when the same lookups find the same in this build. A conversion that logged anything
(a broken link, say) is not kept, so its message is printed on every build. Only extensions
whose output follows from the Markdown alone are trusted: a site that uses another one (one
that reads files, such as `pymdownx.snippets`) converts every page, as MkDocs does.
"""

from __future__ import annotations

import functools
import importlib.metadata
import inspect
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from briefings.incremental.digest import digest
from briefings.incremental.parallel import fork_map, in_worker
from briefings.incremental.store import KeyedLog

CONVERSIONS_FILE = "conversions.pickle"
CONVERSIONS_FORMAT = 1
CHUNK = 16  # pages handed to a process at a time

# Extensions whose HTML is a function of the page's Markdown and their configuration.
PURE_EXTENSIONS = frozenset(
    {
        "abbr",
        "admonition",
        "attr_list",
        "def_list",
        "fenced_code",
        "footnotes",
        "legacy_attrs",
        "legacy_em",
        "md_in_html",
        "meta",
        "nl2br",
        "sane_lists",
        "smarty",
        "tables",
        "toc",
        "wikilinks",
        "extra",
        "codehilite",
        "markdown.extensions.abbr",
        "markdown.extensions.admonition",
        "markdown.extensions.attr_list",
        "markdown.extensions.def_list",
        "markdown.extensions.fenced_code",
        "markdown.extensions.footnotes",
        "markdown.extensions.md_in_html",
        "markdown.extensions.sane_lists",
        "markdown.extensions.tables",
        "markdown.extensions.toc",
        "markdown.extensions.codehilite",
        "pymdownx.arithmatex",
        "pymdownx.betterem",
        "pymdownx.caret",
        "pymdownx.critic",
        "pymdownx.details",
        "pymdownx.emoji",
        "pymdownx.escapeall",
        "pymdownx.highlight",
        "pymdownx.inlinehilite",
        "pymdownx.keys",
        "pymdownx.magiclink",
        "pymdownx.mark",
        "pymdownx.smartsymbols",
        "pymdownx.superfences",
        "pymdownx.tabbed",
        "pymdownx.tasklist",
        "pymdownx.tilde",
        "pymdownx.blocks.admonition",
        "pymdownx.blocks.details",
        "pymdownx.blocks.tab",
        "material.extensions.emoji",
    }
)
PACKAGES = ("markdown", "mkdocs", "mkdocs-material", "pymdown-extensions", "pygments")


def _stable(value: Any) -> str:
    """Return a text for a configuration value that is the same in every process (no object addresses)."""
    if isinstance(value, dict):
        return (
            "{"
            + ",".join(f"{_stable(k)}:{_stable(v)}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0])))
            + "}"
        )
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_stable(v) for v in value) + "]"
    if callable(value):  # a function named in the configuration: its name and its module's code
        name = f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', '?')}"
        try:
            code = digest(Path(inspect.getfile(value)).read_bytes())
        except (OSError, TypeError):
            code = "-"
        return f"<{name} {code}>"
    return repr(value)


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _module_source(obj: object) -> bytes:
    try:
        return Path(inspect.getfile(type(obj))).read_bytes()
    except (OSError, TypeError):
        return repr(type(obj)).encode()


def conversion_context(config) -> str | None:
    """Return the digest of what every page's conversion depends on besides the page, or None when an
    extension may read more than the page (then nothing is kept)."""
    extensions = config["markdown_extensions"]
    if not all(isinstance(name, str) and name in PURE_EXTENSIONS for name in extensions):
        return None
    parts = [
        str(CONVERSIONS_FORMAT),
        *(f"{p}={_version(p)}" for p in PACKAGES),
        _stable(extensions),
        _stable(config["mdx_configs"] or {}),
        repr(config["use_directory_urls"]),
        _stable(dict(config["validation"])),
        repr(logging.getLogger("mkdocs").getEffectiveLevel()),
    ]
    md = markdown.Markdown(extensions=extensions, extension_configs=config["mdx_configs"] or {})
    processors = [
        *md.preprocessors,
        *md.parser.blockprocessors,
        *md.inlinePatterns,
        *md.treeprocessors,
        *md.postprocessors,
    ]
    sources = sorted({_module_source(p) for p in processors})
    return digest(parts, sources, Path(inspect.getfile(Page)).read_bytes())


def _answer(file: File | None) -> str:
    """Return what a link lookup found, as far as a conversion can tell."""
    return "-" if file is None else f"{file.src_uri}\1{file.url}\1{file.inclusion.name}"


def answers_digest(paths: str, files: Files) -> bytes:
    """Return a digest of what looking up each of `paths` (joined by NUL) finds among `files`."""
    found = "\0".join(_answer(files.get_file_from_path(path)) for path in paths.split("\0")) if paths else ""
    return digest(found).encode()


class _Lookups:
    """The site's files, recording each path a conversion looked up."""

    def __init__(self, files: Files) -> None:
        self.files = files
        self.seen: dict[str, None] = {}

    def get_file_from_path(self, path: str) -> File | None:
        self.seen[path] = None
        return self.files.get_file_from_path(path)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.files, name)


class _Heard(logging.Handler):
    """Notes whether anything was logged while it listened."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.anything = False

    def emit(self, record: logging.LogRecord) -> None:
        self.anything = True


class Conversions(KeyedLog):
    """Each page's conversion by key: (paths looked up, joined by NUL; the digest of what they found; content,
    toc, title, anchor ids, links to anchors). The lookups are kept as two values, not one per link, as a
    site of 10,000 briefings makes about a million of them."""

    FILE = CONVERSIONS_FILE

    def __init__(self, directory: Path | None, context: str) -> None:
        super().__init__(directory, context)
        self.converted: list[str] = []  # the pages converted in this build (the rest came from the cache)
        self.ahead = 0  # ...of which converted over several processes (convert_ahead)

    def render(self, page: Page, original: Callable[[Any, Files], None], config, files: Files) -> None:
        """Fill in the page's conversion from this cache, or by `original` (the page's own render) and keep it."""
        key = digest(page.file.src_uri, page.file.url, page.markdown)
        entry: Any = self.entries.get(key)  # the tuple render keeps (see the class docstring)
        if entry is not None and answers_digest(entry[0], files) == entry[1]:
            self.get(key)
            _, _, page.content, page.toc, page._title_from_render, anchor_ids, links = entry
            page.present_anchor_ids = set(anchor_ids)
            if links is not None:
                page.links_to_anchors = {files.get_file_from_path(uri): dict(anchors) for uri, anchors in links}  # type: ignore[misc]
            return
        self.converted.append(page.file.src_uri)
        lookups, heard = _Lookups(files), _Heard()
        loggers = (logging.getLogger(), logging.getLogger("mkdocs"))  # MkDocs' own logger does not propagate
        for logger in loggers:
            logger.addHandler(heard)
        try:
            original(config, lookups)  # type: ignore[arg-type]  # a Files that notes what is looked up
        finally:
            for logger in loggers:
                logger.removeHandler(heard)
        if heard.anything:
            return
        links = None
        if page.links_to_anchors is not None:
            links = tuple((target.src_uri, tuple(anchors.items())) for target, anchors in page.links_to_anchors.items())
        paths = "\0".join(lookups.seen)
        self.put(
            key,
            (
                paths,
                answers_digest(paths, files),
                page.content,
                page.toc,
                page._title_from_render,
                tuple(sorted(page.present_anchor_ids or ())),
                links,
            ),
        )

    def add_ahead(self, src_uri: str, key: str, entry: tuple) -> None:
        """Take in a conversion made by another process (convert_ahead), for MkDocs to find."""
        self.entries[key] = entry
        self.new[key] = entry
        self.converted.append(src_uri)
        self.ahead += 1


def keep_conversions(page: Page, conversions: Conversions) -> None:
    """Make the page's render read from and add to `conversions`."""
    page.render = functools.partial(conversions.render, page, page.render)  # type: ignore[method-assign]


def quiet_logging(parent: int) -> None:
    """Stop this process from printing if it was forked from `parent`: the parent does again whatever logged."""
    if not in_worker(parent):
        return
    for logger in (logging.getLogger(), logging.getLogger("mkdocs")):
        for handler in list(logger.handlers):
            logger.removeHandler(handler)


def convert_ahead(
    conversions: Conversions, config, files: Files, jobs: int, progress: Callable[[str, int, int], None] | None = None
) -> None:
    """Convert every page over `jobs` forked processes into `conversions`, before MkDocs reads the pages
    one by one (and finds each conversion made). Each process runs the plugins' page events as MkDocs
    would; a page whose conversion failed or logged something is left to MkDocs. `progress` hears of
    the pages converted as they come back."""
    documents = list(files.documentation_pages())
    parent = os.getpid()

    def convert(index: int):
        quiet_logging(parent)
        file = documents[index]
        try:
            page = file.page if file.page is not None else Page(None, file, config)
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            page.render(config, files)
        except Exception:  # noqa: BLE001 - MkDocs converts the page again and reports the error
            return None
        return conversions.new.popitem() if conversions.new else None

    def done(count: int) -> None:
        if progress is not None:
            progress("MkDocs pages converted", count, len(documents))

    for index, made in enumerate(fork_map(convert, range(len(documents)), jobs, chunksize=CHUNK, done=done)):
        if made is not None:
            conversions.add_ahead(documents[index].src_uri, *made)
