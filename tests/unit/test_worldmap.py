"""The world coverage map: shapes from the shipped data, links, escaping, bins, determinism, size."""

from __future__ import annotations

import importlib.util
import json
import re
import xml.etree.ElementTree as ET

import pycountry
import pytest

from briefings.pages import worldmap
from briefings.pages.worldmap import (
    Bin,
    count_bins,
    level_of,
    map_block,
    map_shapes,
    number,
    path_data,
    render_world_map,
    unmapped,
)
from support.project import REPO

SVG = "{http://www.w3.org/2000/svg}"
ALL_CODES = sorted([c.alpha_2 for c in pycountry.countries] + ["XK"])  # the gazetteer's countries
# Not drawn: Antarctica (left out), overseas parts Natural Earth draws inside France, Norway and the
# Netherlands, Australia's Indian Ocean territories (drawn unshaded: no ISO code), and states or
# territories with no polygon in the 1:50m data or smaller than a tenth of a map unit (Vatican City).
UNMAPPED = ("AQ", "BQ", "BV", "CC", "CX", "GF", "GI", "GP", "MQ", "RE", "SJ", "TK", "TV", "UM", "VA", "YT")
SAMPLE = {"RU": 40, "UA": 22, "CN": 9, "TW": 3, "SG": 1, "XK": 1, "FR": 0}


def names_links(counts):
    names = {code: f"Name {code}" for code in counts}
    links = {code: f"../{code.lower()}/" for code in counts}
    return names, links


def render(counts, title="Countries by briefings", **kwargs):
    names, links = names_links(counts)
    return render_world_map(counts, links, names, title, **kwargs)


def anchors(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG}a"))


# --------------------------------------------------------------------------- data


def test_one_shape_per_code_each_with_a_path():
    shapes = map_shapes()
    codes = [s.code for s in shapes]
    assert len(codes) == len(set(codes)) == 234
    assert codes == sorted(codes)
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in codes)
    assert set(codes) <= set(ALL_CODES)
    for shape in shapes:
        assert re.fullmatch(r"(M[^Mz]+z)+", shape.path_d), shape.code
        assert shape.area > 0 and shape.name


def test_natural_earth_quirks_are_keyed_by_iso():
    codes = {s.code for s in map_shapes()}
    assert {"FR", "NO", "XK", "TW", "EH", "MA", "SO", "CY", "AU", "SG", "BH", "MC"} <= codes
    assert "AQ" not in codes


def test_unmapped_lists_exactly_the_countries_without_a_shape():
    assert unmapped(ALL_CODES) == UNMAPPED
    assert unmapped(["VA", "RU", "VA", "ZZ"]) == ("VA", "ZZ")
    assert unmapped([]) == ()


def test_every_point_is_inside_the_frame():
    data = json.loads(worldmap.DATA.read_text(encoding="utf-8"))
    width, height = data["width"] * 10, data["height"] * 10
    for area in data["countries"] + data["unassigned"]:
        for ring in area["rings"]:
            assert len(ring) >= 6 and len(ring) % 2 == 0
            assert all(0 <= x <= width for x in ring[0::2]) and all(0 <= y <= height for y in ring[1::2])


def test_no_ring_spans_the_antimeridian():
    # Russia's Chukotka once became a band across the whole map: no step in a ring may be that long
    data = json.loads(worldmap.DATA.read_text(encoding="utf-8"))
    for area in data["countries"]:
        for ring in area["rings"]:
            xs = ring[0::2]
            assert max(abs(a - b) for a, b in zip(xs, xs[1:] + xs[:1], strict=False)) < 2000, area["code"]


def test_the_data_file_names_its_source_and_licences():
    head = json.loads(worldmap.DATA.read_text(encoding="utf-8"))
    assert "world-atlas@2.0.2" in head["source"] and head["source"].endswith(")")
    assert "Natural Earth 4.1.0" in head["data"] and "public domain" in head["data"]
    assert "ISC" in head["package_licence"] and "Michael Bostock" in head["package_licence"]


# --------------------------------------------------------------------------- path data


