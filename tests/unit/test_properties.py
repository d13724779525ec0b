"""Property tests: any input gives a briefing or reported problems; accepted metadata round-trips.

Hypothesis runs each test body many times inside one pytest call, so every example makes
its own temporary seeds folder. The shipped gazetteer is parsed once per module (loading
it is most of a small build's time); everything else runs as in a real build.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

import briefings.build
from briefings.build import assemble
from briefings.errors import ProblemsFound
from support.project import fixture_settings

TODAY = dt.date(2026, 1, 1)
ARTICLE = "2023-12-08\nA Title\n\nNATO ministers met in Brussels to discuss radar coverage of Europe.\n"
EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module", autouse=True)
def gazetteer_once():
    """Load each gazetteer once for the whole module instead of once per example."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(briefings.build, "load_gazetteer", functools.lru_cache(maxsize=4)(briefings.build.load_gazetteer))
        yield


def build(files: dict[str, str | bytes]):
    """Return (site, plan, report) for seeds made of `files`, or raise ProblemsFound."""
    with tempfile.TemporaryDirectory() as folder:
        seeds_dir = Path(folder) / "seeds"
        seeds_dir.mkdir()
        for name, content in files.items():
            data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
            (seeds_dir / name).write_bytes(data)
        return assemble(fixture_settings(seeds_dir), TODAY)


def builds_or_reports(files: dict[str, str | bytes]) -> None:
    """Pass when the seeds give a site or ProblemsFound; anything else propagates and fails."""
    try:
        build(files)
    except ProblemsFound as found:
        assert found.problems, "ProblemsFound without a problem"
        assert all(str(p).startswith(p.path + (f":{p.line}" if p.line else "") + ": ") for p in found.problems)


# --------------------------------------------------------------------------- never anything but a problem


@EXAMPLES
@given(st.text())
def test_any_text_as_a_txt_seed_is_a_briefing_or_a_problem(text):
    builds_or_reports({"a.txt": text})


@EXAMPLES
@given(st.binary())
def test_any_bytes_as_a_txt_seed_are_a_briefing_or_a_problem(data):
    builds_or_reports({"a.txt": data})


@EXAMPLES
@given(st.text())
def test_any_text_as_metadata_is_accepted_or_a_problem(text):
    builds_or_reports({"a.txt": ARTICLE, "a.yml": text})


YAMLISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20) | st.dates(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=12), children, max_size=3),
    max_leaves=8,
)
KEYS = st.sampled_from(
    [
        "title",
        "date",
        "updated",
        "slug",
        "summary",
        "key_points",
        "topics",
        "regions",
        "countries",
        "organisations",
        "people",
        "systems",
        "source",
        "handling",
        "draft",
        "tags",
    ]
)


@EXAMPLES
@given(st.dictionaries(KEYS, YAMLISH, max_size=5))
def test_any_yaml_values_under_known_keys_are_accepted_or_a_problem(meta):
    builds_or_reports({"a.txt": ARTICLE, "a.yml": yaml.safe_dump(meta, allow_unicode=True)})


@EXAMPLES
@given(st.text())
def test_any_text_as_a_markdown_seed_is_a_briefing_or_a_problem(text):
    builds_or_reports({"a.md": text})


# --------------------------------------------------------------------------- accepted metadata round-trips

WORDS = (
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
METADATA = st.fixed_dictionaries(
    {
        "title": WORDS,
        "date": st.dates(min_value=dt.date(1950, 1, 1), max_value=TODAY),
        "slug": st.from_regex(r"[a-z0-9]{1,20}(-[a-z0-9]{1,20}){0,3}", fullmatch=True),
        "summary": WORDS,
        "key_points": st.lists(WORDS, min_size=1, max_size=4),
        "tags": st.lists(WORDS, max_size=4),
    }
)


@EXAMPLES
@given(METADATA)
def test_accepted_metadata_round_trips_to_catalogue_and_front_matter(meta):
    text = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10**6)
    site, plan, report = build({"a.txt": ARTICLE, "a.yml": text})
    pages = plan.as_dict()
    (entry,) = json.loads(pages["briefings.json"])
    assert {key: entry[key] for key in meta} == {**meta, "date": meta["date"].isoformat()}

    _, front = get_data(pages[f"briefings/{meta['slug']}.md"])
    assert front, "the front matter does not parse back"
    assert front["briefing"]["title"] == meta["title"]
    assert front["briefing"]["slug"] == meta["slug"]
    assert front["briefing"]["date"] == meta["date"].isoformat()


def test_whitespace_in_metadata_is_collapsed_to_single_spaces():
    meta = {
        "title": "  Two   words\n",
        "summary": "A\tsummary  here.",
        "key_points": [" One  point. "],
        "tags": ["a  b"],
    }
    site, plan, report = build({"a.txt": ARTICLE, "a.yml": yaml.safe_dump(meta)})
    (entry,) = json.loads(plan.as_dict()["briefings.json"])
    assert (entry["title"], entry["summary"], entry["key_points"], entry["tags"]) == (
        "Two words",
        "A summary here.",
        ["One point."],
        ["a b"],
    )


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text())
FRONT = st.recursive(
    st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True), SCALARS, max_size=4),
    lambda inner: st.dictionaries(
        st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True),
        st.one_of(SCALARS, inner, st.lists(SCALARS, max_size=4), st.lists(inner, max_size=3)),
        max_size=4,
    ),
    max_leaves=12,
)


@EXAMPLES
@given(FRONT)
def test_front_matter_of_any_text_reads_back_the_same_in_yaml_and_mkdocs(data):
    from briefings.formats.frontmatter import front_matter

    text = front_matter(data)
    assert yaml.safe_load(text.split("---\n")[1]) == (data or None)
    if data:
        assert get_data(text + "# x\n")[1] == data


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


@EXAMPLES
@given(JSON_VALUES)
def test_dump_json_writes_what_json_dumps_writes_then_escapes_markup(value):
    from briefings.formats.jsontext import dump_json

    expected = (
        json.dumps(value, ensure_ascii=False, indent=2)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    assert dump_json(value) == expected + "\n"


def test_dump_json_leaves_other_keys_and_types_to_json_dumps():
    from collections import OrderedDict

    from briefings.formats.jsontext import dump_json

    class Name(str):
        pass

    for value in ({1: "a", "b": [True]}, OrderedDict(a=[1, 2]), [Name("é<")], {"x": 1.5e300}):
        assert dump_json(value) == json.dumps(value, ensure_ascii=False, indent=2).replace("<", "\\u003c") + "\n"
    with pytest.raises(TypeError):
        dump_json({"a": object()})
