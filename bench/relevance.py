"""Relevance of the site's two searches, scored in Chromium on the shared corpus.

    .venv/bin/python bench/relevance.py [--corpus DIR] [--site DIR] [--queries FILE]
        [--only KIND] [--limit N] [--jobs N] [--output FILE] [--json FILE]

Builds the corpus's site once in a temporary project with `briefings build` (or takes
`--site DIR`, an existing build of the corpus), serves it on 127.0.0.1 and runs every query
(bench/relevance_queries.yml and the ones generated from the corpus's gold labels, see
bench/relevance_queries.py) through the header search and the search page, as a reader
would (bench/relevance_browser.py). Prints a Markdown report: MRR, P@5 (capped at the number
of relevant pages), nDCG@10 and recall@10 per search and per kind of query, the alias
queries' top-3 rate, the queries returning more than half the site, and the worst queries.
`--only KIND` runs one kind; `--limit N` at most N queries of each kind. docs/relevance.md
defines the metrics and holds the figures. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import relevance_browser as browser  # noqa: E402
import relevance_metrics as metrics  # noqa: E402
import relevance_queries as queries_mod  # noqa: E402
from relevance_report import render_report  # noqa: E402

CORPUS_CANDIDATES = (ROOT.parent / "shared" / "corpus", Path("/work/shared/corpus"))
QUERIES = ROOT / "bench" / "relevance_queries.yml"
NO_TEXT = queries_mod.words_of("")  # a result page the site does not have


def default_corpus() -> Path | None:
    """Return the first corpus folder that exists, None when there is none."""
    return next((path for path in CORPUS_CANDIDATES if (path / "briefs.jsonl").is_file()), None)


def build_corpus_site(corpus: Path, work: Path) -> Path:
    """Return the site that `briefings build` makes of the corpus in a project copy inside work."""
    project = work / "project"
    (project / "content").mkdir(parents=True)
    (project / "seeds").mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", project / "theme")
    for name in ("about.md", "search.md"):
        shutil.copy(ROOT / "content" / name, project / "content" / name)
    shutil.copy(ROOT / "seeds" / "taxonomy.yml", project / "seeds" / "taxonomy.yml")
    site = work / "site"
    subprocess.run(
        [sys.executable, "-m", "briefings", "build", "--seeds", str(corpus), "--site-dir", str(site), "--quiet"],
        cwd=project,
        check=True,
    )
    return site


def select(queries: list, only: str | None, limit: int | None) -> list:
    """Return the queries of one kind (all kinds without `only`), at most `limit` of each kind."""
    chosen, taken = [], {}
    for query in queries:
        if only and query.kind != only:
            continue
        if limit is not None and taken.get(query.kind, 0) >= limit:
            continue
        taken[query.kind] = taken.get(query.kind, 0) + 1
        chosen.append(query)
    return chosen


def score(query, outcome, url_of: dict[str, str], texts: dict, site_size: int) -> dict:
    """Return the figures of one search's outcome for one query."""
    grades = {url_of[seed]: grade for seed, grade in query.grades}
    ranking = outcome.urls
    row = {
        "urls": ranking,
        "count": outcome.count,
        "error": outcome.error,
        "sent": outcome.sent,
        "first_relevant": next((rank for rank, url in enumerate(ranking, 1) if grades.get(url, 0) > 0), None),
    }
    if grades:
        row.update({name: function(ranking, grades) for name, function in metrics.METRICS.items()})
        row["p5_plain"] = metrics.plain_precision_at(ranking, grades)
    if query.target:
        row["target_rank"] = metrics.rank_of(ranking, url_of[query.target])
    row["broad"] = outcome.count > site_size / 2
    if row["broad"] and outcome.every is not None:
        missing = [url for url in outcome.every if not queries_mod.contains_all(texts.get(url, NO_TEXT), query.text)]
        row["without_all_words"] = len(missing)
        row["without_all_words_examples"] = missing[:3]
    return row


