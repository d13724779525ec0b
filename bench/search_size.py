"""What a reader downloads to search, Pagefind page against Material's index, at N briefings.

    .venv/bin/python bench/search_size.py [N ...] [--query WORD] [--keep DIR [--reuse]] [--files]
    (default N: 1000 10000)

For each N: synthesise N seeds (bench/synth.py), build the site with `briefings build`
(the plugin runs Pagefind after MkDocs), then open `search/?query=WORD` in Chromium and
add up what the page downloaded before its first results were on screen (the page marks
that moment, `briefings:first-results`), each body gzip-compressed (level 6, what a web
server sends). Counted, as the issue lists them: the page, the scripts (JavaScript and
Pagefind's WebAssembly) and the index files; stylesheets and images are shown apart, and
so are the filter chunks the facet counts load after the first results. Compared with
Material's search_index.json gzipped, which every page with the header search box
downloads. Prints a table and the growth from the smallest N to the largest. Not part of
`make test`.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from briefings.integrations.pagefind.index import INDEX_DIR, build_search_index, built_page_names, plan_parts  # noqa: E402
from synth import CORPUS, synthesise  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
TARGET_RATIO = 1 / 20
TARGET_COUNT = 10_000  # the figure: with 10,000 briefings


def gz(data: bytes) -> int:
    """Return the gzip-compressed size of data (level 6)."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def make_project(target: Path, count: int) -> Path:
    """Return a project in target with the repository's site configuration and `count` synthetic seeds."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", target / "theme")
    (target / "content").mkdir()
    for name in ("about.md", "search.md"):
        shutil.copy(ROOT / "content" / name, target / "content" / name)
    (target / "seeds").mkdir()
    shutil.copy(ROOT / "seeds" / "taxonomy.yml", target / "seeds" / "taxonomy.yml")
    synthesise(target / "seeds", count)
    return target


def build(project: Path) -> float:
    """Build the project's site; return the seconds it took."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "briefings", "build", "--quiet"], cwd=project, check=True)
    return time.perf_counter() - start


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


