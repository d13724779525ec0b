"""Hostile and broken seeds: each is reported as `path:line: message`, never a traceback.

Every case has its own seeds folder in `tests/fixtures/hostile/CASE/`; the cases that
are awkward to commit (a 20 MB file, NUL bytes, Windows-1252 bytes, a symlink) are
made at test time by `GENERATED`. Each case is checked twice: in process through
`assemble`, with its messages asserted exactly, and through `briefings check` in a
copy of the project, which must exit 1 without a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import threading
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefings import sources
from briefings.build import assemble
from briefings.errors import ProblemsFound
from support.browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, Recorder, unavailable
from support.browser import serve as serve_site
from support.project import REPO, copy_project, fixture_settings

HOSTILE = REPO / "tests" / "fixtures" / "hostile"
TODAY = dt.date(2026, 1, 1)
ARTICLE = "2023-12-08\nA Title\n\nNATO ministers met in Brussels to discuss radar coverage of Europe.\n"
MARKER = "hostile-marker"  # what the !!python/object/apply payload in python-tag/a.yml would create


# --------------------------------------------------------------------------- seeds made at test time


def write_binary(seeds_dir: Path) -> None:
    (seeds_dir / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)


def write_huge(seeds_dir: Path) -> None:
    line = b"NATO ministers met in Brussels to discuss radar coverage of Europe.\n"
    body = line * (20 * 1024 * 1024 // len(line) + 1)
    (seeds_dir / "a.txt").write_bytes((ARTICLE.encode() + body)[: 20 * 1024 * 1024])


def write_not_utf8(seeds_dir: Path) -> None:
    text = "2023-12-08\nCaf\u00e9 Society Meets\n\nThe caf\u00e9 in Brussels cost \u20ac5; NATO ministers met there.\n"
    (seeds_dir / "a.txt").write_bytes(text.encode("cp1252"))


def write_symlink(seeds_dir: Path) -> None:
    outside = seeds_dir.parent / "outside.txt"
    outside.write_text(ARTICLE, encoding="utf-8")
    (seeds_dir / "a.txt").symlink_to(outside)


GENERATED = {
    "binary": write_binary,
    "huge": write_huge,
    "not-utf8": write_not_utf8,
    "symlink-outside": write_symlink,
}


def make_seeds(case: str, seeds_dir: Path) -> Path:
    """Return `seeds_dir` filled with the case's seeds: its fixture folder, then its generated files."""
    if (HOSTILE / case).is_dir():
        shutil.copytree(HOSTILE / case, seeds_dir)
    else:
        seeds_dir.mkdir(parents=True)
    if case in GENERATED:
        GENERATED[case](seeds_dir)
    return seeds_dir


def outside(seeds_dir: Path) -> str:
    return str((seeds_dir.parent / "outside.txt").resolve())


def assemble_case(case: str, root: Path, monkeypatch):
    """Return (site, plan, report) for the case's seeds in `root`/seeds; the working directory is `root`."""
    root.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(root)
    seeds_dir = make_seeds(case, root / "seeds")
    return assemble(fixture_settings(seeds_dir), TODAY)


def problems_of(case: str, root: Path, monkeypatch) -> list[str]:
    """Return every problem the case's seeds give, as printed."""
    with pytest.raises(ProblemsFound) as caught:
        assemble_case(case, root, monkeypatch)
    return [str(p) for p in caught.value.problems]


def run_check(case: str, tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, Path]:
    """Return `briefings check` run in a copy of the project holding the case's seeds, and the copy."""
    empty = tmp_path / "empty-seeds"
    empty.mkdir(parents=True, exist_ok=True)
    root = copy_project(tmp_path / "project", seeds_from=empty)
    shutil.rmtree(root / "seeds")
    make_seeds(case, root / "seeds")
    done = subprocess.run([sys.executable, "-m", "briefings", "check", *args], cwd=root, capture_output=True, text=True)
    return done, root


def count_line(problems: list[str]) -> str:
    errors = [p for p in problems if ": warning: " not in p]
    return f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found"


# --------------------------------------------------------------------------- one case each

LONG_TITLE = "title is 2,000 characters; at most 300 are allowed"