def test_numbers_are_compact_tenths():
    assert [number(n) for n in (0, 5, -5, 10, 123, -123, 1200)] == ["0", ".5", "-.5", "1", "12.3", "-12.3", "120"]


def test_path_data_is_relative_and_round_trips():
    ring = [100, 200, 105, 190, 90, 190]
    d = path_data([ring])
    assert d == "M10 20l.5-1-1.5 0z"
    numbers = [float(n) for n in re.findall(r"-?\d*\.?\d+", d)]
    x, y, points = numbers[0], numbers[1], [(numbers[0], numbers[1])]
    for dx, dy in zip(numbers[2::2], numbers[3::2], strict=False):
        x, y = x + dx, y + dy
        points.append((x, y))
    assert points == [(10, 20), (10.5, 19), (9, 19)]


# --------------------------------------------------------------------------- links and text


def test_a_country_with_briefings_is_one_link_with_its_href_and_count():
    svg = render(SAMPLE)
    found = {a.get("data-code"): a for a in anchors(svg)}
    assert set(found) == {"RU", "UA", "CN", "TW", "SG", "XK"}  # FR has 0
    for code, a in found.items():
        assert a.get("href") == f"../{code.lower()}/"
        assert a.get("class") == "map-link"
        title = a.find(f"{SVG}title")
        count = SAMPLE[code]
        assert title.text == f"Name {code}: {count} briefing{'' if count == 1 else 's'}"
        assert len(a.findall(f"{SVG}path")) == 1
        assert svg.count(f'href="../{code.lower()}/"') == 1


def test_countries_without_briefings_are_plain_paths():
    svg = render(SAMPLE)
    root = ET.fromstring(svg)
    land = root.find(f"{SVG}g[@class='map-land']")
    assert land.get("aria-hidden") == "true"
    assert land.find(f".//{SVG}a") is None
    assert len(land.findall(f"{SVG}path")) == len(map_shapes()) - 6 + 4  # + the 4 unassigned areas
    assert {p.get("class") for p in land} == {"map-c0", "map-none"}
    assert "../fr/" not in svg and "Name FR" not in svg


def test_no_briefings_at_all():
    svg = render({})
    assert anchors(svg) == []
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}desc").text == "No country has briefings yet."
    legend = root.find(f"{SVG}g[@class='map-legend']")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["Briefings:", "none"]


def test_small_countries_with_briefings_get_a_dot_and_come_last():
    svg = render(SAMPLE)
    found = anchors(svg)
    dotted = [a.get("data-code") for a in found if a.find(f"{SVG}circle") is not None]
    assert dotted == ["SG", "XK"]
    assert [a.get("data-code") for a in found] == ["CN", "RU", "TW", "UA", "SG", "XK"]  # by name, dots on top


def test_countries_too_small_to_draw_are_named_in_the_description():
    svg = render({"VA": 2, "RU": 1})
    desc = ET.fromstring(svg).find(f"{SVG}desc").text
    assert desc.endswith("Too small to draw: Name VA (2 briefings).")
    assert [a.get("data-code") for a in anchors(svg)] == ["RU"]


def test_hostile_names_and_hrefs_are_escaped():
    evil = "<script>alert('x')</script> & \"quoted\""
    svg = render_world_map(
        {"RU": 3, "VA": 1}, {"RU": 'x" onclick="alert(1)&y=<b>', "VA": "v/"}, {"RU": evil, "VA": evil}, title=evil
    )
    assert "<script>" not in svg and 'onclick="' not in svg and "<b>" not in svg
    root = ET.fromstring(svg)  # also proves every & is an entity
    (a,) = anchors(svg)
    assert a.get("href") == 'x" onclick="alert(1)&y=<b>'
    assert a.get("onclick") is None
    assert a.find(f"{SVG}title").text == f"{evil}: 3 briefings"
    assert root.find(f"{SVG}title").text == evil
    assert evil in root.find(f"{SVG}desc").text


