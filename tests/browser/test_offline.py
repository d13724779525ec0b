"""In Chromium: the offline bundle searched from file://, and no page of the site asks another host for anything."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from support.browser import BRIEFING, BRIEFING_TITLE, QUERY, SUBPATH, Recorder, serve
from support.project import copy_project

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def bundle_dir(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("bundle") / "project")
    subprocess.run(
        [sys.executable, "-m", "briefings", "bundle", "--output", "site.zip"], cwd=root, check=True, capture_output=True
    )
    target = root / "unzipped"
    with zipfile.ZipFile(root / "site.zip") as archive:
        archive.extractall(target)
    return target


def test_bundle_searches_from_file_urls_without_any_host(browser, context, bundle_dir):  # noqa: F811
    recorder = Recorder(context)
    page = context.new_page()
    page.goto((bundle_dir / "index.html").as_uri())
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(QUERY, delay=20)
    results = page.locator(".md-search-result__item > a.md-search-result__link")
    results.first.wait_for(state="visible")
    hit = results.filter(has=page.locator("h1", has_text=BRIEFING_TITLE))
    assert hit.count() == 1, results.all_inner_texts()
    assert hit.get_attribute("href").split("?")[0].endswith(BRIEFING.rstrip("/") + ".html")
    hit.click()
    page.wait_for_url(lambda url: url.split("?")[0].endswith(BRIEFING.rstrip("/") + ".html"))
    assert page.locator(".md-content h1").first.inner_text().startswith(BRIEFING_TITLE)
    elsewhere = [u for u in recorder.requests if not u.startswith(("file://", "data:", "blob:"))]
    assert elsewhere == []
    assert any(u.endswith("search/search_index.js") for u in recorder.requests)
    assert recorder.failed == [] and recorder.errors == []


PAGE_TYPES = [
    "",  # home
    BRIEFING,
    "countries/russia/",  # a term page
    "topics/space/",
    "countries/",  # an overview
    "archive/",
    "archive/2023/",
    "about/",
    "404.html",
    "feeds/all.atom.xml",
    "feeds/countries/russia.json",
]


def test_no_page_type_requests_another_host(browser, context, subpath_site):  # noqa: F811
    recorder = Recorder(context)
    favicon = []  # Chromium's own request for /favicon.ico when it shows a feed: the browser's, not the site's
    context.on("console", lambda msg: msg.location.get("url", "").endswith("/favicon.ico") and favicon.append(msg.text))
    with serve(subpath_site, prefix=SUBPATH) as base:
        page = context.new_page()
        for path in PAGE_TYPES:
            response = page.goto(base + path)
            assert response is not None and response.status == 200, path
            page.wait_for_load_state("networkidle")
        assert len(recorder.requests) > len(PAGE_TYPES)
        for text in favicon:
            recorder.errors.remove(f"console: {text}")
        recorder.assert_clean(base)