@contextmanager
def serve(directory: Path):
    """Yield http://127.0.0.1:PORT/ serving directory."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


TIMELINE = """() => ({
  origin: performance.timeOrigin,
  mark: (performance.getEntriesByName("briefings:first-results")[0] || {}).startTime,
  ended: performance.getEntriesByType("resource").map(e => [e.name, e.responseEnd]),
})"""  # also evaluated in Pagefind's web worker, which makes the index fetches


def timeline(page) -> tuple[float | None, dict[str, float]]:
    """Return when the page marked its first results and when each download ended (ms since the epoch), page and
    workers."""
    mark, ended = None, {}
    for scope in [page, *page.workers]:
        data = scope.evaluate(TIMELINE)
        if scope is page and data["mark"] is not None:
            mark = data["origin"] + data["mark"]
        for name, end in data["ended"]:
            ended[name] = data["origin"] + end
    return mark, ended


def kind(path: str) -> str:
    """Return what a downloaded path is: page, script, index or other (stylesheets, images, fonts)."""
    name = path.split("?")[0]
    if name.startswith(f"/{INDEX_DIR}/"):
        return "script" if name.endswith((".js", ".pagefind")) else "index"  # wasm.en.pagefind is code
    if name.endswith((".js", ".mjs")):
        return "script"
    if name.endswith(("/", ".html")):
        return "page"
    return "other"


COUNTED = ("page", "script", "index")  # what the issue counts: page, scripts, index chunks


def first_results_bytes(browser, base_url: str, query: str) -> dict:
    """Open search/?query=QUERY in a fresh context; return what was downloaded before the first results showed.

    The page marks `briefings:first-results` when it has put its first results on screen.
    A response counts when the resource timing of the page or of Pagefind's worker says it
    ended before that mark; the document itself counts, and so does any response missing
    from both timelines, so nothing is left out. The facets load after the mark: the
    download until they are shown is reported too.
    """
    context = browser.new_context()
    responses = []
    context.on("response", lambda response: responses.append(response))
    try:
        page = context.new_page()
        page.add_init_script("performance.setResourceTimingBufferSize(10000)")
        page.goto(f"{base_url}search/?query={query}")
        page.wait_for_function(
            "() => { const r = document.querySelector('.bsearch'); return r && r.dataset.ready === location.search; }",
            timeout=300_000,
        )
        page.wait_for_load_state("networkidle")
        status = page.locator(".bsearch__status").inner_text()
        mark, ended = timeline(page)
        first_ms = page.evaluate("() => performance.getEntriesByName('briefings:first-results')[0].startTime")
        files = {}
        for response in responses:
            try:
                body = response.body()
            except Exception:  # noqa: BLE001 - a redirect or aborted request has no body
                continue
            files[response.url] = (len(body), gz(body))
    finally:
        context.close()
    assert mark is not None, "the search page never marked its first results"
    document = f"{base_url}search/?query={query}"
    before, after = {}, {}
    for url, sizes in files.items():
        path = "/" + url[len(base_url) :]
        early = url == document or ended.get(url, 0) <= mark
        (before if early else after)[path] = sizes
    by_kind = {k: sum(g for p, (_, g) in before.items() if kind(p) == k) for k in ("page", "script", "index", "other")}
    return {
        "status": status,
        "first_ms": first_ms,
        "requests": len(before),
        "raw": sum(raw for p, (raw, _) in before.items() if kind(p) in COUNTED),
        "gzip": sum(by_kind[k] for k in COUNTED),
        "by_kind": by_kind,
        "index_gzip": by_kind["index"],
        "facets_gzip": sum(g for p, (_, g) in after.items() if kind(p) in COUNTED),
        "material_fetched": any(u.endswith("search_index.json") for u in files),
        "files": before,
        "later": after,
    }


def measure(site: Path, browser, query: str) -> dict:
    """Return the figures for one built site."""
    material = (site / "search" / "search_index.json").read_bytes()
    report = build_search_index(
        site, "en", plan_parts(built_page_names(site))
    )  # the same run the plugin made, in the same parts, timed on its own
    pagefind_files = [p for p in (site / INDEX_DIR).rglob("*") if p.is_file()]
    with serve(site) as url:
        page = first_results_bytes(browser, url, query)
    return {
        "material_raw": len(material),
        "material_gzip": gz(material),
        "index_seconds": report.seconds,
        "index_pages": report.pages,
        "index_parts": report.parts,
        "pagefind_files": len(pagefind_files),
        "pagefind_bytes": sum(p.stat().st_size for p in pagefind_files),
        "page": page,
    }


def refresh_assets(site: Path) -> None:
    """Copy the repository's theme assets over a kept site's (scripts and styles edited since its build)."""
    for source in (ROOT / "theme" / "assets").rglob("*"):
        if source.is_file():
            shutil.copyfile(source, site / "assets" / source.relative_to(ROOT / "theme" / "assets"))


def run(count: int, workdir: Path, browser, query: str, reuse: bool = False) -> dict:
    """Synthesise, build and measure a site of `count` briefings in workdir/N (reuse: measure the site kept there)."""
    start = time.perf_counter()
    project = workdir / str(count)
    timing = project / "build-seconds.txt"  # kept with the site, for --reuse
    if reuse and (project / "site" / "search" / "index.html").is_file():
        refresh_assets(project / "site")
        synth_seconds = float("nan")
        build_seconds = float(timing.read_text()) if timing.is_file() else float("nan")
    else:
        make_project(project, count)
        synth_seconds = time.perf_counter() - start
        build_seconds = build(project)
        timing.write_text(f"{build_seconds:.3f}\n")
    figures = measure(project / "site", browser, query)
    figures.update(count=count, synth_seconds=synth_seconds, build_seconds=build_seconds)
    return figures


def mb(n: int) -> str:
    return f"{n / 1_000_000:.2f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} kB"


def print_table(rows: list[dict], query: str) -> None:
    text = (
        f"corpus articles from {CORPUS}"
        if CORPUS.is_dir()
        else "generated text (no corpus: a 30-word vocabulary, the query matches nearly every briefing)"
    )
    print(f"seed text: {text}")
    print(f"one-word query: {query!r} (search/?query={query}, fresh browser cache); sizes gzipped (level 6)")
    print("first results = page + scripts (JS, wasm) + index files downloaded before the first results showed;")
    print("not counted: stylesheets and images (shown apart), the facet counts' filter chunks (loaded after)")
    print(
        f"{'N':>7} | {'site build':>10} | {'pagefind':>8} | {'parts':>5} | {'first results':>20} | {'page':>5} | "
        f"{'scripts':>7} | {'index':>6} | {'css+img':>7} | {'+facets':>7} | {'Material index':>14} | {'ratio':>7} | "
        f"{'shown at':>9} | results"
    )
    for r in rows:
        p, k = r["page"], r["page"]["by_kind"]
        ratio = p["gzip"] / r["material_gzip"]
        print(
            f"{r['count']:>7} | {r['build_seconds']:>9.1f}s | {r['index_seconds']:>7.1f}s | {r['index_parts']:>5} | "
            f"{mb(p['gzip']):>11} ({p['requests']:>2} req) | {mb(k['page']):>5} | {mb(k['script']):>7} | "
            f"{mb(k['index']):>6} | {mb(k['other']):>7} | {mb(p['facets_gzip']):>7} | {mb(r['material_gzip']):>14} | "
            f"{ratio:>7.3f} | {p['first_ms']:>6.0f} ms | {p['status']}"
        )
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        grow = lambda key, f=lambda r, k: r[k]: f(b, key) / f(a, key)  # noqa: E731
        page = lambda r, k: r["page"][k]  # noqa: E731
        print(
            f"growth {a['count']}→{b['count']} (×{b['count'] / a['count']:.0f} briefings): "
            f"first results ×{grow('gzip', page):.2f}, of which index ×{grow('index_gzip', page):.2f}; "
            f"Material index ×{grow('material_gzip'):.2f}; pagefind time ×{grow('index_seconds'):.2f}; "
            f"site build ×{grow('build_seconds'):.2f}"
        )
    for r in rows:
        if r["count"] != TARGET_COUNT:
            print(
                f"N={r['count']}: first results are 1/{r['material_gzip'] / r['page']['gzip']:.1f} of Material's index "
                f"(the target applies at N={TARGET_COUNT})"
            )
            continue
        ok = r["page"]["gzip"] <= TARGET_RATIO * r["material_gzip"]
        print(
            f"N={r['count']}: target first results ≤ 1/20 of Material's index "
            f"({mb(int(TARGET_RATIO * r['material_gzip']))}): "
            f"{'met' if ok else 'NOT met'} (1/{r['material_gzip'] / r['page']['gzip']:.1f})"
            + ("" if not r["page"]["material_fetched"] else " (the search page fetched search_index.json!)")
        )


def print_files(rows: list[dict]) -> None:
    for r in rows:
        for title, files in (("before the first results", r["page"]["files"]), ("after (facets)", r["page"]["later"])):
            print(f"\nN={r['count']}, {title}:")
            for path, (raw, packed) in sorted(files.items()):
                print(f"  {packed:>9,} gz {raw:>10,} raw  {kind(path):<6}  {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--query", default="radar")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary folder)")
    parser.add_argument("--files", action="store_true", help="list every file the search page downloaded")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --keep: measure the sites already built there (theme assets refreshed, Pagefind re-run)",
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for count in args.sizes:
                    rows.append(run(count, workdir, browser, args.query, args.reuse))
                    print(f"N={count}: built in {rows[-1]['build_seconds']:.1f}s", file=sys.stderr)
            finally:
                browser.close()
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print_table(rows, args.query)
    if args.files:
        print_files(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
