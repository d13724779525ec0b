"""The header search's index entries kept between builds: the same search_index.json, less parsing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefings.integrations.mkdocs.entries import ENTRIES_FILE, SearchEntries
from support.project import build_in_process

pytestmark = pytest.mark.usefixtures("fresh_seed_memory")


def build(root: Path) -> SearchEntries:
    """Build the site in process; return the plugin's kept entries of this build."""
    entries = build_in_process(root).plugins["briefings"].search_entries
    assert entries is not None
    return entries


def index(root: Path) -> bytes:
    return (root / "site" / "search" / "search_index.json").read_bytes()


def test_a_second_build_parses_no_page_and_writes_the_same_index(site_project):
    first = build(site_project)
    assert first.hits == 0 and len(first.new) > 10
    assert (site_project / ".cache/plugin/briefings" / ENTRIES_FILE).is_file()
    cold = index(site_project)
    second = build(site_project)
    assert (second.hits, len(second.new)) == (len(first.new), 0)
    assert index(site_project) == cold
    shutil.rmtree(site_project / ".cache")
    assert len(build(site_project).new) == len(first.new)
    assert index(site_project) == cold


def test_an_edited_page_alone_is_parsed_again(site_project):
    first = build(site_project)
    about = site_project / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nQuokkas reviewed the standards.\n", encoding="utf-8")
    second = build(site_project)
    assert (len(second.new), second.hits) == (1, len(first.new) - 1)
    assert b"Quokkas reviewed the standards." in index(site_project)


def test_front_matter_that_excludes_a_page_takes_its_entries_out(site_project):
    build(site_project)
    about = site_project / "content" / "about.md"
    assert b'"location":"about/"' in index(site_project)
    text = about.read_text(encoding="utf-8")
    assert not text.startswith("---")
    about.write_text("---\nsearch:\n  exclude: true\n---\n\n" + text, encoding="utf-8")
    second = build(site_project)
    assert len(second.new) == 1
    assert b'"location":"about/' not in index(site_project)
