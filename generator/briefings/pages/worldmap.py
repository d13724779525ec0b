"""The world coverage map: an SVG of the countries shaded by how many briefings have them as an actor.

Geometry: generator/briefings/data/worldmap.json, Natural Earth's 1:50m countries already projected
(Equal Earth) and simplified by tools/world_geometry.py, in integer tenths of a map unit, so the SVG is
the same bytes on every machine. Each country with briefings is a link to its page; the rest are plain
shapes. Fills are classes (map-c0 for none, map-c1..map-c5), read from CSS custom properties
(--map-c0..--map-c5, --map-edge, --map-ink, --map-focus) that the site's stylesheet may set; the SVG's
own <style> holds light and dark fallbacks that follow Material's data-md-color-scheme (or, outside
Material, prefers-color-scheme). Links work only where the SVG is inline (map_block) or opened directly,
never inside <img>.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from briefings.formats.escape import escape_html

DATA = Path(__file__).resolve().parent.parent / "data" / "worldmap.json"
STEPS = 5  # colour classes map-c1..map-c5
LEVELS = {1: (4,), 2: (2, 4), 3: (1, 3, 5), 4: (1, 2, 4, 5), 5: (1, 2, 3, 4, 5)}  # bins used -> classes, spread out
SMALL_AREA = 25.0  # map units squared (about 30,000 km²): a smaller country with briefings also gets a dot
DOT_RADIUS = 4.5
LEGEND_HEIGHT = 48  # map units below the land for the legend row
FONT_SIZE = 24  # map units: about 9 px on a 390 px phone, 17 px in a 700 px column
CHAR_WIDTH = 0.6 * FONT_SIZE  # an estimate for laying out the legend (digits and en dashes)
ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")

# Light fallbacks, then dark ones: Material's slate scheme, or the reader's dark preference outside Material.
LIGHT = {
    "c0": "#e3e3e6",
    "c1": "#c5cae9",
    "c2": "#9fa8da",
    "c3": "#7986cb",
    "c4": "#3f51b5",
    "c5": "#1a237e",
    "edge": "var(--md-default-bg-color,#ffffff)",
    "ink": "currentColor",
    "focus": "#d84315",
}
DARK = {
    "c0": "#3a3d4d",
    "c1": "#283593",
    "c2": "#3949ab",
    "c3": "#5c6bc0",
    "c4": "#9fa8da",
    "c5": "#e8eaf6",
    "edge": "var(--md-default-bg-color,#1e2029)",
    "ink": "currentColor",
    "focus": "#ffab40",
}


@dataclass(frozen=True, slots=True)
class Shape:
    """One country on the map: its ISO 3166-1 alpha-2 code, Natural Earth's short name, SVG path data."""

    code: str
    name: str
    path_d: str
    point: tuple[float, float]  # the area centroid of its largest ring, in map units (where a dot goes)
    area: float  # in map units squared (Equal Earth is equal-area: one unit² is about 1,190 km²)


@dataclass(frozen=True, slots=True)
class Bin:
    """A range of briefing counts, low to high inclusive, and the colour class it is drawn in."""

    low: int
    high: int
    level: int  # 1..STEPS: class map-c{level}

    @property
    def label(self) -> str:
        """Return '3' or '2–5'."""
        return str(self.low) if self.low == self.high else f"{self.low}\u2013{self.high}"


@dataclass(frozen=True, slots=True)
class WorldMap:
    """The loaded map data: the frame, the countries, and the land with no ISO code (never shaded)."""

    width: int
    height: int
    shapes: tuple[Shape, ...]
    unassigned: tuple[str, ...]  # path data


def number(tenths: int) -> str:
    """Return a coordinate given in tenths as SVG number text: 12.3, -4, .5."""
    whole, frac = divmod(abs(tenths), 10)
    text = (str(whole) if whole else "") + (f".{frac}" if frac else "") or "0"
    return "-" + text if tenths < 0 else text


def join_numbers(numbers: Iterable[str]) -> str:
    """Return numbers joined with the separators SVG path syntax needs and no others."""
    out: list[str] = []
    prev = ""
    for text in numbers:
        if out and not (text[0] == "-" or (text[0] == "." and "." in prev)):
            out.append(" ")
        out.append(text)
        prev = text
    return "".join(out)


def path_data(rings: Iterable[list[int]]) -> str:
    """Return SVG path data for rings of flat absolute tenths: an absolute move, then relative lines."""
    parts = []
    for ring in rings:
        numbers = [number(ring[0]), number(ring[1])]
        for i in range(2, len(ring), 2):
            numbers += [number(ring[i] - ring[i - 2]), number(ring[i + 1] - ring[i - 1])]
        parts.append("M" + join_numbers(numbers[:2]) + "l" + join_numbers(numbers[2:]) + "z")
    return "".join(parts)


