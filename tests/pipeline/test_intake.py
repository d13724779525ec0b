"""`briefings add`: saved pages, a PDF report, feeds, text and links become seeds with their source's metadata;
boilerplate stays out, duplicates are refused, nothing is overwritten, fetching fails one source at a time."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefings.cli import main
from briefings.intake.add import Options, add_sources
from briefings.intake.fetch import Limits
from support.intake import EXPECTED, INTAKE, REPORT, make_report_pdf, score, web_server

NOW = dt.datetime(2024, 3, 16, 8, 30, tzinfo=dt.UTC)
ONLY_HTTP = "only http:// and https:// addresses are fetched"


def add(seeds: Path, *sources: str, **options):
    """Return the outcomes of adding the sources to a seeds folder (at a fixed time)."""
    return list(add_sources(sources, Options(seeds, clock=lambda: NOW, **options)))


def meta_of(seed: Path) -> dict:
    return yaml.safe_load(seed.with_suffix(".yml").read_text(encoding="utf-8"))


def run(*args, stdin: bytes = b""):
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# ------------------------------------------------------------------------- saved web pages


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_saved_page_gives_its_title_date_author_url_and_body_without_boilerplate(tmp_path, name):
    expected = EXPECTED[name]
    [outcome] = add(tmp_path, str(INTAKE / name))
    assert outcome.action == "added", outcome.reason
    text = outcome.seed.read_text(encoding="utf-8")
    result = score(text, expected)
    assert result["title"] and result["date"], text[:200]
    assert result["missed"] == []
    assert result["boilerplate"] == []
    meta = meta_of(outcome.seed)
    assert meta["source"] == {
        key: value
        for key, value in (
            ("name", expected["name"]),
            ("url", expected["url"]),
            ("author", expected["author"]),
            ("published", expected["published"]),
        )
        if value
    }
    assert meta["lang"] == expected["lang"]
    assert meta["added"] == {"at": "2024-03-16T08:30:00+00:00", "from": name, "as": "web page"}


def test_the_scorer_finds_boilerplate_and_missing_paragraphs():  # so that the test above can fail
    expected = EXPECTED["news-page.html"]
    seed = (
        f"{expected['published']}\n{expected['title']}\n\n{expected['body'][0]}\n\n"
        "Accept all cookies\n\nRelated coverage: Sweden doubles its garrison on Gotland, and more\n"
    )
    result = score(seed, expected)
    assert result["boilerplate"] == ["Accept all cookies", "Sweden doubles its garrison on Gotland"]
    assert result["recalled"] == 1 and len(result["missed"]) == len(expected["body"]) - 1


def test_a_news_page_keeps_headings_lists_quotes_and_tables_in_the_seed_format(tmp_path):
    [outcome] = add(tmp_path, str(INTAKE / "news-page.html"))
    text = outcome.seed.read_text(encoding="utf-8")
    assert text.startswith(
        "2024-03-14T07:45:00+01:00\nNorway extends Arctic radar coverage as Northern Fleet patrols grow\n\nNorway will"
    )
    assert "\n\n## Gaps in the north\n\n" in text
    assert (
        "\n\n• aircraft and cruise missiles flying below 300 metres over the sea;\n"
        "• maritime patrol aircraft operating from Severomorsk;\n"
    ) in text
    assert "\n\n> This is the largest investment in air surveillance in northern Norway" in text
    assert "\n\nSite | Radar | In service\nHonningsvåg | Long-range 3D air surveillance | 2026\n" in text
    assert outcome.seed.name == "2024-03-14-norway-extends-arctic-radar-coverage-as-northern-fleet.txt"


def test_a_press_release_ends_at_its_end_mark_and_a_byline_is_not_text(tmp_path):
    [release] = add(tmp_path, str(INTAKE / "press-release.html"))
    text = release.seed.read_text(encoding="utf-8")
    assert text.rstrip().endswith("with the second following in 2029.")
    [french] = add(tmp_path, str(INTAKE / "french-page.html"))
    assert "Par Élodie Kerjean" not in french.seed.read_text(encoding="utf-8")


def test_a_page_saved_with_singlefile_gives_its_address_and_when_it_was_saved(tmp_path):
    page = (INTAKE / "press-release.html").read_text(encoding="utf-8")
    canonical = page.index('<link rel="canonical"')
    page = page[:canonical] + page[page.index("\n", canonical) + 1 :]
    saved = tmp_path / "saved.html"
    saved.write_text(
        "<!--\n Page saved with SingleFile \n url: https://www.maritime-defense.example.gov/News/Releases/3712044/ \n"
        " saved date: Tue Feb 27 2024 16:05:09 GMT+0100 (Central European Standard Time)\n-->\n" + page,
        encoding="utf-8",
    )
    [outcome] = add(tmp_path / "seeds", str(saved))
    source = meta_of(outcome.seed)["source"]
    assert source["url"] == "https://www.maritime-defense.example.gov/News/Releases/3712044/"
    assert source["retrieved"] == "2024-02-27T16:05:09+01:00"


# ------------------------------------------------------------------------- a PDF report


def test_a_pdf_report_gives_title_date_author_headings_and_footnotes_as_notes(tmp_path):
    pdf = make_report_pdf(tmp_path / "NSI-2024-07.pdf")
    [outcome] = add(tmp_path / "seeds", str(pdf))
    assert outcome.action == "added", outcome.reason
    text = outcome.seed.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[:3] == ["2024-03-14", REPORT["title"], ""]
    assert "\n## Summary\n" in text and "\n## Options for Parliament\n\n### Protecting repair capacity\n" in text
    assert "sabotage alike.[1]\n" in text and "40 million euros a year.[2]\n" in text
    assert "\n• Repair ships able to lift a cable from the seabed are few and often booked for months.\n" in text
    assert text.endswith(
        "## Notes\n\n[1] Finnish Border Guard, statement on the Balticconnector pipeline, 10 October 2023.\n\n"
        "[2] Institute estimate, based on published charter rates for cable ships in 2023.\n"
    )
    for boilerplate in ("Nordic Security Institute", "Page 1 of 2", "Page 2 of 2", "Senior Analyst", "March 14"):
        assert boilerplate not in text
    for block in REPORT["pages"][0] + REPORT["pages"][1]:
        assert block[1] in text
    assert meta_of(outcome.seed) == {
        "source": {"author": "Maria Lindqvist", "published": "2024-03-14"},
        "added": {"at": "2024-03-16T08:30:00+00:00", "from": "NSI-2024-07.pdf", "as": "PDF"},
    }


def test_what_is_no_pdf_or_has_no_text_is_refused_with_its_reason(tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"<html>not a pdf</html>")
    from fpdf import FPDF

    blank = FPDF()
    blank.add_page()
    blank.output(str(tmp_path / "scan.pdf"))
    outcomes = add(tmp_path / "seeds", str(fake), str(tmp_path / "scan.pdf"))
    assert [(o.action, o.reason) for o in outcomes] == [
        ("failed", "is not a PDF (it does not start with %PDF-)"),
        ("failed", "has no text layer (a scanned PDF needs OCR first)"),
    ]


# ------------------------------------------------------------------------- feeds


def test_rss_atom_and_json_feeds_give_one_seed_per_item_with_its_source(tmp_path):
    outcomes = add(tmp_path, *(str(INTAKE / name) for name in ("feed-rss.xml", "feed-atom.xml", "feed.json")))
    assert [o.action for o in outcomes] == ["added"] * 6
    by_url = {meta_of(o.seed)["source"]["url"]: o.seed for o in outcomes}
    denmark = by_url[
        "https://www.harbourpost.example.com/world/2024/03/15/denmark-greenland-drones?utm_source=rss&utm_medium=feed"
    ]
    assert meta_of(denmark) == {
        "lang": "en-gb",
        "source": {
            "name": "Harbour Post – Defence",
            "url": "https://www.harbourpost.example.com/world/2024/03/15/denmark-greenland-drones?utm_source=rss&utm_medium=feed",
            "author": "Jonas Berg",
            "published": "2024-03-15T06:30:00+00:00",
        },
        "added": {"at": "2024-03-16T08:30:00+00:00", "from": "feed-rss.xml", "as": "feed item"},
    }
    text = denmark.read_text(encoding="utf-8")
    assert "appeared first on" not in text  # WordPress's footer
    assert "\n\n## A long-standing gap\n\n" in text and "\n\n> We have been guarding" in text
    estonia = by_url["https://monitor.example.org/2024/03/estonia-coastal-missiles"]
    assert meta_of(estonia)["source"]["published"] == "2024-03-20T09:15:00+02:00"
    assert "\n\n### Closing the gulf\n\n" in estonia.read_text(encoding="utf-8")
    finland = by_url["https://polarwire.example.net/2024/03/22/finland-icebreaker-order"]
    assert meta_of(finland)["source"]["author"] == "Aino Virtanen"
    assert finland.read_text(encoding="utf-8").startswith(
        "2024-03-22T10:00:00+02:00\nFinland orders two icebreakers with military sensors\n\n"
    )


def test_a_feed_read_twice_adds_only_its_new_items(tmp_path):
    feed = tmp_path / "feed.atom"
    text = (INTAKE / "feed-atom.xml").read_text(encoding="utf-8")
    first, second = text.split("  <entry>")[1:]
    feed.write_text(text.replace("  <entry>" + second, ""), encoding="utf-8")
    assert [o.action for o in add(tmp_path / "seeds", str(feed))] == ["added"]
    feed.write_text(text, encoding="utf-8")
    outcomes = add(tmp_path / "seeds", str(feed))
    assert [(o.action, o.reason) for o in outcomes] == [("skipped", "same URL"), ("added", "")]
    assert len(list((tmp_path / "seeds").glob("*.txt"))) == 2


# ------------------------------------------------------------------------- duplicates, never an overwrite


def test_duplicates_are_refused_by_url_and_by_text_and_force_adds_them_under_a_fresh_name(tmp_path):
    seeds = tmp_path / "seeds"
    [page] = add(seeds, str(INTAKE / "news-page.html"))
    [release] = add(seeds, str(INTAKE / "press-release.html"))
    # the same article from its feed, with tracking parameters on its link
    denmark, norway = add(seeds, str(INTAKE / "feed-rss.xml"))
    assert (norway.action, norway.seed, norway.reason) == ("skipped", page.seed, "same URL")
    assert denmark.action == "added"
    # the press release syndicated under another address: the same words
    finland, syndicated = add(seeds, str(INTAKE / "feed.json"))
    assert (syndicated.action, syndicated.seed, syndicated.reason) == ("skipped", release.seed, "same text")
    # the news article pasted under another title and date
    body = page.seed.read_text(encoding="utf-8").split("\n", 3)[3]
    [pasted] = add(seeds, "-", stdin=lambda: f"15 March 2024\nRadars for the north\n\n{body}".encode())
    assert (pasted.action, pasted.seed, pasted.reason) == ("skipped", page.seed, "same text")
    [forced] = add(seeds, str(INTAKE / "news-page.html"), force=True)
    assert forced.action == "added"
    assert forced.seed.name == "2024-03-14-norway-extends-arctic-radar-coverage-as-northern-fleet-2.txt"


def test_a_hand_made_seed_is_never_overwritten(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    mine = seeds / "2024-03-14-norway-extends-arctic-radar-coverage-as-northern-fleet.txt"
    mine.write_text("2024-03-14\nMy own notes\n\nSomething else entirely.\n", encoding="utf-8")
    [outcome] = add(seeds, str(INTAKE / "news-page.html"))
    assert outcome.seed.name == "2024-03-14-norway-extends-arctic-radar-coverage-as-northern-fleet-2.txt"
    assert mine.read_text(encoding="utf-8") == "2024-03-14\nMy own notes\n\nSomething else entirely.\n"
    assert not mine.with_suffix(".yml").exists()
    assert sorted(p.name for p in seeds.iterdir() if p.name.startswith(".")) == []  # no temporary file left


# ------------------------------------------------------------------------- text, Markdown, standard input


def test_text_and_markdown_go_in_as_they_are_and_a_text_without_a_date_needs_one(tmp_path):
    seeds = tmp_path / "seeds"
    note = tmp_path / "note.txt"
    note.write_text("Radar talks resume\n\nOfficials met in Oslo to discuss radar sharing.\n", encoding="utf-8")
    dated = tmp_path / "dated.txt"
    dated.write_text("Radar talks end\n\nMarch 20, 2024\n\nThe talks ended without agreement.\n", encoding="utf-8")
    md = tmp_path / "brief.md"
    md.write_text("---\ntitle: A Markdown brief\ndate: 2024-03-01\n---\nSome *text* here.\n", encoding="utf-8")
    outcomes = add(seeds, str(note), str(dated), str(md))
    assert [(o.action, o.reason) for o in outcomes] == [
        ("failed", "no publication date found; give it with --date YYYY-MM-DD"),
        ("added", ""),
        ("added", ""),
    ]
    assert outcomes[1].seed.read_text(encoding="utf-8") == (
        "March 20, 2024\nRadar talks end\n\nThe talks ended without agreement.\n"
    )
    assert outcomes[2].seed.name == "2024-03-01-a-markdown-brief.md"
    assert outcomes[2].seed.read_text(encoding="utf-8") == (
        "---\ntitle: A Markdown brief\ndate: 2024-03-01\nadded:\n  at: '2024-03-16T08:30:00+00:00'\n"
        "  from: brief.md\n  as: Markdown\n---\nSome *text* here.\n"
    )
    [late] = add(seeds, str(note), date=dt.date(2024, 3, 19))
    assert late.seed.read_text(encoding="utf-8").startswith("2024-03-19\nRadar talks resume\n\n")


# ------------------------------------------------------------------------- URLs, from a local server


def routes() -> dict:
    page = (INTAKE / "news-page.html").read_bytes()
    html = {"Content-Type": "text/html; charset=utf-8"}
    summary_feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>
<item><title>Norway extends Arctic radar coverage as Northern Fleet patrols grow</title><link>{base}/news/norway</link>
<description>Two radars for Finnmark.</description><pubDate>Thu, 14 Mar 2024 06:45:00 +0000</pubDate></item>
<item><title>A story that has gone</title><link>{base}/missing</link><description>Gone.</description>
<pubDate>Thu, 14 Mar 2024 07:00:00 +0000</pubDate></item></channel></rss>"""
    return {
        "/news/norway": (
            200,
            html,
            page.replace(
                b'<link rel="canonical" href="https://www.harbourpost.example.com/world/2024/03/14/norway-arctic-radar-coverage">',
                b"",
            ),
        ),  # fmt: skip
        "/old-address": (301, {"Location": "{base}/news/norway"}, b""),
        "/loop-a": (302, {"Location": "{base}/loop-b"}, b""),
        "/loop-b": (302, {"Location": "{base}/loop-a"}, b""),
        "/to-ftp": (302, {"Location": "ftp://127.0.0.1/file.txt"}, b""),
        "/logo.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        "/feed.xml": (200, {"Content-Type": "application/rss+xml"}, summary_feed),
        "/release": (200, {"Content-Type": "text/html"}, (INTAKE / "press-release.html").read_bytes()),
    }


