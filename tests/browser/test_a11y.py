"""Accessibility, judged by axe-core (npm, pinned in package.json) in Debian's Chromium.

Every page type, in the light and the dark palette, has no axe-core violation of serious or
critical impact; so does the search dialog showing results; the TLP badge meets contrast in
every marking's colours; and the search works with the keyboard alone. No rule is disabled.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support.browser import TIMEOUT_MS, h1_text, serve
from support.readers import (
    BRIEFING,
    BRIEFING_TITLE,
    LONG_BRIEFING,
    REPO,
    SUBPATH,
    build_readers_site,
    node_file,
    page_types,
)

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's data-md-color-scheme
QUERY = "Voronezh"
MARKINGS = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_readers_site(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(site) -> str:
    with serve(site, prefix=SUBPATH) as url:
        yield url


@pytest.fixture(scope="module")
def axe_source() -> str:
    return node_file(AXE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def chromium(browser):
    return browser


def _context(chromium, scheme: str):
    ctx = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    ctx.set_default_timeout(TIMEOUT_MS)
    return ctx


def _axe(page, axe_source: str, options: dict | None = None) -> list[dict]:
    """Return axe-core's violations on the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source)
    return page.evaluate("options => axe.run(document, options)", {"resultTypes": ["violations"], **(options or {})})[
        "violations"
    ]


def _blocking(violations: list[dict]) -> list[str]:
    """Return 'rule (impact): target' for every serious or critical violation."""
    return sorted(
        f"{v['id']} ({v['impact']}): {' '.join(map(str, node['target']))}"
        for v in violations
        if v["impact"] in BLOCKING
        for node in v["nodes"]
    )


def _open(page, url: str, scheme: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("load")
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme], f"{url}: palette not {scheme}"


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_every_page_type_has_no_serious_axe_violation(chromium, site, base_url, axe_source, scheme):
    ctx = _context(chromium, scheme)
    try:
        page = ctx.new_page()
        found, summary = {}, {}
        pages = dict(page_types(site), **{"briefing TLP:GREEN": LONG_BRIEFING})
        for kind, path in pages.items():
            _open(page, base_url + path, scheme)
            violations = _axe(page, axe_source)
            summary[kind] = sorted(f"{v['id']} ({v['impact']})" for v in violations)
            if _blocking(violations):
                found[kind] = _blocking(violations)
        print(f"axe {scheme}: {summary}")
        assert found == {}
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_search_dialog_with_results_has_no_serious_axe_violation(chromium, base_url, axe_source, scheme):
    ctx = _context(chromium, scheme)
    try:
        page = ctx.new_page()
        _open(page, base_url, scheme)
        page.keyboard.press("/")
        page.keyboard.type(QUERY, delay=20)
        page.locator(".md-search-result__item").first.wait_for(state="visible")
        assert _blocking(_axe(page, axe_source)) == []
    finally:
        ctx.close()


def test_tlp_badge_meets_contrast_in_every_marking(chromium, base_url, axe_source):
    ctx = _context(chromium, "light")
    try:
        page = ctx.new_page()
        _open(page, base_url + BRIEFING, "light")
        badge = page.locator(".briefing-tlp")
        assert badge.inner_text() == "TLP:CLEAR"
        for marking in MARKINGS:
            modifier = marking.lower().replace(":", "-").replace("+", "-")
            badge.evaluate(
                "(el, [m, c]) => { el.textContent = m; el.className = 'briefing-tlp briefing-tlp--' + c; }",
                [marking, modifier],
            )
            violations = _axe(page, axe_source, {"runOnly": ["color-contrast"]})
            assert [v for v in violations if any(".briefing-tlp" in str(n["target"]) for n in v["nodes"])] == [], (
                marking
            )
    finally:
        ctx.close()


def test_search_works_with_the_keyboard_alone(chromium, base_url):
    ctx = _context(chromium, "light")
    try:
        page = ctx.new_page()
        _open(page, base_url, "light")
        page.keyboard.press("/")  # Material's shortcut: focus the search box
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')"), (
            "'/' did not focus search"
        )
        page.keyboard.type(QUERY, delay=20)
        page.locator(".md-search-result__item").first.wait_for(state="visible")
        target = urlsplit(base_url).path + BRIEFING
        for _ in range(10):  # arrow down through the results to the briefing
            page.keyboard.press("ArrowDown")
            href = page.evaluate("document.activeElement.getAttribute('href') || ''")
            if urlsplit(href).path == target:
                break
        else:
            pytest.fail(f"ArrowDown never reached the result for {BRIEFING}")
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "no visible focus"
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: urlsplit(url).path == target)
        page.wait_for_load_state("load")
        assert h1_text(page) == BRIEFING_TITLE
    finally:
        ctx.close()


def test_search_box_is_reached_with_tab(chromium, base_url):
    ctx = _context(chromium, "light")
    try:
        page = ctx.new_page()
        _open(page, base_url, "light")
        for presses in range(1, 11):  # noqa: B007 - read after the loop
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('md-search__input')"):
                break
        else:
            pytest.fail("ten Tab presses never reached the search box")
        assert presses <= 4, f"the search box is the {presses}th stop"  # skip link, logo, palette toggle, search
        page.keyboard.type(QUERY, delay=20)
        page.locator(".md-search-result__item").first.wait_for(state="visible")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: urlsplit(url).path == urlsplit(base_url).path + BRIEFING)
    finally:
        ctx.close()
