"""From a saved page to a published, searchable briefing: `briefings add`, `briefings build`, then Chromium
opens the briefing, reads its source and provenance, and finds it with both searches."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support.browser import h1_text, serve
from support.intake import INTAKE
from support.project import build_site, copy_project

SLUG = "norway-extends-arctic-radar-coverage-as-northern-fleet-patrols-grow"
TITLE = "Norway extends Arctic radar coverage as Northern Fleet patrols grow"
CANONICAL = "https://www.harbourpost.example.com/world/2024/03/14/norway-arctic-radar-coverage"


@pytest.fixture(scope="module")
def intake_url(tmp_path_factory):
    """The repository's site with the saved news page added by `briefings add`, served on 127.0.0.1."""
    root = copy_project(tmp_path_factory.mktemp("intake") / "project")
    added = subprocess.run(
        [sys.executable, "-m", "briefings", "add", str(INTAKE / "news-page.html")],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert added.stdout.startswith("added seeds/2024-03-14-norway-extends-arctic-radar-coverage-as-northern-fleet.txt")
    site: Path = build_site(root)
    with serve(site) as url:
        yield url


def test_an_added_page_is_published_with_its_source_and_provenance(context, recorder, intake_url):
    page = context.new_page()
    response = page.goto(intake_url + f"briefings/{SLUG}/")
    assert response is not None and response.status == 200
    assert h1_text(page) == TITLE
    card = page.locator(".briefing-card")
    assert card.locator("a", has_text="Harbour Post").get_attribute("href") == CANONICAL
    assert "by Maria Lindqvist" in card.inner_text()
    sources = page.locator("h2#sources + ul li").first
    assert sources.inner_text() == (
        "Harbour Post (harbourpost.example.com) · by Maria Lindqvist · published 2024-03-14 07:45 UTC+01:00"
    )
    assert sources.locator("a").get_attribute("href") == CANONICAL
    assert "No source was given" not in page.content()
    provenance = page.locator(".briefing-provenance").all_inner_texts()
    assert provenance[0].startswith("Added with briefings add on ")
    assert provenance[0].endswith(
        "from a saved copy of the web page, news-page.html. The bottom line and key points were extracted "
        "automatically from the article's text, not written by a person."
    )
    assert provenance[1].startswith("Seed file 2024-03-14-norway-extends-arctic-radar-coverage-as-northern-fleet.txt")
    assert page.locator("h3", has_text="Gaps in the north").count() == 1  # a heading of the article, in the TOC too
    assert page.locator("table td", has_text="Honningsvåg").count() == 1
    assert "Accept all cookies" not in page.content() and "Most read" not in page.content()
    recorder.assert_clean(intake_url)


def test_an_added_page_is_found_by_both_searches(context, recorder, intake_url):
    page = context.new_page()
    page.goto(intake_url)
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially("Honningsvåg", delay=20)
    page.wait_for_function(
        "() => !/Initializing|Type to start/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    page.wait_for_timeout(300)
    titles = page.locator(".md-search-result__item > a.md-search-result__link article h1").all_inner_texts()
    assert titles == [TITLE]
    page.goto(intake_url + "search/?query=Sørøya")
    page.wait_for_function(
        "() => { const r = document.querySelector('.bsearch'); return r && r.dataset.ready === location.search; }"
    )
    assert page.locator(".bsearch__hit .bsearch__title").all_inner_texts() == [TITLE]
    page.locator(".bsearch__hit .bsearch__title").first.click()
    page.wait_for_url(intake_url + f"briefings/{SLUG}/")
    recorder.assert_clean(intake_url)
