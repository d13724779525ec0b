"""Stage 5: atomic writes, unchanged files untouched, stale generated files removed, hand-written kept."""

import os

from briefings.model import Plan
from briefings.write import MANIFEST, check_plan, write_plan


def plan(**files):
    return Plan(tuple(sorted((k.replace("__", "/"), v) for k, v in files.items())))


def test_writes_then_skips_unchanged_bytes(tmp_path):
    first = write_plan(plan(a__x_md="one\n", b_md="two\n"), tmp_path)
    assert first.written == ("a/x_md", "b_md") and first.unchanged == 0
    stamp = os.stat(tmp_path / "b_md").st_mtime_ns
    os.utime(tmp_path / "b_md", ns=(1, 1))
    second = write_plan(plan(a__x_md="one\n", b_md="changed\n"), tmp_path)
    assert second.written == ("b_md",) and second.unchanged == 1
    assert (tmp_path / "b_md").read_text() == "changed\n"
    third = write_plan(plan(a__x_md="one\n", b_md="changed\n"), tmp_path)
    assert third.written == () and third.unchanged == 2
    assert os.stat(tmp_path / "a/x_md").st_mtime_ns != 1 or stamp  # untouched file kept its time
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_removes_only_stale_generated_files(tmp_path):
    write_plan(plan(a__x_md="1", a__y_md="2"), tmp_path)
    (tmp_path / "a" / "hand.md").write_text("mine")
    report = write_plan(plan(a__x_md="1"), tmp_path)
    assert report.removed == ("a/y_md",)
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["hand.md", "x_md"]
    report = write_plan(plan(), tmp_path)
    assert report.removed == ("a/x_md",)
    assert (tmp_path / "a" / "hand.md").read_text() == "mine"
    assert (tmp_path / MANIFEST).read_text().splitlines()[1:] == []


def test_empty_generated_folders_are_removed(tmp_path):
    write_plan(plan(gone__deep__x_md="1"), tmp_path)
    write_plan(plan(), tmp_path)
    assert not (tmp_path / "gone").exists()


def test_hand_written_file_in_a_planned_place_is_a_problem(tmp_path):
    (tmp_path / "index.md").write_text("# My own home page\n")
    problems = check_plan(Plan((("index.md", "generated"),)), tmp_path)
    assert [p.message for p in problems] == [
        "hand-written file in the generator's place; move or rename it (the generator never overwrites it)"
    ]
    write_plan(plan(other_md="x"), tmp_path)
    assert check_plan(plan(other_md="y"), tmp_path) == []


def test_an_interrupted_write_leaves_every_file_as_it_was(tmp_path, monkeypatch):
    import briefings.write as write

    write_plan(plan(a_md="old a\n", b_md="old b\n", c_md="old c\n"), tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real_replace = os.replace
    calls = []

    def interrupt(src, dst):
        calls.append(dst)
        if len(calls) == 4:  # after two files (backup + move each) are already in place
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(write.os, "replace", interrupt)
    try:
        write_plan(plan(a_md="new a\n", b_md="new b\n", c_md="new c\n", d_md="new d\n"), tmp_path)
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("the interrupt did not happen")
    monkeypatch.setattr(write.os, "replace", real_replace)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
