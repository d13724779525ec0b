"""The MkDocs plugin: plain `mkdocs build` and `mkdocs serve` run the generator first. Only hooks live here;
what they call is in briefings.build and the modules beside this one."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from briefings.build import Progress, Report, generate, no_progress
from briefings.errors import ProblemsFound
from briefings.incremental.parallel import can_fork
from briefings.incremental.store import forget
from briefings.integrations.mkdocs.conversions import Conversions, conversion_context, convert_ahead, keep_conversions
from briefings.integrations.mkdocs.entries import SearchEntries, entries_context, keep_entries, search_plugin
from briefings.integrations.mkdocs.options import BriefingsConfig, settings_of
from briefings.integrations.pagefind.background import BackgroundIndexer
from briefings.integrations.pagefind.index import INDEX_DIR, PAGES_DIR, SearchIndexError, build_search_index, plan_parts
from briefings.model import Settings
from briefings.settings import SettingsError, today

log = logging.getLogger("mkdocs.plugins.briefings")
PARALLEL_PAGES = 64  # fewer pages than this are not worth starting processes for


@dataclass(frozen=True, slots=True)
class Run:
    """What the command that started a build asks of the plugin for that build: content/ is generated
    already, the search index is left to the command (once MkDocs has let go of its pages), progress."""

    generated: bool = False
    defer_index: bool = False
    progress: Progress = no_progress


class BriefingsProblems(PluginError):
    """The seeds have problems; the message lists them all."""

    def __init__(self, found: ProblemsFound) -> None:
        super().__init__(found.summary())
        self.found = found


class BriefingsPlugin(BasePlugin[BriefingsConfig]):  # type: ignore[valid-type]
    """Generates content/ from seeds/ before MkDocs reads the docs folder, and indexes the briefing pages after."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.content_dir: Path | None = None
        self.run = Run()
        self.last_report: Report | None = None
        self.pages_total = 0
        self.pages_done = 0
        self.pages_read = 0
        self.converting_ahead = (
            False  # pages are being converted in forked processes, whose page events draw no progress
        )
        self.serving = False  # `mkdocs serve` / `briefings serve`: index in the background, after the page is served
        self.briefings_built = 0  # briefing pages MkDocs wrote in this build (a dirty rebuild writes only changed ones)
        self.briefing_pages: frozenset[str] = frozenset()  # the briefing pages of this build
        self.indexed_pages: frozenset[str] | None = None  # ...and of the build last indexed while serving
        self.indexer: BackgroundIndexer | None = None
        self.dirty = False  # MkDocs converts only the pages that changed (serve)
        self.conversions: Conversions | None = None  # MkDocs' Markdown conversions kept between builds
        self.search_entries: SearchEntries | None = (
            None  # the header search's entries of each page, kept between builds
        )
        self.deferred_search_index: tuple | None = None  # (site_dir, language, parts) when the command indexes

    @contextlib.contextmanager
    def running(self, run: Run) -> Iterator[None]:
        """Take a command's wishes for one build. MkDocs hands the same plugin instance to later loads of the
        configuration in the process, so they do not outlive the build."""
        self.run, self.deferred_search_index = run, None
        try:
            yield
        finally:
            self.run = Run()

    def on_startup(self, *, command, dirty) -> None:
        """Remember whether this is a serve session (defining this hook also keeps the plugin between rebuilds)."""
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config):
        """Make the generator's settings from the plugin's options (settings.settings_from, as every command does)."""
        try:
            self.settings = settings_of(config, self.config)
        except SettingsError as exc:
            raise PluginError("\n".join(exc.problems)) from None
        self.content_dir = Path(config.docs_dir)
        return config

    def on_pre_build(self, config) -> None:
        """Generate content/ from the seeds, unless the command that started this build has done it."""
        if self.run.generated:
            return
        assert self.settings is not None and self.content_dir is not None
        try:
            report = generate(
                self.settings, self.content_dir, today(self.settings), strict=config.strict, progress=self.run.progress
            )
        except ProblemsFound as found:
            raise BriefingsProblems(found) from None
        except SettingsError as exc:
            raise PluginError("\n".join(exc.problems)) from None
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
        jobs = self.settings.jobs if self.settings is not None else 1
        worth_it = jobs > 1 and not self.dirty and can_fork() and self.pages_total >= PARALLEL_PAGES
        if conversions is not None and worth_it and len(conversions.entries) < self.pages_total // 2:
            self.converting_ahead = True
            try:
                convert_ahead(conversions, config, files, jobs, self.run.progress)
            finally:
                self.converting_ahead = False
        return nav

    def on_pre_page(self, page, config, files):
        """Let the page's conversion come from, and go to, the kept conversions; show progress."""
        if not self.converting_ahead:
            self.pages_read += 1
            self.run.progress("MkDocs pages read", self.pages_read, self.pages_total)
        if self.conversions is not None:
            keep_conversions(page, self.conversions)
        return page

    def on_post_page(self, output, page, config):
        self.pages_done += 1
        if page.file.src_uri.startswith("briefings/"):
            self.briefings_built += 1
        self.run.progress("MkDocs pages rendered", self.pages_done, self.pages_total)
        return output

    def on_post_build(self, config) -> None:
        """Save the kept conversions; index the briefing pages with Pagefind into site_dir/pagefind/ (the search page).

        While serving, a rebuild that wrote, added and removed no briefing page keeps the index it
        has, and a new index is made in the background, so a saved seed's page is served without
        waiting for it.
        """
        made = self.conversions
        if made is not None:
            made.save(keep_unused=self.dirty)  # a dirty build read only the changed pages: keep the others' too
            jobs = self.settings.jobs if self.settings is not None else 1
            ahead = f" ({made.ahead} over {jobs} processes)" if made.ahead else ""
            log.info(f"briefings: MkDocs converted {len(made.converted)} pages{ahead} and reused {made.hits}")
        entries = self.search_entries
        if entries is not None:
            entries.save(keep_unused=self.dirty)
            log.info(
                f"briefings: the search box's index reused the entries of {entries.hits} pages "
                f"and made {len(entries.new)}"
            )
        site_dir = Path(config.site_dir)
        if self.serving:
            changed = self.briefings_built or self.briefing_pages != self.indexed_pages
            if changed or not (site_dir / INDEX_DIR / "pagefind.js").exists():
                self.indexed_pages = self.briefing_pages
                if self.indexer is None:
                    self.indexer = BackgroundIndexer()
                self.indexer.request(site_dir, config.theme.get("language") or "en", self.search_parts())
            return
        if self.run.defer_index:
            self.deferred_search_index = (site_dir, config.theme.get("language") or "en", self.search_parts())
            return
        self.run.progress("search indexing", 0, 1)
        try:
            report = build_search_index(site_dir, config.theme.get("language") or "en", self.search_parts())
        except SearchIndexError as exc:
            raise PluginError(f"briefings: {exc}") from None
        log.info(f"briefings: {report.summary()}")

    def search_parts(self):
        """Return the parts Pagefind indexes this build's briefing pages in (search.plan_parts)."""
        names = (uri.removeprefix(f"{PAGES_DIR}/").removesuffix(".md") for uri in self.briefing_pages)
        return plan_parts(names, self.settings.search_part_pages if self.settings else self.config.search_part_pages)

    def on_serve(self, server, config, builder):
        if self.settings is not None:
            server.watch(str(self.settings.seeds_dir))
            if self.settings.taxonomy_file is not None and self.settings.taxonomy_file.exists():
                server.watch(str(self.settings.taxonomy_file))
        return server