def ring_area(ring: list[int]) -> float:
    """Return the unsigned area of a ring of flat tenths, in map units squared."""
    xs, ys = ring[0::2], ring[1::2]
    twice = sum(xs[i - 1] * ys[i] - xs[i] * ys[i - 1] for i in range(len(xs)))
    return abs(twice) / 200


@functools.cache
def load_map() -> WorldMap:
    """Return the map data shipped in worldmap.json, read once."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    shapes = tuple(
        Shape(
            c["code"],
            c["name"],
            path_data(c["rings"]),
            (c["point"][0] / 10, c["point"][1] / 10),
            sum(ring_area(r) for r in c["rings"]),
        )
        for c in data["countries"]
        if c["rings"]
    )
    unassigned = tuple(path_data(a["rings"]) for a in data["unassigned"] if a["rings"])
    return WorldMap(data["width"], data["height"], shapes, unassigned)


def map_shapes() -> tuple[Shape, ...]:
    """Return the countries drawn on the map, one per code, sorted by code."""
    return load_map().shapes


def unmapped(codes: Iterable[str]) -> tuple[str, ...]:
    """Return the codes, sorted and each once, that have no shape on the map (tiny states, AQ, unknown codes)."""
    drawn = {shape.code for shape in map_shapes()}
    return tuple(sorted(set(codes) - drawn))


def root_floor(value: int, k: int) -> int:
    """Return the largest integer h with h**STEPS <= value**k (exact: no float reaches the output)."""
    target = value**k
    h = int(target ** (1 / STEPS))
    while (h + 1) ** STEPS <= target:
        h += 1
    while h**STEPS > target:
        h -= 1
    return h


def count_bins(peak: int) -> tuple[Bin, ...]:
    """Return up to STEPS ranges from 1 to peak, growing geometrically (peak**(k/STEPS)), with their classes."""
    if peak < 1:
        return ()
    highs = sorted({max(1, root_floor(peak, k)) for k in range(1, STEPS + 1)})
    levels = LEVELS[len(highs)]
    lows = [1] + [h + 1 for h in highs[:-1]]
    return tuple(Bin(low, high, level) for low, high, level in zip(lows, highs, levels, strict=False))


def level_of(count: int, bins: tuple[Bin, ...]) -> int:
    """Return the colour class of a count: 0 for none, else the level of the bin that holds it."""
    for b in bins:
        if b.low <= count <= b.high:
            return b.level
    return 0


def briefings_text(count: int) -> str:
    """Return '1 briefing' or 'N briefings'."""
    return f"{count} briefing" if count == 1 else f"{count} briefings"


def stylesheet(root: str) -> str:
    """Return the SVG's own <style> rules, scoped to the map's root class, with the fallback colours."""

    def variables(colours: dict[str, str]) -> str:
        return ";".join(f"--wm-{key}:{value}" for key, value in colours.items())

    fills = "".join(f".{root} .map-c{i}{{fill:var(--map-c{i},var(--wm-c{i}))}}" for i in range(STEPS + 1))
    return (
        f".{root}{{{variables(LIGHT)};display:block;width:100%;height:auto;"
        f"font-family:var(--md-text-font-family,sans-serif);font-size:{FONT_SIZE}px}}"
        f"figure.{root}-figure{{width:100%;max-width:none;margin:1em 0}}"
        f"@media (prefers-color-scheme:dark){{.{root}{{{variables(DARK)}}}}}"
        f"[data-md-color-scheme=slate] .{root}{{{variables(DARK)}}}"
        f"[data-md-color-scheme=default] .{root}{{{variables(LIGHT)}}}"
        f".{root} path,.{root} .map-swatch{{fill-rule:evenodd;stroke:var(--map-edge,var(--wm-edge));"
        f"stroke-width:.6;stroke-linejoin:round}}"
        f"{fills}.{root} .map-none{{fill:var(--map-c0,var(--wm-c0))}}"
        f".{root} .map-dot{{stroke:var(--map-ink,var(--wm-ink));stroke-width:1.2}}"
        f".{root} text{{fill:var(--map-ink,var(--wm-ink))}}"
        f".{root} a:hover path,.{root} a:focus-visible path,.{root} a:focus-visible .map-dot"
        f"{{stroke:var(--map-focus,var(--wm-focus));stroke-width:2.5}}"
        f".{root} a:focus-visible{{outline:2px solid var(--map-focus,var(--wm-focus))}}"
    )


def legend_layout(bins: tuple[Bin, ...]) -> tuple[list[tuple[int, str, float]], float]:
    """Return the legend's swatches as (level, label, x) and the width the row needs, before any scaling."""
    items, x = [], 8 + 11 * CHAR_WIDTH  # after "Briefings:"
    for level, text in [(0, "none")] + [(b.level, b.label) for b in bins]:
        items.append((level, text, x))
        x += 38 + CHAR_WIDTH * len(text) + 28
    return items, x - 28 + 8


