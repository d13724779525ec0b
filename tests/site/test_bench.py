"""The benchmark (bench/run.py) at a tiny N, so it cannot rot; and build progress on and off a terminal."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import pytest

from support.project import REPO, copy_project

SUMMARY = re.compile(
    r"1 seeds read, 1 briefings published, 0 drafts and 0 embargoed left out, 0 warnings\. "
    r"\d+ files written, \d+ unchanged, 0 removed\. "
    r"Time: sources [\d.]+s, parse\+enrich [\d.]+s, link [\d.]+s, render [\d.]+s, write [\d.]+s, mkdocs "
    r"[\d.]+s, search index [\d.]+s, total [\d.]+s\. "
    r"Site: site\n"
)


@pytest.mark.slow
def test_bench_smoke_run_writes_every_table(tmp_path):
    output = tmp_path / "benchmarks.md"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run.py"),
            "--sizes",
            "20",
            "--generator-sizes",
            "20,30",
            "--quick",
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = output.read_text(encoding="utf-8")
    assert text == done.stdout
    assert (
        "| N | cold: wall | cold: articles/s | cold: CPU user / system | peak memory | cold: per stage (s) | "
        "warm cache: wall "
        "| warm: articles/s | warm: per stage (s) |"
    ) in text
    assert (
        "| N | full build wall | peak memory (Python / largest child) | site size | bytes per briefing page | "
        "search index (lunr) "
        "| search index (Pagefind) | Pagefind alone: peak memory (parts) | Python while Pagefind runs | blog "
        "baseline wall | blog peak memory | ratio "
        "| again, nothing changed (ratio) "
        "| again, one seed added (ratio) |"
    ) in text
    assert "| N | files rendered | generator (in process) | generator (subprocess wall) | per stage (s) |" in text
    assert (
        "| N | files rewritten | files rendered | generator (in process) | generator (subprocess wall) | per stage (s) "
        "| what was rewritten |"
    ) in text
    rows = [line for line in text.splitlines() if re.match(r"\| (20|30) \|", line)]
    assert [row.split(" | ")[0] for row in rows] == ["| 20", "| 30", "| 20", "| 30", "| 20", "| 20", "| 30"]
    user, system = (float(x) for x in re.fullmatch(r"([\d.]+) / ([\d.]+) s", rows[0].split(" | ")[3]).groups())
    assert (
        user > 0 and user + system < float(rows[0].split(" | ")[1].removesuffix(" s")) * 1.5
    )  # one process: CPU is at most its wall
    rendered, planned = (
        int(n.replace(",", "")) for n in re.fullmatch(r"([\d,]+) of ([\d,]+)", rows[2].split(" | ")[1]).groups()
    )
    assert (
        0 < rendered < planned / 10
    )  # nothing changed: only the site-wide pages (home, archive, catalogue) are rendered
    assert "not run" not in rows[4]  # the blog baseline ran at N = 20
    assert re.search(r"\| [\d.]+ MiB \(1\) \| [\d.]+ MiB \|", rows[4]), rows[
        4
    ]  # Pagefind alone: 20 pages, one part; Python then
    assert re.search(r"\| [\d.]+ s \([\d.]+×\) \| [\d.]+ s \([\d.]+×\) \|$", rows[4]), rows[
        4
    ]  # both rebuilds, with ratios
    assert re.search(
        r"`briefings serve` at N = 20: first build served after [\d.]+ s; a newly saved seed's page served "
        r"[\d.]+ s after saving\.",
        text,
    )
    assert "Machine: " in text and "MkDocs 1." in text and "Material " in text
    assert "make bench" in text


@pytest.mark.slow
def test_build_prints_only_the_summary_off_a_terminal_and_nothing_when_quiet(tmp_path):
    root = copy_project(tmp_path / "project")
    done = subprocess.run(
        [sys.executable, "-m", "briefings", "build"], cwd=root, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert SUMMARY.fullmatch(done.stdout), done.stdout
    quiet = subprocess.run(
        [sys.executable, "-m", "briefings", "build", "--quiet"], cwd=root, capture_output=True, text=True, check=False
    )
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


@pytest.mark.slow
def test_build_shows_progress_on_a_terminal(tmp_path):
    root = copy_project(tmp_path / "project")

    def run(*extra: str) -> tuple[str, str]:
        leader, follower = pty.openpty()
        process = subprocess.Popen(
            [sys.executable, "-m", "briefings", "build", *extra],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
        )
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        stdout = process.communicate()[0]
        os.close(leader)
        assert process.returncode == 0
        return stdout, seen.decode()

    stdout, terminal = run()
    assert SUMMARY.fullmatch(stdout)
    for stage in ("seeds read 1/1", "pages written", "MkDocs pages read", "MkDocs pages rendered", "search indexing"):
        assert f"briefings: {stage}" in terminal
    assert terminal.endswith("\r\x1b[K")  # the status line is wiped before the summary
    assert run("--quiet") == ("", "")
