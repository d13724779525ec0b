"""The whole generator: golden tree, same bytes every time, nothing written when anything is wrong."""

import os
import shutil

import pytest

from briefings.build import assemble, generate
from briefings.errors import ProblemsFound
from support.project import FIXTURE_SEEDS, GOLDEN, fixture_settings, make_settings


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_output_matches_the_golden_tree():
    """If this fails after an intended change: `make golden`, then review `git diff tests/golden`."""
    _, plan, _ = assemble(fixture_settings(), None)
    produced = {path: text.encode("utf-8") for path, text in plan.files}
    golden = tree(GOLDEN)
    assert sorted(produced) == sorted(golden)
    for path in produced:
        assert produced[path] == golden[path], f"{path} differs from tests/golden/{path}"


def test_two_builds_give_the_same_bytes(tmp_path):
    generate(fixture_settings(), tmp_path / "one")
    generate(fixture_settings(), tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_seeds_created_in_reverse_order_give_the_same_bytes(tmp_path):
    forward = tmp_path / "forward"
    backward = tmp_path / "backward"
    names = sorted(p.name for p in FIXTURE_SEEDS.iterdir())
    for folder, order in ((forward, names), (backward, list(reversed(names)))):
        folder.mkdir()
        for name in order:
            shutil.copy(FIXTURE_SEEDS / name, folder / name)
            os.utime(folder / name, (1_000_000 + len(order), 1_000_000 + len(order)))
    generate(fixture_settings(forward), tmp_path / "out-forward")
    generate(fixture_settings(backward), tmp_path / "out-backward")
    assert tree(tmp_path / "out-forward") == tree(tmp_path / "out-backward")


def test_a_run_with_problems_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    content = tmp_path / "content"
    generate(fixture_settings(seeds), content)
    before = tree(content)
    (seeds / "bad.txt").write_text("2023-01-01\nBad\n\nText.\n")
    (seeds / "bad.yml").write_text("topics: [no-such-topic]\n")
    (seeds / "alpha-radar-cooperation.txt").unlink()
    (seeds / "alpha-radar-cooperation.yml").unlink()
    with pytest.raises(ProblemsFound) as caught:
        generate(fixture_settings(seeds), content)
    assert [str(p) for p in caught.value.problems] == [
        "seeds/bad.yml:1: unknown topic 'no-such-topic'; known topics: diplomacy, missile-warning, space"
    ]
    assert tree(content) == before


def test_adding_one_seed_rewrites_only_what_changed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    content = tmp_path / "content"
    generate(fixture_settings(seeds), content)
    (seeds / "new.txt").write_text("2022-06-01\nA Quiet Day\n\nNothing happened today at all, officials said.\n")
    report = generate(fixture_settings(seeds), content)
    assert report.written.written == (
        "activity.svg",
        "archive/2022.md",
        "archive/index.md",
        "briefings.json",
        "briefings/a-quiet-day.md",
        "feeds/all.atom.xml",
        "feeds/all.json",
        "index.md",
    )
    assert report.written.removed == ()


def test_drafts_and_embargoed_briefings_are_left_out_and_counted(tmp_path, monkeypatch):
    import datetime as dt

    monkeypatch.chdir(tmp_path)
    site, plan, report = assemble(fixture_settings(), dt.date(2024, 3, 31))
    assert report.seeds == 6
    assert (report.published, report.drafts, report.embargoed) == (4, 1, 1)
    assert report.published + report.drafts + report.embargoed == report.seeds
    assert not any("secretary-meets-counterpart-2" in path for path, _ in plan.files)


def test_a_date_more_than_a_year_ahead_is_a_problem_not_an_embargo(seeds):
    import datetime as dt

    seeds("far.txt", "January 1, 2999\nFar Future\n\nSome article text.\n")
    seeds("near.txt", "2024-06-01\nNear Future\n\nSome article text.\n")
    seeds("meta.txt", "2024-01-01\nMeta\n\nSome article text.\n")
    seeds("meta.yml", "date: 9999-01-01\n")
    with pytest.raises(ProblemsFound) as caught:
        assemble(fixture_settings(seeds.dir, taxonomy_file=None), dt.date(2024, 3, 1))
    assert [str(p) for p in caught.value.problems] == [
        "seeds/far.txt:1: date 2999-01-01 is more than a year ahead; an embargo may last at most a year: is "
        "the date right?",
        "seeds/meta.yml:1: date 9999-01-01 is more than a year ahead; an embargo may last at most a year: is "
        "the date right?",
    ]


def test_corpus_summary_adds_up(corpus, tmp_path, monkeypatch):
    import datetime as dt

    monkeypatch.chdir(tmp_path)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in sorted(corpus.glob("*.txt")):
        shutil.copy(path, seeds / path.name)
    (seeds / "001-hundreds-dead-in-hajj-stampede.yml").write_text("draft: true\n")
    settings = fixture_settings(
        seeds, taxonomy_file=FIXTURE_SEEDS.parent.parent.parent / "seeds" / "taxonomy.yml", timezone="America/New_York"
    )
    _, plan, report = assemble(settings, dt.date(2026, 4, 15))
    assert report.seeds == 146
    assert report.drafts == 1 and report.embargoed > 0
    assert report.published + report.drafts + report.embargoed == report.seeds
    assert sum(1 for path, _ in plan.files if path.startswith("briefings/")) == report.published


def test_no_generated_file_is_committed():
    import subprocess

    from support.project import REPO

    listed = subprocess.run(["git", "ls-files", "content"], cwd=REPO, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    tracked = {line.removeprefix("content/") for line in listed.stdout.splitlines()}
    seeds = REPO / "seeds"
    _, plan, _ = assemble(make_settings(seeds, taxonomy_file=seeds / "taxonomy.yml"), None)
    assert tracked & {path for path, _ in plan.files} == set()
    assert ".briefings-manifest" not in tracked


def test_check_and_export_do_not_render_the_pages(monkeypatch):
    import briefings.build as pipeline

    _, plan, _ = assemble(fixture_settings(), None)

    def no_rendering(*args, **kwargs):
        raise AssertionError("check and export render no page")

    monkeypatch.setattr(pipeline, "render_site", no_rendering)
    report = pipeline.check(fixture_settings(), None)
    assert report.published == 5 and [name for name, _ in report.timings] == ["sources", "parse+enrich", "link"]
    assert pipeline.export(fixture_settings(), None) == plan.as_dict()["briefings.json"]
