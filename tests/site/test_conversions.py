"""MkDocs' Markdown conversions kept between builds: the same site, fewer conversions."""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

import pytest

from briefings.incremental import store as seed_cache
from briefings.incremental.store import KeyedLog
from briefings.integrations.mkdocs import plugin
from briefings.integrations.mkdocs.conversions import CONVERSIONS_FILE, Conversions
from support.project import build_in_process

pytestmark = pytest.mark.usefixtures("fresh_seed_memory")


def build(root: Path, progress=None, **changes) -> Conversions | None:
    """Build the site in process (the plugin reporting to `progress`); return the plugin's conversions of this build."""
    return build_in_process(root, progress, **changes).plugins["briefings"].conversions


def pages(site: Path) -> dict[str, bytes]:
    """Return every built file but Pagefind's index (Pagefind's filter files differ from run to run)."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")
    }


def test_a_second_build_converts_nothing_and_makes_the_same_site(site_project):
    first = build(site_project)
    assert first is not None and len(first.converted) > 10 and first.hits == 0
    assert (site_project / ".cache/plugin/briefings" / CONVERSIONS_FILE).is_file()
    cold = pages(site_project / "site")

    second = build(site_project)
    assert second.converted == []
    assert second.hits == len(first.converted)
    assert pages(site_project / "site") == cold

    shutil.rmtree(site_project / ".cache")
    third = build(site_project)
    assert third.converted == first.converted
    assert pages(site_project / "site") == cold


def test_an_edited_page_alone_is_converted_again(site_project):
    first = build(site_project)
    about = site_project / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    second = build(site_project)
    assert second.converted == ["about.md"]
    assert second.hits == len(first.converted) - 1
    assert b"One more paragraph." in (site_project / "site" / "about" / "index.html").read_bytes()


def test_a_page_whose_link_target_went_away_is_converted_again_with_its_warning(site_project, caplog):
    caplog.set_level(logging.INFO)  # the same level in every build: the level is part of the cache's context
    about = site_project / "content" / "about.md"
    target = "briefings/russia-and-china-discuss-radar-cooperation.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\nSee [a briefing]({target}).\n", encoding="utf-8")
    build(site_project)
    linked = (site_project / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="../briefings/russia-and-china-discuss-radar-cooperation/"' in linked

    for path in (site_project / "seeds").glob("alpha-radar-cooperation.*"):
        path.unlink()
    caplog.clear()
    after = build(site_project)
    assert "about.md" in after.converted
    assert any(target in r.getMessage() and "about.md" in r.getMessage() for r in caplog.records)
    unlinked = (site_project / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "russia-and-china-discuss-radar-cooperation/" not in unlinked

    shutil.rmtree(site_project / ".cache")
    build(site_project)
    assert (site_project / "site" / "about" / "index.html").read_text(encoding="utf-8") == unlinked


def test_a_page_that_warned_is_converted_on_every_build_and_warns_each_time(site_project, caplog):
    about = site_project / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [nothing](no-such-page.md).\n", encoding="utf-8")
    for _ in range(2):
        caplog.clear()
        with caplog.at_level(logging.INFO):
            conversions = build(site_project)
        assert any("no-such-page.md" in r.getMessage() for r in caplog.records)
        assert "about.md" in conversions.converted


def test_a_site_with_an_extension_that_may_read_other_files_converts_every_page(site_project):
    config = site_project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - admonition\n", "  - admonition\n  - pymdownx.snippets\n"),
        encoding="utf-8",
    )
    assert build(site_project) is None
    assert not (site_project / ".cache/plugin/briefings" / CONVERSIONS_FILE).exists()


def test_a_log_that_looked_at_part_of_the_input_keeps_what_it_did_not_use(tmp_path):
    class Log(KeyedLog):
        FILE = "test.pickle"

    log = Log(tmp_path, "context")
    for key in "abc":
        log.put(key, key.upper())
    log.save()
    seed_cache._MEMORY.clear()
    partial = Log(tmp_path, "context")
    assert partial.get("a") == "A"
    partial.put("d", "D")
    partial.save(keep_unused=True)
    seed_cache._MEMORY.clear()
    assert Log(tmp_path, "context").entries == {"a": "A", "b": "B", "c": "C", "d": "D"}

    seed_cache._MEMORY.clear()
    once = Log(tmp_path, "context")
    once.get("a")
    once.save()  # three of four unused: rewritten with the one it used
    seed_cache._MEMORY.clear()
    assert Log(tmp_path, "context").entries == {"a": "A"}


def with_jobs(root: Path, jobs: int) -> None:
    """Set the plugin's jobs in the project's mkdocs.yml."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - briefings:\n      jobs: 1\n", "  - briefings:\n")
    config.write_text(text.replace("  - briefings:\n", f"  - briefings:\n      jobs: {jobs}\n"), encoding="utf-8")


