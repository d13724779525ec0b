"""The `briefings` command line. Only this module prints or exits."""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import datetime as dt
import gc
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import click

from briefings import build as pipeline
from briefings.incremental.store import forget
from briefings.errors import Problem, ProblemsFound
from briefings.model import Settings
from briefings.integrations.pagefind.index import SearchIndexError, build_search_index

CONFIG_HELP = "MkDocs configuration file."


@contextlib.contextmanager
def generated_for(plugin, defer_index: bool = False):
    """Tell the plugin, for one MkDocs build, that content/ is generated already and whether to leave
    the search index to the caller (plugin.deferred_search_index). MkDocs keeps a plugin instance for
    later loads of the same configuration in the process, so the flags do not outlive the build."""
    plugin.generated, plugin.defer_search_index, plugin.deferred_search_index = True, defer_index, None
    try:
        yield
    finally:
        plugin.generated, plugin.defer_search_index = False, False


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


def fail(problems: ProblemsFound) -> None:
    """Print every problem, sorted, then a count, to stderr; exit 1."""
    click.echo(problems.summary(), err=True)
    sys.exit(1)


def setup_logging(verbose: bool) -> None:
    """Send MkDocs' own messages to stderr, as `mkdocs` does."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_briefings", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._briefings = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)


def load_mkdocs(config_file: str, seeds: str | None, **overrides):
    """Return the MkDocs config and the briefings plugin, with --seeds applied; exit 1 on a bad config."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        config = load_config(config_file, **overrides)
    except (ConfigurationError, OSError) as exc:
        click.echo(f"{config_file}: {exc}", err=True)
        sys.exit(1)
    plugin = config.plugins.get("briefings")
    if plugin is None:
        click.echo(f"{config_file}: the 'briefings' plugin is not listed under plugins", err=True)
        sys.exit(1)
    if seeds:
        plugin.config["seeds"] = str(Path(seeds).resolve())
    config = plugin.on_config(config)
    return config, plugin


def load_settings(config_file: str, seeds: str | None) -> Settings:
    """Return the generator settings from mkdocs.yml."""
    _, plugin = load_mkdocs(config_file, seeds)
    return plugin.settings


def today(settings: Settings) -> dt.date:
    """Return the date that decides which briefings are embargoed."""
    from briefings.integrations.mkdocs.plugin import today_in

    return today_in(settings.timezone)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefings")
def main() -> None:
    """Turn articles in seeds/ into a searchable briefing site."""


