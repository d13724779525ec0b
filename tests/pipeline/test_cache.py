"""The seed cache and parallel parse+enrich: the same bytes as a fresh serial run, whatever the cache holds."""

from __future__ import annotations

import datetime as dt
import pickle
import shutil
from pathlib import Path

import pytest

from briefings.build import assemble, generate
from briefings.errors import ProblemsFound
from briefings.extract import related
from briefings.incremental import store as seed_cache
from briefings.incremental.store import CACHE_FILE, PARALLEL_MIN, RELATED_FILE
from support.project import FIXTURE_SEEDS, fixture_settings, write_seeds

TODAY = dt.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def forget_memory():
    """Each test reads the cache file itself, not what an earlier test left in memory."""
    seed_cache._MEMORY.clear()
    yield
    seed_cache._MEMORY.clear()


def plan_and_report(seeds, cache_dir=None, jobs=1, **settings):
    site, plan, report = assemble(fixture_settings(seeds, cache_dir=cache_dir, jobs=jobs, **settings), TODAY)
    return plan.as_dict(), report


def test_parallel_and_cached_runs_give_the_bytes_of_a_fresh_serial_run(tmp_path):
    seeds = tmp_path / "seeds"
    write_seeds(seeds, PARALLEL_MIN + 6)
    fresh, report = plan_and_report(seeds)
    assert report.cached == 0
    assert report.published == PARALLEL_MIN + 6 + 5
    parallel, report = plan_and_report(seeds, tmp_path / "cache", jobs=2)
    assert report.cached == 0
    assert (tmp_path / "cache" / CACHE_FILE).is_file()
    cached, report = plan_and_report(seeds, tmp_path / "cache", jobs=2)
    assert report.cached == report.seeds == PARALLEL_MIN + 6 + 6  # the fixture's six seeds include a draft
    assert "seeds unchanged since the last run (cache)" in report.summary()
    assert parallel == fresh
    assert cached == fresh


def test_a_changed_or_added_seed_is_computed_again_and_the_rest_come_from_the_cache(tmp_path):
    seeds = tmp_path / "seeds"
    write_seeds(seeds, 10)
    cache_dir = tmp_path / "cache"
    plan_and_report(seeds, cache_dir)
    first = (seeds / "gen-003.txt").read_text(encoding="utf-8")
    (seeds / "gen-003.txt").write_text(first.replace("no agreement", "a joint statement"), encoding="utf-8")
    (seeds / "gen-new.txt").write_text("2024-05-05\nA New Seed\n\nJapan and India met.\n", encoding="utf-8")
    size_before = (cache_dir / CACHE_FILE).stat().st_size
    plan, report = plan_and_report(seeds, cache_dir)
    assert report.seeds == 17  # the fixture's six, ten made here, one new
    assert report.cached == 15
    assert (cache_dir / CACHE_FILE).stat().st_size > size_before  # the two new results were appended
    assert plan == plan_and_report(seeds)[0]
    changed = [path for path in plan if path.startswith("briefings/talks-number-3-")]
    assert len(changed) == 1
    assert "a joint statement" in plan[changed[0]]


def test_settings_taxonomy_and_gazetteer_changes_invalidate_every_entry(tmp_path):
    seeds = tmp_path / "seeds"
    write_seeds(seeds, 3)
    cache_dir = tmp_path / "cache"
    plan_and_report(seeds, cache_dir)
    assert plan_and_report(seeds, cache_dir)[1].cached == 9
    assert plan_and_report(seeds, cache_dir, timezone="America/New_York")[1].cached == 0
    assert plan_and_report(seeds, cache_dir, timezone="America/New_York")[1].cached == 9
    taxonomy = seeds / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "\n# a comment changes the file\n", encoding="utf-8")
    plan, report = plan_and_report(seeds, cache_dir, timezone="America/New_York")
    assert report.cached == 0
    assert plan == plan_and_report(seeds, timezone="America/New_York")[0]


def test_an_unreadable_cache_is_a_miss_and_a_cut_short_one_keeps_what_it_has(tmp_path):
    seeds = tmp_path / "seeds"
    write_seeds(seeds, 4)
    cache_dir = tmp_path / "cache"
    fresh = plan_and_report(seeds)[0]
    plan_and_report(seeds, cache_dir)
    path = cache_dir / CACHE_FILE
    whole = path.read_bytes()

    path.write_bytes(b"not a pickle at all")
    plan, report = plan_and_report(seeds, cache_dir)
    assert (plan, report.cached) == (fresh, 0)

    path.write_bytes(whole[: len(whole) - 40])  # an append interrupted in the last record
    seed_cache._MEMORY.clear()
    plan, report = plan_and_report(seeds, cache_dir)
    assert plan == fresh
    assert 0 < report.cached < report.seeds

    path.write_bytes(pickle.dumps(("another", "format")))
    seed_cache._MEMORY.clear()
    assert plan_and_report(seeds, cache_dir)[1].cached == 0


