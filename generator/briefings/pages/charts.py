"""Static SVG charts of briefings per month, with their text alternatives, and co-occurring terms."""

from __future__ import annotations

import heapq
from collections import Counter

from briefings.formats.escape import escape_html
from briefings.model import Briefing, Term

WIDTH = 720
HEIGHT = 180
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 16, 34
BAR = "#5c6bc0"  # 3:1 against white and against Material's dark slate
INK = "#333333"


def month_key(briefing: Briefing) -> tuple[int, int]:
    """Return (year, month) of a briefing."""
    return briefing.date.year, briefing.date.month


def monthly_counts(briefings) -> list[tuple[tuple[int, int], int]]:
    """Return every month from the first briefing's to the last's, each with its count (zeros included)."""
    counts = Counter(month_key(b) for b in briefings)
    if not counts:
        return []
    (year, month), last = min(counts), max(counts)
    series = []
    while (year, month) <= last:
        series.append(((year, month), counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return series


def label(month: tuple[int, int]) -> str:
    """Return 'YYYY-MM'."""
    return f"{month[0]:04d}-{month[1]:02d}"


def number(value: float) -> str:
    """Return a coordinate with at most two decimals and no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def render_svg(series, title: str) -> str:
    """Return an SVG bar chart of a monthly series: its own white card, so it reads in light and dark."""
    peak = max((n for _, n in series), default=0) or 1
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(series), 1)
    gap = min(2.0, step * 0.2)
    bars = []
    for i, (month, count) in enumerate(series):
        if not count:
            continue
        h = plot_h * count / peak
        bars.append(
            f'<rect x="{number(LEFT + i * step + gap / 2)}" y="{number(TOP + plot_h - h)}" '
            f'width="{number(max(step - gap, 0.5))}" height="{number(h)}" fill="{BAR}" '
            f'data-month="{label(month)}" data-count="{count}"><title>{label(month)}: {count}</title></rect>'
        )
    first = label(series[0][0]) if series else ""
    last = label(series[-1][0]) if series else ""
    safe_title = escape_html(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-labelledby="t" font-family="sans-serif" font-size="12">\n'
        f'<title id="t">{safe_title}</title>\n'
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" rx="6" fill="#ffffff" stroke="#9e9e9e"/>\n'
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="{INK}"/>\n'
        f'<text x="{LEFT - 6}" y="{TOP + 10}" text-anchor="end" fill="{INK}">{peak}</text>\n'
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" fill="{INK}">0</text>\n'
        f'<text x="{LEFT}" y="{HEIGHT - 12}" fill="{INK}">{first}</text>\n'
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 12}" text-anchor="end" fill="{INK}">{last}</text>\n'
        + "\n".join(bars)
        + "\n</svg>\n"
    )


def describe(series, what: str) -> str:
    """Return the chart's text alternative: span, total and busiest month."""
    if not series:
        return f"No {what} yet."
    total = sum(n for _, n in series)
    busiest = max(series, key=lambda item: (item[1], item[0]))
    return (
        f"{what.capitalize()} per month from {label(series[0][0])} to {label(series[-1][0])}: "
        f"{total} in all; busiest month {label(busiest[0])} with {busiest[1]}."
    )


def chart_markdown(svg_name: str, series, what: str) -> str:
    """Return the Markdown for a chart: the image with its description, and a table of the months with briefings."""
    if not series:
        return ""
    rows = "\n".join(f"| {label(month)} | {count} |" for month, count in series if count)
    return f"![{describe(series, what)}]({svg_name})\n\n| Month | {what.capitalize()} |\n|---|---:|\n{rows}\n"


def co_occurring(term: Term, briefings, kinds: tuple[str, ...], limit: int = 10) -> list[tuple[Term, int]]:
    """Return the terms of the taxonomies `kinds` seen most often in the same briefings as `term`, with counts."""
    counts: Counter = Counter()
    terms: dict[tuple[str, str], Term] = {}
    for briefing in briefings:
        for mention in briefing.mentions:
            other = mention.term
            key = (other.taxonomy, other.slug)
            if other.taxonomy not in kinds or key == (term.taxonomy, term.slug):
                continue
            counts[key] += 1
            terms[key] = other
    ranked = heapq.nsmallest(
        limit, counts.items(), key=lambda item: (-item[1], terms[item[0]].title.casefold(), item[0])
    )
    return [(terms[key], n) for key, n in ranked]
