"""The archive-scale benchmark: generator, full build, Material blog baseline, incremental and serve.

    .venv/bin/python bench/run.py                       # what `make bench` runs
    .venv/bin/python bench/run.py --sizes 1000 --quick  # a shorter run
    .venv/bin/python bench/run.py --sizes 20 --generator-sizes 20,40 --quick --output /tmp/b.md

For each N it synthesises N seeds (bench/synth.py) and measures, in this one run:
the generator alone in a subprocess (seeds -> content/; wall, articles/s, peak RSS), the
full build (`python -m generator build --quiet` in a fresh project), Material's blog
plugin on the same N articles, what adding one seed makes the generator rewrite, and how
long `briefings serve` takes to serve a newly saved seed. It prints the Markdown report
and writes it to --output (default docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import yaml  # noqa: E402

from briefings.incremental.parallel import default_jobs  # noqa: E402
from synth import CORPUS, synthesise  # noqa: E402

TODAY = "2026-01-01"  # SOURCE_DATE_EPOCH date: nothing synthesised is embargoed
EPOCH = str(int(dt.datetime(2026, 1, 1, tzinfo=dt.UTC).timestamp()))
MIB = 1024 * 1024


@dataclass
class Run:
    """One measured subprocess."""

    wall: float
    peak: int  # bytes
    returncode: int
    stdout: str
    stderr: str
    user: float = 0.0  # CPU seconds in the process and its waited-for children
    system: float = 0.0  # ...and in the kernel on their behalf (file creation, page faults)


def run_measured(command: list[str], cwd: Path, env: dict | None = None, timeout: float = 3600) -> Run:
    """Run a command; return its wall time and the peak resident memory of it and its waited-for children."""
    # Flush what earlier steps wrote and deleted first: on this machine's ext4 (mounted with
    # discard) a run that follows the removal of a large tree otherwise pays for it, up to 5x
    # the write stage of the generator.
    os.sync()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            wall,
            usage.ru_maxrss * 1024,
            process.returncode,
            out.read().decode(),
            err.read().decode(),
            usage.ru_utime,
            usage.ru_stime,
        )


def environment(**extra: str) -> dict:
    """Return the environment for measured subprocesses."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONHASHSEED="0", NO_MKDOCS_2_WARNING="1")
    env.update(extra)
    return env


def child_generate(seeds: str, content: str, jobs: str = "1", cache: str = "") -> None:
    """(In a subprocess) run the generator over seeds into content; print its report as JSON."""
    from briefings.build import generate
    from briefings.settings import settings_from

    options = {
        "seeds": seeds,
        "taxonomy": str(Path(seeds) / "taxonomy.yml"),
        "timezone": "UTC",
        "jobs": int(jobs),
        "cache": bool(cache),
        **({"cache_dir": cache} if cache else {}),
    }
    settings = settings_from(options, config_dir=Path.cwd(), site_name="Briefings")
    start = time.perf_counter()
    report = generate(settings, Path(content), dt.date.fromisoformat(TODAY))
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "seconds": seconds,
                "published": report.published,
                "cached": report.cached,
                "written": list(report.written.written),
                "unchanged": report.written.unchanged,
                "removed": list(report.written.removed),
                "kept": report.written.kept,
                "timings": report.timings,
            }
        )
    )


def generate_measured(seeds: Path, content: Path, jobs: int = 1, cache: Path | None = None) -> tuple[Run, dict]:
    """Return the measured generator subprocess and its report."""
    command = [sys.executable, __file__, "--child-generate", str(seeds), str(content), str(jobs), str(cache or "")]
    run = run_measured(command, ROOT, environment())
    if run.returncode != 0:
        raise SystemExit(f"generator failed on {seeds}:\n{run.stderr[-3000:]}")
    return run, json.loads(run.stdout.strip().splitlines()[-1])


def make_project(target: Path, seeds: Path) -> Path:
    """Return a project in target: the repository's mkdocs.yml, theme and hand-written content, and these seeds."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", target / "theme")
    generated = set()
    manifest = ROOT / "content" / ".briefings-manifest"
    if manifest.exists():
        generated = {
            line for line in manifest.read_text(encoding="utf-8").split("\n") if line and not line.startswith("#")
        }
    for path in sorted((ROOT / "content").rglob("*")):
        relative = path.relative_to(ROOT / "content").as_posix()
        if path.is_file() and relative not in generated and not relative.startswith("."):
            (target / "content" / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target / "content" / relative)
    (target / "content").mkdir(exist_ok=True)
    shutil.copytree(seeds, target / "seeds")
    return target


def tree_size(folder: Path) -> int:
    """Return the total size in bytes of the files under folder."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