def test_pages_converted_over_two_processes_make_the_same_site_as_one(site_project, monkeypatch):
    monkeypatch.setattr(plugin, "PARALLEL_PAGES", 2)  # the fixture site is smaller than worth forking for
    with_jobs(site_project, 1)
    one = build(site_project)
    assert one.converted and one.hits == 0 and one.ahead == 0
    expected = pages(site_project / "site")

    shutil.rmtree(site_project / ".cache")
    with_jobs(site_project, 2)
    log = site_project / "progress.log"  # a file, so that progress drawn in a forked process shows too

    def progress(what: str, done: int, total: int) -> None:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{what}\t{done}\t{total}\n")

    two = build(site_project, progress=progress)
    assert two.ahead == len(one.converted)
    heard = [
        (what, int(done), int(total))
        for what, done, total in (line.split("\t") for line in log.read_text().splitlines())
    ]
    converted = [(done, total) for what, done, total in heard if what == "MkDocs pages converted"]
    assert converted and converted[-1][0] == converted[-1][1] == len(one.converted)  # progress as pages came back
    read = [done for what, done, _ in heard if what == "MkDocs pages read"]
    assert read == list(range(1, len(one.converted) + 1))  # then MkDocs read each page once; the processes drew nothing
    assert sorted(two.converted) == sorted(one.converted)  # MkDocs found every page converted
    assert pages(site_project / "site") == expected


def test_a_warning_from_a_page_converted_ahead_is_printed_once(site_project, monkeypatch, capfd):
    monkeypatch.setattr(plugin, "PARALLEL_PAGES", 2)
    with_jobs(site_project, 2)
    about = site_project / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [nothing](no-such-page.md).\n", encoding="utf-8")
    console = logging.StreamHandler(sys.stderr)  # as the command line prints MkDocs' log
    logging.getLogger("mkdocs").addHandler(console)
    try:
        conversions = build(site_project)
    finally:
        logging.getLogger("mkdocs").removeHandler(console)
    assert conversions.ahead > 0
    assert capfd.readouterr().err.count("no-such-page.md") == 1


def test_quieting_the_log_leaves_the_process_that_forked_as_it_was():
    import os

    from briefings.integrations.mkdocs.conversions import quiet_logging

    handler = logging.NullHandler()
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        quiet_logging(os.getpid())  # run in this process: fork was unavailable, or one page
        assert handler in logging.getLogger("mkdocs").handlers
        quiet_logging(os.getpid() + 1)  # as a forked worker sees it
        assert handler not in logging.getLogger("mkdocs").handlers
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)


def test_a_value_that_cannot_be_kept_costs_only_itself(tmp_path):
    class Log(KeyedLog):
        FILE = "test.pickle"

    log = Log(tmp_path, "context")
    log.put("a", "A")
    log.save()
    seed_cache._MEMORY.clear()
    more = Log(tmp_path, "context")
    more.get("a")
    more.put("b", lambda: None)  # a value pickle refuses
    more.save()  # no error: the build goes on
    seed_cache._MEMORY.clear()
    assert Log(tmp_path, "context").entries == {"a": "A"}
