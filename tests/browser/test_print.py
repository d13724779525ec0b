"""A briefing prints as a clean brief: Chromium prints it to PDF, pdftotext reads every page.

The long fixture briefing (tests/fixtures/readers-seeds, TLP:GREEN) spans several A4 pages:
every page carries its TLP marking (TLP 2.0), no page carries the site's navigation, search,
header or footer, page 1 opens with the title, date, source, marking, bottom line and key
points, and external link targets are written out.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from support.browser import serve, unavailable
from support.readers import (
    BRIEFING,
    BRIEFING_TITLE,
    LONG_BRIEFING,
    LONG_TITLE,
    SUBPATH,
    build_readers_site,
)

pytestmark = pytest.mark.browser

SOURCE_URL = "https://defence-review.example.org/2024/05/baltic-air-defence-exercise"
CHROME_TEXT = (  # what the screen shows around the content, none of it on paper
    "Skip to content",
    "Switch to dark mode",
    "Switch to light mode",
    "Back to top",
    "Made with",
    "Material for MkDocs",
    "Type to start searching",
    "Table of contents",
    "Initializing search",
)


def _flat(text: str) -> str:
    """Return text with every run of whitespace removed (pdftotext wraps long URLs)."""
    return re.sub(r"\s+", "", text)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def printed(tmp_path_factory, browser) -> dict[str, list[str]]:
    """Return {page path: [text of each printed page]} for the two briefings."""
    if not shutil.which("pdftotext"):
        unavailable("pdftotext not installed (apt-get install poppler-utils)")
    site = build_readers_site(tmp_path_factory)
    out = tmp_path_factory.mktemp("pdf")
    texts = {}
    context = browser.new_context()
    try:
        with serve(site, prefix=SUBPATH) as base:
            page = context.new_page()
            for path in (LONG_BRIEFING, BRIEFING):
                page.goto(base + path)
                page.wait_for_load_state("load")
                pdf = out / (path.strip("/").replace("/", "_") + ".pdf")
                page.pdf(path=str(pdf), prefer_css_page_size=True)
                text = subprocess.run(
                    ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
                ).stdout
                texts[path] = [page_text for page_text in text.split("\f") if page_text.strip()]
    finally:
        context.close()
    return texts


def test_long_briefing_spans_pages_each_marked_tlp(printed):
    pages = printed[LONG_BRIEFING]
    assert len(pages) >= 2, f"{len(pages)} page(s): the fixture must span several"
    for number, text in enumerate(pages, 1):
        assert "TLP:GREEN" in text, f"page {number} has no TLP marking"
        assert "TLP:CLEAR" not in text, f"page {number} has another marking"
        assert f"Page {number} of {len(pages)}" in text, f"page {number} has no page number"


def test_printed_pages_have_no_site_chrome(printed):
    for path, pages in printed.items():
        for number, text in enumerate(pages, 1):
            found = [chrome for chrome in CHROME_TEXT if chrome in text]
            assert found == [], f"{path} page {number}: {found}"
            # the navigation tabs: their labels in a row, as on screen
            assert not re.search(r"Home\s+Topics\s+Regions", text), f"{path} page {number} prints the tabs"
            assert "¶" not in text, f"{path} page {number} prints permalink anchors"


def test_page_one_opens_with_title_date_source_marking_bottom_line_and_key_points(printed):
    first = _one_line(printed[LONG_BRIEFING][0])
    order = [
        first.index("TLP:GREEN"),
        first.index("2024-05-17"),
        first.index("Example Defence Review"),
        first.index(LONG_TITLE),
        first.index("Bottom line"),
        first.index("Estonia, Latvia and Lithuania ran their largest joint air-defence exercise so far"),
        first.index("Key points"),
        first.index("More than 4,000 personnel"),
        first.index("Article"),
    ]
    assert order[3:] == sorted(order[3:]), "title, bottom line, key points, article are out of order"
    assert max(order[:3]) < order[4], "date, source and marking come after the bottom line"


def test_external_link_targets_are_written_out(printed):
    pages = printed[LONG_BRIEFING]
    assert f"({SOURCE_URL})" in _flat(pages[0]), "the source link's address is not printed on page 1"
    assert _flat(" ".join(pages)).count(f"({SOURCE_URL})") == 2  # the card and the Sources section
    for text in pages:
        assert "(../" not in text and "(http://127.0.0.1" not in text, "a link to the site's own pages was written out"


def test_seed_briefing_is_marked_clear_on_every_page(printed):
    pages = printed[BRIEFING]
    assert len(pages) >= 1
    assert BRIEFING_TITLE in _one_line(pages[0])
    for number, text in enumerate(pages, 1):
        assert "TLP:CLEAR" in text, f"page {number} has no TLP marking"
