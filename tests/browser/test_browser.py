"""Drive the real site in Debian's Chromium: search, navigation, page types, sub-path hosting.

The site is built once from the repository's own seeds and served from 127.0.0.1,
both at the root (``http://127.0.0.1:PORT/``) and under ``/REPO/`` as GitHub Pages
serves a project site. Every test records every request the browser makes and
fails on any request to another host, any HTTP error, console error or page error.

Chromium is found at ``$BRIEFINGS_CHROMIUM`` (default ``/usr/bin/chromium``). Without
it, or without the playwright package, the tests are skipped, or fail when
``BRIEFINGS_REQUIRE_BROWSER=1`` (CI sets it).
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from support.browser import BRIEFING, BRIEFING_TITLE, QUERY, h1_text


def _search_and_open_briefing(context, base_url: str) -> None:
    """Search the header box for QUERY, click the seed briefing's result, land on its page."""
    page = context.new_page()
    response = page.goto(base_url)
    assert response is not None and response.status == 200

    box = page.locator(".md-search__input")
    box.click()
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')"), "search box not focused"
    box.press_sequentially(QUERY, delay=20)

    results = page.locator(".md-search-result__item > a.md-search-result__link")
    results.first.wait_for(state="visible")
    hit = results.filter(has=page.locator("h1", has_text=BRIEFING_TITLE))
    assert hit.count() == 1, f"no single result for the briefing among {results.all_inner_texts()}"
    href = hit.get_attribute("href")
    assert urlsplit(urljoin(page.url, href)).path == urlsplit(base_url).path + BRIEFING, href
    assert page.locator(".md-search-result mark", has_text=QUERY).count() > 0, "query not highlighted in results"

    hit.click()
    target = urlsplit(base_url).path + BRIEFING
    page.wait_for_url(lambda url: urlsplit(url).path == target)
    page.wait_for_load_state("load")

    assert urlsplit(page.url).path.endswith(BRIEFING)
    assert h1_text(page) == BRIEFING_TITLE
    # search.highlight: the query is marked on the page reached from a result
    assert page.locator(".md-content mark", has_text=QUERY).count() > 0


# --------------------------------------------------------------------------- tests


@pytest.mark.browser
def test_search_finds_briefing_and_opens_it(browser, context, recorder, site_url):
    _search_and_open_briefing(context, site_url)
    assert any(url.endswith("/search/search_index.json") for url in recorder.requests)
    recorder.assert_clean(site_url)


@pytest.mark.browser
def test_search_under_project_subpath(browser, context, recorder, subpath_url):
    _search_and_open_briefing(context, subpath_url)
    assert subpath_url + "search/search_index.json" in recorder.requests
    recorder.assert_clean(subpath_url)


PAGES = [
    ("", "Briefings"),
    (BRIEFING, BRIEFING_TITLE),
    ("countries/russia/", "Russia"),
    ("countries/", "Countries"),
    ("archive/", "Archive"),
    ("archive/2023/", "2023"),
    ("about/", "About this site"),
]


@pytest.mark.browser
def test_every_page_type_loads_cleanly(browser, context, recorder, site_url):
    page = context.new_page()
    for path, title in PAGES:
        url = site_url + path
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{url}: {response and response.status}"
        page.wait_for_load_state("load")
        assert h1_text(page) == title, url
        if path in ("countries/russia/", "archive/2023/"):
            links = page.locator(".md-content a").evaluate_all("as => as.map(a => a.href)")
            assert site_url + BRIEFING in links, f"{url} does not link to the briefing"

    page.goto(site_url + BRIEFING)
    card = page.locator(".briefing-card")
    assert card.count() == 1
    card_text = card.inner_text()
    assert "TLP:CLEAR" in card_text
    assert "2023-12-08" in card_text
    assert card.locator("time[datetime='2023-12-08']").count() == 1

    chips = page.locator(".briefing-chips a")
    found = dict(zip(chips.all_inner_texts(), chips.evaluate_all("as => as.map(a => a.href)"), strict=False))
    for name, slug in [("Russia", "russia"), ("China", "china"), ("United States", "united-states")]:
        assert found.get(name) == f"{site_url}countries/{slug}/", f"chip {name!r}: {found}"
    for href in found.values():
        assert page.request.get(href).status == 200, href

    recorder.assert_clean(site_url)
