"""Atom and JSON Feed 1.1 files for the site and every term, checked against the catalogue."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET

import yaml

from briefings.build import assemble
from briefings.taxonomies import DEFAULT_TAXONOMIES
from support.project import FIXTURE_SEEDS, fixture_settings

TAXONOMIES = tuple(t.id for t in DEFAULT_TAXONOMIES)

SITE = "https://example.github.io/briefings/"
ATOM = "{http://www.w3.org/2005/Atom}"


def plan_of(settings, today=None) -> dict[str, str]:
    return assemble(settings, today)[1].as_dict()


def front(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def atom_entries(text: str) -> list[dict]:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    return [
        {
            "id": e.findtext(f"{ATOM}id"),
            "title": e.findtext(f"{ATOM}title"),
            "url": e.find(f"{ATOM}link").get("href"),
            "summary": e.findtext(f"{ATOM}summary"),
            "published": e.findtext(f"{ATOM}published"),
            "updated": e.findtext(f"{ATOM}updated"),
        }
        for e in root.findall(f"{ATOM}entry")
    ]


def json_entries(text: str) -> list[dict]:
    feed = json.loads(text)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    return [
        {
            "id": i["id"],
            "title": i["title"],
            "url": i["url"],
            "summary": i["summary"],
            "published": i["date_published"],
            "updated": i["date_modified"],
        }
        for i in feed["items"]
    ]


def expected_entries(catalogue: list[dict]) -> list[dict]:
    return [
        {
            "id": SITE + c["url"],
            "title": c["title"],
            "url": SITE + c["url"],
            "summary": c["summary"],
            "published": c["timestamp"] or f"{c['date']}T00:00:00+00:00",
            "updated": max(
                c["timestamp"] or f"{c['date']}T00:00:00+00:00", f"{c['updated'] or c['date']}T00:00:00+00:00"
            ),
        }
        for c in catalogue
    ]


def term_pages(plan: dict[str, str]) -> dict[str, dict]:
    """Return {page path: front matter} of every term page."""
    return {
        path: front(text)
        for path, text in plan.items()
        if path.split("/")[0] in TAXONOMIES and path.endswith(".md") and not path.endswith("/index.md")
    }


def test_every_feed_lists_the_catalogue_briefings_newest_first_with_their_bottom_lines():
    plan = plan_of(fixture_settings(site_url=SITE))
    catalogue = json.loads(plan["briefings.json"])
    assert len(catalogue) == 5
    expected_all = expected_entries(catalogue)
    assert atom_entries(plan["feeds/all.atom.xml"]) == expected_all
    assert json_entries(plan["feeds/all.json"]) == expected_all

    pages = term_pages(plan)
    assert len(pages) == 16
    feeds = set()
    for path, meta in pages.items():
        term = meta["term"]
        members = [c for c in catalogue if term["title"] in c[term["taxonomy"]]]
        assert len(members) == term["count"] > 0, path
        name = path.removesuffix(".md")
        assert meta["feeds"] == {"atom": f"feeds/{name}.atom.xml", "json": f"feeds/{name}.json"}
        assert atom_entries(plan[meta["feeds"]["atom"]]) == expected_entries(members), path
        assert json_entries(plan[meta["feeds"]["json"]]) == expected_entries(members), path
        root = ET.fromstring(plan[meta["feeds"]["atom"]].encode())
        assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == SITE + name + "/"
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == SITE + meta["feeds"]["atom"]
        assert json.loads(plan[meta["feeds"]["json"]])["home_page_url"] == SITE + name + "/"
        feeds |= set(meta["feeds"].values())
        assert f"Subscribe: [Atom feed](../feeds/{name}.atom.xml) · [JSON Feed](../feeds/{name}.json)" in plan[path]
    assert {p for p in plan if p.startswith("feeds/")} == feeds | {"feeds/all.atom.xml", "feeds/all.json"}
    assert "Subscribe: [Atom feed](feeds/all.atom.xml) · [JSON Feed](feeds/all.json)" in plan["index.md"]


def test_feed_header_updated_is_the_newest_briefing_not_the_clock():
    plan = plan_of(fixture_settings(site_url=SITE))
    root = ET.fromstring(plan["feeds/all.atom.xml"].encode())
    assert root.findtext(f"{ATOM}updated") == "2024-04-04T00:00:00+00:00"
    assert root.findtext(f"{ATOM}id") == SITE + "feeds/all.atom.xml"
    assert root.findtext(f"{ATOM}title") == "Briefings"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Briefings"
    russia = ET.fromstring(plan["feeds/countries/russia.atom.xml"].encode())
    assert russia.findtext(f"{ATOM}title") == "Briefings: Country Russia"


def test_feeds_are_the_same_bytes_every_build_and_ids_survive_a_new_briefing(tmp_path):
    first = plan_of(fixture_settings(site_url=SITE))
    assert plan_of(fixture_settings(site_url=SITE)) == first
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    (seeds / "eta-new.txt").write_text("2025-01-02\nA Newer Briefing\n\nNATO ministers met about radars in Russia.\n")
    second = plan_of(fixture_settings(seeds, site_url=SITE))
    old = {e["url"]: e["id"] for e in atom_entries(first["feeds/all.atom.xml"])}
    new = {e["url"]: e["id"] for e in atom_entries(second["feeds/all.atom.xml"])}
    assert list(new)[0] == SITE + "briefings/a-newer-briefing/"
    assert {url: new[url] for url in old} == old


def test_hostile_text_is_escaped_in_json_feeds_and_parses_in_atom():
    plan = plan_of(fixture_settings(site_url=SITE))
    raw = plan["feeds/all.json"]
    assert "<b>" not in raw and "\\u003cb\\u003etags" in raw
    titles = [e["title"] for e in atom_entries(plan["feeds/all.atom.xml"])]
    assert "Title with <b>tags</b>, {{ jinja }}, {% raw %} and [a link](javascript:alert(1))" in titles


def test_without_site_url_feeds_use_relative_links_and_urn_ids():
    plan = plan_of(fixture_settings())
    entries = atom_entries(plan["feeds/countries/russia.atom.xml"])
    assert entries[0]["url"] == "../../briefings/title-with-b-tags-b-jinja-raw-and-a-link-javascript-alert-1/"
    assert entries[0]["id"] == "urn:briefings:briefing:title-with-b-tags-b-jinja-raw-and-a-link-javascript-alert-1"
    root = ET.fromstring(plan["feeds/countries/russia.atom.xml"].encode())
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == "../../countries/russia/"
    assert root.findtext(f"{ATOM}id") == "urn:briefings:feed:countries/russia"
    site = json.loads(plan["feeds/all.json"])
    assert site["home_page_url"] == "../" and site["feed_url"] == "all.json"
    assert site["items"][0]["url"] == "../briefings/secretary-meets-counterpart-2/"


def test_timestamps_drafts_embargoes_and_restricted_briefings(seeds):
    shutil.copy(FIXTURE_SEEDS / "taxonomy.yml", seeds.dir / "taxonomy.yml")
    seeds(
        "stamped.txt",
        "Wed, 03 Aug 2022 19:49:23 +0200\nA Stamped Briefing\n\nNATO ministers met about radars in Russia.\n",
    )
    seeds("later.txt", "2022-09-01\nAn Updated Briefing\n\nNATO ministers met about radars in Russia.\n")
    seeds("later.yml", "updated: 2022-10-05\n")
    seeds("draft.txt", "2022-09-02\nA Draft Briefing\n\nNATO ministers met about radars in Russia.\n")
    seeds("draft.yml", "draft: true\n")
    seeds("future.txt", "2022-12-24\nAn Embargoed Briefing\n\nNATO ministers met about radars in Russia.\n")
    seeds("amber.txt", "2022-09-03\nAn Amber Briefing\n\nNATO ministers met about radars in Russia.\n")
    seeds("amber.yml", "handling: TLP:AMBER\n")
    settings = fixture_settings(seeds.dir, site_url=SITE, internal=True)
    plan = plan_of(settings, today=dt.date(2022, 11, 1))
    catalogue = json.loads(plan["briefings.json"])
    assert [c["title"] for c in catalogue] == ["An Amber Briefing", "An Updated Briefing", "A Stamped Briefing"]
    for path in ("feeds/all.atom.xml", "feeds/countries/russia.atom.xml"):
        entries = atom_entries(plan[path])
        assert [(e["title"], e["published"], e["updated"]) for e in entries] == [
            ("An Updated Briefing", "2022-09-01T00:00:00+00:00", "2022-10-05T00:00:00+00:00"),
            ("A Stamped Briefing", "2022-08-03T17:49:23+00:00", "2022-08-03T17:49:23+00:00"),
        ], path
    for path, text in plan.items():
        if path.startswith("feeds/"):
            for hidden in ("Draft", "Embargoed", "Amber"):
                assert hidden not in text, (path, hidden)


def test_a_feed_carries_the_newest_fifty_briefings_and_the_term_page_lists_them_all(tmp_path):
    from briefings.pages.feeds import FEED_ENTRIES
    from support.project import write_seeds

    seeds = tmp_path / "seeds"
    write_seeds(seeds, 60)
    plan = plan_of(fixture_settings(seeds, site_url=SITE))
    catalogue = json.loads(plan["briefings.json"])
    assert FEED_ENTRIES == 50 < len(catalogue) == 65
    assert atom_entries(plan["feeds/all.atom.xml"]) == expected_entries(catalogue[:50])
    assert json_entries(plan["feeds/all.json"]) == expected_entries(catalogue[:50])
    japan = [c for c in catalogue if "Japan" in c["countries"]]
    assert len(japan) > 0
    path = "countries/japan.md"
    assert front(plan[path])["term"]["count"] == len(japan)
    assert plan[path].count("](../briefings/") >= len(japan)
    assert json_entries(plan["feeds/countries/japan.json"]) == expected_entries(japan[:50])
