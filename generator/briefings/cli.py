"""The `briefings` command line. Only this module prints or exits.

Each command turns its arguments into one Request and hands it to the builder
(briefings.integrations.mkdocs.site), then prints what came back.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from briefings import build as pipeline
from briefings.errors import Problem, ProblemsFound
from briefings.integrations.mkdocs import site
from briefings.integrations.mkdocs.options import ProjectError, Request
from briefings.model import Settings
from briefings.settings import SettingsError, today

CONFIG_HELP = "MkDocs configuration file."


def fail(problems: ProblemsFound) -> NoReturn:
    """Print every problem, sorted, then a count, to stderr; exit 1."""
    click.echo(problems.summary(), err=True)
    sys.exit(1)


def stop(message: str) -> NoReturn:
    """Print one message to stderr; exit 1."""
    click.echo(message, err=True)
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


def request_of(
    config_file: str, seeds: str | None = None, site_dir: str | None = None, strict: bool = False
) -> Request:
    """Return the Request of a command's options."""
    return Request(
        Path(config_file),
        Path(seeds).resolve() if seeds else None,
        Path(site_dir).resolve() if site_dir else None,
        strict,
    )


def guarded(action: Callable[[], Any]) -> Any:
    """Return what the action returns; print its problems or failure and exit 1 instead of a traceback."""
    try:
        return action()
    except ProblemsFound as found:
        fail(found)
    except (ProjectError, site.BuildFailed) as exc:
        stop(str(exc))
    except SettingsError as exc:
        stop("\n".join(f"Error: {problem}" for problem in exc.problems))


def load(request: Request) -> site.Project:
    """Return the project of a request, or exit 1 saying why it cannot be read."""
    return guarded(lambda: site.project(request))


def today_of(settings: Settings) -> dt.date:
    """Return the date that decides which briefings are embargoed, or exit 1 on a bad SOURCE_DATE_EPOCH."""
    return guarded(lambda: today(settings))


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
    setup_logging(verbose)
    progress = TerminalProgress() if sys.stderr.isatty() and not quiet else None
    try:
        report, target = guarded(
            lambda: site.build(request_of(config_file, seeds, site_dir, strict), progress or pipeline.no_progress)
        )
    finally:
        if progress is not None:
            progress.clear()
    for warning in report.warnings:
        click.echo(str(warning), err=True)
    if not quiet:
        click.echo(f"{report.summary()} Site: {display(target)}")


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
    setup_logging(verbose)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    guarded(lambda: site.serve(request_of(config_file, seeds), dev_addr))


@main.command("check")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--seeds", type=click.Path(file_okay=False), help="Seeds folder (default: from mkdocs.yml).")
@click.option("--strict", is_flag=True, help="Warnings count as problems.")
@click.option("--explain", is_flag=True, help="Show, for every briefing, its terms and the words that chose them.")
def check_command(config_file, seeds, strict, explain) -> None:
    """Validate every seed and print every problem; write nothing (but the caches in .cache/)."""
    settings = load(request_of(config_file, seeds)).settings
    the_site, _, report = guarded(lambda: pipeline.assemble(settings, today(settings), strict=strict, render=False))
    for warning in report.warnings:
        click.echo(str(warning), err=True)
    if explain:
        for line in pipeline.explain(the_site):
            click.echo(line)
    click.echo(report.summary())


@main.command("export")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--seeds", type=click.Path(file_okay=False), help="Seeds folder (default: from mkdocs.yml).")
def export_command(config_file, seeds) -> None:
    """Print the catalogue (briefings.json) to stdout."""
    settings = load(request_of(config_file, seeds)).settings
    click.echo(guarded(lambda: pipeline.export(settings, today(settings))), nl=False)


@main.command("generate")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--seeds", type=click.Path(file_okay=False), help="Seeds folder (default: from mkdocs.yml).")
@click.option("--strict", is_flag=True, help="Warnings count as problems.")
def generate_command(config_file, seeds, strict) -> None:
    """Generate content/ from the seeds and build nothing (for another site builder, such as Zensical)."""
    found = load(request_of(config_file, seeds))
    report = guarded(lambda: pipeline.generate(found.settings, found.content_dir, today(found.settings), strict=strict))
    for warning in report.warnings:
        click.echo(str(warning), err=True)
    click.echo(f"{report.summary()} Content: {display(found.content_dir)}")