# `briefings build --quiet`, then the peak resident memory of the Python process itself and of
# the largest process it ran (Pagefind), on stderr's last line.
BUILD_AND_REPORT_PEAKS = """
import resource, runpy, sys
import briefings.integrations.mkdocs.site as builder
def resident():
    with open("/proc/self/status") as status:
        return next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
indexing = [0]  # the process's resident memory (KiB) when it starts Pagefind
index = builder.build_search_index
def measured(*args):
    indexing[0] = resident()
    return index(*args)
builder.build_search_index = measured
sys.argv = ["briefings", "build", "--quiet"]
try:
    runpy.run_module("briefings", run_name="__main__")
finally:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peaks {own} {children} {indexing[0]}", file=sys.stderr)
"""


# Pagefind run on its own over a built site, in the parts the plugin indexes it in by default.
INDEX_ALONE = """
import sys
from pathlib import Path
from briefings.integrations.pagefind.index import build_search_index, built_page_names, plan_parts
site = Path(sys.argv[1])
report = build_search_index(site, "en", plan_parts(built_page_names(site)))
print(report.parts, report.pages)
"""


def index_alone(site: Path) -> dict:
    """Index a built site with Pagefind alone; return its wall time, peak memory and parts."""
    run = run_measured([sys.executable, "-c", INDEX_ALONE, str(site)], ROOT, environment())
    if run.returncode != 0:
        raise SystemExit(f"indexing {site} failed:\n{run.stderr[-3000:]}")
    parts, pages = (int(n) for n in run.stdout.split())
    return {"wall": run.wall, "peak": run.peak, "parts": parts, "pages": pages}


def full_build(project: Path) -> dict:
    """Build the project with `briefings build --quiet`; return the figures."""
    run = run_measured([sys.executable, "-c", BUILD_AND_REPORT_PEAKS], project, environment())
    if run.returncode != 0:
        raise SystemExit(f"briefings build failed in {project}:\n{run.stderr[-3000:]}")
    _, own, children, indexing = run.stderr.strip().splitlines()[-1].split()
    run.stderr = "\n".join(run.stderr.strip().splitlines()[:-1])
    site = project / "site"
    pages = sorted((site / "briefings").glob("*/index.html"))
    return {
        "wall": run.wall,
        "peak": run.peak,
        "peak_python": int(own) * 1024,
        "peak_children": int(children) * 1024,
        "python_indexing": int(indexing) * 1024,
        "site": tree_size(site),
        "page": sum(p.stat().st_size for p in pages) / max(1, len(pages)),
        "pages": len(pages),
        "lunr": tree_size(site / "search"),
        "pagefind": tree_size(site / "pagefind"),
        "quiet_output": run.stdout + run.stderr,
    }


BLOG_CONFIG = """\
site_name: Blog baseline
docs_dir: docs
site_dir: site
theme:
  name: material
  font: false
plugins:
  - blog
  - search
"""


