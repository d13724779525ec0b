"""The page ledger: a rebuild renders only the units whose inputs changed, and writes the bytes a fresh build writes."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from briefings import render
from briefings.build import generate
from briefings.incremental import store as seed_cache
from briefings.incremental.digest import digest
from briefings.incremental.ledger import LEDGER_FILE
from briefings.pages.paths import term_path
from support.project import fixture_settings, write_seeds

TODAY = dt.date(2026, 1, 1)

pytestmark = pytest.mark.usefixtures("fresh_seed_memory")


def tree(folder) -> dict[str, bytes]:
    """Return every file under a folder, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(seeds, content, cache_dir=None, **settings):
    seed_cache._MEMORY.clear()
    return generate(fixture_settings(seeds, cache_dir=cache_dir, **settings), content, TODAY)


def fresh(seeds, tmp_path, name, **settings) -> dict[str, bytes]:
    """Return what a build without any cache writes."""
    run(seeds, tmp_path / name, **settings)
    return tree(tmp_path / name)


def count_renders(monkeypatch) -> tuple[list[str], list[str]]:
    """Record the slug of every briefing page, and the path of every term page, rendered from now on."""
    calls: list[str] = []
    terms: list[str] = []
    real_briefing, real_term = render.render_briefing, render.render_term

    def counting(briefing, by_slug, taxonomies):
        calls.append(briefing.slug)
        return real_briefing(briefing, by_slug, taxonomies)

    def counting_terms(term, briefings, series, kinds):
        terms.append(term_path(term))
        return real_term(term, briefings, series, kinds)

    monkeypatch.setattr(render, "render_briefing", counting)
    monkeypatch.setattr(render, "render_term", counting_terms)
    return calls, terms


def test_a_rebuild_after_each_kind_of_change_writes_the_bytes_of_a_fresh_build(tmp_path):
    seeds, content, cache_dir = tmp_path / "seeds", tmp_path / "content", tmp_path / "cache"
    write_seeds(seeds, 30)
    kept_slug = "2021-07-01\nJapan and India agree on radar\n\nJapan and India discussed the S-400 and radar.\n"
    (seeds / "kept-slug.txt").write_text(kept_slug, encoding="utf-8")
    (seeds / "kept-slug.yml").write_text("slug: radar-agreement\n", encoding="utf-8")
    run(seeds, content, cache_dir)
    assert (cache_dir / LEDGER_FILE).is_file()
    assert "radar-agreement" in (content / "briefings" / "talks-number-20-between-japan-and-the-s-400.md").read_text(
        encoding="utf-8"
    )

    def changes():
        yield (
            "added",
            lambda: (seeds / "gen-new.txt").write_text(
                "2021-06-01\nTalks between Japan and India on radar\n\nJapan and India discussed the S-400 "
                "and radar.\n",
                encoding="utf-8",
            ),
        )
        first = (seeds / "gen-004.txt").read_text(encoding="utf-8")
        yield (
            "retitled",
            lambda: (seeds / "gen-004.txt").write_text(
                first.replace("Talks number 4", "Summit number 4"), encoding="utf-8"
            ),
        )
        # the slug stays, so only the title on the pages that list it as related tells the change
        yield (
            "retitled, slug given",
            lambda: (seeds / "kept-slug.txt").write_text(kept_slug.replace("agree on", "sign"), encoding="utf-8"),
        )
        yield "removed", lambda: (seeds / "gen-010.txt").unlink()
        taxonomy = (seeds / "taxonomy.yml").read_text(encoding="utf-8")
        yield "taxonomy", lambda: (seeds / "taxonomy.yml").write_text(taxonomy + "\n", encoding="utf-8")

    for n, (what, change) in enumerate(changes()):
        change()
        report = run(seeds, content, cache_dir)
        assert (report.written.kept > 0) == (what != "taxonomy"), what  # the taxonomy is in every briefing's key
        assert tree(content) == fresh(seeds, tmp_path, f"fresh-{n}"), what
    report = run(seeds, content, cache_dir, site_url="https://example.org/briefings/")
    assert tree(content) == fresh(seeds, tmp_path, "fresh-url", site_url="https://example.org/briefings/")
    assert report.written.kept == 0  # the settings are in every key