@main.command("bundle")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--seeds", type=click.Path(file_okay=False), help="Seeds folder (default: from mkdocs.yml).")
@click.option(
    "-o",
    "--output",
    default="briefings-site.zip",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The zip to write.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' own progress.")
def bundle_command(config_file, seeds, output, verbose) -> None:
    """Write a zip of the site that works opened from file://, search included."""
    setup_logging(verbose)
    target = Path(output).resolve()
    report, files = guarded(lambda: site.bundle(request_of(config_file, seeds), target))
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
    from briefings.formats.slug import slugify

    settings = load(request_of(config_file, seeds)).settings
    title = " ".join(title.split())
    if not title:
        raise click.UsageError("the title is empty")
    try:
        date = parse_iso_date(date_text) if date_text else today_of(settings)
    except DateError as exc:
        raise click.UsageError(str(exc)) from None
    name = f"{date.isoformat()}-{slugify(title, 60)}"
    body = settings.seeds_dir / f"{name}.txt"
    meta = settings.seeds_dir / f"{name}.yml"
    clashes = [p for p in (body, meta) if p.exists()]
    if clashes:
        fail(ProblemsFound([Problem(display(p), 0, "already exists; not overwritten") for p in clashes]))
    settings.seeds_dir.mkdir(parents=True, exist_ok=True)
    body.write_text(
        f"{date.isoformat()}\n{title}\n\n"
        "Paste the article text here, one paragraph per line, a blank line between paragraphs.\n",
        encoding="utf-8",
    )
    quoted_title = yaml.safe_dump(title, allow_unicode=True, width=1_000_000).removesuffix("\n...\n").strip()
    meta.write_text(NEW_METADATA.format(name=name, title=quoted_title, date=date.isoformat()), encoding="utf-8")
    click.echo(f"Created {display(body)} and {display(meta)} (a draft until you remove 'draft: true').")


@main.command("add")
@click.argument("sources", nargs=-1, required=True)
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, help=CONFIG_HELP)
@click.option("--seeds", type=click.Path(file_okay=False), help="Seeds folder (default: from mkdocs.yml).")
@click.option("--force", is_flag=True, help="Add articles that are already seeds, under a fresh name.")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="The date of sources that give none.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True, help="Seconds per URL.")
def add_command(sources, config_file, seeds, force, date_text, timeout) -> None:
    """Add articles as seeds: saved web pages, PDFs, RSS/Atom/JSON feeds, URLs, .md/.txt files, or - (stdin)."""
    from briefings.extract.dates import DateError, parse_iso_date
    from briefings.intake.add import Options, add_sources
    from briefings.intake.fetch import Limits

    settings = load(request_of(config_file, seeds)).settings
    try:
        date = parse_iso_date(date_text) if date_text else None
    except DateError as exc:
        raise click.UsageError(str(exc)) from None
    options = Options(
        settings.seeds_dir, force=force, date=date, limits=Limits(timeout=timeout), stdin=sys.stdin.buffer.read
    )
    counts = {"added": 0, "skipped": 0, "failed": 0}
    for outcome in add_sources(sources, options):
        counts[outcome.action] += 1
        if outcome.action == "added":
            click.echo(f"added {display(outcome.seed)} from {outcome.source}")  # type: ignore[arg-type]
        elif outcome.action == "skipped":
            click.echo(f"skipped {outcome.source}: already in {display(outcome.seed)} ({outcome.reason})")  # type: ignore[arg-type]
        else:
            click.echo(f"{outcome.source}: {outcome.reason}", err=True)
    plural = "s" if counts["added"] != 1 else ""
    summary = f"{counts['added']} article{plural} added, {counts['skipped']} already in seeds"
    click.echo(f"{summary}, {counts['failed']} failed." if counts["failed"] else f"{summary}.")
    if counts["failed"]:
        sys.exit(1)
