"""The Markdown report of the relevance benchmark (bench/relevance.py): figures per search and kind,
the targets, alias queries, broad queries and the worst queries."""

from __future__ import annotations

from relevance_metrics import mean
from relevance_queries import KINDS

SEARCH_NAMES = {"header": "Header search (Material, lunr)", "page": "Search page (Pagefind)"}
TARGETS = {  # search: (MRR, P@5)
    "page": (0.8, 0.7),
    "header": (0.7, 0.6),
}
WORST = 15


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


FIGURES = ("mrr", "p5", "ndcg10", "recall10", "p5_plain")


def figures(rows: list[dict], search: str) -> dict:
    """Return the mean figures of one search over rows that have judgments, and the row count."""
    judged = [row[search] for row in rows if row["relevant"]]
    out = {"n": len(judged)}
    for name in FIGURES:
        out[name] = mean([row[name] for row in judged])
    return out


def kind_figures(rows: list[dict], search: str) -> dict:
    """Return the figures of one search as the mean of each kind's means: every kind of query
    weighs the same, however many queries it has (the headline figures, held to the targets)."""
    per_kind = [figures([row for row in rows if row["kind"] == kind], search) for kind in KINDS]
    per_kind = [f for f in per_kind if f["n"]]
    out = {"n": sum(f["n"] for f in per_kind)}
    for name in FIGURES:
        out[name] = mean([f[name] for f in per_kind])
    return out


