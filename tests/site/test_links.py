"""Sub-path safety: the site built for https://example.github.io/REPO/ and served under /REPO/
has no broken internal link, asset or feed URL (every href and src of every page, every feed link)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest

from support.browser import SUBPATH, serve

pytestmark = pytest.mark.slow

SITE_URL = f"https://example.github.io{SUBPATH}/"
ATOM = "{http://www.w3.org/2005/Atom}"


class Links(HTMLParser):
    """Every href and src of a page."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)


def page_url(base: str, site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return base + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)


def internal(url: str, base: str) -> str | None:
    """Return the served URL of an internal link (fragment dropped), or None for another host or scheme."""
    if url.startswith(SITE_URL):
        url = base + url[len(SITE_URL) :]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(base).netloc:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_every_internal_link_asset_and_feed_url_resolves_under_the_subpath(subpath_site):
    site = subpath_site
    with serve(site, prefix=SUBPATH) as base:
        targets: dict[str, str] = {}  # served URL -> the page that links to it
        pages = sorted(site.rglob("*.html"))
        assert len(pages) > 20
        for path in pages:
            parser = Links()
            parser.feed(path.read_text(encoding="utf-8"))
            here = page_url(base, site, path)
            for href in parser.urls:
                if href.startswith(("mailto:", "javascript:", "data:")):
                    continue
                target = internal(urljoin(here, href), base)
                if target is not None:
                    targets.setdefault(target, f"{path.relative_to(site)}: {href}")
        feeds = sorted((site / "feeds").rglob("*.xml")) + sorted((site / "feeds").rglob("*.json"))
        assert len(feeds) > 20
        for path in feeds:
            here = page_url(base, site, path)
            if path.suffix == ".xml":
                root = ET.parse(path).getroot()
                hrefs = [link.get("href") for link in root.iter(f"{ATOM}link")]
            else:
                feed = json.loads(path.read_text(encoding="utf-8"))
                hrefs = [feed["home_page_url"], feed["feed_url"], *(item["url"] for item in feed["items"])]
            for href in hrefs:
                assert href.startswith(SITE_URL), f"{path}: {href} is not absolute under site_url"
                targets.setdefault(internal(urljoin(here, href), base), f"{path.relative_to(site)}: {href}")
        broken = {url: where for url, where in targets.items() if status(url) != 200}
        assert broken == {}
        served = {urlsplit(u).path for u in targets}
        for needed in (
            "/REPO/feeds/all.atom.xml",
            "/REPO/feeds/countries/russia.json",
            "/REPO/countries/russia/",
            "/REPO/assets/stylesheets/briefings.css",
            "/REPO/",
        ):
            assert needed in served, needed


def test_the_404_page_uses_the_subpath_of_site_url(subpath_site):
    parser = Links()
    parser.feed((subpath_site / "404.html").read_text(encoding="utf-8"))
    local = [u for u in parser.urls if u.startswith("/")]
    assert local and all(u.startswith(f"{SUBPATH}/") for u in local), local
