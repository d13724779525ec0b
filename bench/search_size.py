"""What a reader downloads to search, Pagefind page against Material's index, at N briefings.

    .venv/bin/python bench/search_size.py [N ...] [--query WORD] [--keep DIR]   (default N: 1000 10000)

For each N: synthesise N seeds (bench/synth.py), build the site with `briefings build`
(the plugin runs Pagefind after MkDocs), then open `search/?query=WORD` in Chromium and
add up every response the page received until its first results were shown, each body
gzip-compressed (level 6, what a web server sends). Compared with Material's
search_index.json gzipped, which every page with the header search box downloads.
Prints a table and the growth from the smallest N to the largest. Not part of `make test`.
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

from generator.search import INDEX_DIR, build_search_index  # noqa: E402
from synth import synthesise  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
TARGET_RATIO = 1 / 20


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
    subprocess.run([sys.executable, "-m", "generator", "build", "--quiet"], cwd=project, check=True)
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


def first_results_bytes(browser, base_url: str, query: str) -> dict:
    """Open search/?query=QUERY in a fresh context; return what was downloaded until the first results showed."""
    context = browser.new_context()
    responses = []
    context.on("response", lambda response: responses.append(response))
    try:
        page = context.new_page()
        page.goto(f"{base_url}search/?query={query}")
        page.wait_for_function(
            "() => { const r = document.querySelector('.bsearch'); return r && r.dataset.results === location.search; }",
            timeout=120_000,
        )
        status = page.locator(".bsearch__status").inner_text()
        seen = list(responses)
        files = {}
        for response in seen:
            try:
                body = response.body()
            except Exception:  # noqa: BLE001 - a redirect or aborted request has no body
                continue
            files[response.url[len(base_url) - 1:]] = (len(body), gz(body))
    finally:
        context.close()
    index = {u: s for u, s in files.items() if u.startswith(f"/{INDEX_DIR}/")}
    return {
        "status": status,
        "requests": len(files),
        "raw": sum(raw for raw, _ in files.values()),
        "gzip": sum(g for _, g in files.values()),
        "index_gzip": sum(g for _, g in index.values()),
        "material_fetched": any(u.endswith("search_index.json") for u in files),
        "files": files,
    }


def measure(site: Path, browser, query: str) -> dict:
    """Return the figures for one built site."""
    material = (site / "search" / "search_index.json").read_bytes()
    report = build_search_index(site)  # the same run the plugin made, timed on its own
    pagefind_files = [p for p in (site / INDEX_DIR).rglob("*") if p.is_file()]
    with serve(site) as url:
        page = first_results_bytes(browser, url, query)
    return {
        "material_raw": len(material),
        "material_gzip": gz(material),
        "index_seconds": report.seconds,
        "index_pages": report.pages,
        "pagefind_files": len(pagefind_files),
        "pagefind_bytes": sum(p.stat().st_size for p in pagefind_files),
        "page": page,
    }


def run(count: int, workdir: Path, browser, query: str) -> dict:
    """Synthesise, build and measure a site of `count` briefings in workdir/N."""
    start = time.perf_counter()
    project = make_project(workdir / str(count), count)
    synth_seconds = time.perf_counter() - start
    build_seconds = build(project)
    figures = measure(project / "site", browser, query)
    figures.update(count=count, synth_seconds=synth_seconds, build_seconds=build_seconds)
    return figures


def mb(n: int) -> str:
    return f"{n / 1_000_000:.2f} MB" if n >= 100_000 else f"{n / 1000:.1f} kB"


def print_table(rows: list[dict], query: str) -> None:
    print(f"one-word query: {query!r} (search/?query={query}, fresh browser cache)")
    print(f"{'N':>7} | {'site build':>10} | {'pagefind':>8} | {'page→first results, gz':>22} | {'of which index':>14} | "
          f"{'Material index gz':>17} | {'ratio':>7} | results")
    for r in rows:
        p = r["page"]
        ratio = p["gzip"] / r["material_gzip"]
        print(f"{r['count']:>7} | {r['build_seconds']:>9.1f}s | {r['index_seconds']:>7.1f}s | "
              f"{mb(p['gzip']):>13} ({p['requests']:>2} req) | {mb(p['index_gzip']):>14} | {mb(r['material_gzip']):>17} | "
              f"{ratio:>7.3f} | {p['status']}")
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        grow = lambda key, f=lambda r, k: r[k]: f(b, key) / f(a, key)  # noqa: E731
        page = lambda r, k: r["page"][k]  # noqa: E731
        print(f"growth {a['count']}→{b['count']} (×{b['count'] / a['count']:.0f} briefings): "
              f"search page download ×{grow('gzip', page):.2f}, of which index ×{grow('index_gzip', page):.2f}; "
              f"Material index ×{grow('material_gzip'):.2f}; pagefind time ×{grow('index_seconds'):.2f}; "
              f"site build ×{grow('build_seconds'):.2f}")
    for r in rows:
        ok = r["page"]["gzip"] <= TARGET_RATIO * r["material_gzip"]
        print(f"N={r['count']}: target ≤ 1/20 of Material's index: {'met' if ok else 'NOT met'}"
              + ("" if not r["page"]["material_fetched"] else " (the search page fetched search_index.json!)"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--query", default="radar")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary folder)")
    parser.add_argument("--files", action="store_true", help="list every file the search page downloaded")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for count in args.sizes:
                    rows.append(run(count, workdir, browser, args.query))
                    print(f"N={count}: built in {rows[-1]['build_seconds']:.1f}s", file=sys.stderr)
            finally:
                browser.close()
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print_table(rows, args.query)
    if args.files:
        for r in rows:
            print(f"\nN={r['count']}:")
            for url, (raw, packed) in sorted(r["page"]["files"].items()):
                print(f"  {packed:>9,} gz {raw:>10,} raw  {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