def blog_project(target: Path, content: Path, seeds: Path) -> Path:
    """Return a Material blog with the same articles: posts in docs/blog/posts, categories = topics, tags = countries
    and tags."""
    catalogue = json.loads((content / "briefings.json").read_text(encoding="utf-8"))
    posts = target / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(BLOG_CONFIG, encoding="utf-8")
    (target / "docs" / "index.md").write_text("# Blog baseline\n", encoding="utf-8")
    (target / "docs" / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    for entry in catalogue:
        lines = (seeds / Path(entry["seed"]).name).read_text(encoding="utf-8").split("\n")
        body = "\n".join(lines[2:]).strip()
        meta = {
            "date": dt.date.fromisoformat(entry["date"]),
            "categories": entry["topics"] or ["Other"],
            "tags": entry["countries"] + entry["tags"],
        }
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
        (posts / f"{entry['slug']}.md").write_text(
            f"---\n{front}---\n\n# {entry['title']}\n\n{body}\n", encoding="utf-8"
        )
    return target


def blog_build(project: Path) -> dict:
    """Build the blog baseline with `mkdocs build`; return the figures."""
    run = run_measured([sys.executable, "-m", "mkdocs", "build", "--quiet"], project, environment())
    if run.returncode != 0:
        raise SystemExit(f"blog baseline build failed in {project}:\n{run.stderr[-3000:]}")
    return {"wall": run.wall, "peak": run.peak, "site": tree_size(project / "site")}


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> int:
    """Return the HTTP status of a GET, 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return 0


def wait_for(url: str, timeout: float, process: subprocess.Popen | None = None) -> float | None:
    """Poll url until it answers 200; return the seconds waited, or None on timeout or a dead server."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if fetch(url) == 200:
            return time.perf_counter() - start
        if process is not None and process.poll() is not None:
            return None
        time.sleep(0.1)
    return None


def serve_latency(project: Path, count: int, timeout: float) -> dict:
    """Start `briefings serve` on the project, save a new seed, return the seconds until its page is served."""
    from briefings.enrich import slugify

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = environment(BRIEFINGS_SITE_URL=base)
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "briefings", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        startup = wait_for(base, timeout, process)
        if startup is None:
            log.seek(0)
            return {"error": "serve did not start: " + log.read().decode()[-2000:]}
        time.sleep(1.5)  # let the watcher settle after the first build
        with tempfile.TemporaryDirectory() as tmp:
            new = synthesise(Path(tmp), 1, start=count + 1)[0]
            title = new.read_text(encoding="utf-8").split("\n")[1]
            page = f"{base}briefings/{slugify(title)}/"
            before = fetch(page)
            if before != 404:
                return {"error": f"{page} answered {before} before its seed was saved"}
            for path in sorted(Path(tmp).iterdir()):  # the .yml first would be a stray; copy the .txt last
                if path.suffix != ".txt":
                    shutil.copy(path, project / "seeds" / path.name)
            shutil.copy(new, project / "seeds" / f"serve-{new.name}")
        latency = wait_for(page, timeout, process)
        result = {"startup": startup, "latency": latency}
        if latency is None:
            log.seek(0)
            result["error"] = "new page not served: " + log.read().decode()[-2000:]
        return result
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def versions() -> dict:
    """Return the machine and software description."""
    from importlib.metadata import version

    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = 0
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram": ram,
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "material": version("mkdocs-material"),
        "load": load,
        "corpus": CORPUS.is_dir(),
    }


def mib(value: float) -> str:
    """Return bytes as MiB with one decimal."""
    return f"{value / MIB:,.1f} MiB"


def kib(value: float) -> str:
    """Return bytes as KiB with one decimal."""
    return f"{value / 1024:,.1f} KiB"


@dataclass
class Results:
    """Everything measured in one run."""

    generator: dict[int, dict] = field(default_factory=dict)
    build: dict[int, dict] = field(default_factory=dict)
    blog: dict[int, dict] = field(default_factory=dict)
    incremental: dict[int, dict] = field(default_factory=dict)
    serve: dict[int, dict] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


GENERATOR_COLUMNS = (
    "N",
    "cold: wall",
    "cold: articles/s",
    "cold: CPU user / system",
    "peak memory",
    "cold: per stage (s)",
    "warm cache: wall",
    "warm: articles/s",
    "warm: per stage (s)",
)
BUILD_COLUMNS = (
    "N",
    "full build wall",
    "peak memory (Python / largest child)",
    "site size",
    "bytes per briefing page",
    "search index (lunr)",
    "search index (Pagefind)",
    "Pagefind alone: peak memory (parts)",
    "Python while Pagefind runs",
    "blog baseline wall",
    "blog peak memory",
    "ratio",
    "again, nothing changed (ratio)",
    "again, one seed added (ratio)",
)
INCREMENTAL_COLUMNS = (
    "N",
    "files rewritten",
    "files rendered",
    "generator (in process)",
    "generator (subprocess wall)",
    "per stage (s)",
    "what was rewritten",
)
AGAIN_COLUMNS = ("N", "files rendered", "generator (in process)", "generator (subprocess wall)", "per stage (s)")


def again_cell(build: dict | None, blog: dict | None) -> str:
    """Return a rebuild's wall time, with its ratio to the blog baseline where that ran."""
    if build is None:
        return ""
    return f"{build['wall']:.1f} s" + (f" ({build['wall'] / blog['wall']:.2f}×)" if blog else "")


