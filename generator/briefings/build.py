"""The pipeline, top to bottom: sources -> parse -> enrich -> link -> render -> write."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefings.enrich import enrich_article
from briefings.errors import Problem, ProblemsFound, sort_problems
from briefings.extract.gazetteer import Gazetteer, load_gazetteer
from briefings.extract.topics import vocabulary_of
from briefings.incremental.keys import context_key, render_context, seed_key
from briefings.incremental.ledger import PageLedger
from briefings.incremental.store import RelatedCache, SeedCache, SeedResult, results_for
from briefings.link import link_site
from briefings.model import Plan, Seed, Settings, Site, Topic
from briefings.parse import parse_article, parse_vocabulary
from briefings.render import render_catalogue, render_site
from briefings.sources import read_inputs
from briefings.write import WriteReport, check_plan, write_plan

# progress(what, done, total): called as stages finish, so a terminal can show how far a long build is.
Progress = Callable[[str, int, int], None]


def no_progress(what: str, done: int, total: int) -> None:
    """Report nothing."""


@dataclass(frozen=True, slots=True)
class Report:
    """What a run did: counts that add up, warnings, what it wrote, and how long each stage took."""

    seeds: int
    published: int
    drafts: int
    embargoed: int
    warnings: tuple[Problem, ...]
    timings: tuple[tuple[str, float], ...]
    written: WriteReport | None = None
    cached: int = 0  # seeds whose parse and enrich results came from the cache

    def summary(self) -> str:
        """Return the one-paragraph build summary."""
        parts = [
            f"{self.seeds} seeds read, {self.published} briefings published, "
            f"{self.drafts} drafts and {self.embargoed} embargoed left out, "
            f"{len(self.warnings)} warnings."
        ]
        if self.cached:
            parts.append(f"{self.cached} seeds unchanged since the last run (cache).")
        if self.written is not None:
            parts.append(
                f"{len(self.written.written)} files written, {self.written.unchanged} unchanged"
                + (f" ({self.written.kept} of them not rendered again)" if self.written.kept else "")
                + f", {len(self.written.removed)} removed."
            )
        parts.append("Time: " + ", ".join(f"{name} {seconds:.2f}s" for name, seconds in self.timings) + ".")
        return " ".join(parts)


@contextlib.contextmanager
def fewer_collections():
    """Run with the cyclic garbage collector's youngest threshold raised, then restore it.

    A run makes millions of small objects that form no cycles (frozen dataclasses, tuples,
    strings) and keeps most of them to the end. At the default threshold (700 allocations)
    the collector runs every few seeds and keeps walking what the run holds: about 15% of a
    rebuild. Garbage that does form cycles is still collected, every 200,000 allocations."""
    old = gc.get_threshold()
    gc.set_threshold(200_000, old[1], old[2])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def read_seed(seed: Seed, settings: Settings, gazetteer: Gazetteer, vocabulary: dict[str, Topic]) -> SeedResult:
    """Return what parse and enrich make of one seed on its own (slugs and related briefings come later)."""
    article, problems = parse_article(seed, tuple(t.id for t in settings.taxonomies))
    if article is None:
        return SeedResult(None, None, tuple(problems))
    briefing, found = enrich_article(article, settings, gazetteer, vocabulary)
    return SeedResult(article, briefing, (*problems, *found))


@dataclass(frozen=True, slots=True)
class Linked:
    """The site as the stages before rendering made it, with every problem they found (none raised)."""

    site: Site
    problems: tuple[Problem, ...]
    seeds: int
    cached: int  # seeds whose parse and enrich results came from the cache
    bases: dict  # seed -> (the key of its result, its briefing), for the render keys (render.briefing_digests)
    timings: tuple[tuple[str, float], ...]


class Laps:
    """The time each stage took, in order."""

    def __init__(self) -> None:
        self.timings: list[tuple[str, float]] = []
        self.clock = time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.timings.append((name, now - self.clock))
        self.clock = now


def read_site(settings: Settings, today: dt.date | None, progress: Progress = no_progress) -> Linked:
    """Run sources, parse, enrich and link over every seed; return the site and every problem found."""
    with fewer_collections():
        return _read_site(settings, today, progress)


def _read_site(settings: Settings, today: dt.date | None, progress: Progress) -> Linked:
    lap = Laps()
    inputs, problems = read_inputs(settings)
    lap("sources")
    progress("seeds read", len(inputs.seeds), len(inputs.seeds))
    topics, found_topics = parse_vocabulary(inputs.taxonomy)
    gazetteer, found_gazetteer = load_gazetteer(inputs.gazetteers, settings.taxonomies)
    problems += found_topics + found_gazetteer
    cache = SeedCache(settings.cache_dir, context_key(settings, inputs))
    work = functools.partial(read_seed, settings=settings, gazetteer=gazetteer, vocabulary=vocabulary_of(topics))
    keys = [seed_key(seed) for seed in inputs.seeds]
    results = results_for(inputs.seeds, keys, work, cache, settings.jobs)
    cache.save()
    lap("parse+enrich")
    progress("seeds parsed and enriched", len(results), len(inputs.seeds))
    remembered = RelatedCache(settings.cache_dir)
    site, found = link_site(
        [(r.article, r.briefing, r.problems) for r in results if r.article is not None], settings, today, remembered
    )
    remembered.save()
    problems += [p for r in results if r.article is None for p in r.problems] + found
    lap("link")
    progress("briefings linked", len(site.briefings), len(site.briefings))
    bases = {
        r.briefing.seed: (f"{cache.context}:{key}", r.briefing)
        for key, r in zip(keys, results, strict=True)
        if r.briefing is not None
    }
    return Linked(site, tuple(problems), len(inputs.seeds), cache.hits, bases, tuple(lap.timings))


def assemble(
    settings: Settings,
    today: dt.date | None,
    strict: bool = False,
    progress: Progress = no_progress,
    ledger: PageLedger | None = None,
    render: bool = True,
) -> tuple[Site, Plan, Report]:
    """Run every stage but write; return the site, the plan and the report; raise ProblemsFound.

    With a ledger, the units whose files are on disk as rendered from the same inputs are kept, not rendered.
    Without render (check, export), the plan is empty: rendering finds no problem in the input."""
    linked = read_site(settings, today, progress)
    site, problems = linked.site, linked.problems
    if any(strict or not p.warning for p in problems):
        raise ProblemsFound(problems)  # before rendering: a run with problems writes nothing anyway
    lap = Laps()
    plan = Plan(())
    if render:
        with fewer_collections():
            if ledger is not None and ledger.enabled:
                plan = render_site(site, settings.jobs, render_context(settings), ledger.fresh(), linked.bases)
            else:
                plan = render_site(site, settings.jobs)
        lap("render")
        progress("pages planned", len(plan.files) + len(plan.kept), len(plan.files) + len(plan.kept))
    drafts = sum(1 for b in site.left_out if b.draft)
    report = Report(
        seeds=linked.seeds,
        published=len(site.briefings),
        drafts=drafts,
        embargoed=len(site.left_out) - drafts,
        warnings=sort_problems(problems),
        timings=(*linked.timings, *lap.timings),
        cached=linked.cached,
    )
    return site, plan, report


def generate(
    settings: Settings,
    content_dir: Path,
    today: dt.date | None = None,
    strict: bool = False,
    progress: Progress = no_progress,
) -> Report:
    """Generate content/ from the seeds; nothing is written when any problem is found."""
    ledger = PageLedger(settings.cache_dir, content_dir)
    site, plan, report = assemble(settings, today, strict, progress, ledger)
    problems = check_plan(plan, content_dir)
    if problems:
        raise ProblemsFound(problems)
    clock = time.perf_counter()
    ledger.forget()
    with fewer_collections():
        written = write_plan(plan, content_dir)
        ledger.record(plan)
    timings = (*report.timings, ("write", time.perf_counter() - clock))
    progress("pages written", len(written.written), len(plan.files) + len(plan.kept))
    return dataclasses.replace(report, timings=timings, written=written)


def check(settings: Settings, today: dt.date | None = None, strict: bool = False) -> Report:
    """Validate every seed and return the report; write nothing."""
    return assemble(settings, today, strict, render=False)[2]


def export(settings: Settings, today: dt.date | None = None) -> str:
    """Return the catalogue (briefings.json) as text."""
    site, _, _ = assemble(settings, today, render=False)
    return render_catalogue(site)


def explain(site: Site) -> list[str]:
    """Return, for every published briefing, each term with who chose it and the words that did."""
    lines = []
    for briefing in sorted(site.briefings, key=lambda b: b.seed):
        lines.append(f"{briefing.path}: {briefing.title}")
        for mention in briefing.mentions:
            origin = mention.origin
            if origin.given:
                why = f"given at {origin.path}:{origin.line}"
            else:
                why = "detected from " + (", ".join(f"'{word}'" for word in mention.evidence) or "the text")
            lines.append(f"  {mention.term.taxonomy}: {mention.term.title} ({why})")
    return lines