CASES = {
    "yaml-unclosed-bracket": [
        "seeds/a.yml:2: invalid YAML: while parsing a flow sequence expected ',' or ']', but got ':'",
    ],
    "yaml-tab-indentation": ["seeds/a.yml:2: tab used for indentation; YAML needs spaces"],
    "yaml-duplicate-keys": ["seeds/a.yml:3: duplicate key 'title' (first at line 1)"],
    "wrong-types": [
        "seeds/a.yml:1: 'title' must be text, got a list",
        "seeds/a.yml:2: 'key_points' must be a list, got the number 3 (YAML reads 012 as 10 and 1.10 as 1.1; quote it)",
        "seeds/a.yml:3: 'tags' must be a list, got a mapping",
        "seeds/a.yml:4: 'draft' must be true or false, got 'maybe'",
    ],
    "yaml11-no": [
        "seeds/a.yml:1: 'title' must be text, got false (YAML reads unquoted yes/no/on/off as true/false; quote it)",
    ],
    "yaml11-octal": [
        "seeds/a.yml:1: 'summary' must be text, got the number 10 (YAML reads 012 as 10 and 1.10 as 1.1; quote it)",
    ],
    "yaml11-float": [
        "seeds/a.yml:1: 'summary' must be text, got the number 1.1 (YAML reads 012 as 10 and 1.10 as 1.1; quote it)",
    ],
    "yaml11-date": ["seeds/a.yml:1: 'title' must be text, got the date 2023-01-01 (quote it to keep it text)"],
    "python-tag": ["seeds/a.yml:1: YAML tag !!python/object/apply:os.system is not allowed"],
    "other-tags": [
        "seeds/a.yml:1: YAML tag !!python/name:os.system is not allowed",
        "seeds/b.yml:1: YAML tag !!binary is not allowed",
        "seeds/c.yml:1: YAML tag !custom is not allowed",
        "seeds/d.yml:1: YAML tag !!set is not allowed",
    ],
    "unknown-keys": [
        "seeds/a.yml:1: unknown key 'tpoics'; did you mean 'topics'?",
        "seeds/a.yml:2: unknown key 'author'; known keys: added, assessment, changes, countries, date, draft, "
        "handling, key_points, lang, organisations, people, regions, slug, source, sources, summary, supersedes, "
        "systems, tags, title, topics, updated",
    ],
    # b.yml is empty too: empty metadata is no metadata, not a problem
    "empty-file": ["seeds/a.txt: empty file: expected a date line, a title line, a blank line, then the article"],
    "binary": ["seeds/a.txt: binary file (contains NUL bytes); expected UTF-8 text"],
    "huge": ["seeds/a.txt: is 20,971,520 bytes; a seed may be at most 5,242,880 bytes"],
    "missing-title": ["seeds/a.md: no title: give line 2 of the article or 'title' in metadata"],
    "missing-title-txt": ["seeds/a.txt:2: no title: line 2 is blank; give the title on line 2 or 'title' in metadata"],
    "missing-date": ["seeds/a.txt: no date: no date line and the lead has no dateline; give 'date' in metadata"],
    "impossible-date": [
        "seeds/a.txt:1: '2023-02-30' is not a real date",
        "seeds/b.yml:1: cannot read value '2023-02-30': day is out of range for month",
        "seeds/c.yml:1: 'date': 2023-02-30 is not a real date",
    ],
    "future-date": [
        "seeds/a.yml:1: date 9999-01-01 is more than a year ahead; an embargo may last at most a year: is the "
        "date right?",
        "seeds/b.txt:1: date 2999-01-01 is more than a year ahead; an embargo may last at most a year: is the "
        "date right?",
    ],
    "duplicate-slugs": ["seeds/b.yml:1: slug 'same-slug' is already used by seeds/a.yml:1"],
    "slug-traversal": [
        "seeds/a.yml:1: 'slug' must be lowercase letters, digits and hyphens (at most 100), got '../../etc/passwd'",
        "seeds/b.yml:1: 'slug' must be lowercase letters, digits and hyphens (at most 100), got 'a/b'",
    ],
    "long-title": [
        f"seeds/a.txt:2: {LONG_TITLE} (give a shorter 'title' in metadata)",
        "seeds/b.yml:1: 'title' is 2,000 characters; at most 300 are allowed",
    ],
}

XFAIL: dict[str, str] = {}  # cases known to fail, with the reason (none at present)


def case_params(cases):
    return [
        pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=XFAIL[case])) if case in XFAIL else case
        for case in cases
    ]


@pytest.mark.parametrize("case", case_params(CASES))
def test_bad_seed_is_reported_exactly(case, tmp_path, monkeypatch):
    assert problems_of(case, tmp_path / "run", monkeypatch) == CASES[case]


