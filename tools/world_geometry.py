"""Regenerate generator/briefings/data/worldmap.json: Natural Earth's countries, projected and simplified.

    .venv/bin/python tools/world_geometry.py [PATH/TO/countries-50m.json]

Source: the npm package world-atlas 2.0.2 (ISC licence, Mike Bostock), file countries-50m.json, a
TopoJSON redistribution of Natural Earth 4.1.0 "Admin 0 - Countries" at 1:50m (public domain). Without
an argument the script runs `npm pack world-atlas@2.0.2` in a temporary folder (npm's ordinary client;
nothing else is downloaded); either way the file's SHA-256 must be the one below, so the output is
reproducible byte for byte. Only this script needs npm; building a site reads the JSON it writes.

What it does, in order:
1. decodes the topology's shared arcs (quantized, delta-encoded) to longitude and latitude;
2. projects every point with the Equal Earth projection (Šavrič, Patterson and Jenny 2018);
3. simplifies each arc once with Visvalingam-Whyatt, keeping its end points, so two neighbours that share
   a border still share every point of it (no slivers, no gaps);
4. rounds to tenths of a map unit (the map is WIDTH units wide), joins the arcs into rings, and drops the
   rings (islands, holes) smaller than MIN_RING_AREA, but never a country's largest ring;
5. keys countries by ISO 3166-1 alpha-2 (pycountry, from the numeric code world-atlas gives as id), with
   Kosovo as XK; the areas with no ISO code (Somaliland, N. Cyprus, Siachen Glacier, Indian Ocean Ter.)
   are kept apart as unassigned land, drawn but never shaded; Antarctica is left out (AQ is listed as
   unmapped, like the states too small for the 1:50m data).
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pycountry

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "generator" / "briefings" / "data" / "worldmap.json"
PACKAGE = "world-atlas@2.0.2"
MEMBER = "package/countries-50m.json"
SHA256 = "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394"

ISC = (  # world-atlas's LICENSE, carried with the data derived from it
    "ISC licence. Copyright 2013-2019 Michael Bostock. Permission to use, copy, modify, and/or distribute this "
    "software for any purpose with or without fee is hereby granted, provided that the above copyright notice "
    'and this permission notice appear in all copies. THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR '
    "DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY "
    "AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL "
    "DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF "
    "CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE "
    "OF THIS SOFTWARE."
)
WIDTH = 1000  # map units; the SVG's viewBox is WIDTH wide
PAD = 4  # map units of sea around the land
TOLERANCE = 0.5  # Visvalingam: drop points whose triangle is smaller than this, in map units squared
SMALL_FRACTION = 0.01  # an arc of a small country is simplified with at most this fraction of its area
MIN_RING_AREA = 0.5  # map units squared; smaller islands and holes are dropped
LEFT_OUT = {"010"}  # Antarctica: it would take a fifth of the height and hold no briefing
NO_ISO_CODE = {"Kosovo": "XK"}  # user-assigned code that the project's gazetteer uses
PART_OF = {"Ashmore and Cartier Is."}  # has Australia's numeric code: its rings join Australia's, not its name

# Equal Earth, https://doi.org/10.1080/13658816.2018.1504949
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
X_MAX = math.pi / (M * A1)  # x of longitude 180 on the equator, where the map is widest


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Return the Equal Earth x, y (unit sphere, y up) of a longitude and latitude in degrees."""
    theta = math.asin(M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = math.radians(lon) * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def project(lon: float, lat: float) -> tuple[float, float]:
    """Return the map position (y down, map units, centred on 0, 0) of a longitude and latitude."""
    x, y = equal_earth(lon, lat)
    scale = WIDTH / 2 / X_MAX
    return x * scale, -y * scale


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Return every arc of a quantized topology as a list of (longitude, latitude)."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for qx, qy in arc:
            x, y = x + qx, y + qy
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def triangle(a, b, c) -> float:
    """Return the area of the triangle a, b, c."""
    return abs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])) / 2


