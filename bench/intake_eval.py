"""How well `briefings add` reads articles as they come, on the intake fixtures: title and date exact,
boilerplate lines found (target 0), body lines recalled (target ≥ 95%), and the time per article for web
pages and PDFs; then how long reading the seeds folder for duplicates takes at 146 (the corpus) and 2,000.

    .venv/bin/python bench/intake_eval.py            # what `make bench-intake` runs
    .venv/bin/python bench/intake_eval.py --repeat 50

The fixtures and their expectations are tests/fixtures/intake/ (expected.yml) and the PDF report that
tests/support/intake.py makes (REPORT); the scoring rules are support.intake.score. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from briefings.intake.add import Options, add_sources  # noqa: E402
from briefings.intake.duplicates import read_known  # noqa: E402
from support.intake import EXPECTED, INTAKE, REPORT, make_report_pdf, score  # noqa: E402
from support.project import CORPUS, write_seeds  # noqa: E402


def report_expectations() -> dict:
    """Return the PDF report's expectations in the form of expected.yml."""
    blocks = [block[1] for page in REPORT["pages"] for block in page]
    return {
        "kind": "PDF",
        "title": REPORT["title"],
        "published": "2024-03-14",
        "body": blocks + ["Notes", *(f"[{n[0]}] {n[2:]}" for n in REPORT["notes"])],
        "boilerplate": [
            REPORT["institute"],
            "Page 1 of 2",
            "Page 2 of 2",
            "Maria Lindqvist, Senior Analyst",
            REPORT["date"],
        ],
    }


def add_once(source: Path) -> tuple[float, str]:
    """Return the seconds `briefings add` took for one source into an empty seeds folder, and the seed's text."""
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        [outcome] = list(add_sources([str(source)], Options(Path(folder))))
        took = time.perf_counter() - started
        if outcome.action != "added":
            raise SystemExit(f"{source.name}: {outcome.action}: {outcome.reason}")
        return took, outcome.seed.read_text(encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs per article for the timings")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="intake-eval-"))
    cases = [(INTAKE / name, expected) for name, expected in sorted(EXPECTED.items())]
    cases.append((make_report_pdf(work / "NSI-2024-07.pdf"), report_expectations()))
    add_once(cases[0][0])  # imports and first-use set-up are not an article's cost
    rows, failures = [], 0
    totals = {"recalled": 0, "body": 0, "boilerplate": 0}
    for source, expected in cases:
        times = []
        for _ in range(args.repeat):
            took, text = add_once(source)
            times.append(took)
        result = score(text, expected)
        totals["recalled"] += result["recalled"]
        totals["body"] += result["body"]
        totals["boilerplate"] += len(result["boilerplate"])
        ok = (
            result["title"]
            and result["date"]
            and not result["boilerplate"]
            and result["recalled"] / result["body"] >= 0.95
        )
        failures += not ok
        rows.append(
            f"| {source.name} | {expected['kind']} | {'yes' if result['title'] else 'NO'} | "
            f"{'yes' if result['date'] else 'NO'} | {len(result['boilerplate'])} | "
            f"{result['recalled']}/{result['body']} ({100 * result['recalled'] / result['body']:.0f}%) | "
            f"{1000 * statistics.median(times):.0f} ms | {1000 * max(times):.0f} ms |"
        )
        for line in result["missed"]:
            rows.append(f"|  | missed: {line[:80]} | | | | | | |")
        for line in result["boilerplate"]:
            rows.append(f"|  | boilerplate: {line[:80]} | | | | | | |")
    print(f"## Intake on the fixtures ({args.repeat} runs per article)\n")
    print("| fixture | kind | title exact | date exact | boilerplate lines | body lines recalled | median | max |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    recall = totals["recalled"] / totals["body"]
    print(
        f"\nAll: boilerplate lines {totals['boilerplate']} (target 0), body lines recalled "
        f"{totals['recalled']}/{totals['body']} = {100 * recall:.1f}% (target ≥ 95%)."
    )
    print("\n## Reading the seeds folder for duplicates\n")
    print("| seeds | time |")
    print("|---|---|")
    folders = []
    if CORPUS.is_dir():
        folders.append(("the corpus, 146 real articles", CORPUS))
    synthetic = work / "synthetic"
    write_seeds(synthetic, 2000)
    folders.append(("2,000 synthetic + the fixture seeds", synthetic))
    for label, folder in folders:
        started = time.perf_counter()
        known = read_known(folder)
        print(f"| {label} ({len(known.texts)} texts, {len(known.urls)} URLs) | {time.perf_counter() - started:.2f} s |")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