def test_entries_of_removed_seeds_go_when_they_outnumber_the_live_ones(tmp_path):
    seeds = tmp_path / "seeds"
    write_seeds(seeds, 20)
    cache_dir = tmp_path / "cache"
    plan_and_report(seeds, cache_dir)
    full = (cache_dir / CACHE_FILE).stat().st_size
    for path in seeds.glob("gen-01*.txt"):
        path.unlink()
    assert plan_and_report(seeds, cache_dir)[1].cached == 16  # 10 stale entries, 16 live: kept as they are
    assert (cache_dir / CACHE_FILE).stat().st_size == full
    for path in seeds.glob("gen-00*.txt"):
        path.unlink()
    assert plan_and_report(seeds, cache_dir)[1].cached == 6  # 20 stale, 6 live: rewritten with the live ones
    assert (cache_dir / CACHE_FILE).stat().st_size < full / 2
    seed_cache._MEMORY.clear()
    assert plan_and_report(seeds, cache_dir)[1].cached == 6


def test_a_run_over_the_same_briefings_takes_their_related_briefings_from_the_cache(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    write_seeds(seeds, 12)
    fresh, _ = plan_and_report(seeds)
    first, _ = plan_and_report(seeds, tmp_path / "cache")
    assert (tmp_path / "cache" / RELATED_FILE).is_file()
    computed = []
    compute = related._related
    monkeypatch.setattr(related, "_related", lambda *args: computed.append(len(args[0])) or compute(*args))
    seed_cache._MEMORY.clear()  # the briefings come back from the seed cache's file, as in a new process
    again, _ = plan_and_report(seeds, tmp_path / "cache")
    assert computed == []
    assert again == first == fresh
    (seeds / "gen-004.txt").write_text(
        "2020-01-13\nTalks number 4 between Japan and India\n\nOfficials met.\n", encoding="utf-8"
    )
    changed, _ = plan_and_report(seeds, tmp_path / "cache")
    assert computed == [12 + 5]
    assert changed == plan_and_report(seeds)[0]


def test_problems_of_cached_seeds_are_reported_every_run(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    (seeds / "bad.txt").write_text("2023-02-30\nImpossible Date\n\nText.\n", encoding="utf-8")
    cache_dir = tmp_path / "cache"
    messages = []
    for _ in range(2):
        with pytest.raises(ProblemsFound) as found:
            plan_and_report(seeds, cache_dir)
        messages.append([str(p) for p in found.value.problems])
    assert messages[0] == messages[1]
    assert any("bad.txt:1:" in m for m in messages[0])


def test_the_plugin_keeps_its_cache_under_dot_cache_and_can_be_told_not_to(project):
    from briefings.integrations.mkdocs import site

    def load_settings(config_file, seeds):
        return site.project(site.Request(Path(config_file))).settings

    settings = load_settings("mkdocs.yml", None)
    assert settings.cache_dir == (project / ".cache" / "plugin" / "briefings").resolve()
    assert settings.jobs >= 1
    report = generate(settings, project / "content", TODAY)
    assert report.cached == 0
    assert (settings.cache_dir / CACHE_FILE).is_file()
    assert generate(settings, project / "content", TODAY).cached == report.seeds
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        text.replace("  - briefings:\n", "  - briefings:\n      cache: false\n", 1), encoding="utf-8"
    )
    assert load_settings("mkdocs.yml", None).cache_dir is None


def test_a_run_raises_the_collector_threshold_and_restores_it_even_when_it_fails(tmp_path):
    import gc

    from briefings import build

    seeds = tmp_path / "seeds"
    write_seeds(seeds, 3)
    seen = []
    real = build.link_site

    def spy(*args, **kwargs):
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)

    old = gc.get_threshold()
    try:
        gc.set_threshold(701, 11, 12)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(build, "link_site", spy)
            plan_and_report(seeds)
            (seeds / "broken.yml").write_text("title: [unclosed\n", encoding="utf-8")
            (seeds / "broken.txt").write_text("2024-01-01\nBroken\n\nText.\n", encoding="utf-8")
            with pytest.raises(ProblemsFound):
                plan_and_report(seeds)
        assert seen == [(200_000, 11, 12)] * 2
        assert gc.get_threshold() == (701, 11, 12)
    finally:
        gc.set_threshold(*old)


def test_fork_map_returns_results_in_order_and_counts_them_as_they_arrive():
    from briefings.incremental.parallel import fork_map

    items = list(range(40))
    for jobs in (1, 2):
        counts: list[int] = []
        assert fork_map(lambda n: n * n, items, jobs, chunksize=3, done=counts.append) == [n * n for n in items]
        assert counts == list(range(1, 41))
    assert fork_map(lambda n: -n, items, 2, chunksize=3) == [-n for n in items]
