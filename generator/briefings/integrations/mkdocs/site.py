"""The MkDocs builder: what `briefings build`, `serve`, `bundle` and the other commands ask of MkDocs.

`build` generates content/ from the seeds, has MkDocs build the site into a staging folder beside
the site folder, indexes it with Pagefind once MkDocs has let go of its pages, and swaps it in:
a build that fails leaves the site as it was. Problems in the seeds are raised before MkDocs runs.
"""

from __future__ import annotations

import ctypes
import dataclasses
import gc
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from briefings import build as pipeline
from briefings.build import Progress, Report, no_progress
from briefings.incremental.store import forget
from briefings.integrations.mkdocs.options import ProjectError, Request, load_project, overrides, settings_of
from briefings.integrations.mkdocs.plugin import Run
from briefings.integrations.pagefind.index import SearchIndexError, build_search_index
from briefings.model import Settings
from briefings.settings import SettingsError, today


class BuildFailed(Exception):
    """MkDocs or Pagefind failed; the message says which and that the site is unchanged."""


@dataclass(frozen=True, slots=True)
class Project:
    """A project's settings and the folders a command works with."""

    settings: Settings
    content_dir: Path
    site_dir: Path


def project(request: Request) -> Project:
    """Return the settings and folders of the request's project (raise ProjectError or SettingsError)."""
    config, plugin = load_project(request)
    settings = settings_of(config, plugin.config)
    return Project(settings, Path(config.docs_dir), Path(request.site_dir or config.site_dir).resolve())


def release_freed_memory() -> None:
    """Give the memory MkDocs' pages held back to the system before Pagefind needs its own.

    The pages and the navigation refer to each other, so only the cycle collector frees them;
    their text was allocated outside Python's small-object arenas, and glibc keeps such freed
    memory in the process until asked (together about a third of the process at 5,000 briefings)."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # not glibc: nothing to ask
        pass


def build(request: Request, progress: Progress = no_progress) -> tuple[Report, Path]:
    """Generate content/ and build the site; return the report (with every stage's time) and the site folder.
    Raise ProblemsFound (nothing written), ProjectError, SettingsError or BuildFailed (the site unchanged)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, MkDocsException

    started = time.perf_counter()
    config, plugin = load_project(request)
    settings = settings_of(config, plugin.config)
    target = Path(request.site_dir or config.site_dir).resolve()
    try:
        report = pipeline.generate(
            settings, Path(config.docs_dir), today(settings), strict=request.strict, progress=progress
        )
    finally:
        forget()  # MkDocs needs the memory more than a cache this process will not read again
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    config.site_dir = str(staging)
    mkdocs_started = time.perf_counter()
    try:
        with plugin.running(Run(generated=True, defer_index=True, progress=progress)):
            mkdocs_build(config)
        mkdocs_seconds = time.perf_counter() - mkdocs_started
        index_started = time.perf_counter()
        if plugin.deferred_search_index is not None:
            plugin.conversions = plugin.search_entries = None
            release_freed_memory()
            progress("search indexing", 0, 1)
            build_search_index(*plugin.deferred_search_index)
    except (Abort, MkDocsException, OSError, SearchIndexError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        what = "the search index" if isinstance(exc, SearchIndexError) else "mkdocs build"
        raise BuildFailed(f"{what} failed: {exc}; {target} is unchanged") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    index_seconds = time.perf_counter() - index_started
    swap_dirs(staging, target)
    timings = (
        *report.timings,
        ("mkdocs", mkdocs_seconds),
        ("search index", index_seconds),
        ("total", time.perf_counter() - started),
    )
    return dataclasses.replace(report, timings=timings), target


def swap_dirs(new: Path, target: Path) -> None:
    """Put the freshly built folder in place of the old one in two renames."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    os.chmod(target, 0o755)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def serve(request: Request, dev_addr: str | None = None) -> None:
    """Preview the site with MkDocs' live reload; saving a seed regenerates (raise ProjectError, BuildFailed)."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort

    try:
        # Dirty rebuilds: MkDocs re-renders only pages whose Markdown is newer than their HTML, and the
        # generator rewrites only changed files, so a new seed is served in seconds, not a full build.
        mkdocs_serve(config_file=str(request.config_file), dev_addr=dev_addr, build_type="dirty", **overrides(request))
    except Abort as exc:
        raise BuildFailed(str(exc)) from None


def bundle(request: Request, output: Path) -> tuple[Report, int]:
    """Generate content/ and write the offline bundle (a zip); return the report and the number of files in it."""
    from mkdocs.exceptions import Abort, MkDocsException

    from briefings.integrations.mkdocs.bundle import build_bundle

    config, plugin = load_project(request, offline=True)
    settings = settings_of(config, plugin.config)
    report = pipeline.generate(settings, Path(config.docs_dir), today(settings))
    try:
        with plugin.running(Run(generated=True)):
            files = build_bundle(config, output)
    except (Abort, MkDocsException, OSError) as exc:
        raise BuildFailed(f"mkdocs build failed: {exc}; {output} not written") from None
    return report, files


__all__ = ["BuildFailed", "Project", "ProjectError", "Request", "SettingsError", "build", "bundle", "project", "serve"]