def test_urls_are_fetched_redirects_followed_and_each_failure_is_one_line_with_its_reason(tmp_path):
    seeds = tmp_path / "seeds"
    make_report_pdf(tmp_path / "r.pdf")
    table = routes()
    table["/r.pdf"] = (200, {"Content-Type": "application/pdf"}, (tmp_path / "r.pdf").read_bytes())
    with web_server(table) as base:
        outcomes = add(
            seeds,
            f"{base}/old-address",
            f"{base}/missing",
            f"{base}/slow",
            f"{base}/huge",
            f"{base}/trickle",
            f"{base}/logo.png",
            f"{base}/loop-a",
            f"{base}/to-ftp",
            f"{base}/r.pdf",
            "ftp://127.0.0.1/file.txt",
            "http://127.0.0.1:1/refused",
            limits=Limits(timeout=1.0, max_bytes=200_000, max_redirects=3),
        )
        agents = set(web_server_agents(table))
    got = [(o.action, o.source.replace(base, "BASE"), o.reason) for o in outcomes]
    assert got == [
        ("added", "https://www.harbourpost.example.com/world/2024/03/14/norway-arctic-radar-coverage", ""),
        ("failed", "BASE/missing", "HTTP 404 Not Found"),
        ("failed", "BASE/slow", "no answer within 1 s"),
        ("failed", "BASE/huge", "is more than 200,000 bytes; at most 200,000 are fetched"),
        ("failed", "BASE/trickle", "took more than 1 s"),
        ("failed", "BASE/logo.png", "is image/png, not a web page, a PDF or a feed"),
        ("failed", "BASE/loop-a", "more than 3 redirects, or a redirect loop"),
        ("failed", "BASE/to-ftp", f"redirected to ftp://127.0.0.1/file.txt; {ONLY_HTTP}"),
        ("added", "BASE/r.pdf", ""),  # a PDF has no address of its own: the one it was fetched from
        ("failed", "ftp://127.0.0.1/file.txt", ONLY_HTTP),
        ("failed", "http://127.0.0.1:1/refused", "the connection was refused"),
    ]  # fmt: skip
    source = meta_of(outcomes[0].seed)["source"]  # the page's own address (og:url), not the one it was fetched from
    assert source["url"] == "https://www.harbourpost.example.com/world/2024/03/14/norway-arctic-radar-coverage"
    assert source["name"] == "Harbour Post"
    assert meta_of(outcomes[0].seed)["added"]["from"] == f"{base}/old-address"
    assert source["retrieved"].endswith("+00:00")
    assert meta_of(outcomes[8].seed)["source"]["name"] == "127.0.0.1"
    assert agents == {"briefings/0.1.0 (article intake for a briefing site)"}


