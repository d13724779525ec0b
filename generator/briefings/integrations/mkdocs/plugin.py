"""The MkDocs plugin: plain `mkdocs build` and `mkdocs serve` run the generator first."""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from briefings.build import generate, no_progress
from briefings.incremental.store import forget
from briefings.integrations.mkdocs.conversions import Conversions, conversion_context, convert_ahead, keep_conversions
from briefings.errors import ProblemsFound
from briefings.model import Settings
from briefings.incremental.parallel import can_fork, default_jobs
from briefings.integrations.mkdocs.entries import SearchEntries, entries_context, keep_entries, search_plugin
from briefings.integrations.pagefind.index import INDEX_DIR, PAGES_DIR, PART_PAGES, SearchIndexError, build_search_index, plan_parts

log = logging.getLogger("mkdocs.plugins.briefings")
PARALLEL_PAGES = 64  # fewer pages than this are not worth starting processes for


class BriefingsConfig(base.Config):
    """The `briefings` options in mkdocs.yml; paths are relative to mkdocs.yml."""

    seeds = c.Type(str, default="seeds")
    taxonomy = c.Type(str, default="seeds/taxonomy.yml")
    gazetteers = c.ListOfItems(c.Type(str), default=[])
    timezone = c.Type(str, default="UTC")
    dayfirst = c.Optional(c.Type(bool))
    internal = c.Type(bool, default=False)
    exclude = c.ListOfItems(c.Type(str), default=list(Settings.__dataclass_fields__["exclude"].default))
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/plugin/briefings")
    jobs = c.Type(int, default=0)  # processes that parse, enrich, render and convert pages; 0: one per core
    search_part_pages = c.Type(int, default=PART_PAGES)  # the most briefing pages one Pagefind run indexes; 0: no limit