@pytest.mark.parametrize("case", [*CASES, "symlink-outside"])
def test_check_exits_1_with_every_problem_and_no_traceback(case, tmp_path, monkeypatch):
    done, root = run_check(case, tmp_path)
    assert "Traceback" not in done.stderr
    assert done.returncode == 1, done.stderr
    assert not (root / MARKER).exists()
    run = tmp_path / "run"
    expected = [p.replace(str(run.resolve()), str(root.resolve())) for p in problems_of(case, run, monkeypatch)]
    assert done.stderr.splitlines() == [*expected, count_line(expected)]


def test_python_object_tag_executes_nothing(tmp_path, monkeypatch):
    run = tmp_path / "run"
    assert problems_of("python-tag", run, monkeypatch) == CASES["python-tag"]
    assert not (run / MARKER).exists()
    assert not (run / "seeds" / MARKER).exists()
    done, root = run_check("python-tag", tmp_path)
    assert done.returncode == 1
    assert not (root / MARKER).exists()
    assert not (root / "seeds" / MARKER).exists()


def test_symlink_outside_seeds_is_refused(tmp_path, monkeypatch):
    run = tmp_path / "run"
    found = problems_of("symlink-outside", run, monkeypatch)
    assert found == [f"seeds/a.txt: links to {outside(run / 'seeds')}, outside the seeds folder; refused"]


def test_not_utf8_is_a_warning_and_still_a_briefing(tmp_path, monkeypatch):
    site, plan, report = assemble_case("not-utf8", tmp_path / "run", monkeypatch)
    assert [str(w) for w in report.warnings] == [
        "seeds/a.txt:2: warning: not valid UTF-8; read as Windows-1252 (cp1252)"
    ]
    assert [b.title for b in site.briefings] == ["Caf\u00e9 Society Meets"]
    assert any("\u20ac5" in text for text in plan.as_dict().values())

    done, _ = run_check("not-utf8", tmp_path / "cli")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == ["seeds/a.txt:2: warning: not valid UTF-8; read as Windows-1252 (cp1252)"]
    strict, _ = run_check("not-utf8", tmp_path / "cli-strict", "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == [
        "seeds/a.txt:2: warning: not valid UTF-8; read as Windows-1252 (cp1252)",
        "0 problems found",
    ]


@pytest.mark.parametrize("case, slug, title", [("bom", "with-a-bom", "With a BOM"), ("crlf", "with-crlf", "With CRLF")])
def test_bom_and_crlf_are_read_as_plain_text(case, slug, title, tmp_path, monkeypatch):
    site, plan, report = assemble_case(case, tmp_path / "run", monkeypatch)
    assert report.warnings == ()
    assert [(b.slug, b.title) for b in site.briefings] == [(slug, title)]
    for text in plan_texts(plan):
        assert "\r" not in text and "\ufeff" not in text
    done, _ = run_check(case, tmp_path / "cli")
    assert (done.returncode, done.stderr) == (0, "")


def test_yaml_markdown_jinja_and_html_specials_are_text(tmp_path, monkeypatch):
    site, plan, report = assemble_case("specials", tmp_path / "run", monkeypatch)
    assert report.warnings == ()
    specials = ": # --- {{ }} {% %} <script>alert(1)</script> [x](javascript:alert(1)) {: onclick=alert(1)}"
    assert sorted(b.title for b in site.briefings) == sorted(
        ["A" + specials, "B" + specials, "C: # --- {{ }} {% %} <script>x</script>"]
    )
    done, _ = run_check("specials", tmp_path / "cli")
    assert (done.returncode, done.stderr) == (0, "")


def plan_texts(plan) -> list[str]:
    """Return the text of every file in a plan."""
    return list(plan.as_dict().values())


# --------------------------------------------------------------------------- a seed vanishes mid-build


def test_seed_deleted_after_listing_is_reported(seeds, monkeypatch):
    seeds("a.txt", ARTICLE)
    gone = seeds("b.txt", ARTICLE)
    listed = sources.list_files

    def list_then_delete(seeds_dir):
        found = listed(seeds_dir)
        gone.unlink()
        return found

    monkeypatch.setattr(sources, "list_files", list_then_delete)
    with pytest.raises(ProblemsFound) as caught:
        assemble(fixture_settings(seeds.dir), TODAY)
    assert caught.value.summary().splitlines() == [
        "seeds/b.txt: cannot be read: the file vanished or is a broken link",
        "1 problem found",
    ]