def simplify(points: list, tolerance: float) -> list[int]:
    """Return the indexes of the points Visvalingam-Whyatt keeps: both ends, at least 4 of a closed arc."""
    n = len(points)
    keep_at_least = 4 if n > 3 and points[0] == points[-1] else 2
    if n <= keep_at_least:
        return list(range(n))
    prev = list(range(-1, n - 1))
    nxt = list(range(1, n + 1))
    area = [math.inf] * n
    heap = []
    for i in range(1, n - 1):
        area[i] = triangle(points[i - 1], points[i], points[i + 1])
        heap.append((area[i], i))
    heapq.heapify(heap)
    alive, floor = n, 0.0
    while heap and alive > keep_at_least:
        value, i = heapq.heappop(heap)
        if value != area[i]:
            continue  # stale entry
        floor = max(floor, value)  # a point's area never counts as less than one already removed
        if floor >= tolerance:
            break
        area[i] = -1.0
        alive -= 1
        p, q = prev[i], nxt[i]
        nxt[p], prev[q] = q, p
        for j in (p, q):
            if 0 < j < n - 1:
                area[j] = triangle(points[prev[j]], points[j], points[nxt[j]])
                heapq.heappush(heap, (area[j], j))
    return [i for i in range(n) if area[i] != -1.0]


def split_at_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Return a ring of (longitude, latitude) as one ring per side of the 180th meridian.

    world-atlas joins a few polygons across it (Russia's Chukotka and Wrangel Island, an island of Fiji):
    on a flat map each would be drawn as a band across the whole width. A ring that crosses twice becomes
    two rings, each closed along the meridian at the latitudes where it crosses.
    """
    crossings = [i for i in range(len(ring) - 1) if abs(ring[i + 1][0] - ring[i][0]) > 180]
    if not crossings:
        return [ring]
    if len(crossings) != 2 or ring[0] != ring[-1]:
        raise ValueError(f"a ring crosses the 180th meridian {len(crossings)} times; only twice is handled")
    cut = []
    for i in crossings:
        (lon0, lat0), (lon1, lat1) = ring[i], ring[i + 1]
        edge0 = math.copysign(180.0, lon0)
        span = (edge0 - lon0) + (lon1 + edge0)  # longitude travelled, through the meridian
        lat = lat0 + (lat1 - lat0) * ((edge0 - lon0) / span if span else 0.5)
        cut.append(((edge0, lat), (-edge0, lat)))
    (a_out, a_in), (b_out, b_in) = cut
    first, second = crossings
    inside = [a_in] + ring[first + 1 : second + 1] + [b_out]
    outside = [b_in] + ring[second + 1 : -1] + ring[: first + 1] + [a_out]
    return [side + side[:1] for side in (outside, inside)]


def ring_area(ring: list) -> float:
    """Return the unsigned area of a closed ring (shoelace), in the points' units squared."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=False))) / 2


def centroid(ring: list[tuple[int, int]]) -> tuple[int, int]:
    """Return the area centroid of a ring, rounded to integer units (its first point if it has no area)."""
    a = cx = cy = 0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=False):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        return ring[0]
    return round(cx / (3 * a)), round(cy / (3 * a))


def country_code(geometry: dict) -> str | None:
    """Return the ISO 3166-1 alpha-2 code of a world-atlas geometry, or None for an area without one."""
    name = geometry["properties"]["name"]
    if "id" not in geometry:
        return NO_ISO_CODE.get(name)
    return pycountry.countries.get(numeric=geometry["id"]).alpha_2