def table(columns, rows) -> str:
    """Return a Markdown table."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines.extend("| " + " | ".join(str(c) for c in row) + " |" for row in rows)
    return "\n".join(lines)


def rewritten_kinds(paths: list[str]) -> str:
    """Return a short account of rewritten paths by top folder."""
    kinds: dict[str, int] = {}
    for path in paths:
        top = path.split("/", 1)[0] if "/" in path else path
        kinds[top] = kinds.get(top, 0) + 1
    return ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))


def report(results: Results, machine: dict, command: str) -> str:
    """Return the Markdown report."""
    out = [
        "# Benchmarks",
        "",
        "Developer notes, not part of the site. Reproduce with:",
        "",
        f"```sh\n{command}\n```",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['ram'] / 1024**3:.1f} GiB RAM; "
        f"Python {machine['python']}, MkDocs {machine['mkdocs']}, Material {machine['material']}; "
        f"load average {machine['load']:.1f} when the run started. Seeds from "
        + (
            "`../shared/corpus` (dates, titles and entity mentions varied)."
            if machine["corpus"]
            else "generated text (no corpus)."
        )
        + " Peak memory is the maximum resident set size of the measured process and the processes it waited for.",
        "",
        "## Generator alone (seeds → content/)",
        "",
    ]
    out += [
        "Cold: one process, no cache (it is written as the run goes). Warm: the same seeds again into an empty "
        "content/ with the cache of the cold run, one process. Wall time includes starting Python. CPU system time is "
        "the kernel's work for the process, mostly creating files.",
        "",
    ]
    rows = []
    for n, g in sorted(results.generator.items()):
        stages = ", ".join(f"{name} {sec:.2f}" for name, sec in g["timings"])
        warm = g.get("warm")
        warm_stages = ", ".join(f"{name} {sec:.2f}" for name, sec in warm["timings"]) if warm else ""
        rows.append(
            (
                f"{n:,}",
                f"{g['wall']:.2f} s",
                f"{n / g['wall']:,.0f}",
                f"{g['user']:.2f} / {g['system']:.2f} s",
                mib(g["peak"]),
                stages,
                f"{warm['wall']:.2f} s" if warm else "",
                f"{n / warm['wall']:,.0f}" if warm else "",
                warm_stages,
            )
        )
    out.append(table(GENERATOR_COLUMNS, rows))
    if results.generator:
        smallest = min(results.generator)
        base = results.generator[smallest]["wall"] / smallest
        curve = ", ".join(f"{n:,}: {g['wall'] / n / base:.2f}" for n, g in sorted(results.generator.items()))
        out += ["", f"Cold cost per article relative to N = {smallest:,} (1.00 = linear): {curve}."]
        for n, g in sorted(results.generator.items()):
            if "parallel" in g:
                par = g["parallel"]
                stages = ", ".join(f"{name} {sec:.2f}" for name, sec in par["timings"])
                out += [
                    "",
                    f"Cold with `jobs: {par['jobs']}` at N = {n:,}: {par['wall']:.2f} s "
                    f"({n / par['wall']:,.0f} articles/s; "
                    f"one process: {g['wall']:.2f} s), peak {mib(par['peak'])}; {stages}.",
                ]
    again = {n: g["again"] for n, g in sorted(results.generator.items()) if "again" in g}
    if again:
        out += [
            "",
            "Nothing changed: the generator run once more over the warm content/ (seed cache and page ledger).",
            "",
        ]
        rows = [
            (
                f"{n:,}",
                f"{a['planned'] - a['kept']:,} of {a['planned']:,}",
                f"{a['seconds']:.2f} s",
                f"{a['wall']:.2f} s",
                ", ".join(f"{name} {sec:.2f}" for name, sec in a["timings"]),
            )
            for n, a in again.items()
        ]
        out.append(table(AGAIN_COLUMNS, rows))
    out += [
        "",
        "## Full build (`briefings build`) against Material's blog plugin",
        "",
        "Full build: a fresh project, no cache. Again: the same project built once more with nothing changed (the seed "
        "cache, page ledger and MkDocs' kept conversions in `.cache/` are warm). "
        "One seed added: then one new seed saved "
        "into the seeds folder and the site built again, an editor's usual step. The blog baseline is a fresh "
        "`mkdocs build` each time, as the blog plugin keeps nothing between builds.",
        "",
    ]
    rows = []
    for n, b in sorted(results.build.items()):
        blog = results.blog.get(n)
        rows.append(
            (
                f"{n:,}",
                f"{b['wall']:.1f} s",
                f"{mib(b['peak'])} ({mib(b['peak_python'])} / {mib(b['peak_children'])})",
                mib(b["site"]),
                f"{b['page']:,.0f} B",
                kib(b["lunr"]),
                kib(b["pagefind"]),
                f"{mib(b['index']['peak'])} ({b['index']['parts']})" if "index" in b else "",
                mib(b["python_indexing"]),
                f"{blog['wall']:.1f} s" if blog else "not run",
                mib(blog["peak"]) if blog else "not run",
                f"{b['wall'] / blog['wall']:.2f}×" if blog else "",
                *(again_cell(b.get(kind), blog) for kind in ("again", "added")),
            )
        )
    out.append(table(BUILD_COLUMNS, rows))
    out += [
        "",
        "## Incremental: one seed added to the N-briefing content",
        "",
        "The seed is saved into the seeds folder and the generator run again with the seed cache and page ledger "
        "of the runs above: only units whose inputs changed are rendered (files rendered), and only changed bytes "
        "are written.",
        "",
    ]
    rows = []
    for n, i in sorted(results.incremental.items()):
        stages = ", ".join(f"{name} {sec:.2f}" for name, sec in i.get("timings", ()))
        rows.append(
            (
                f"{n:,}",
                i["files"],
                f"{i.get('rendered', '')}",
                f"{i['seconds']:.2f} s",
                f"{i['wall']:.2f} s",
                stages,
                i["kinds"],
            )
        )
    out.append(table(INCREMENTAL_COLUMNS, rows))
    for n, s in sorted(results.serve.items()):
        if s.get("latency") is not None:
            out += [
                "",
                f"`briefings serve` at N = {n:,}: first build served after {s['startup']:.1f} s; "
                f"a newly saved seed's page served {s['latency']:.2f} s after saving.",
            ]
        else:
            out += ["", f"`briefings serve` at N = {n:,}: {s.get('error', 'failed')[:300]}"]
    if results.skipped:
        out += ["", "Not run: " + "; ".join(results.skipped) + "."]
    return "\n".join(out) + "\n"


def sizes_arg(text: str) -> list[int]:
    """Return a sorted list of sizes from '1000,5000'."""
    return sorted({int(part) for part in text.replace(" ", "").split(",") if part})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=sizes_arg, default=[1000, 5000, 10000], help="N for full builds (default 1000,5000,10000)"
    )
    parser.add_argument(
        "--generator-sizes", type=sizes_arg, help="N for the generator alone (default: --sizes and 20000)"
    )
    parser.add_argument("--blog-max", type=int, default=1000, help="largest N for the blog baseline (default 1000)")
    parser.add_argument("--build-max", type=int, default=10000, help="largest N for full builds (default 10000)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="skip the blog baseline above the smallest N and the serve latency above it",
    )
    parser.add_argument("--no-serve", action="store_true", help="skip the serve latency")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--workdir", type=Path, help="keep the projects here (default: a temporary folder)")
    parser.add_argument("--child-generate", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_generate:
        child_generate(*args.child_generate)
        return 0
    generator_sizes = args.generator_sizes or sorted({*args.sizes, 20000})
    all_sizes = sorted({*args.sizes, *generator_sizes})
    machine = versions()
    results = Results()
    command = "make bench    # = .venv/bin/python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    smallest = min(args.sizes)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="briefings-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for n in all_sizes:
            seeds = work / f"seeds-{n}"
            if seeds.exists():
                shutil.rmtree(seeds)
            synthesise(seeds, n)
            shutil.copy(ROOT / "seeds" / "taxonomy.yml", seeds / "taxonomy.yml")
            content = work / f"content-{n}"
            shutil.rmtree(content, ignore_errors=True)
            cache = work / f"cache-{n}"
            shutil.rmtree(cache, ignore_errors=True)
            if True:  # every N: the generator alone, cold on one core (filling the cache), then warm
                run, done = generate_measured(seeds, content, 1, cache)
                results.generator[n] = {
                    "wall": run.wall,
                    "peak": run.peak,
                    "timings": done["timings"],
                    "seconds": done["seconds"],
                    "user": run.user,
                    "system": run.system,
                }
                shutil.rmtree(content)
                run, done = generate_measured(seeds, content, 1, cache)
                assert done["cached"] == n, done["cached"]
                results.generator[n]["warm"] = {"wall": run.wall, "peak": run.peak, "timings": done["timings"]}
                run, done = generate_measured(seeds, content, 1, cache)  # nothing changed: every page is kept
                results.generator[n]["again"] = {
                    "wall": run.wall,
                    "seconds": done["seconds"],
                    "kept": done["kept"],
                    "planned": done["unchanged"] + len(done["written"]),
                    "timings": done["timings"],
                }
                if n == min(generator_sizes) and default_jobs() > 1:
                    other = work / f"content-{n}-parallel"
                    run, done = generate_measured(seeds, other, default_jobs(), None)
                    results.generator[n]["parallel"] = {
                        "jobs": default_jobs(),
                        "wall": run.wall,
                        "peak": run.peak,
                        "timings": done["timings"],
                    }
                    shutil.rmtree(other)
                g = results.generator[n]
                print(
                    f"generator N={n}: {g['wall']:.2f}s cold, {g['warm']['wall']:.2f}s warm, "
                    f"{g['again']['wall']:.2f}s unchanged, "
                    f"{mib(g['peak'])}",
                    file=sys.stderr,
                )
            if n in args.sizes:
                if n > args.build_max:
                    results.skipped.append(f"full build at N = {n:,} (above --build-max {args.build_max:,})")
                else:
                    project = make_project(work / f"project-{n}", seeds)
                    results.build[n] = full_build(project)
                    results.build[n]["index"] = index_alone(
                        project / "site"
                    )  # Pagefind's own peak: the build's child figure is at least Python's
                    results.build[n]["again"] = full_build(project)  # nothing changed: every cache is warm
                    synthesise(project / "seeds", 1, start=n)  # an editor's day: one seed more, then a build
                    results.build[n]["added"] = full_build(project)
                    print(
                        f"build N={n}: {results.build[n]['wall']:.1f}s, "
                        f"again {results.build[n]['again']['wall']:.1f}s, "
                        f"one seed added {results.build[n]['added']['wall']:.1f}s",
                        file=sys.stderr,
                    )
                    if not args.no_serve and n == smallest:
                        results.serve[n] = serve_latency(project, n, timeout=max(120.0, results.build[n]["wall"] * 4))
                        print(f"serve N={n}: {results.serve[n]}", file=sys.stderr)
                    shutil.rmtree(project)
                blog_limit = smallest if args.quick else args.blog_max
                if n <= blog_limit:
                    blog = blog_project(work / f"blog-{n}", content, seeds)
                    results.blog[n] = blog_build(blog)
                    print(f"blog N={n}: {results.blog[n]['wall']:.1f}s", file=sys.stderr)
                    shutil.rmtree(blog)
                else:
                    results.skipped.append(
                        f"blog baseline at N = {n:,} "
                        f"(above {'the smallest N with --quick' if args.quick else f'--blog-max {args.blog_max:,}'})"
                    )
            # After the blog baseline, which reads content/briefings.json: one seed saved into the seeds
            # folder, as an editor would, and the generator run again with the cache of the runs above.
            added = synthesise(seeds, 1, start=n)
            run, done = generate_measured(seeds, content, 1, cache)
            assert done["cached"] == n, done["cached"]
            results.incremental[n] = {
                "files": len(done["written"]) + len(done["removed"]),
                "seconds": done["seconds"],
                "rendered": done["unchanged"] + len(done["written"]) - done["kept"],
                "wall": run.wall,
                "kinds": rewritten_kinds(done["written"]),
                "timings": done["timings"],
            }
            for path in added:
                path.unlink()
                path.with_suffix(".yml").unlink(missing_ok=True)
            shutil.rmtree(cache, ignore_errors=True)
            if args.no_serve and n == smallest:
                results.skipped.append("serve latency (--no-serve)")
            shutil.rmtree(content, ignore_errors=True)
            shutil.rmtree(seeds, ignore_errors=True)
            if n != all_sizes[-1]:  # partial results survive an interrupted run
                args.output.parent.mkdir(parents=True, exist_ok=True)
                args.output.write_text(
                    report(results, machine, command) + f"\nPartial: measured up to N = {n:,}.\n", encoding="utf-8"
                )
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    text = report(results, machine, command)
    print(text, end="")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
