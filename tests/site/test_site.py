"""End to end: plain `mkdocs build --strict` runs the generator through the plugin."""

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support.project import FIXTURE_SEEDS, copy_project

pytestmark = pytest.mark.slow


class Resources(HTMLParser):
    """Collects every URL the browser would fetch by itself (not links a reader clicks)."""

    def __init__(self):
        super().__init__()
        self.fetched = []
        self.scripts = []
        self.handlers = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and attrs.get("src"):
            self.fetched.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("canonical", "alternate", "prev", "next"):
            self.fetched.append(attrs["href"])
        if tag == "script":
            self.scripts.append(attrs.get("src") or "(inline)")
        self.handlers.extend(name for name in attrs if name.startswith("on"))
        for name in ("href", "src", "action", "formaction"):
            value = (attrs.get(name) or "").strip().lower()
            if value == "javascript:void(0)" and "md-search__icon" in (attrs.get("class") or ""):
                continue  # Material's own search share button
            if value.startswith(("javascript:", "data:text/html", "vbscript:")):
                self.handlers.append(f"{name}={attrs[name]}")


def mkdocs_build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        cwd=root,
    )


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("fixture-site") / "project", seeds_from=FIXTURE_SEEDS)
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr
    return root / "site"


def test_plain_mkdocs_build_generates_and_builds_the_seed_site(tmp_path):
    root = copy_project(tmp_path / "project")
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr
    site = root / "site"
    page = (site / "briefings/russia-and-china-propose-sharing-satellite-intelligence/index.html").read_text()
    assert (
        '<h1 id="russia-and-china-propose-sharing-satellite-intelligence">'
        "Russia and China Propose Sharing Satellite Intelligence" in page
    )
    for expected in (
        "countries/russia/index.html",
        "organisations/peoples-liberation-army/index.html",
        "systems/voronezh-radar/index.html",
        "archive/2023/index.html",
        "topics/space/index.html",
    ):
        assert (site / expected).exists(), expected
    index = json.loads((site / "search/search_index.json").read_text())
    assert any("Voronezh" in doc["text"] for doc in index["docs"] if doc["location"].startswith("briefings/"))
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert pages == {"briefings/russia-and-china-propose-sharing-satellite-intelligence/", "about/"}
    catalogue = json.loads((site / "briefings.json").read_text())
    exported = subprocess.run([sys.executable, "-m", "briefings", "export"], capture_output=True, text=True, cwd=root)
    assert json.loads(exported.stdout) == catalogue


def test_a_bad_seed_fails_plain_mkdocs_build_with_every_problem(tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "seeds" / "x.txt").write_text("2023-01-01\nX\n\nText.\n")
    (root / "seeds" / "x.yml").write_text("topics: [nope]\n")
    done = mkdocs_build(root)
    assert done.returncode == 1
    assert "seeds/x.yml:1: unknown topic 'nope'; known topics: " in done.stderr
    assert "Traceback" not in done.stderr
    assert not (root / "site").exists()


def test_no_page_fetches_anything_from_another_host_or_runs_seed_text(fixture_site):
    pages = sorted(fixture_site.rglob("*.html"))
    assert len(pages) > 25
    for page in pages:
        parser = Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        external = [url for url in parser.fetched if re.match(r"(?i)^(https?:)?//", url)]
        assert external == [], f"{page}: {external}"
        assert parser.handlers == [], f"{page}: {parser.handlers}"
        assert all(src == "(inline)" or "assets/javascripts/" in src for src in parser.scripts), page
    hostile = (
        fixture_site / "briefings/title-with-b-tags-b-jinja-raw-and-a-link-javascript-alert-1/index.html"
    ).read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile
    assert "<b>tags</b>" not in hostile and "Title with &lt;b&gt;tags&lt;/b&gt;" in hostile
    assert "{{ jinja }}" in hostile


def test_fonts_are_not_loaded_from_google(fixture_site):
    html = (fixture_site / "index.html").read_text()
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def test_serve_regenerates_when_a_seed_is_added(tmp_path):
    import socket
    import time
    import urllib.error
    import urllib.request

    root = copy_project(tmp_path / "project")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    import os

    # `mkdocs serve` mounts the site under the path of site_url; serve it at the root here.
    env = {**os.environ, "BRIEFINGS_SITE_URL": f"http://127.0.0.1:{port}/"}
    server = subprocess.Popen(
        [sys.executable, "-m", "briefings", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )

    def status(path: str) -> int:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=2) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0

    def indexed_pages() -> int:
        """Return how many pages the search page's Pagefind index holds (-1: no index yet)."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json", timeout=2) as response:
                entry = json.load(response)
        except (OSError, ValueError):
            return -1
        return sum(language["page_count"] for language in entry["languages"].values())

    def wait_until(check, seconds: float = 40) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if check():
                return True
            time.sleep(0.25)
        return False

    def wait_for(path: str, code: int) -> bool:
        return wait_until(lambda: status(path) == code)

    try:
        assert wait_for("", 200), "serve did not start"
        assert wait_until(lambda: indexed_pages() == 1), (
            "the first build's search index never appeared"
        )  # in the background
        assert status("briefings/a-new-seed-arrives/") == 404
        (root / "seeds" / "new.txt").write_text("2024-03-01\nA New Seed Arrives\n\nNATO ministers met about radars.\n")
        started = time.monotonic()
        assert wait_for("briefings/a-new-seed-arrives/", 200), "the new briefing never appeared"
        assert time.monotonic() - started < 30
        assert wait_until(lambda: indexed_pages() == 2), "the search index was not refreshed with the new briefing"
    finally:
        server.terminate()
        server.wait(timeout=10)
