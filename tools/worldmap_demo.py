"""Write a page with the world map inline, light or dark, for a look in a browser or a screenshot.

    .venv/bin/python tools/worldmap_demo.py OUT.html [--dark]
    /usr/bin/chromium --headless --no-sandbox --disable-gpu --screenshot=OUT.png --window-size=1280,700 OUT.html

The page imitates Material's: the body carries data-md-color-scheme (default or slate) and the slate
background and text colours, so the map's own fallbacks are what is seen. Sample counts, not real data.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "generator"))

import pycountry  # noqa: E402

from briefings.pages.worldmap import map_block, render_world_map  # noqa: E402

SAMPLE = {
    "US": 48,
    "RU": 41,
    "CN": 37,
    "UA": 30,
    "IR": 17,
    "IL": 15,
    "TW": 12,
    "KP": 11,
    "GB": 9,
    "FR": 8,
    "DE": 7,
    "IN": 6,
    "JP": 6,
    "TR": 5,
    "PL": 4,
    "KR": 4,
    "SA": 3,
    "AU": 3,
    "SY": 3,
    "BR": 2,
    "EG": 2,
    "NO": 2,
    "SG": 2,
    "QA": 1,
    "BH": 1,
    "XK": 1,
    "VA": 1,
    "ML": 1,
    "ZA": 1,
    "FI": 1,
    "EH": 1,
    "LT": 1,
}


def display_name(code: str) -> str:
    """Return a short English name for a code (Kosovo is not in pycountry)."""
    if code == "XK":
        return "Kosovo"
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name


def page(dark: bool) -> str:
    """Return the demo page."""
    names = {code: display_name(code) for code in SAMPLE}
    links = {code: f"{code.lower()}/" for code in SAMPLE}
    svg = render_world_map(SAMPLE, links, names, "Countries by number of briefings")
    scheme = "slate" if dark else "default"
    colours = "background:#1e2029;color:#e2e4e9" if dark else "background:#fff;color:#000000de"
    return (
        f'<!doctype html>\n<html lang="en" style="color-scheme:{"dark" if dark else "light"}">\n'
        f'<head><meta charset="utf-8"><title>World map demo</title></head>\n'
        f'<body data-md-color-scheme="{scheme}" style="{colours};font-family:sans-serif;margin:16px '
        f'auto;max-width:1000px">\n'
        f"<h1>Countries</h1>\n{map_block(svg)}</body>\n</html>\n"
    )


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(page("--dark" in sys.argv[2:]), encoding="utf-8")