def test_seed_deleted_while_being_read_is_reported(seeds, monkeypatch):
    seeds("a.txt", ARTICLE)
    gone = seeds("b.txt", ARTICLE)
    read_bytes = sources.Path.read_bytes

    def delete_then_read(path):
        if path.name == "b.txt":
            path.unlink()
        return read_bytes(path)

    monkeypatch.setattr(sources.Path, "read_bytes", delete_then_read)
    with pytest.raises(ProblemsFound) as caught:
        assemble(fixture_settings(seeds.dir), TODAY)
    assert not gone.exists()
    assert caught.value.summary().splitlines() == [
        "seeds/b.txt: vanished while the build was reading it",
        "1 problem found",
    ]


def test_check_reports_a_seed_deleted_mid_run(tmp_path):
    root = copy_project(tmp_path / "project", seeds_from=HOSTILE / "bom")
    (root / "seeds" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    script = (
        "import sys\n"
        "from briefings import sources\n"
        "listed = sources.list_files\n"
        "def list_then_delete(d):\n"
        "    found = listed(d)\n"
        "    (d / 'b.txt').unlink()\n"
        "    return found\n"
        "sources.list_files = list_then_delete\n"
        "from briefings.cli import main\n"
        "sys.argv = ['briefings', 'check']\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True)
    assert "Traceback" not in done.stderr
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "seeds/b.txt: cannot be read: the file vanished or is a broken link",
        "1 problem found",
    ]


# --------------------------------------------------------------------------- all together


def test_many_bad_seeds_are_reported_together_sorted(seeds, monkeypatch):
    seeds("a-no.txt", ARTICLE)
    seeds("a-no.yml", "title: no\n")
    seeds("b-tag.txt", ARTICLE)
    seeds("b-tag.yml", f"title: !!python/object/apply:os.system ['touch {MARKER}']\n")
    seeds("c-empty.txt", "")
    write_binary(seeds.dir)  # a.txt
    seeds("d-tab.txt", ARTICLE)
    seeds("d-tab.yml", "source:\n\tname: Example Wire\n")
    seeds("e-slug.txt", ARTICLE)
    seeds("e-slug.yml", "slug: ../up\ndate: '2023-02-30'\n")
    write_not_utf8_named(seeds.dir / "f-cp1252.txt")
    seeds("g-good.txt", ARTICLE)
    with pytest.raises(ProblemsFound) as caught:
        assemble(fixture_settings(seeds.dir), TODAY)
    assert caught.value.summary().splitlines() == [
        "seeds/a-no.yml:1: 'title' must be text, got false (YAML reads unquoted yes/no/on/off as true/false; quote it)",
        "seeds/a.txt: binary file (contains NUL bytes); expected UTF-8 text",
        "seeds/b-tag.yml:1: YAML tag !!python/object/apply:os.system is not allowed",
        "seeds/c-empty.txt: empty file: expected a date line, a title line, a blank line, then the article",
        "seeds/d-tab.yml:2: tab used for indentation; YAML needs spaces",
        "seeds/e-slug.yml:1: 'slug' must be lowercase letters, digits and hyphens (at most 100), got '../up'",
        "seeds/e-slug.yml:2: 'date': 2023-02-30 is not a real date",
        "seeds/f-cp1252.txt:2: warning: not valid UTF-8; read as Windows-1252 (cp1252)",
        "7 problems found",
    ]
    assert not (seeds.dir.parent / MARKER).exists()


def test_an_unreadable_value_does_not_hide_the_other_fields(seeds):
    seeds("a.txt", ARTICLE)
    seeds("a.yml", "slug: ../up\ndate: 2023-02-30\n")
    with pytest.raises(ProblemsFound) as caught:
        assemble(fixture_settings(seeds.dir), TODAY)
    assert [str(p) for p in caught.value.problems] == [
        "seeds/a.yml:1: 'slug' must be lowercase letters, digits and hyphens (at most 100), got '../up'",
        "seeds/a.yml:2: cannot read value '2023-02-30': day is out of range for month",
    ]


def write_not_utf8_named(path: Path) -> None:
    folder = path.parent / "_tmp"
    folder.mkdir()
    write_not_utf8(folder)
    (folder / "a.txt").rename(path)
    folder.rmdir()


# --------------------------------------------------------------------------- text is never code

PAYLOAD = (
    '<script>alert(1)</script> <img src=x onerror=alert(1)> " onmouseover="alert(1) javascript:alert(1) '
    "<iframe src=x></iframe> <style>body{display:none}</style> {: onclick=alert(1) } {{ 7*7 }} {% raw %}"
)
SLUG_TAIL = "script-alert-1-script-img-src-x-onerror-alert-1-onmouseover-alert-1"
HOSTILE_TITLES = {f"title-{SLUG_TAIL}": "Title " + PAYLOAD, f"md-{SLUG_TAIL}": "MD " + PAYLOAD}
MATERIAL_SCRIPTS = "assets/javascripts/"


class Injections(HTMLParser):
    """Collects every element or attribute on a page that could run or restyle seed text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.inline: list[str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            src = values.get("src")
            if src and MATERIAL_SCRIPTS not in src:
                self.found.append(f"<script src={src}>")
            if not src:
                self.inline = []
        if tag in ("iframe", "frame", "object", "embed", "style", "base"):
            self.found.append(f"<{tag}>")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        for name, value in attrs:
            if name.startswith("on") or any(c in name for c in "\"'(){}=") or "alert" in name:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "srcset", "poster"):
                url = "".join((value or "").split()).lower()
                if url == "javascript:void(0)" and "md-search__icon" in (values.get("class") or ""):
                    continue  # Material's own share button
                if url.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.found.append(f"<{tag} {name}={value!r}>")
                if tag in ("img", "source", "video", "audio") and name == "src" and "//" in url:
                    self.found.append(f"<{tag} src={value!r}> (fetched from another host)")
            if name == "style" and "display:none" in (value or "").replace(" ", ""):
                self.found.append(f"<{tag} style={value!r}>")

    def handle_data(self, data):
        if self.inline is not None:
            self.inline.append(data)
        self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.inline is not None:
            code = "".join(self.inline)
            if "alert(" in code or "onerror" in code:
                self.found.append(f"<script>{code[:80]}</script>")
            self.inline = None


def injections(html: str) -> tuple[list[str], str]:
    """Return the injections found in a page and its text content."""
    parser = Injections()
    parser.feed(html)
    parser.close()
    return parser.found, "".join(parser.text)


def build_site(case: str, target: Path) -> Path:
    """Return the site folder of the real site built with `briefings build` from a hostile seeds folder."""
    root = copy_project(target, seeds_from=HOSTILE / case)
    done = subprocess.run(
        [sys.executable, "-m", "briefings", "build", "--site-dir", "site", "--quiet"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return root / "site"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    return build_site("never-code", tmp_path_factory.mktemp("never-code") / "project")


@pytest.fixture(scope="module")
def markdown_links_site(tmp_path_factory) -> Path:
    return build_site("markdown-links", tmp_path_factory.mktemp("markdown-links") / "project")


def test_hostile_seed_text_is_never_code_in_any_page(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    found = {}
    for page in pages:
        bad, _ = injections(page.read_text(encoding="utf-8"))
        if bad:
            found[page.relative_to(hostile_site).as_posix()] = bad
    assert found == {}

    for slug, title in HOSTILE_TITLES.items():
        html = (hostile_site / "briefings" / slug / "index.html").read_text(encoding="utf-8")
        _, text = injections(html)
        assert title + "\u00b6" in text, f"{slug}: the title is not shown as text"
        assert text.count(PAYLOAD) >= 3, f"{slug}: the seed text is not shown verbatim"
        assert "{: onclick=alert(1) } 49" not in text, f"{slug}: '{{{{ 7*7 }}}}' was evaluated"
    _, home = injections((hostile_site / "index.html").read_text(encoding="utf-8"))
    assert all(title in home for title in HOSTILE_TITLES.values())


def test_hostile_seed_text_is_never_code_in_search_index(hostile_site):
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    hits = [doc for doc in index["docs"] if "alert(1)" in doc["title"] + doc["text"]]
    assert len(hits) >= 6
    for doc in index["docs"]:
        for field in ("title", "text"):
            bad, _ = injections(doc[field])
            assert bad == [], (doc["location"], field)
            for raw in ("<script", "<img", "<iframe", "<style", "<div onclick"):
                assert raw not in doc[field], (doc["location"], field, raw)
    titles = {doc["title"] for doc in index["docs"]}
    assert {html_escape(title) for title in HOSTILE_TITLES.values()} <= titles


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_hostile_seed_text_is_plain_data_in_catalogue(hostile_site):
    catalogue = json.loads((hostile_site / "briefings.json").read_text(encoding="utf-8"))
    assert {entry["slug"]: entry["title"] for entry in catalogue} == HOSTILE_TITLES
    (entry,) = [e for e in catalogue if e["seed"] == "hostile.txt"]
    assert entry["summary"] == "Summary " + PAYLOAD
    assert entry["key_points"] == ["Point " + PAYLOAD, "Second point [x](javascript:alert(1))"]
    assert entry["source"]["name"] == "Wire " + PAYLOAD
    assert entry["tags"] == ["<script>alert(1)</script>", "{{ 7*7 }}", '" onmouseover="alert(1)']

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    for text in strings(catalogue):  # text as written, never rendered or escaped into HTML
        assert "&lt;" not in text and "&#" not in text and "<a " not in text and "<p>" not in text, text


def test_markdown_seed_links_never_run_javascript(markdown_links_site):
    html = (markdown_links_site / "briefings" / "markdown-links" / "index.html").read_text(encoding="utf-8")
    bad, _ = injections(html)
    assert [b for b in bad if "javascript" in b.lower()] == []


def test_markdown_seed_images_fetch_nothing_from_other_hosts(markdown_links_site):
    html = (markdown_links_site / "briefings" / "markdown-links" / "index.html").read_text(encoding="utf-8")
    bad, _ = injections(html)
    assert [b for b in bad if "another host" in b] == []


def test_markdown_seed_code_block_shows_the_text(markdown_links_site):
    html = (markdown_links_site / "briefings" / "markdown-links" / "index.html").read_text(encoding="utf-8")
    (code,) = re.findall(r"<pre><code>(.*?)</code></pre>", html, flags=re.S)
    assert unescape(code) == "<script>alert(1)</script>\n"


def test_markdown_seed_automatic_summary_is_the_lead_sentence(markdown_links_site):
    (entry,) = json.loads((markdown_links_site / "briefings.json").read_text(encoding="utf-8"))
    assert entry["summary"] == "NATO ministers met in Brussels about radar."


# --------------------------------------------------------------------------- in a real browser

HOSTILE_PAGES = [
    "",
    *(f"briefings/{slug}/" for slug in HOSTILE_TITLES),
    "topics/space/",
    "organisations/nato/",
    "systems/s-400/",
    "countries/china/",
    "regions/east-asia/",
    "archive/2023/",
]


def in_own_thread(run) -> None:
    """Call run() in a thread of its own and re-raise what it raised.

    test_browser.py keeps a session-wide Playwright running in the main thread, and
    Playwright's sync API refuses a second one in the same thread.
    """
    raised: list[BaseException] = []

    def target():
        try:
            run()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            raised.append(exc)

    worker = threading.Thread(target=target, name="hostile-chromium")
    worker.start()
    worker.join()
    if raised:
        raise raised[0]


@pytest.mark.browser
def test_hostile_pages_run_no_seed_script_in_chromium(hostile_site):
    if not Path(CHROMIUM).is_file():
        unavailable(f"Chromium not installed ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright not installed (pip install -e '.[test]')")
    dialogs: list[str] = []

    def visit(base_url: str) -> Recorder:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.set_default_timeout(TIMEOUT_MS)
                recorder = Recorder(context)
                context.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
                page = context.new_page()
                for path in HOSTILE_PAGES:
                    response = page.goto(base_url + path)
                    assert response is not None and response.status == 200, path
                    page.wait_for_load_state("load")
                    for element in page.locator(".md-content h1, .md-content li, .md-content a").all()[:40]:
                        element.hover(timeout=2_000)
                # search renders the index's text as HTML: a query that hits the hostile text
                page.goto(base_url)
                page.locator(".md-search__input").click()
                page.locator(".md-search__input").press_sequentially("alert", delay=20)
                results = page.locator(".md-search-result__item")
                results.first.wait_for(state="visible")
                results.first.hover()
                page.wait_for_timeout(300)
                assert (
                    page.locator(".md-search-result iframe, .md-search-result img, .md-search-result script").count()
                    == 0
                )
                return recorder
            finally:
                browser.close()

    with serve_site(hostile_site) as base_url:
        recorders: list[Recorder] = []
        in_own_thread(lambda: recorders.append(visit(base_url)))
    assert dialogs == []
    recorders[0].assert_clean(base_url)