def test_an_unchanged_rebuild_renders_no_briefing_page_and_one_new_seed_renders_few(tmp_path, monkeypatch):
    seeds, content, cache_dir = tmp_path / "seeds", tmp_path / "content", tmp_path / "cache"
    write_seeds(seeds, 40)
    first = run(seeds, content, cache_dir)
    calls, terms = count_renders(monkeypatch)
    report = run(seeds, content, cache_dir)
    assert calls == terms == []
    assert report.written.written == ()
    keyed = sum(
        1
        for p in tree(content)
        if p.startswith(
            ("briefings/", "countries/", "organisations/", "topics/", "people/", "systems/", "regions/", "feeds/")
        )
        and not p.endswith("index.md")
    )
    assert report.written.kept == keyed - 2  # all but the site feed's two files, which the site-wide unit renders
    (seeds / "gen-new.txt").write_text("2021-06-01\nA meeting in Tokyo\n\nJapan and India met.\n", encoding="utf-8")
    report = run(seeds, content, cache_dir)
    rendered_terms = list(terms)  # before the fresh build below renders every term
    assert "a-meeting-in-tokyo" in calls
    assert 1 <= len(calls) < first.published // 2  # the new page and those whose related briefings changed
    assert tree(content) == fresh(seeds, tmp_path, "fresh")
    chips = re.findall(
        r"\]\(\.\./((?:countries|organisations|people|systems|topics|regions)/[^)]+\.md)\)",
        (content / "briefings" / "a-meeting-in-tokyo.md").read_text(encoding="utf-8"),
    )
    assert (
        sorted(rendered_terms) == sorted(set(chips)) != []
    )  # only the new briefing's terms: related lists are not on term pages


def test_a_generated_file_edited_by_hand_or_deleted_is_rendered_again(tmp_path):
    seeds, content, cache_dir = tmp_path / "seeds", tmp_path / "content", tmp_path / "cache"
    write_seeds(seeds, 10)
    run(seeds, content, cache_dir)
    expected = tree(content)
    page = next(p for p in sorted((content / "briefings").glob("talks-number-*.md")))
    text = page.read_text(encoding="utf-8")
    with page.open("r+", encoding="utf-8") as handle:  # same size, same inode: only the time tells
        handle.write("X" + text[1:])
    (content / "countries" / "japan.md").unlink()
    (content / "countries" / "japan.svg").write_text("<svg/>", encoding="utf-8")
    report = run(seeds, content, cache_dir)
    assert tree(content) == expected
    assert {page.relative_to(content).as_posix(), "countries/japan.md", "countries/japan.svg"} <= set(
        report.written.written
    )


def test_a_ledger_of_another_folder_or_unreadable_is_ignored(tmp_path):
    seeds, cache_dir = tmp_path / "seeds", tmp_path / "cache"
    write_seeds(seeds, 10)
    run(seeds, tmp_path / "one", cache_dir)
    report = run(seeds, tmp_path / "two", cache_dir)
    assert report.written.kept == 0
    assert tree(tmp_path / "two") == tree(tmp_path / "one")
    (cache_dir / LEDGER_FILE).write_bytes(b"\x80\x05not a pickle")
    report = run(seeds, tmp_path / "two", cache_dir)
    assert report.written.kept == 0
    assert report.written.written == ()


def test_a_failed_write_leaves_no_ledger_behind(tmp_path, monkeypatch):
    seeds, content, cache_dir = tmp_path / "seeds", tmp_path / "content", tmp_path / "cache"
    write_seeds(seeds, 10)
    run(seeds, content, cache_dir)
    (seeds / "gen-new.txt").write_text("2021-06-01\nA meeting in Tokyo\n\nJapan and India met.\n", encoding="utf-8")

    def broken(target, data):
        raise OSError("disk full")

    from briefings import write

    monkeypatch.setattr(write, "temporary_beside", broken)
    with pytest.raises(OSError):
        run(seeds, content, cache_dir)
    assert not (cache_dir / LEDGER_FILE).exists()
    monkeypatch.undo()
    run(seeds, content, cache_dir)
    assert tree(content) == fresh(seeds, tmp_path, "fresh")


def test_equal_values_have_equal_digests_whatever_objects_they_share():
    shared = "Russia"
    a = ((shared, shared), dt.date(2024, 1, 2))
    b = (("Russ" + "ia".lower(), "".join(["Rus", "sia"])), dt.date(2024, 1, 2))
    assert digest(a) == digest(b)
    assert digest(a) != digest(((shared, "Russia "), dt.date(2024, 1, 2)))


def test_a_parallel_rebuild_keeps_and_renders_the_same_as_a_serial_one(tmp_path):
    seeds, content, cache_dir = tmp_path / "seeds", tmp_path / "content", tmp_path / "cache"
    write_seeds(seeds, 70)
    run(seeds, content, cache_dir, jobs=2)
    (seeds / "gen-new.txt").write_text("2021-06-01\nA meeting in Tokyo\n\nJapan and India met.\n", encoding="utf-8")
    report = run(seeds, content, cache_dir, jobs=2)
    assert report.written.kept > 0
    assert tree(content) == fresh(seeds, tmp_path, "fresh")
