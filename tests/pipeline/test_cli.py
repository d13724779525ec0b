"""The command line: exit codes, problems on stderr, nothing written on failure."""

import json
import logging
import subprocess
import sys

import pytest
from click.testing import CliRunner

from briefings.cli import main
from briefings.integrations.pagefind.index import SearchIndexError
from support.project import replace_plugin_line


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_check_passes_on_the_repository_seeds(project):
    code, out, err = run("check")
    assert code == 0, err
    assert out.startswith("1 seeds read, 1 briefings published, 0 drafts and 0 embargoed left out, 0 warnings.")
    assert not (project / "content" / "briefings").exists()  # check writes nothing


def test_check_prints_every_problem_sorted_then_a_count_and_exits_1(project):
    (project / "seeds" / "b.txt").write_text("not a date\nTitle\n\nText of the article.\n")
    (project / "seeds" / "a.yml").write_text("title: [unclosed\n")
    (project / "seeds" / "a.txt").write_text("2023-01-01\nA\n\nText.\n")
    code, out, err = run("check")
    assert code == 1
    lines = err.strip().split("\n")
    assert lines[0].startswith("seeds/a.yml:2: invalid YAML: ")
    assert lines[1] == (
        "seeds/b.txt:1: no date: line 1 'not a date' is not a date and the lead has no dateline; give "
        "'date' in metadata"
    )
    assert lines[2] == "2 problems found"
    assert "Traceback" not in err


def test_export_prints_the_catalogue(project):
    code, out, _ = run("export")
    assert code == 0
    catalogue = json.loads(out)
    assert [e["slug"] for e in catalogue] == ["russia-and-china-propose-sharing-satellite-intelligence"]
    assert catalogue[0]["seed"] == "russia-china-satellite-intelligence.txt"
    assert catalogue[0]["systems"] == ["ICBM", "Podsolnukh radar", "Voronezh radar"]


