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

import functools
import http.server
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import build_site, copy_project

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("BRIEFINGS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SUBPATH = "/REPO"  # GitHub Pages serves a project site under /REPO/

BRIEFING = "briefings/russia-and-china-propose-sharing-satellite-intelligence/"
BRIEFING_TITLE = "Russia and China Propose Sharing Satellite Intelligence"
QUERY = "Voronezh"
TIMEOUT_MS = 10_000


# --------------------------------------------------------------------------- serving


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serve a folder, optionally only under a path prefix such as /REPO; log nothing."""

    def __init__(self, *args, prefix: str = "", **kwargs):
        self.prefix = prefix  # set before super().__init__, which handles the request
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass

    def send_head(self):
        if self.prefix:
            path = urlsplit(self.path).path
            if path == self.prefix:
                self.send_response(301)
                self.send_header("Location", self.prefix + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if not path.startswith(self.prefix + "/"):
                self.send_error(404, "outside the project sub-path")
                return None
        return super().send_head()

    def translate_path(self, path):
        if self.prefix and path.startswith(self.prefix + "/"):
            path = path[len(self.prefix) :]
        return super().translate_path(path)


@contextmanager
def _serve(directory: Path, prefix: str = "", handler_class=None):
    """Yield the base URL (ending in /) of a server for `directory` in a daemon thread."""
    handler = functools.partial(handler_class or _SiteHandler, directory=str(directory), prefix=prefix)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"site-server{prefix}", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}{prefix}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built from the repository's own seeds into a temporary folder."""
    site = build_site(copy_project(tmp_path_factory.mktemp("browser") / "project"))
    assert (site / BRIEFING / "index.html").is_file(), f"the build wrote no {BRIEFING}"
    return site


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """http://127.0.0.1:PORT/ serving the built site."""
    with _serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def subpath_url(built_site) -> str:
    """http://127.0.0.1:PORT/REPO/ serving the same site, as GitHub Pages does for a project."""
    with _serve(built_site, prefix=SUBPATH) as url:
        yield url


# --------------------------------------------------------------------------- browser


def _unavailable(reason: str):
    if os.environ.get("BRIEFINGS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (BRIEFINGS_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(f"{reason}: browser tests skipped")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    if not Path(CHROMIUM).is_file():
        _unavailable(f"Chromium not installed ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright not installed (pip install -e '.[test]')")
    yield _shared_chromium(sync_playwright)


_SHARED: dict = {}


def _shared_chromium(sync_playwright):
    """Return the one Chromium of this test process. Modules that import `browser` get a fixture
    of their own, and Playwright's sync API allows one instance per thread: all share this one."""
    if "chromium" not in _SHARED:
        import atexit

        pw = sync_playwright().start()
        _SHARED["chromium"] = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        atexit.register(lambda: (_SHARED["chromium"].close(), pw.stop()))
    return _SHARED["chromium"]


class Recorder:
    """Everything a browser context did that a test may want to assert on."""

    def __init__(self, context):
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("requestfailed", self._failed)
        context.on("response", self._response)
        context.on("console", lambda msg: msg.type == "error" and self.errors.append(f"console: {msg.text}"))
        context.on("weberror", lambda error: self.errors.append(f"pageerror: {error.error}"))

    def _failed(self, request):
        if request.failure != "net::ERR_ABORTED":  # cut short by a navigation: not the site's fault
            self.failed.append(f"{request.url}: {request.failure}")

    def _response(self, response):
        if response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def assert_clean(self, base_url: str) -> None:
        """Every request went to base_url's server, under its path; nothing failed; no errors."""
        assert self.requests, "the browser made no request at all"
        base = urlsplit(base_url)
        elsewhere = [
            url
            for url in self.requests
            if not url.startswith(("data:", "blob:"))
            and (urlsplit(url).netloc != base.netloc or not urlsplit(url).path.startswith(base.path))
        ]
        assert not elsewhere, f"requests outside {base_url}: {elsewhere}"
        assert not self.failed, f"failed requests: {self.failed}"
        assert not self.errors, f"errors in the browser: {self.errors}"


@pytest.fixture
def context(browser):
    """A fresh browser context (light colour scheme, desktop width)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def recorder(context) -> Recorder:
    return Recorder(context)


# --------------------------------------------------------------------------- helpers


def _h1_text(page) -> str:
    """The page's h1, without Material's permalink anchor."""
    return page.locator(".md-content h1").first.evaluate(
        "h => { const c = h.cloneNode(true); c.querySelectorAll('.headerlink').forEach(a => a.remove());"
        " return c.textContent.trim(); }"
    )


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
    assert _h1_text(page) == BRIEFING_TITLE
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
        assert _h1_text(page) == title, url
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
    found = dict(zip(chips.all_inner_texts(), chips.evaluate_all("as => as.map(a => a.href)")))
    for name, slug in [("Russia", "russia"), ("China", "china"), ("United States", "united-states")]:
        assert found.get(name) == f"{site_url}countries/{slug}/", f"chip {name!r}: {found}"
    for href in found.values():
        assert page.request.get(href).status == 200, href

    recorder.assert_clean(site_url)