def today_in(timezone: str) -> dt.date:
    """Return today's date in the site's zone, or the date of SOURCE_DATE_EPOCH where it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    zone = ZoneInfo(timezone)
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=zone).date()
    return dt.datetime.now(tz=zone).date()


class BriefingsProblems(PluginError):
    """The seeds have problems; the message lists them all."""

    def __init__(self, found: ProblemsFound) -> None:
        super().__init__(found.summary())
        self.found = found


class BriefingsPlugin(BasePlugin[BriefingsConfig]):
    """Generates content/ from seeds/ before MkDocs reads the docs folder."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.content_dir: Path | None = None
        self.generated = False  # set by `briefings build`, which has run the generator already
        self.last_report = None
        self.progress = no_progress  # `briefings build` passes a callable that draws progress on a terminal
        self.pages_total = 0
        self.pages_done = 0
        self.pages_read = 0
        self.converting_ahead = False  # pages are being converted in forked processes, whose page events draw no progress
        self.serving = False  # `mkdocs serve` / `briefings serve`: index in the background, after the page is served
        self.briefings_built = 0  # briefing pages MkDocs wrote in this build (a dirty rebuild writes only changed ones)
        self.briefing_pages: frozenset[str] = frozenset()  # the briefing pages of this build
        self.indexed_pages: frozenset[str] | None = None  # ...and of the build last indexed while serving
        self.indexer: BackgroundIndexer | None = None
        self.dirty = False  # MkDocs converts only the pages that changed (serve)
        self.conversions: Conversions | None = None  # MkDocs' Markdown conversions kept between builds
        self.search_entries: SearchEntries | None = None  # the header search's entries of each page, kept between builds
        self.defer_search_index = False  # set by `briefings build`, which indexes once MkDocs has returned its memory
        self.deferred_search_index: tuple | None = None  # (site_dir, language, parts) for it

    def on_startup(self, *, command, dirty) -> None:
        """Remember whether this is a serve session (defining this hook also keeps the plugin between rebuilds)."""
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        try:
            ZoneInfo(self.config.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise PluginError(f"briefings: unknown time zone {self.config.timezone!r} (use an IANA name such as UTC or America/New_York)") from None
        seeds = os.environ.get("BRIEFINGS_SEEDS") or self.config.seeds
        self.settings = Settings(
            seeds_dir=(root / seeds).resolve(),
            taxonomy_file=(root / self.config.taxonomy).resolve() if self.config.taxonomy else None,
            gazetteer_files=tuple((root / g).resolve() for g in self.config.gazetteers),
            timezone=self.config.timezone,
            dayfirst=self.config.dayfirst,
            internal=self.config.internal,
            site_name=config.site_name,
            site_url=config.site_url or "",
            exclude=tuple(self.config.exclude),
            cache_dir=(root / self.config.cache_dir).resolve() if self.config.cache else None,
            jobs=self.config.jobs if self.config.jobs > 0 else default_jobs(),
        )
        if self.config.search_part_pages < 0:
            raise PluginError(f"briefings: search_part_pages must be 0 (no limit) or more, not {self.config.search_part_pages}")
        self.content_dir = Path(config.docs_dir)
        return config

    def on_pre_build(self, config) -> None:
        if self.generated:
            return
        assert self.settings is not None and self.content_dir is not None
        try:
            report = generate(self.settings, self.content_dir, today_in(self.settings.timezone), strict=config.strict, progress=self.progress)
        except ProblemsFound as found:
            raise BriefingsProblems(found) from None
        finally:
            if not self.serving:
                forget()  # only a serve session rebuilds: keep no seed results in memory while MkDocs builds
        for warning in report.warnings:
            log.warning(str(warning))
        log.info(f"briefings: {report.summary()}")
        self.last_report = report

    def on_files(self, files, config):
        documents = files.documentation_pages()
        self.pages_total = len(documents)
        self.pages_done = 0
        self.pages_read = 0
        self.briefings_built = 0
        self.briefing_pages = frozenset(f.src_uri for f in documents if f.src_uri.startswith("briefings/"))
        self.conversions = None
        self.search_entries = None
        if self.settings is not None and self.settings.cache_dir is not None:
            context = conversion_context(config)
            if context is not None:
                self.conversions = Conversions(self.settings.cache_dir, context)
            quick = search_plugin(config)  # Material's, which made its index for this build in on_config
            if quick is not None:
                entries = SearchEntries(self.settings.cache_dir, entries_context(quick))
                if keep_entries(quick, entries):
                    self.search_entries = entries
        return files

    def on_nav(self, nav, config, files):
        """With more than one job, convert the pages over forked processes when most are not in the cache
        (a first build, or new extensions); a rebuild converts its few changed pages in this process."""
        conversions = self.conversions
        worth_it = self.settings.jobs > 1 and not self.dirty and can_fork() and self.pages_total >= PARALLEL_PAGES
        if conversions is not None and worth_it and len(conversions.entries) < self.pages_total // 2:
            self.converting_ahead = True
            try:
                convert_ahead(conversions, config, files, self.settings.jobs, self.progress)
            finally:
                self.converting_ahead = False
        return nav

    def on_pre_page(self, page, config, files):
        """Let the page's conversion come from, and go to, the kept conversions; show progress."""
        if not self.converting_ahead:
            self.pages_read += 1
            self.progress("MkDocs pages read", self.pages_read, self.pages_total)
        if self.conversions is not None:
            keep_conversions(page, self.conversions)
        return page

    def on_post_page(self, output, page, config):
        self.pages_done += 1
        if page.file.src_uri.startswith("briefings/"):
            self.briefings_built += 1
        self.progress("MkDocs pages rendered", self.pages_done, self.pages_total)
        return output

    def on_post_build(self, config) -> None:
        """Save the kept conversions; index the briefing pages with Pagefind into site_dir/pagefind/ (the faceted search page).

        While serving, a rebuild that wrote, added and removed no briefing page keeps the index it
        has, and a new index is made in the background, so a saved seed's page is served without
        waiting for it.
        """
        made = self.conversions
        if made is not None:
            made.save(keep_unused=self.dirty)  # a dirty build read only the changed pages: keep the others' too
            ahead = f" ({made.ahead} over {self.settings.jobs} processes)" if made.ahead else ""
            log.info(f"briefings: MkDocs converted {len(made.converted)} pages{ahead} and reused {made.hits}")
        entries = self.search_entries
        if entries is not None:
            entries.save(keep_unused=self.dirty)
            log.info(f"briefings: the search box's index reused the entries of {entries.hits} pages and made {len(entries.new)}")
        site_dir = Path(config.site_dir)
        if self.serving:
            changed = self.briefings_built or self.briefing_pages != self.indexed_pages
            if changed or not (site_dir / INDEX_DIR / "pagefind.js").exists():
                self.indexed_pages = self.briefing_pages
                if self.indexer is None:
                    self.indexer = BackgroundIndexer()
                self.indexer.request(site_dir, config.theme.get("language") or "en", self.search_parts())
            return
        if self.defer_search_index:
            self.deferred_search_index = (site_dir, config.theme.get("language") or "en", self.search_parts())
            return
        self.progress("search indexing", 0, 1)
        try:
            report = build_search_index(site_dir, config.theme.get("language") or "en", self.search_parts())
        except SearchIndexError as exc:
            raise PluginError(f"briefings: {exc}") from None
        log.info(f"briefings: {report.summary()}")

    def search_parts(self):
        """Return the parts Pagefind indexes this build's briefing pages in (search.plan_parts)."""
        names = (uri.removeprefix(f"{PAGES_DIR}/").removesuffix(".md") for uri in self.briefing_pages)
        return plan_parts(names, self.config.search_part_pages)

    def on_serve(self, server, config, builder):
        if self.settings is not None:
            server.watch(str(self.settings.seeds_dir))
            if self.settings.taxonomy_file is not None and self.settings.taxonomy_file.exists():
                server.watch(str(self.settings.taxonomy_file))
        return server


class BackgroundIndexer:
    """One thread that indexes the site with Pagefind whenever asked; asks made while it runs fold into one more run."""

    def __init__(self) -> None:
        self.wanted: tuple | None = None
        self.condition = threading.Condition()
        self.thread = threading.Thread(target=self.run, name="briefings-search-index", daemon=True)
        self.thread.start()

    def request(self, site_dir: Path, language: str, parts=None) -> None:
        """Ask for a fresh index of site_dir (in `parts`, see search.plan_parts); return at once."""
        with self.condition:
            self.wanted = (site_dir, language, parts)
            self.condition.notify()

    def run(self) -> None:
        while True:
            with self.condition:
                self.condition.wait_for(lambda: self.wanted is not None)
                site_dir, language, parts = self.wanted
                self.wanted = None
            try:
                log.info(f"briefings: {build_search_index(site_dir, language, parts).summary()}")
            except (SearchIndexError, OSError) as exc:
                log.error(f"briefings: the search page's index was not refreshed: {exc}")
