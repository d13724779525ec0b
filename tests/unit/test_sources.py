"""Stage 1: finding, pairing, reading and decoding seed files."""

import os

from briefings.sources import MAX_BYTES, read_inputs
from support.project import make_settings


def read(seeds):
    inputs, problems = read_inputs(make_settings(seeds.dir))
    return inputs, [str(p) for p in sorted(problems)]


def test_pairs_articles_with_metadata_in_sorted_order(seeds):
    seeds("b.txt", "2023-01-01\nB\n\nText.\n")
    seeds("a.txt", "2023-01-01\nA\n\nText.\n")
    seeds("a.yml", "title: A\n")
    seeds("sub/c.md", "---\ntitle: C\n---\nText.\n")
    inputs, problems = read(seeds)
    assert problems == []
    assert [(s.name, s.body.rel, s.meta.rel if s.meta else None) for s in inputs.seeds] == [
        ("a", "a.txt", "a.yml"),
        ("b", "b.txt", None),
        ("sub/c", "sub/c.md", None),
    ]


def test_reserved_hidden_and_underscore_files_are_not_seeds(seeds):
    seeds("taxonomy.yml", "topics: []\n")
    seeds(".hidden.txt", "x")
    seeds("_drafts/x.txt", "x")
    seeds("README.md", "# About these seeds")
    seeds("LICENSE.txt", "CC BY")
    inputs, problems = read(seeds)
    assert inputs.seeds == () and problems == []


def test_every_stray_file_is_a_problem(seeds):
    seeds("orphan.yml", "title: X\n")
    seeds("notes.docx", "x")
    seeds("both.md", "---\ntitle: x\n---\nx\n")
    seeds("both.yml", "title: x\n")
    _, problems = read(seeds)
    assert problems == [
        "seeds/both.yml: a .md seed keeps its metadata in its front matter; this file would be ignored",
        "seeds/notes.docx: warning: not a seed, left out: expected a .txt or .md article, or .yml metadata",
        "seeds/orphan.yml: metadata without an article: no orphan.txt or orphan.md",
    ]


def test_decodes_bom_crlf_and_cp1252_with_a_warning(seeds):
    seeds("bom.txt", b"\xef\xbb\xbf2023-01-01\r\nTitle\r\n\r\nText.\r\n")
    seeds("latin.txt", "2023-01-01\nCaf\u00e9\n\nText \u2013 dash.\n".encode("cp1252"))
    inputs, problems = read(seeds)
    texts = {s.name: s.body.text for s in inputs.seeds}
    assert texts["bom"] == "2023-01-01\nTitle\n\nText.\n"
    assert texts["latin"] == "2023-01-01\nCaf\u00e9\n\nText \u2013 dash.\n"
    assert problems == ["seeds/latin.txt:2: warning: not valid UTF-8; read as Windows-1252 (cp1252)"]


def test_binary_oversized_and_outside_links_are_refused(seeds, tmp_path):
    seeds("binary.txt", b"\x00\x01\x02")
    big = seeds("big.txt", b"")
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    outside = tmp_path / "secret.txt"
    outside.write_text("2023-01-01\nSecret\n\nText.\n")
    os.symlink(outside, seeds.dir / "link.txt")
    inputs, problems = read(seeds)
    assert inputs.seeds == ()
    assert problems == [
        f"seeds/big.txt: is {MAX_BYTES + 1:,} bytes; a seed may be at most {MAX_BYTES:,} bytes",
        "seeds/binary.txt: binary file (contains NUL bytes); expected UTF-8 text",
        f"seeds/link.txt: links to {outside.resolve()}, outside the seeds folder; refused",
    ]


def test_missing_seeds_folder_is_a_problem(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _, problems = read_inputs(make_settings(tmp_path / "nope"))
    assert [str(p) for p in problems] == ["nope: seeds folder not found"]


def test_sha256_is_of_the_raw_bytes(seeds):
    import hashlib

    data = b"\xef\xbb\xbf2023-01-01\r\nT\r\n\r\nx\r\n"
    seeds("a.txt", data)
    inputs, _ = read(seeds)
    assert inputs.seeds[0].body.sha256 == hashlib.sha256(data).hexdigest()


def test_excluded_patterns_are_not_seeds(seeds):
    seeds("manifest.jsonl", "{}")
    seeds("notes.csv", "a,b")
    seeds("keep.txt", "2023-01-01\nKeep\n\nText.\n")
    seeds("skip-me.txt", "2023-01-01\nSkip\n\nText.\n")
    inputs, problems = read_inputs(make_settings(seeds.dir))
    assert [s.name for s in inputs.seeds] == ["keep", "skip-me"] and problems == []
    inputs, problems = read_inputs(make_settings(seeds.dir, exclude=("skip-*",)))
    assert [s.name for s in inputs.seeds] == ["keep"]
    assert [str(p) for p in sorted(problems)] == [
        "seeds/manifest.jsonl: warning: not a seed, left out: expected a .txt or .md article, or .yml metadata",
        "seeds/notes.csv: warning: not a seed, left out: expected a .txt or .md article, or .yml metadata",
    ]