def legend(bins: tuple[Bin, ...], y: int, width: int) -> str:
    """Return the legend row: a swatch and a label for 'none' and for each bin, shrunk if it would not fit."""
    items, needed = legend_layout(bins)
    parts = ['<text x="8" y="34">Briefings:</text>']
    for level, text, x in items:
        parts.append(f'<rect class="map-swatch map-c{level}" x="{x:g}" y="14" width="30" height="22" rx="3"/>')
        parts.append(f'<text x="{x + 38:g}" y="34">{escape_html(text)}</text>')
    place = f"translate(0 {y})" + (f" scale({width * 1000 // needed / 1000:g})" if needed > width else "")
    return f'<g class="map-legend" aria-hidden="true" transform="{place}">' + "".join(parts) + "</g>"


def attribute(text: str) -> str:
    """Return text safe inside a double-quoted XML attribute."""
    return escape_html(text).replace('"', "&quot;")


def render_world_map(
    counts: Mapping[str, int],
    links: Mapping[str, str],
    names: Mapping[str, str],
    title: str,
    id_prefix: str = "world-map",
) -> str:
    """Return the SVG map: countries with briefings as links (href and name from the caller), the rest plain.

    counts: briefings per ISO alpha-2 code (0 or absent: none); every code with briefings needs a link and a
    name. Codes with briefings but no shape are named in the <desc>, so the text says what the map cannot show.
    """
    if not ID.match(id_prefix):
        raise ValueError(f"id_prefix must be a letter then letters, digits, '-' or '_', got {id_prefix!r}")
    negative = sorted(code for code, n in counts.items() if n < 0)
    if negative:
        raise ValueError(f"negative counts for {', '.join(negative)}")
    covered = {code: n for code, n in counts.items() if n > 0}
    missing = sorted(code for code in covered if code not in links or code not in names)
    if missing:
        raise ValueError(f"no link or no name for {', '.join(missing)}")

    world = load_map()
    bins = count_bins(max(covered.values(), default=0))
    plain, linked = [], []
    for shape in world.shapes:
        count = covered.get(shape.code, 0)
        if count:
            linked.append((shape.area < SMALL_AREA, names[shape.code], shape.code, shape, count))
        else:
            plain.append(f'<path class="map-c0" d="{shape.path_d}"/>')
    plain.extend(f'<path class="map-none" d="{d}"/>' for d in world.unassigned)
    anchors = []
    for small, name, code, shape, count in sorted(linked, key=lambda t: t[:3]):  # big first, so dots end on top
        level = level_of(count, bins)
        dot = ""
        if small:
            cx, cy = shape.point
            dot = f'<circle class="map-dot map-c{level}" cx="{cx:g}" cy="{cy:g}" r="{DOT_RADIUS:g}"/>'
        anchors.append(
            f'<a class="map-link" href="{attribute(links[code])}" data-code="{code}" data-count="{count}">'
            f"<title>{escape_html(name)}: {briefings_text(count)}</title>"
            f'<path class="map-c{level}" d="{shape.path_d}"/>{dot}</a>'
        )

    drawn = {shape.code for shape in world.shapes}
    off_map = sorted((names[code], code) for code in covered if code not in drawn)
    summary = (
        f"{len(covered)} countries have briefings, shaded in {len(bins)} steps from 1 to {max(covered.values())}; "
        "each is a link to its page."
        if covered
        else "No country has briefings yet."
    )
    if off_map:
        summary += (
            " Too small to draw: "
            + ", ".join(f"{name} ({briefings_text(covered[code])})" for name, code in off_map)
            + "."
        )
    height = world.height + LEGEND_HEIGHT
    root = "world-map"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {world.width} {height}" class="{root}" '
        f'role="group" aria-labelledby="{id_prefix}-title" aria-describedby="{id_prefix}-desc">\n'
        f'<title id="{id_prefix}-title">{escape_html(title)}</title>\n'
        f'<desc id="{id_prefix}-desc">{escape_html(summary)}</desc>\n'
        f"<style>{stylesheet(root)}</style>\n"
        f'<g class="map-land" aria-hidden="true">\n' + "\n".join(plain) + "\n</g>\n"
        '<g class="map-links">\n'
        + "".join(a + "\n" for a in anchors)
        + "</g>\n"
        + legend(bins, world.height, world.width)
        + "\n</svg>\n"
    )


def map_block(svg: str) -> str:
    """Return the SVG as a raw HTML block for a generated Markdown page (figure is block-level for Markdown)."""
    return f'<figure class="world-map-figure">\n{svg.rstrip()}\n</figure>\n'