def polygons_of(geometry: dict) -> list:
    """Return a geometry's polygons, each a list of rings, each a list of arc indexes."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def ring_points(ring: list[int], arcs: list) -> list:
    """Return the points of a ring given as arc indexes (~i: arc i reversed), each junction once."""
    points: list = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def derive(topology: dict) -> dict:
    """Return the map data: frame, source, countries with their rings, and the unassigned areas."""
    lonlat = decode_arcs(topology)
    projected = [[project(lon, lat) for lon, lat in arc] for arc in lonlat]
    tolerance = [TOLERANCE] * len(projected)
    geometries = [g for g in topology["objects"]["countries"]["geometries"] if g.get("id") not in LEFT_OUT]
    for geometry in geometries:
        area = sum(
            ring_area([project(lon, lat) for lon, lat in side])
            for polygon in polygons_of(geometry)
            for side in split_at_antimeridian(ring_points(polygon[0], lonlat))
        )
        for polygon in polygons_of(geometry):
            for ring in polygon:
                for index in ring:
                    i = index if index >= 0 else ~index
                    tolerance[i] = min(tolerance[i], area * SMALL_FRACTION)
    kept = [simplify(arc, tol) for arc, tol in zip(projected, tolerance, strict=False)]
    simplified = [[arc[i] for i in keep] for arc, keep in zip(lonlat, kept, strict=False)]

    areas: dict[str, dict] = {}  # key: alpha-2, or the area's name when it has none
    for geometry in geometries:
        code = country_code(geometry)
        name = geometry["properties"]["name"]
        entry = areas.setdefault(code or name, {"code": code, "name": name, "rings": []})
        if name not in PART_OF:
            entry["name"] = name
        for polygon in polygons_of(geometry):
            for ring in polygon:
                for side in split_at_antimeridian(ring_points(ring, simplified)):
                    entry["rings"].append([project(lon, lat) for lon, lat in side])

    xs = [x for e in areas.values() for ring in e["rings"] for x, _ in ring]
    ys = [y for e in areas.values() for ring in e["rings"] for _, y in ring]
    left, top = min(xs) - PAD, min(ys) - PAD
    width, height = math.ceil(max(xs) - left + PAD), math.ceil(max(ys) - top + PAD)

    def finish(entry: dict) -> dict:
        rings = []
        for ring in entry["rings"]:
            tenths = []
            for x, y in ring:
                point = (round((x - left) * 10), round((y - top) * 10))
                if not tenths or tenths[-1] != point:
                    tenths.append(point)
            if len(tenths) > 1 and tenths[0] == tenths[-1]:
                tenths.pop()
            rings.append(tenths)
        rings = [r for r in rings if len(set(r)) >= 3]
        largest = max(rings, key=ring_area, default=None)
        kept = [r for r in rings if r is largest or ring_area(r) >= MIN_RING_AREA * 100]
        out = {"code": entry["code"], "name": entry["name"]}
        if largest is not None:
            out["point"] = list(centroid(largest))
        out["rings"] = [[v for point in r for v in point] for r in kept]
        return out

    finished = [finish(e) for e in areas.values()]
    countries = sorted((e for e in finished if e["code"]), key=lambda e: e["code"])
    unassigned = sorted((e for e in finished if not e["code"]), key=lambda e: e["name"])
    for e in unassigned:
        del e["code"]
    return {"width": width, "height": height, "countries": countries, "unassigned": unassigned}


def dump(data: dict) -> str:
    """Return the map data as JSON with one area a line, so a regenerated file diffs by country."""
    head = {
        "source": f"npm {PACKAGE} {MEMBER.split('/')[-1]} (sha256 {SHA256})",
        "data": "Natural Earth 4.1.0, Admin 0 - Countries, 1:50m; public domain (naturalearthdata.com)",
        "package_licence": ISC,
        "derived_by": "tools/world_geometry.py: Equal Earth projection, Visvalingam-Whyatt simplification",
        "keys": "ISO 3166-1 alpha-2 from the numeric id (pycountry); Kosovo XK; Ashmore and Cartier Is. in AU; "
        "no ISO code, drawn unshaded: "
        + ", ".join(sorted(a["name"] for a in data["unassigned"]))
        + "; Antarctica left out",
        "units": "tenths of a map unit; rings are flat [x0, y0, x1, y1, ...], y down; point: a label point",
        "tolerance": TOLERANCE,
        "min_ring_area": MIN_RING_AREA,
        "width": data["width"],
        "height": data["height"],
    }
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ","]
    for key in ("countries", "unassigned"):
        rows = [json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in data[key]]
        lines.append(f'"{key}": [\n' + ",\n".join(rows) + "\n]" + ("," if key == "countries" else ""))
    return "\n".join(lines) + "}\n"


def read_source(path: str | None) -> bytes:
    """Return the bytes of countries-50m.json, from the given path or from `npm pack`, checked by SHA-256."""
    if path:
        raw = Path(path).read_bytes()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
            (tarball,) = Path(tmp).glob("*.tgz")
            with tarfile.open(tarball) as archive:
                raw = archive.extractfile(MEMBER).read()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"countries-50m.json has SHA-256 {digest}, expected {SHA256}")
    return raw


def main(argv: list[str]) -> int:
    topology = json.loads(read_source(argv[1] if len(argv) > 1 else None))
    text = dump(derive(topology))
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"{OUTPUT.relative_to(REPO)}: {len(text.encode()):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
