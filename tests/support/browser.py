"""Debian's Chromium driven by Playwright, and a local server for built sites (at the root or under a sub-path).

Chromium is found at ``$BRIEFINGS_CHROMIUM`` (default ``/usr/bin/chromium``). Without it, or without
the playwright package, browser tests are skipped, or fail when ``BRIEFINGS_REQUIRE_BROWSER=1`` (CI sets it).
Every test records every request the browser makes (Recorder) and can fail on any request to another host,
any HTTP error, console error or page error.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support.project import build_site, copy_project

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


class SiteHandler(http.server.SimpleHTTPRequestHandler):
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
def serve(directory: Path, prefix: str = "", handler_class=None):
    """Yield the base URL (ending in /) of a server for `directory` in a daemon thread."""
    handler = functools.partial(handler_class or SiteHandler, directory=str(directory), prefix=prefix)
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


def unavailable(reason: str):
    if os.environ.get("BRIEFINGS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (BRIEFINGS_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(f"{reason}: browser tests skipped")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    if not Path(CHROMIUM).is_file():
        unavailable(f"Chromium not installed ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright not installed (pip install -e '.[test]')")
    yield shared_chromium(sync_playwright)


_SHARED: dict = {}


def shared_chromium(sync_playwright):
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


def h1_text(page) -> str:
    """The page's h1, without Material's permalink anchor."""
    return page.locator(".md-content h1").first.evaluate(
        "h => { const c = h.cloneNode(true); c.querySelectorAll('.headerlink').forEach(a => a.remove());"
        " return c.textContent.trim(); }"
    )


# ---------------------------------------------------------------- fixtures (the root conftest.py offers them)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built from the repository's own seeds into a temporary folder."""
    site = build_site(copy_project(tmp_path_factory.mktemp("browser") / "project"))
    assert (site / BRIEFING / "index.html").is_file(), f"the build wrote no {BRIEFING}"
    return site


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """http://127.0.0.1:PORT/ serving the built site."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def subpath_url(built_site) -> str:
    """http://127.0.0.1:PORT/REPO/ serving the same site, as GitHub Pages does for a project."""
    with serve(built_site, prefix=SUBPATH) as url:
        yield url


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory) -> Path:
    """The repository's site built for https://example.github.io/REPO/ (served under SUBPATH)."""
    return build_site(
        copy_project(tmp_path_factory.mktemp("links") / "project"), f"https://example.github.io{SUBPATH}/"
    )