@main.command("build")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--seeds", type=click.Path(file_okay=False), help="Seeds folder (default: from mkdocs.yml).")
@click.option("--site-dir", type=click.Path(file_okay=False), help="Output folder (default: site/).")
@click.option("--strict", is_flag=True, help="Warnings fail the build.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but problems.")
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' own progress.")
def build_command(config_file, seeds, site_dir, strict, quiet, verbose) -> None:
    """Generate content/ from the seeds and build the site."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, MkDocsException

    setup_logging(verbose)
    started = time.perf_counter()
    config, plugin = load_mkdocs(config_file, seeds, strict=strict or None)
    target = Path(site_dir or config.site_dir).resolve()
    progress = TerminalProgress() if sys.stderr.isatty() and not quiet else None
    if progress is not None:
        plugin.progress = progress
    try:
        report = pipeline.generate(plugin.settings, plugin.content_dir, today(plugin.settings), strict=strict, progress=plugin.progress)
    except ProblemsFound as found:
        if progress is not None:
            progress.clear()
        fail(found)
    finally:
        forget()  # MkDocs needs the memory more than a cache this process will not read again
    for warning in report.warnings:
        click.echo(str(warning), err=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    config.site_dir = str(staging)
    mkdocs_started = time.perf_counter()
    try:
        with generated_for(plugin, defer_index=True):  # indexed below, once MkDocs has let go of its pages
            mkdocs_build(config)
        mkdocs_seconds = time.perf_counter() - mkdocs_started
        index_started = time.perf_counter()
        if plugin.deferred_search_index is not None:
            plugin.conversions = plugin.search_entries = None
            release_freed_memory()
            plugin.progress("search indexing", 0, 1)
            build_search_index(*plugin.deferred_search_index)
    except (Abort, MkDocsException, OSError, SearchIndexError) as exc:
        if progress is not None:
            progress.clear()
        shutil.rmtree(staging, ignore_errors=True)
        what = "the search index" if isinstance(exc, SearchIndexError) else "mkdocs build"
        click.echo(f"{what} failed: {exc}; {target} is unchanged", err=True)
        sys.exit(1)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    index_seconds = time.perf_counter() - index_started
    swap_dirs(staging, target)
    if progress is not None:
        progress.clear()
    if not quiet:
        timings = (*report.timings, ("mkdocs", mkdocs_seconds), ("search index", index_seconds), ("total", time.perf_counter() - started))
        click.echo(f"{dataclasses.replace(report, timings=timings).summary()} Site: {display(target)}")


class TerminalProgress:
    """Draws one status line on a terminal's stderr, at most ten times a second; clear() wipes it."""

    def __init__(self) -> None:
        self.last = 0.0
        self.what = ""
        self.shown = False

    def __call__(self, what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if what == self.what and done < total and now - self.last < 0.1:
            return
        self.last, self.what = now, what
        counts = f" {done:,}/{total:,}" if done else ""
        click.echo(f"\r\x1b[Kbriefings: {what}{counts}", err=True, nl=False)
        self.shown = True

    def clear(self) -> None:
        """Remove the status line."""
        if self.shown:
            click.echo("\r\x1b[K", err=True, nl=False)
            self.shown = False


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


def display(path: Path) -> str:
    """Return a path relative to the working directory where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


@main.command("serve")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--seeds", type=click.Path(file_okay=False), help="Seeds folder (default: from mkdocs.yml).")
@click.option("-a", "--dev-addr", default=None, metavar="IP:PORT", help="Address to serve on (default 127.0.0.1:8000).")
@click.option("-v", "--verbose", is_flag=True)
def serve_command(config_file, seeds, dev_addr, verbose) -> None:
    """Preview the site; saving or adding a seed regenerates and reloads."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort

    setup_logging(verbose)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    if seeds:
        os.environ["BRIEFINGS_SEEDS"] = str(Path(seeds).resolve())
    try:
        # Dirty rebuilds: MkDocs re-renders only pages whose Markdown is newer than their HTML, and the
        # generator rewrites only changed files, so a new seed is served in seconds, not a full build.
        serve(config_file=config_file, dev_addr=dev_addr, build_type="dirty")
    except Abort as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


@main.command("check")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--seeds", type=click.Path(file_okay=False), help="Seeds folder (default: from mkdocs.yml).")
@click.option("--strict", is_flag=True, help="Warnings count as problems.")
@click.option("--explain", is_flag=True, help="Show, for every briefing, its terms and the words that chose them.")
def check_command(config_file, seeds, strict, explain) -> None:
    """Validate every seed and print every problem; write nothing (but the caches in .cache/)."""
    settings = load_settings(config_file, seeds)
    try:
        site, _, report = pipeline.assemble(settings, today(settings), strict=strict, render=False)
    except ProblemsFound as found:
        fail(found)
    for warning in report.warnings:
        click.echo(str(warning), err=True)
    if explain:
        for line in pipeline.explain(site):
            click.echo(line)
    click.echo(report.summary())


@main.command("export")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--seeds", type=click.Path(file_okay=False), help="Seeds folder (default: from mkdocs.yml).")
def export_command(config_file, seeds) -> None:
    """Print the catalogue (briefings.json) to stdout."""
    settings = load_settings(config_file, seeds)
    try:
        text = pipeline.export(settings, today(settings))
    except ProblemsFound as found:
        fail(found)
    click.echo(text, nl=False)


@main.command("generate")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--seeds", type=click.Path(file_okay=False), help="Seeds folder (default: from mkdocs.yml).")
@click.option("--strict", is_flag=True, help="Warnings count as problems.")
def generate_command(config_file, seeds, strict) -> None:
    """Generate content/ from the seeds and build nothing (for another site builder, such as Zensical)."""
    _, plugin = load_mkdocs(config_file, seeds)
    try:
        report = pipeline.generate(plugin.settings, plugin.content_dir, today(plugin.settings), strict=strict)
    except ProblemsFound as found:
        fail(found)
    for warning in report.warnings:
        click.echo(str(warning), err=True)
    click.echo(f"{report.summary()} Content: {display(plugin.content_dir)}")


@main.command("bundle")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--seeds", type=click.Path(file_okay=False), help="Seeds folder (default: from mkdocs.yml).")
@click.option("-o", "--output", default="briefings-site.zip", show_default=True, type=click.Path(dir_okay=False), help="The zip to write.")
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' own progress.")
def bundle_command(config_file, seeds, output, verbose) -> None:
    """Write a zip of the site that works opened from file://, search included."""
    from mkdocs.exceptions import Abort, MkDocsException

    from briefings.integrations.mkdocs.bundle import build_bundle, offline_overrides

    setup_logging(verbose)
    config, plugin = load_mkdocs(config_file, seeds, **offline_overrides(config_file))
    try:
        report = pipeline.generate(plugin.settings, plugin.content_dir, today(plugin.settings))
    except ProblemsFound as found:
        fail(found)
    target = Path(output).resolve()
    try:
        with generated_for(plugin):
            files = build_bundle(config, target)
    except (Abort, MkDocsException, OSError) as exc:
        click.echo(f"mkdocs build failed: {exc}; {display(target)} not written", err=True)
        sys.exit(1)
    click.echo(f"{report.summary()} Bundle: {display(target)} ({files} files); open index.html in it.")


NEW_METADATA = """\
# Metadata for {name}.txt: what you give here wins over what the generator detects.
# Remove `draft: true` to publish. Every key is optional; unknown keys are problems.
draft: true
title: {title}
date: {date}
# summary: One or two sentences: the bottom line up front.
# key_points:
#   - First point.
# topics: []          # ids from seeds/taxonomy.yml
# countries: []       # names or ISO codes, e.g. [Russia, CN]
# organisations: []
# people: []
# systems: []
# source:
#   name: Publisher
#   url: https://example.org/article
#   published: {date}
# handling: TLP:CLEAR
"""


@main.command("new")
@click.argument("title")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--seeds", type=click.Path(file_okay=False), help="Seeds folder (default: from mkdocs.yml).")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="Publication date (default: today).")
def new_command(title, config_file, seeds, date_text) -> None:
    """Create a seed article and its metadata file, as a draft."""
    import yaml

    from briefings.extract.dates import DateError, parse_iso_date
    from briefings.enrich import slugify

    settings = load_settings(config_file, seeds)
    title = " ".join(title.split())
    if not title:
        raise click.UsageError("the title is empty")
    try:
        date = parse_iso_date(date_text) if date_text else today(settings)
    except DateError as exc:
        raise click.UsageError(str(exc)) from None
    name = f"{date.isoformat()}-{slugify(title, 60)}"
    body = settings.seeds_dir / f"{name}.txt"
    meta = settings.seeds_dir / f"{name}.yml"
    clashes = [p for p in (body, meta) if p.exists()]
    if clashes:
        fail(ProblemsFound([Problem(display(p), 0, "already exists; not overwritten") for p in clashes]))
    settings.seeds_dir.mkdir(parents=True, exist_ok=True)
    body.write_text(f"{date.isoformat()}\n{title}\n\nPaste the article text here, one paragraph per line, a blank line between paragraphs.\n", encoding="utf-8")
    quoted_title = yaml.safe_dump(title, allow_unicode=True, width=1_000_000).removesuffix("\n...\n").strip()
    meta.write_text(NEW_METADATA.format(name=name, title=quoted_title, date=date.isoformat()), encoding="utf-8")
    click.echo(f"Created {display(body)} and {display(meta)} (a draft until you remove 'draft: true').")