def web_server_agents(table) -> list[str]:
    """Return the user agents the last server saw (its handler class keeps them)."""
    from support import intake

    return [agent for agent in intake.LAST_AGENTS]


def test_a_feed_of_summaries_has_its_articles_fetched(tmp_path):
    with web_server(routes()) as base:
        outcomes = add(tmp_path, f"{base}/feed.xml", limits=Limits(timeout=2.0))
    assert [(o.action, o.source.replace(base, "BASE"), o.reason) for o in outcomes] == [
        ("added", "https://www.harbourpost.example.com/world/2024/03/14/norway-arctic-radar-coverage", ""),
        ("failed", "BASE/missing", "HTTP 404 Not Found"),
    ]
    meta = meta_of(outcomes[0].seed)
    assert meta["source"]["name"] == "Local Wire" and meta["source"]["published"] == "2024-03-14T06:45:00+00:00"
    assert meta["added"]["as"] == "feed item"
    assert "Honningsvåg" in outcomes[0].seed.read_text(encoding="utf-8")


# ------------------------------------------------------------------------- the command


def test_the_command_prints_a_line_per_article_a_summary_and_exits_1_when_a_source_failed(project):
    code, out, err = run("add", str(INTAKE / "news-page.html"), str(INTAKE / "news-page.html"), "nothing.html")
    assert code == 1
    assert out.split("\n") == [
        "added seeds/2024-03-14-norway-extends-arctic-radar-coverage-as-northern-fleet.txt from "
        "https://www.harbourpost.example.com/world/2024/03/14/norway-arctic-radar-coverage",
        "skipped https://www.harbourpost.example.com/world/2024/03/14/norway-arctic-radar-coverage: already in "
        "seeds/2024-03-14-norway-extends-arctic-radar-coverage-as-northern-fleet.txt (same URL)",
        "1 article added, 1 already in seeds, 1 failed.",
        "",
    ]
    assert err == "nothing.html: no such file\n"
    code, out, err = run("add", "-", stdin=b"2024-03-01\nPasted\n\nA pasted paragraph about radars.\n")
    assert (code, err) == (0, "")
    assert out == "added seeds/2024-03-01-pasted.txt from standard input\n1 article added, 0 already in seeds.\n"
    code, _, err = run("check")
    assert code == 0, err
    code, out, _ = run("export")
    entry = next(
        e for e in json.loads(out) if e["slug"] == "norway-extends-arctic-radar-coverage-as-northern-fleet-patrols-grow"
    )
    assert entry["source"]["published"] == "2024-03-14T07:45:00+01:00"


def test_the_build_fetches_nothing(project, monkeypatch):
    import socket

    run("add", str(INTAKE / "news-page.html"))

    def refuse(*args, **kwargs):
        raise AssertionError("the build opened a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    code, _, err = run("generate")
    assert code == 0, err