def test_missing_links_names_and_bad_input_are_refused():
    with pytest.raises(ValueError, match="no link or no name for CN, RU"):
        render_world_map({"RU": 1, "CN": 2, "UA": 0}, {}, {}, "t")
    with pytest.raises(ValueError, match="negative counts for RU"):
        render_world_map({"RU": -1}, {}, {}, "t")
    with pytest.raises(ValueError, match="id_prefix"):
        render({}, id_prefix='x" onload="')


def test_accessible_structure():
    svg = render(SAMPLE, id_prefix="coverage")
    root = ET.fromstring(svg)
    assert root.get("role") == "group"  # role=img would hide the links from assistive technology
    assert root.get("aria-labelledby") == "coverage-title" and root.get("aria-describedby") == "coverage-desc"
    assert root.find(f"{SVG}title").get("id") == "coverage-title"
    assert root.find(f"{SVG}desc").get("id") == "coverage-desc"
    assert root.get("viewBox").startswith("0 0 ") and root.get("width") is None  # scales to its column
    style = root.find(f"{SVG}style").text
    assert "a:focus-visible" in style and "[data-md-color-scheme=slate]" in style
    assert "prefers-color-scheme:dark" in style and "var(--map-c5," in style


def test_fills_are_classes_not_colours():
    svg = render(SAMPLE)
    body = svg.split("</style>", 1)[1]
    assert "fill=" not in body and "#" not in body.split('<g class="map-legend"')[0].replace("&#", "")


# --------------------------------------------------------------------------- bins and legend


def test_bins_for_none_one_and_many():
    assert count_bins(0) == ()
    assert count_bins(1) == (Bin(1, 1, 4),)
    assert count_bins(2) == (Bin(1, 1, 2), Bin(2, 2, 4))
    assert count_bins(48) == (Bin(1, 2, 1), Bin(3, 4, 2), Bin(5, 10, 3), Bin(11, 22, 4), Bin(23, 48, 5))
    assert [b.label for b in count_bins(48)] == ["1\u20132", "3\u20134", "5\u201310", "11\u201322", "23\u201348"]


@pytest.mark.parametrize("peak", [1, 2, 3, 4, 5, 7, 10, 31, 32, 33, 100, 243, 1000, 99_999])
def test_bins_cover_one_to_peak_without_gaps(peak):
    bins = count_bins(peak)
    assert 1 <= len(bins) <= 5
    assert bins[0].low == 1 and bins[-1].high == peak
    assert all(a.high + 1 == b.low and a.level < b.level for a, b in zip(bins, bins[1:], strict=False))
    assert all(b.low <= b.high for b in bins)
    assert [level_of(n, bins) for n in (0, 1, peak)] == [0, bins[0].level, bins[-1].level]


def test_legend_shows_the_bins_in_use():
    svg = render({"RU": 1})
    legend = ET.fromstring(svg).find(f"{SVG}g[@class='map-legend']")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["Briefings:", "none", "1"]
    assert [r.get("class") for r in legend.iter(f"{SVG}rect")] == ["map-swatch map-c0", "map-swatch map-c4"]
    (a,) = anchors(svg)
    assert a.find(f"{SVG}path").get("class") == "map-c4"

    svg = render({"RU": 48, "UA": 23, "CN": 22, "SG": 1})
    legend = ET.fromstring(svg).find(f"{SVG}g[@class='map-legend']")
    assert [t.text for t in legend.iter(f"{SVG}text")][1:] == [
        "none",
        "1\u20132",
        "3\u20134",
        "5\u201310",
        "11\u201322",
        "23\u201348",
    ]
    classes = {a.get("data-code"): a.find(f"{SVG}path").get("class") for a in anchors(svg)}
    assert classes == {"RU": "map-c5", "UA": "map-c5", "CN": "map-c4", "SG": "map-c1"}


@pytest.mark.parametrize("peak", [1, 48, 10_000, 99_999])
def test_the_legend_fits_in_the_frame(peak):
    svg = render({"RU": peak})
    width = float(ET.fromstring(svg).get("viewBox").split()[2])
    legend = ET.fromstring(svg).find(f"{SVG}g[@class='map-legend']")
    match = re.fullmatch(r"translate\(0 \d+\)(?: scale\(([\d.]+)\))?", legend.get("transform"))
    scale = float(match.group(1) or 1)
    _, needed = worldmap.legend_layout(count_bins(peak))
    assert needed * scale <= width
    assert (scale < 1) == (peak >= 10_000)  # shrunk only when it must be


