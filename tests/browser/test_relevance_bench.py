"""The relevance benchmark (bench/relevance.py): its metrics on toy rankings, its word matching,
and a smoke run of a few queries of each kind on the real corpus in Chromium, so it cannot rot."""

from __future__ import annotations

import importlib.util
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("BRIEFINGS_CHROMIUM", "/usr/bin/chromium")


def _load(name: str):
    """Return bench/NAME.py as a module (bench/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


metrics = _load("relevance_metrics")
words = _load("relevance_queries")


# --------------------------------------------------------------------------- metrics


def test_reciprocal_rank_is_one_over_the_rank_of_the_first_page_of_the_top_grade():
    assert metrics.reciprocal_rank(["a", "b", "c"], {"b": 2}) == 0.5
    assert metrics.reciprocal_rank(["a", "b", "c"], {"a": 1, "c": 2}) == pytest.approx(
        1 / 3
    )  # grade 1 first does not count
    assert metrics.reciprocal_rank(["a", "b"], {"a": 1, "b": 1}) == 1.0  # no grade 2: the top grade is 1
    assert metrics.reciprocal_rank(["x", "y"], {"a": 2}) == 0.0
    assert metrics.reciprocal_rank([], {"a": 2}) == 0.0
    assert metrics.reciprocal_rank(["a"], {}) == 0.0


def test_precision_at_5_is_capped_at_the_number_of_relevant_pages():
    assert metrics.precision_at(["a", "x", "y", "z", "w"], {"a": 2}) == 1.0  # one relevant page, first: 1, not 0.2
    assert metrics.precision_at(["x", "a"], {"a": 2}) == 0.0  # one relevant page: only rank 1 counts
    assert metrics.precision_at(["r1", "x", "r2"], {"r1": 2, "r2": 1}) == 0.5
    six = {f"r{i}": 1 for i in range(6)}
    assert metrics.precision_at(["r0", "x", "r1", "y", "r2", "r3"], six) == pytest.approx(3 / 5)
    assert metrics.precision_at(["a"], {}) == 0.0
    assert metrics.plain_precision_at(["a", "x", "y", "z", "w"], {"a": 2}) == pytest.approx(0.2)


def test_ndcg_at_10_uses_graded_gains_over_the_ideal_order():
    grades = {"a": 2, "b": 1}
    assert metrics.ndcg_at(["a", "b"], grades) == pytest.approx(1.0)
    expected = (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3))  # b (gain 1) at 1, a (gain 3) at 2
    assert metrics.ndcg_at(["b", "a"], grades) == pytest.approx(expected)
    assert metrics.ndcg_at(["x", "a"], {"a": 2}) == pytest.approx(1 / math.log2(3))
    assert metrics.ndcg_at([f"x{i}" for i in range(10)] + ["a"], {"a": 2}) == 0.0  # rank 11 is past the cut
    assert metrics.ndcg_at(["x"], {}) == 0.0


def test_recall_at_10_counts_the_relevant_pages_in_the_first_ten():
    assert metrics.recall_at(["a", "x", "c"], {"a": 2, "b": 1, "c": 1}) == pytest.approx(2 / 3)
    assert metrics.recall_at([f"x{i}" for i in range(10)] + ["a"], {"a": 2}) == 0.0
    assert metrics.rank_of(["x", "a"], "a") == 2 and metrics.rank_of(["x"], "a") is None
    assert metrics.mean([]) is None and metrics.mean([1.0, 0.0]) == 0.5


def test_a_result_contains_the_query_words_whole_designators_and_phrases_in_a_row():
    text = words.words_of("The S-400 system; U.S. security assistance; Russia was sanctioned. Antony J. Blinken")
    assert words.contains_all(text, "S-400")
    assert words.contains_all(text, '"security assistance" sanctions Russia')
    assert not words.contains_all(text, '"assistance security"')
    assert not words.contains_all(text, "Kim Jong Un")
    assert not words.contains_all(text, "Russian")  # whole words: no prefix matching
    assert not words.contains_all(words.words_of("400 S united"), "S-400 un")
    assert words.count_sequence(text, ("antony", "blinken"), initials=True) == 1
    assert words.count_sequence(text, ("antony", "blinken")) == 0
    assert words.contains_all(words.words_of("Jana Černochová"), "Cernochova")


# --------------------------------------------------------------------------- a smoke run in Chromium


def _unavailable(reason: str):
    if os.environ.get("BRIEFINGS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (BRIEFINGS_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(f"{reason}: browser tests skipped")


@pytest.mark.browser
@pytest.mark.slow
def test_bench_runs_both_searches_and_reports_every_figure(tmp_path):
    corpus = _load("relevance").default_corpus()
    if corpus is None:
        pytest.skip("corpus absent: ../shared/corpus")
    if not Path(CHROMIUM).is_file():
        _unavailable(f"Chromium not installed ({CHROMIUM})")
    if importlib.util.find_spec("playwright") is None:
        _unavailable("Playwright not installed (pip install -e '.[test]')")
    output, raw = tmp_path / "relevance.md", tmp_path / "relevance.json"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "relevance.py"),
            "--corpus",
            str(corpus),
            "--limit",
            "2",
            "--chromium",
            CHROMIUM,
            "--output",
            str(output),
            "--json",
            str(raw),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = output.read_text(encoding="utf-8")
    assert report == done.stdout
    number, figure = r"(\d\.\d\d|–)", r"\d\.\d\d\d [✓✗]"
    assert re.search(rf"\| MRR \(mean of the kinds\) \| {figure} \(≥ 0\.7\) \| {figure} \(≥ 0\.8\) \|", report), report
    assert re.search(rf"\| P@5 \(mean of the kinds\) \| {figure} \(≥ 0\.6\) \| {figure} \(≥ 0\.7\) \|", report)
    for heading in (
        "## Header search (Material, lunr)",
        "## Search page (Pagefind)",
        "## Alias queries: rank of the target",
        "## Worst 15 queries: Header search (Material, lunr)",
        "## Worst 15 queries: Search page (Pagefind)",
    ):
        assert heading in report
    assert report.count("| kind | queries | MRR | P@5 | nDCG@10 | recall@10 |") == 2
    for kind in words.KINDS:
        assert re.search(
            rf"^\| {kind} \| 2 \(\d judged\) \| {number} \| {number} \| {number} \| {number} \|", report, re.M
        ), kind

    data = json.loads(raw.read_text(encoding="utf-8"))
    rows = data["queries"]
    assert len(rows) == 2 * len(words.KINDS) and data["meta"]["briefings"] == 146
    found = 0
    for row in rows:
        for search in ("header", "page"):
            result = row[search]
            assert result["error"] is None, (row["query"], search, result["error"])
            assert len(result["urls"]) <= 10 and all(url.startswith("briefings/") for url in result["urls"])
            assert result["count"] >= len(result["urls"])
            if row["relevant"]:
                for name, function in metrics.METRICS.items():  # the figures are the metrics of the ranking read
                    assert result[name] == function(result["urls"], row["relevant_urls"]), (row["query"], search, name)
                    assert 0 <= result[name] <= 1
                found += result["mrr"] > 0
    assert found >= len(rows) // 2  # most of these queries find their page in at least one search
