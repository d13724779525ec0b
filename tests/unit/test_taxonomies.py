"""Taxonomies are configuration: a site adds a kind of term in mkdocs.yml and gets its metadata key,
term pages, feeds, catalogue key and search filter, with no code change."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefings.model import Companion
from briefings.settings import SettingsError, settings_from
from briefings.taxonomies import DEFAULT_TAXONOMIES, TaxonomyError, read_taxonomies
from support.project import REPO, copy_project

KINDS_SEEDS = REPO / "tests" / "fixtures" / "kinds-seeds"
KINDS = """      taxonomies:
        - topics
        - regions
        - countries
        - organisations
        - people
        - systems
        - id: events
          singular: Event
          terms: free
          facet: event
        - id: units
          title: Military units
          singular: Unit
          terms: gazetteer
          gazetteer: seeds/units.yml
          facet: unit
          actor: true
          companions: [countries]
"""


def test_the_default_table_is_the_six_kinds_in_order():
    assert read_taxonomies(None, REPO) == DEFAULT_TAXONOMIES
    assert [t.id for t in DEFAULT_TAXONOMIES] == [
        "topics",
        "regions",
        "countries",
        "organisations",
        "people",
        "systems",
    ]
    assert [t.facet for t in DEFAULT_TAXONOMIES] == ["topic", "region", "country", "organisation", "", "system"]
    by_id = {t.id: t for t in DEFAULT_TAXONOMIES}
    assert by_id["countries"].companions == (Companion("regions"),)
    assert by_id["organisations"].companions[0].when == ("agency", "armed-force", "legislature", "party")


def test_a_kind_given_as_a_mapping_takes_the_defaults_it_leaves_out(tmp_path):
    table = read_taxonomies(["topics", {"id": "operations"}, {"id": "countries", "facet": ""}], tmp_path)
    operations = table[1]
    assert (operations.title, operations.singular, operations.source, operations.facet) == (
        "Operations",
        "Operation",
        "free",
        "",
    )
    assert table[2].facet == "" and table[2].companions == ()  # no regions kind to follow


@pytest.mark.parametrize(
    "raw, message",
    [
        (
            "events",
            "taxonomies[0]: 'events' is not a default kind (topics, regions, countries, organisations, "
            "people, systems); give a mapping to add one",
        ),
        ([{"id": "Events"}], "taxonomies[0]: 'id' must be lowercase letters, digits and hyphens, got 'Events'"),
        (
            [{"id": "events", "terms": "wiki"}],
            "taxonomies[0]: 'terms' must be one of vocabulary, regions, countries, gazetteer, free, got 'wiki'",
        ),
        (
            [{"id": "events", "facets": "event"}],
            "taxonomies[0]: unknown key 'facets'; known keys: id, title, singular, terms, facet, actor, "
            "seen_with, companions, gazetteer",
        ),
        (["topics", "topics"], "taxonomies: 'topics' is listed twice"),
        (
            [{"id": "briefings"}],
            "taxonomies: 'briefings' is reserved (a metadata key or a folder of the site); choose another id",
        ),
        ([{"id": "events", "facet": "year"}], "taxonomies: the facet 'year' is the search page's own; choose another"),
        (
            [{"id": "events", "companions": ["topics"]}, "topics"],
            "taxonomies: 'events' has the companion 'topics'; a companion is the kind with 'terms: countries' "
            "or 'terms: regions' (gazetteer entries name their country and region), and not the kind itself",
        ),
        (
            [{"id": "events", "terms": "free", "gazetteer": "x.yml"}],
            "taxonomies[0]: 'gazetteer' files need 'terms: gazetteer'",
        ),
    ],
)
def test_a_bad_table_is_every_problem_in_one_line_each(raw, message, tmp_path):
    with pytest.raises(TaxonomyError) as caught:
        read_taxonomies(raw if isinstance(raw, list) else [raw], tmp_path)
    assert message in caught.value.problems


def test_settings_from_reports_a_bad_table_with_the_plugin_name(tmp_path):
    with pytest.raises(SettingsError) as caught:
        settings_from({"taxonomies": [{"id": "x", "actor": "yes"}]}, config_dir=tmp_path)
    assert caught.value.problems == ("briefings: taxonomies[0]: 'actor' must be true or false, got 'yes'",)


def test_a_kind_with_its_own_gazetteer_reads_that_file(tmp_path):
    settings = settings_from(
        {"taxonomies": ["countries", {"id": "units", "terms": "gazetteer", "gazetteer": "seeds/units.yml"}]},
        config_dir=tmp_path,
    )
    assert settings.gazetteer_files == ((tmp_path / "seeds" / "units.yml").resolve(),)


@pytest.fixture(scope="module")
def kinds_site(tmp_path_factory):
    """A project whose mkdocs.yml adds `events` (free values) and `units` (a gazetteer file), built."""
    root = copy_project(tmp_path_factory.mktemp("kinds") / "project", seeds_from=KINDS_SEEDS)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      timezone: UTC\n" in text
    config.write_text(text.replace("      timezone: UTC\n", "      timezone: UTC\n" + KINDS, 1), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "briefings", "build", "--strict", "--quiet"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return root


@pytest.mark.slow
def test_an_added_kind_gets_term_pages_feeds_and_an_overview(kinds_site):
    content = kinds_site / "content"
    assert (content / "events" / "index.md").is_file()
    winter = (content / "events" / "winter-drills-2024.md").read_text(encoding="utf-8")
    assert "# Winter drills 2024" in winter and "Event · 2 briefings" in winter
    assert (content / "feeds" / "events" / "winter-drills-2024.atom.xml").is_file()
    tank = (content / "units" / "1st-guards-tank-army.md").read_text(encoding="utf-8")
    assert "Unit · 1 briefing" in tank and "Army." in tank
    assert "## Seen most often with" not in tank  # seen_with is off unless asked
    overview = (content / "units" / "index.md").read_text(encoding="utf-8")
    assert overview.startswith("---\nsearch:\n  exclude: true\n---\n# Military units\n")
    home = (content / "index.md").read_text(encoding="utf-8")
    assert "- [Military units](units/index.md) · 2 terms" in home


@pytest.mark.slow
def test_an_added_kind_is_in_the_catalogue_and_detected_in_the_text_with_its_companions(kinds_site):
    catalogue = {
        entry["slug"]: entry
        for entry in json.loads((kinds_site / "content" / "briefings.json").read_text(encoding="utf-8"))
    }
    tank = catalogue["tank-army-drills-near-the-border"]
    assert tank["units"] == ["1st Guards Tank Army"]
    assert tank["events"] == ["Winter drills 2024"]
    assert "Russia" in tank["countries"]  # the unit brought its country
    airborne = catalogue["airborne-division-arrives-for-exercise"]
    assert airborne["units"] == ["82nd Airborne Division"]
    assert airborne["events"] == ["Spring exercise 2024", "Winter drills 2024"]
    assert {"United States", "Poland"} <= set(airborne["countries"])
    assert list(tank)[list(tank).index("systems") + 1 : list(tank).index("systems") + 3] == ["events", "units"]


@pytest.mark.slow
def test_an_added_kind_is_a_filter_of_the_search_page(kinds_site):
    facets = json.loads((kinds_site / "site" / "facets.json").read_text(encoding="utf-8"))
    assert [f["key"] for f in facets] == ["topic", "region", "country", "organisation", "system", "event", "unit"]
    assert facets[-1] == {"key": "unit", "title": "Unit", "taxonomy": "units"}
    page = (kinds_site / "site" / "briefings" / "tank-army-drills-near-the-border" / "index.html").read_text(
        encoding="utf-8"
    )
    assert '<span data-pagefind-filter="unit[data-value]" data-value="1st Guards Tank Army"></span>' in page
    assert '<span data-pagefind-filter="event[data-value]" data-value="Winter drills 2024"></span>' in page
    assert "<strong>Military units:</strong>" in page


def test_a_metadata_key_of_no_kind_is_an_unknown_key(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("2024-01-01\nA title\n\nSome article text that is long enough.\n", encoding="utf-8")
    (seeds / "a.yml").write_text("units: [x]\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "briefings", "check", "-f", str(REPO / "mkdocs.yml"), "--seeds", str(seeds)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "seeds/a.yml:1: unknown key 'units'" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_gazetteer_section_of_no_kind_is_a_problem_not_a_traceback(tmp_path):
    from briefings.extract.gazetteer import load_gazetteer
    from briefings.model import SourceText

    own = SourceText("seeds/gazetteer.yml", "gazetteer.yml", "units:\n  - id: a\n    name: A\n", "x")
    gazetteer, problems = load_gazetteer((own,), DEFAULT_TAXONOMIES)
    assert [str(p) for p in problems] == [
        "seeds/gazetteer.yml:2: unknown section 'units'; expected countries, organisations, people, regions, systems"
    ]
    assert gazetteer.lookup("units", "A") is None


def test_the_plugin_options_are_documented_from_the_one_table():
    from briefings.integrations.mkdocs.options import BriefingsConfig
    from briefings.settings import OPTIONS

    assert [name for name, _ in BriefingsConfig._schema] == [option.name for option in OPTIONS]
    assert Path(REPO / "README.md").read_text(encoding="utf-8").count("taxonomies:") >= 2
