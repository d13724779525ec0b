"""The world map inline in a real Material page, in Debian's Chromium: links, keyboard, palette, axe-core.

A two-page MkDocs site with Material and the project's palette toggle is built in a temporary folder;
the map is the raw HTML block map_block() makes, as the countries page will carry it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefings.pages.worldmap import DARK, LIGHT, map_block, render_world_map
from support.browser import TIMEOUT_MS, serve
from support.readers import REPO, node_file

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
COUNTS = {"RU": 40, "UA": 22, "CN": 9, "SG": 1, "XK": 1}
NAMES = {"RU": "Russia", "UA": "Ukraine", "CN": "China", "SG": "Singapore", "XK": "Kosovo"}
MKDOCS_YML = """\
site_name: Map test
use_directory_urls: true
theme:
  name: material
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      toggle: {icon: material/brightness-7, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      toggle: {icon: material/brightness-4, name: Switch to light mode}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("worldmap")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    docs = root / "docs" / "countries"
    docs.mkdir(parents=True)
    svg = render_world_map(COUNTS, {c: f"{c.lower()}/" for c in COUNTS}, NAMES, "Countries by number of briefings")
    (docs / "index.md").write_text(f"# Countries\n\n{map_block(svg)}\nThe table follows.\n", encoding="utf-8")
    for code, name in NAMES.items():
        (docs / f"{code.lower()}.md").write_text(f"# {name}\n", encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Home\n\n[Countries](countries/index.md)\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=root,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return root / "site"


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site) as url:
        yield url + "countries/"


def open_page(browser, url, scheme="light", width=1280):
    ctx = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    ctx.set_default_timeout(TIMEOUT_MS)
    page = ctx.new_page()
    assert page.goto(url).status == 200
    return ctx, page


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def fill(page, selector: str) -> str:
    return page.evaluate("s => getComputedStyle(document.querySelector(s)).fill", selector)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colours_follow_materials_palette_not_only_the_system(browser, base_url, scheme):
    ctx, page = open_page(browser, base_url, scheme)
    try:
        colours, other = (LIGHT, DARK) if scheme == "light" else (DARK, LIGHT)
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("default" if scheme == "light" else "slate")
        assert fill(page, ".map-land path.map-c0") == rgb(colours["c0"])
        assert fill(page, "a[data-code=RU] path") == rgb(colours["c5"])
        # the reader flips Material's toggle against the system preference: the map follows the site
        page.evaluate(
            "s => document.body.setAttribute('data-md-color-scheme', s)", "slate" if scheme == "light" else "default"
        )
        assert fill(page, ".map-land path.map-c0") == rgb(other["c0"])
        assert fill(page, "a[data-code=RU] path") == rgb(other["c5"])
    finally:
        ctx.close()


def test_keyboard_reaches_a_country_shows_focus_and_follows_the_link(browser, base_url):
    ctx, page = open_page(browser, base_url)
    try:
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('map-link')"):
                break
        else:
            pytest.fail("Tab never reached a country link")
        assert page.evaluate("document.activeElement.getAttribute('data-code')") == "CN"  # by name: China first
        stroke = page.evaluate("getComputedStyle(document.activeElement.querySelector('path')).stroke")
        assert stroke == rgb(LIGHT["focus"])
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
        page.keyboard.press("Enter")
        page.wait_for_url("**/countries/cn/")
        assert page.locator("h1").inner_text() == "China"
    finally:
        ctx.close()


def test_the_map_fills_a_phone_column(browser, base_url):
    ctx, page = open_page(browser, base_url, width=390)
    try:
        width, height = page.evaluate(
            "(() => { const r = document.querySelector('svg.world-map').getBoundingClientRect(); return "
            "[r.width, r.height]; })()"
        )
        column = page.evaluate("document.querySelector('.md-content__inner').getBoundingClientRect().width")
        box = page.evaluate("document.querySelector('svg.world-map').getAttribute('viewBox')").split()
        assert column - 40 <= width <= column
        assert height / width == pytest.approx(float(box[3]) / float(box[2]), rel=0.01)
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_in_the_map(browser, base_url, scheme):
    axe = node_file(AXE).read_text(encoding="utf-8")
    ctx, page = open_page(browser, base_url, scheme)
    try:
        page.add_script_tag(content=axe)
        result = page.evaluate("() => axe.run({include: [['figure.world-map-figure']]}, {resultTypes: ['violations']})")
        serious = sorted(
            f"{v['id']}: {' '.join(map(str, n['target']))}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
            for n in v["nodes"]
        )
        assert serious == []
        assert result["violations"] == [] or all(
            v["impact"] not in ("serious", "critical") for v in result["violations"]
        )
    finally:
        ctx.close()