def _figures_table(rows: list[dict], search: str) -> list[str]:
    lines = [
        "| kind | queries | MRR | P@5 | nDCG@10 | recall@10 | uncapped P@5 | alias in top 3 | > half the site "
        "(without all words) | errors |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    groups = [(kind, [row for row in rows if row["kind"] == kind]) for kind in KINDS]
    groups += [
        ("**mean of the kinds**", rows),
        ("all queries", rows),
        ("hand-written", [row for row in rows if row["source"] != "generated"]),
        ("generated", [row for row in rows if row["source"] == "generated"]),
    ]
    for kind, group in groups:
        if not group:
            continue
        f = kind_figures(group, search) if kind.startswith("**") else figures(group, search)
        aliases = [row for row in group if row["target"]]
        top3 = (
            f"{sum(1 for row in aliases if (row[search].get('target_rank') or 99) <= 3)} of {len(aliases)}"
            if aliases
            else ""
        )
        broad = [row for row in group if row[search]["broad"]]
        impure = sum(1 for row in broad if row[search].get("without_all_words"))
        errors = sum(1 for row in group if row[search]["error"])
        lines.append(
            f"| {kind} | {len(group)} ({f['n']} judged) | {_f(f['mrr'])} | {_f(f['p5'])} | {_f(f['ndcg10'])} "
            f"| {_f(f['recall10'])} | {_f(f['p5_plain'])} | {top3} | {len(broad)} ({impure}) | {errors} |"
        )
    return lines


def _targets_table(rows: list[dict]) -> list[str]:
    lines = ["| target | header search | search page |", "|---|---|---|"]
    got = {search: kind_figures(rows, search) for search in TARGETS}

    def mark(value, goal):
        return "–" if value is None else f"{value:.3f} {'✓' if value >= goal else '✗'} (≥ {goal})"

    lines.append(
        f"| MRR (mean of the kinds) | {mark(got['header']['mrr'], TARGETS['header'][0])} | "
        f"{mark(got['page']['mrr'], TARGETS['page'][0])} |"
    )
    lines.append(
        f"| P@5 (mean of the kinds) | {mark(got['header']['p5'], TARGETS['header'][1])} | "
        f"{mark(got['page']['p5'], TARGETS['page'][1])} |"
    )
    aliases = [row for row in rows if row["target"]]

    def alias_cell(search):
        hit = sum(1 for row in aliases if (row[search].get("target_rank") or 99) <= 3)
        return f"{hit} of {len(aliases)} {'✓' if hit == len(aliases) else '✗'}"

    def broad_cell(search):
        bad = sum(1 for row in rows if row[search]["broad"] and row[search].get("without_all_words"))
        return f"{bad} {'✓' if bad == 0 else '✗'}"

    if aliases:
        lines.append(f"| every alias query's page in the top 3 | {alias_cell('header')} | {alias_cell('page')} |")
    lines.append(
        f"| queries returning > half the site with a result lacking a word (0 wanted) | {broad_cell('header')} "
        f"| {broad_cell('page')} |"
    )
    return lines


def _first(row: dict, search: str, title_of: dict, url_of: dict) -> str:
    urls = row[search]["urls"]
    if row[search]["error"]:
        return f"error: {row[search]['error']}"
    if not urls:
        return "(nothing)"
    first = urls[0]
    relevant = {url_of[seed] for seed in row["relevant"]}
    return f"{'✓' if first in relevant else '✗'} {title_of.get(first, first)}"


def _worst_table(rows: list[dict], search: str, title_of: dict, url_of: dict) -> list[str]:
    judged = [row for row in rows if row["relevant"]]
    judged.sort(key=lambda row: (row[search].get("ndcg10", 0), row[search].get("mrr", 0), row["id"]))
    lines = ["| query | kind | nDCG@10 | first relevant at | results | what came first |", "|---|---|---|---|---|---|"]
    for row in judged[:WORST]:
        s = row[search]
        sent = f" → `{s['sent']}`" if s.get("sent") and s["sent"] != row["query"] else ""
        lines.append(
            f"| `{_cell(row['query'])}`{_cell(sent)} | {row['kind']} | {_f(s.get('ndcg10'))} "
            f"| {s['first_relevant'] or '–'} | {s['count']} | {_cell(_first(row, search, title_of, url_of))} |"
        )
    return lines


def _alias_table(rows: list[dict], title_of: dict, url_of: dict) -> list[str]:
    aliases = [row for row in rows if row["target"]]
    if not aliases:
        return []
    lines = ["| query | target | header: rank (results) | search page: rank (results) |", "|---|---|---|---|"]
    for row in aliases:
        cells = []
        for search in ("header", "page"):
            rank = row[search].get("target_rank")
            cells.append(f"{rank or '–'} ({row[search]['count']})")
        target = title_of.get(url_of[row["target"]], row["target"])
        lines.append(f"| `{_cell(row['query'])}` | {_cell(target)} | {cells[0]} | {cells[1]} |")
    return lines


def _broad_table(rows: list[dict], size: int) -> list[str]:
    lines = [
        "| query | kind | header: results (lacking a word) | search page: results (lacking a word) |",
        "|---|---|---|---|",
    ]
    any_row = False
    for row in rows:
        if not (row["header"]["broad"] or row["page"]["broad"]):
            continue
        any_row = True
        cells = []
        for search in ("header", "page"):
            s = row[search]
            cells.append(f"{s['count']} ({s.get('without_all_words', '–')})" if s["broad"] else str(s["count"]))
        lines.append(f"| `{_cell(row['query'])}` | {row['kind']} | {cells[0]} | {cells[1]} |")
    return lines if any_row else [f"No query returned more than half the site ({size // 2} of {size} briefings)."]


def _unanswerable(rows: list[dict]) -> list[str]:
    empty = [row for row in rows if not row["relevant"]]
    if not empty:
        return []
    lines = ["| query | header search: results | search page: results |", "|---|---|---|"]
    for row in empty:
        lines.append(f"| `{_cell(row['query'])}` | {row['header']['count']} | {row['page']['count']} |")
    return lines


def render_report(meta: dict, rows: list[dict], catalogue: list[dict]) -> str:
    """Return the Markdown report of a run; the catalogue (site/briefings.json) names the pages."""
    title_of = {entry["url"]: entry["title"] for entry in catalogue}
    url_of = {entry["seed"]: entry["url"] for entry in catalogue}
    lines = [
        "# Relevance of the two searches",
        "",
        f"{meta['queries']} queries on {meta['briefings']} briefings of `{meta['corpus']}`, in Chromium "
        f"{meta['chromium']}"
        f" ({'site given' if meta['site_given'] else 'build {} s'.format(meta['build_seconds'])}, searches "
        f"{meta['search_seconds']} s)"
        + (f"; only {meta['only']}" if meta["only"] else "")
        + (f"; at most {meta['limit']} of each kind" if meta["limit"] else "")
        + ". Figures are means over the judged queries; the headline figures weigh every kind of query the same"
        " (the mean of the kinds' means); P@5 is capped at the number of relevant pages (docs/relevance.md).",
        "",
        "## Targets",
        "",
        *_targets_table(rows),
    ]
    for search, name in SEARCH_NAMES.items():
        lines += ["", f"## {name}", "", *_figures_table(rows, search)]
    lines += ["", "## Alias queries: rank of the target", "", *_alias_table(rows, title_of, url_of)]
    lines += [
        "",
        f"## Queries returning more than half the site (> {meta['briefings'] // 2})",
        "",
        *_broad_table(rows, meta["briefings"]),
    ]
    unanswerable = _unanswerable(rows)
    if unanswerable:
        lines += ["", "## Queries the corpus cannot answer (nothing should come back)", "", *unanswerable]
    for search, name in SEARCH_NAMES.items():
        lines += ["", f"## Worst {WORST} queries: {name}", "", *_worst_table(rows, search, title_of, url_of)]
    return "\n".join(lines) + "\n"