def test_export_accepts_another_seeds_folder(project, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("2020-05-05\nOther Seed\n\nSome text about NATO.\n")
    code, out, err = run("export", "--seeds", str(other))
    assert code == 0, err
    assert [e["title"] for e in json.loads(out)] == ["Other Seed"]


def test_new_scaffolds_a_draft_seed_that_checks_clean(project):
    code, out, err = run("new", "Voronezh radar: a new site", "--date", "2024-02-03")
    assert code == 0, err
    body = project / "seeds" / "2024-02-03-voronezh-radar-a-new-site.txt"
    meta = project / "seeds" / "2024-02-03-voronezh-radar-a-new-site.yml"
    assert body.read_text().split("\n")[:2] == ["2024-02-03", "Voronezh radar: a new site"]
    assert "draft: true\ntitle: 'Voronezh radar: a new site'\ndate: 2024-02-03\n" in meta.read_text()
    code, out, err = run("check")
    assert code == 0, err
    assert "1 drafts" in out
    code, _, err = run("new", "Voronezh radar: a new site", "--date", "2024-02-03")
    assert code == 1 and "already exists; not overwritten" in err


def test_wrong_usage_exits_2(project):
    assert run("build", "--no-such-option")[0] == 2
    assert run("new")[0] == 2
    assert run("frobnicate")[0] == 2


@pytest.mark.slow
def test_build_makes_the_site_and_a_failed_build_leaves_it_as_it_was(project):
    done = subprocess.run([sys.executable, "-m", "briefings", "build", "--strict"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "1 briefings published" in done.stdout
    site = project / "site"
    page = site / "briefings" / "russia-and-china-propose-sharing-satellite-intelligence" / "index.html"
    assert page.exists()
    before = {p: p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    content_before = {p: p.read_bytes() for p in sorted((project / "content").rglob("*")) if p.is_file()}
    (project / "seeds" / "broken.txt").write_text("2023-01-01\nBroken\n\nText.\n")
    (project / "seeds" / "broken.yml").write_text("handling: TLP:RED\n")
    failed = subprocess.run([sys.executable, "-m", "briefings", "build"], capture_output=True, text=True)
    assert failed.returncode == 1
    assert failed.stderr.splitlines() == [
        "seeds/broken.yml:1: TLP:RED may not be published on a public site; set 'internal: true' for the "
        "briefings plugin in mkdocs.yml for an internal site",
        "1 problem found",
    ]
    assert {p: p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()} == before
    assert {p: p.read_bytes() for p in sorted((project / "content").rglob("*")) if p.is_file()} == content_before


@pytest.fixture
def mkdocs_logging():
    """Put MkDocs' logger back as it was after a test that builds in this process (the CLI sets it up)."""
    logger = logging.getLogger("mkdocs")
    handlers, level = list(logger.handlers), logger.level
    yield
    logger.handlers[:] = handlers
    logger.setLevel(level)


def test_build_indexes_after_mkdocs_and_a_failed_index_leaves_the_site_as_it_was(project, monkeypatch, mkdocs_logging):
    assert run("build", "--quiet")[0] == 0
    site = project / "site"
    assert (site / "pagefind" / "pagefind.js").is_file()
    before = {p: p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    in_plugin, in_cli = [], []

    def broken(*args):
        in_cli.append(args)
        raise SearchIndexError("pagefind failed (exit 1) on pagefind/: out of memory")

    monkeypatch.setattr("briefings.integrations.mkdocs.plugin.build_search_index", lambda *args: in_plugin.append(args))
    monkeypatch.setattr("briefings.integrations.mkdocs.site.build_search_index", broken)
    code, out, err = run("build", "--quiet")
    assert code == 1 and out == ""
    assert (
        err == f"the search index failed: pagefind failed (exit 1) on pagefind/: out of memory; {site} is unchanged\n"
    )
    assert (
        in_plugin == [] and len(in_cli) == 1
    )  # `briefings build` indexes once MkDocs has returned, not during its build
    assert {p: p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()} == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []
    # MkDocs hands the same plugin instance to the next load of this configuration in the process:
    # the flags of `briefings build` must not make that build skip the generator
    from mkdocs.config import load_config

    again = load_config("mkdocs.yml").plugins["briefings"]
    assert (again.run.generated, again.run.defer_index) == (False, False)


def test_check_explain_shows_who_chose_each_term(project):
    (project / "seeds" / "plain.txt").write_text(
        "2024-01-02\nRadar Talks\n\nNATO and Russian officials discussed the Voronezh radar and satellites.\n"
    )
    code, out, err = run("check", "--explain")
    assert code == 0, err
    lines = out.splitlines()
    start = lines.index("seeds/plain.txt: Radar Talks")
    block = lines[start + 1 : start + 8]
    assert "  countries: Russia (detected from 'Russian')" in block
    assert "  organisations: NATO (detected from 'NATO')" in block
    assert "  systems: Voronezh radar (detected from 'Voronezh radar')" in block
    assert "  countries: Russia (given at seeds/russia-china-satellite-intelligence.yml:16)" in lines


@pytest.mark.slow
def test_the_corpus_builds_strict_with_no_metadata(project, corpus):
    done = subprocess.run(
        [sys.executable, "-m", "briefings", "build", "--strict", "--quiet", "--seeds", str(corpus)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stderr == ""
    built = sorted(p.parent.name for p in (project / "site" / "briefings").glob("*/index.html"))
    assert len(built) == 146


@pytest.mark.parametrize(
    "line, message",
    [
        ("      search_part_pages: -1\n", "briefings: search_part_pages must be 0 (no limit) or more, not -1"),
        (
            "      timezone: Mars/Base\n",
            "briefings: unknown time zone 'Mars/Base' (use an IANA name such as UTC or America/New_York)",
        ),
    ],
)
def test_a_bad_plugin_option_is_one_error_line_not_a_traceback(project, line, message):
    replace_plugin_line(project, "      timezone: UTC\n", line)
    done = subprocess.run([sys.executable, "-m", "briefings", "check"], capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"Error: {message}\n")
