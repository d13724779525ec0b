"""Indexing in the background while serving, so a saved seed's page is served without waiting for Pagefind."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from briefings.integrations.pagefind.index import SearchIndexError, build_search_index

log = logging.getLogger("mkdocs.plugins.briefings")


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
                assert self.wanted is not None
                site_dir, language, parts = self.wanted
                self.wanted = None
            try:
                log.info(f"briefings: {build_search_index(site_dir, language, parts).summary()}")
            except (SearchIndexError, OSError) as exc:
                log.error(f"briefings: the search page's index was not refreshed: {exc}")