def page_texts(site: Path) -> dict:
    """Return {site-relative page path: indexed words} for every page of the site."""
    texts = {}
    for page in sorted(site.rglob("index.html")):
        path = page.parent.relative_to(site).as_posix()
        key = "" if path == "." else path + "/"
        texts[key] = queries_mod.words_of(queries_mod.indexed_text(page))
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, default=default_corpus(), help="the corpus folder (default: ../shared/corpus)"
    )
    parser.add_argument(
        "--site", type=Path, help="an existing build of the corpus (default: build one in a temporary folder)"
    )
    parser.add_argument("--queries", type=Path, default=QUERIES, help="the hand-written queries (YAML)")
    parser.add_argument("--only", choices=queries_mod.KINDS, help="run only the queries of this kind")
    parser.add_argument("--limit", type=int, help="run at most N queries of each kind")
    parser.add_argument("--jobs", type=int, default=2, help="browser pages per search at once (default 2)")
    parser.add_argument("--chromium", default=os.environ.get("BRIEFINGS_CHROMIUM", browser.CHROMIUM))
    parser.add_argument("--output", type=Path, help="also write the Markdown report here")
    parser.add_argument("--json", type=Path, help="write every query's results and figures here")
    args = parser.parse_args(argv)

    if args.corpus is None or not (args.corpus / "briefs.jsonl").is_file():
        parser.error(f"no corpus with briefs.jsonl: {args.corpus or ' or '.join(map(str, CORPUS_CANDIDATES))}")
    if not Path(args.chromium).is_file():
        parser.error(f"Chromium not found: {args.chromium}")
    try:
        every_query = queries_mod.all_queries(args.corpus, args.queries)
    except ValueError as problems:
        print(problems, file=sys.stderr)
        return 1
    chosen = select(every_query, args.only, args.limit)

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="relevance-") as work:
        site = args.site or build_corpus_site(args.corpus, Path(work))
        built = time.perf_counter() - started
        catalogue = queries_mod.read_catalogue(site)
        url_of = {entry["seed"]: entry["url"] for entry in catalogue}
        missing = sorted({seed for query in chosen for seed, _ in query.grades} - set(url_of))
        if missing:
            print(
                f"{site}: the catalogue has no briefing of {', '.join(missing)}: is it a build of {args.corpus}?",
                file=sys.stderr,
            )
            return 1
        texts = page_texts(site)
        site_size = len(catalogue)
        with browser.serve(site) as base:
            outcomes, version = browser.run_searches(
                base, chosen, lanes=args.jobs, full_over=site_size // 2, chromium=args.chromium
            )
    searched = time.perf_counter() - started - built

    rows = []
    for query in chosen:
        rows.append(
            {
                "id": query.id,
                "query": query.text,
                "kind": query.kind,
                "source": query.source,
                "target": query.target,
                "relevant": dict(query.grades),
                "note": query.note,
                "relevant_urls": {url_of[seed]: grade for seed, grade in query.grades},
                **{name: score(query, outcomes[name][query.id], url_of, texts, site_size) for name in browser.SEARCHES},
            }
        )
    meta = {
        "corpus": str(args.corpus),
        "briefings": site_size,
        "queries": len(rows),
        "chromium": version,
        "build_seconds": round(built, 1),
        "search_seconds": round(searched, 1),
        "only": args.only,
        "limit": args.limit,
        "site_given": args.site is not None,
    }
    report = render_report(meta, rows, catalogue)
    sys.stdout.write(report)
    if args.output:
        args.output.write_text(report, encoding="utf-8")
    if args.json:
        args.json.write_text(
            json.dumps({"meta": meta, "queries": rows}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    errors = sum(1 for row in rows for name in browser.SEARCHES if row[name]["error"])
    if errors:
        print(f"{errors} searches failed (see the report): the figures count them as finding nothing", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
