"""Run queries through the built site's two searches in Debian's Chromium (Playwright, async).

- Header search (Material's, lunr in a web worker): a page is opened once per lane, the
  search box clicked, then for each query the box is cleared and the query typed key by key
  as a reader would. Material sends the box's value to its worker on every keyup; an init
  script counts the queries sent and the results received (it only observes: the messages
  pass unchanged), so the results read are those of the whole query, never of a prefix. The
  ordered page URLs are read from the list Material renders (its first 10 items) and the
  count from its "N matching documents"; the full list of pages, for the broad-query check,
  is taken from the same result message the list is drawn from (Material draws the rest only
  as the reader scrolls).
- Search page (Pagefind): `search/?query=…` is opened for each query; the page marks its
  first results shown (`.bsearch[data-results]` equal to the address's query string). The
  URLs are read from `.bsearch__list`, the count from `.bsearch__status`; for a query that
  returns more than `full_over` results, "Show more" is pressed until every result is listed.
"""

from __future__ import annotations

import asyncio
import functools
import http.server
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

CHROMIUM = "/usr/bin/chromium"
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
TIMEOUT_MS = 15_000
POLL_MS = 10  # checks by timer: animation frames are throttled in pages not in front
TOP = 10
HEADER, PAGE = "header", "page"
SEARCHES = (HEADER, PAGE)

# Material's worker messages: {type: 2, data: query} out, {type: 3, data: {items: [[doc, …], …]}} back.
OBSERVE_WORKER = """
(() => {
  const Native = window.Worker;
  const state = window.__relevanceBench = { sent: 0, received: 0, settled: 0, query: null, pages: [] };
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const message = event.data;
        if (!message || message.type !== 3) return;
        const number = ++state.received;
        const pages = (message.data.items || []).map((group) => {
          const page = group.find((doc) => !doc.location.includes("#")) || group[0];
          return page.location;
        });
        // Material draws the list in its own handler of this message, after this one: read after it.
        setTimeout(() => { state.pages = pages; state.settled = number; }, 0);
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) { state.sent += 1; state.query = message.data; }
      return super.postMessage(message, ...rest);
    }
  };
})();
"""

HEADER_SETTLED = """(before) => {
  const s = window.__relevanceBench;
  if (!(s.sent > before && s.settled === s.sent)) return false;
  const shown = document.querySelectorAll(".md-search-result__list > .md-search-result__item").length;
  return shown === Math.min(10, s.pages.length);
}"""

HEADER_IDLE = "() => { const s = window.__relevanceBench; return s.settled === s.sent; }"

HEADER_READ = """() => ({
  urls: [...document.querySelectorAll(".md-search-result__list > .md-search-result__item")]
    .map((item) => item.querySelector("a.md-search-result__link"))
    .filter(Boolean).map((link) => link.href),
  meta: document.querySelector(".md-search-result__meta").textContent.trim(),
  pages: window.__relevanceBench.pages,
  sent: window.__relevanceBench.query,
})"""

PAGE_READ = """() => ({
  urls: [...document.querySelectorAll(".bsearch__list a.bsearch__title")].map((link) => link.href),
  status: document.querySelector(".bsearch__status").textContent.trim(),
  more: !document.querySelector(".bsearch__more").hidden,
})"""


@dataclass(slots=True)
class Outcome:
    """What one search returned for one query: the ordered result paths (site-relative, e.g.
    briefings/SLUG/), the count the search reported, and every result where it was read."""

    urls: list[str] = field(default_factory=list)
    count: int = 0
    every: list[str] | None = None
    sent: str | None = None  # the header search: the query as Material's worker received it
    error: str | None = None


# --------------------------------------------------------------------------- serving


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