# --------------------------------------------------------------------------- determinism and size


def test_same_input_same_bytes_whatever_the_order():
    forward = render(SAMPLE)
    backward = render(dict(reversed(list(SAMPLE.items()))))
    worldmap.load_map.cache_clear()
    assert render(SAMPLE) == forward == backward
    assert forward.endswith("</svg>\n") and "\r" not in forward


def test_every_country_with_briefings_stays_within_the_size_budget():
    counts = {s.code: i % 50 + 1 for i, s in enumerate(map_shapes())}
    svg = render(counts)
    assert len(anchors(svg)) == len(map_shapes())
    assert len(svg.encode("utf-8")) <= 150_000
    assert len(render({}).encode("utf-8")) <= 100_000


def test_map_block_is_a_raw_html_block_that_markdown_keeps():
    import markdown

    svg = render(SAMPLE)
    block = map_block(svg)
    assert block.startswith('<figure class="world-map-figure">\n<svg ') and block.endswith("</svg>\n</figure>\n")
    html = markdown.markdown(f"# Countries\n\n{block}\n| a | b |\n|---|---|\n| 1 | 2 |\n", extensions=["tables"])
    assert svg.rstrip() in html


# --------------------------------------------------------------------------- the regeneration tool


def load_tool():
    spec = importlib.util.spec_from_file_location("world_geometry", REPO / "tools" / "world_geometry.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tool_projection_is_equal_earth():
    tool = load_tool()
    assert tool.equal_earth(0, 0) == (0.0, 0.0)
    x, y = tool.equal_earth(180, 0)
    assert x == pytest.approx(2.7066, abs=1e-4) and y == 0
    assert tool.equal_earth(0, 90)[1] == pytest.approx(1.3173, abs=1e-4)
    assert tool.equal_earth(-30, -40) == tuple(-v for v in tool.equal_earth(30, 40))


def test_tool_decodes_a_quantized_topology():
    tool = load_tool()
    topology = {"transform": {"scale": [0.5, 2], "translate": [-10, 5]}, "arcs": [[[0, 0], [2, 1], [-1, 0]]]}
    assert tool.decode_arcs(topology) == [[(-10, 5), (-9, 7), (-9.5, 7)]]


def test_tool_simplification_keeps_ends_and_corners():
    tool = load_tool()
    line = [(0, 0), (1, 0.01), (2, 0), (3, 5), (4, 0)]
    assert tool.simplify(line, 1.0) == [0, 2, 3, 4]  # the near-straight point goes, the spike and its foot stay
    square = [(0, 0), (0, 10), (10, 10), (10, 0), (5, 0.01), (0, 0)]
    assert len(tool.simplify(square, 1e9)) == 4  # a closed arc keeps at least 4 points


def test_tool_splits_a_ring_at_the_antimeridian():
    tool = load_tool()
    ring = [(170, 60), (-180, 60), (-170, 60), (-170, 70), (180, 70), (170, 70), (170, 60)]
    outside, inside = tool.split_at_antimeridian(ring)
    assert all(lon >= 170 for lon, _ in outside) and all(lon <= -170 for lon, _ in inside)
    assert outside[0] == outside[-1] and inside[0] == inside[-1]
    assert {lat for lon, lat in outside if lon == 180} == {60, 70}
    assert tool.split_at_antimeridian([(0, 0), (1, 0), (1, 1), (0, 0)]) == [[(0, 0), (1, 0), (1, 1), (0, 0)]]


def test_bin_edges_are_exact_integer_roots():
    assert [worldmap.root_floor(32, k) for k in range(1, 6)] == [2, 4, 8, 16, 32]
    assert worldmap.root_floor(10**15 + 7, 5) == 10**15 + 7  # a float fifth root alone is 1 too high here
    assert worldmap.root_floor(2**5 - 1, 1) == 1