@contextmanager
def serve(directory: Path):
    """Yield http://127.0.0.1:PORT/ serving directory from a daemon thread."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="relevance-site", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def site_path(url: str, base: str) -> str:
    """Return a result URL as a site-relative page path: no query string, no fragment."""
    path = urlsplit(urljoin(base, url)).path
    root = urlsplit(base).path
    return path[len(root) :] if path.startswith(root) else path.lstrip("/")


def dedupe(paths: list[str]) -> list[str]:
    """Return paths without repeats, first occurrence kept."""
    return list(dict.fromkeys(paths))


def parse_count(text: str) -> int:
    """Return the number in a search's count line ('12 matching documents', '1 briefing found.',
    'No matching documents'); Material writes 1,000 and more as '1.2k'."""
    match = re.search(r"(\d[\d,.]*)(k?)", text)
    if not match:
        return 0
    number = float(match.group(1).replace(",", ""))
    return int(round(number * 1000)) if match.group(2) else int(number)


# --------------------------------------------------------------------------- the two searches


async def _header_lane(context, base: str, queue: asyncio.Queue, results: dict, full_over: int) -> None:
    page = None
    while True:
        try:
            query = queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        try:
            if page is None:
                page = await context.new_page()
                await page.goto(base)
                await page.locator(".md-search__input").click()
            results[query.id] = await _header_query(page, base, query.text, full_over)
        except Exception as error:  # noqa: BLE001 - recorded per query, the run goes on
            results[query.id] = Outcome(error=f"{type(error).__name__}: {str(error).splitlines()[0]}")
            if page is not None:
                await page.close()
            page = None  # a fresh page for the next query
    if page is not None:
        await page.close()


async def _header_query(page, base: str, text: str, full_over: int) -> Outcome:
    box = page.locator(".md-search__input")
    await box.focus()
    await page.keyboard.press("Control+A")
    await page.keyboard.press("Backspace")
    await page.wait_for_function(HEADER_IDLE, polling=POLL_MS)
    before = await page.evaluate("window.__relevanceBench.sent")
    await page.keyboard.insert_text(text)
    await box.press("End")  # Material reads the box on keyup: this key sends the whole query
    await page.wait_for_function(HEADER_SETTLED, arg=before, polling=POLL_MS)
    shown = await page.evaluate(HEADER_READ)
    urls = dedupe([site_path(url, base) for url in shown["urls"]])
    every = dedupe([site_path(location, base) for location in shown["pages"]])
    if urls != every[: len(urls)]:
        raise RuntimeError(f"the list shown {urls[:3]}… is not the worker's result {every[:3]}…")
    count = parse_count(shown["meta"])
    return Outcome(urls=urls[:TOP], count=count, every=every if count > full_over else None, sent=shown["sent"])


async def _page_lane(context, base: str, queue: asyncio.Queue, results: dict, full_over: int) -> None:
    page = await context.new_page()
    try:
        while True:
            try:
                query = queue.get_nowait()
            except asyncio.QueueEmpty:
                break
            try:
                results[query.id] = await _page_query(page, base, query.text, full_over)
            except Exception as error:  # noqa: BLE001 - recorded per query, the run goes on
                results[query.id] = Outcome(error=f"{type(error).__name__}: {str(error).splitlines()[0]}")
    finally:
        await page.close()


async def _page_query(page, base: str, text: str, full_over: int) -> Outcome:
    await page.goto(f"{base}search/?query={quote(text, safe='')}", wait_until="commit")
    await page.wait_for_function(
        "() => { const r = document.querySelector('.bsearch'); return r && r.dataset.results === location.search; }",
        polling=POLL_MS,
    )
    shown = await page.evaluate(PAGE_READ)
    count = parse_count(shown["status"])
    every = None
    if count > full_over:
        while shown["more"]:
            listed = len(shown["urls"])
            await page.locator(".bsearch__more").click()
            await page.wait_for_function(
                "(n) => document.querySelectorAll('.bsearch__list a.bsearch__title').length > n",
                arg=listed,
                polling=POLL_MS,
            )
            shown = await page.evaluate(PAGE_READ)
        every = dedupe([site_path(url, base) for url in shown["urls"]])
    urls = dedupe([site_path(url, base) for url in shown["urls"]])
    return Outcome(urls=urls[:TOP], count=count, every=every)


async def _run(base: str, queries: list, lanes: int, full_over: int, chromium: str) -> tuple[dict, str]:
    from playwright.async_api import async_playwright

    results: dict[str, dict] = {HEADER: {}, PAGE: {}}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            header_context = await browser.new_context(viewport={"width": 1280, "height": 900})
            await header_context.add_init_script(OBSERVE_WORKER)
            page_context = await browser.new_context(viewport={"width": 1280, "height": 900})
            for context in (header_context, page_context):
                context.set_default_timeout(TIMEOUT_MS)
            queues = {name: asyncio.Queue() for name in SEARCHES}
            for query in queries:
                for queue in queues.values():
                    queue.put_nowait(query)
            await asyncio.gather(
                *(_header_lane(header_context, base, queues[HEADER], results[HEADER], full_over) for _ in range(lanes)),
                *(_page_lane(page_context, base, queues[PAGE], results[PAGE], full_over) for _ in range(lanes)),
            )
            version = browser.version
        finally:
            await browser.close()
    return results, version


def run_searches(
    base: str, queries: list, lanes: int = 2, full_over: int = 0, chromium: str = CHROMIUM
) -> tuple[dict[str, dict[str, Outcome]], str]:
    """Return {search: {query id: Outcome}} for every query in both searches, and Chromium's
    version; `lanes` pages per search run at once; results over `full_over` are listed in full."""
    return asyncio.run(_run(base, queries, lanes, full_over, chromium))
