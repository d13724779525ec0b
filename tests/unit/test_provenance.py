"""What a briefing page tells readers of its sources and provenance, and the metadata `briefings add` writes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from briefings.build import assemble
from briefings.formats.yamlread import load_yaml
from briefings.model import Intake, SourceRef
from briefings.pages.provenance import moment_text, render_one_source, render_provenance, render_sources
from briefings.parse import parse_metadata
from support.project import fixture_settings

PLUS_ONE = dt.timezone(dt.timedelta(hours=1))


def briefing():
    site, _, _ = assemble(fixture_settings(), None, render=False)
    return next(b for b in site.briefings if b.seed == "alpha-radar-cooperation.txt")


def problems_of(text: str) -> list[str]:
    root, found = load_yaml(text, "seeds/a.yml")
    _, problems = parse_metadata(root, "seeds/a.yml", ())
    return [str(p) for p in found + problems]


def test_source_dates_take_a_time_with_its_zone_and_refuse_one_without():
    root, _ = load_yaml(
        "source:\n  published: '2024-03-14T07:45:00+01:00'\n  retrieved: 2024-03-15T09:00:00Z\nlang: pt-br\n",
        "seeds/a.yml",
    )
    meta, problems = parse_metadata(root, "seeds/a.yml", ())
    assert problems == []
    assert meta.source.value.published == dt.datetime(2024, 3, 14, 7, 45, tzinfo=PLUS_ONE)
    assert meta.source.value.retrieved == dt.datetime(2024, 3, 15, 9, 0, tzinfo=dt.UTC)
    assert meta.lang.value == "pt-BR"
    assert problems_of("source:\n  name: Wire\n  published: 2024-03-14T07:45:00\n") == [
        "seeds/a.yml:3: 'source.published' gives a time without a zone; add Z or an offset such as +01:00, "
        "or give the date alone"
    ]
    assert problems_of("source:\n  retrieved: 'last Tuesday'\n") == [
        "seeds/a.yml:2: 'source.retrieved' must be YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] with a zone (Z or +HH:MM), "
        "got 'last Tuesday'"
    ]


def test_lang_and_added_are_checked():
    assert problems_of("lang: French\n") == [
        "seeds/a.yml:1: 'lang' must be a language tag such as en, fr or pt-BR, got 'French'"
    ]
    assert problems_of("lang: en_GB\n") == [
        "seeds/a.yml:1: 'lang' must be a language tag such as en, fr or pt-BR, got 'en_GB'"
    ]
    assert problems_of("lang: 12\n") == [
        "seeds/a.yml:1: 'lang' must be a language tag such as en, fr or pt-BR, got the number 12 (YAML reads 012 as 10 "
        "and 1.10 as 1.1; quote it)"
    ]
    assert problems_of("added:\n  at: '2024-03-16T08:30:00+00:00'\n  from: page.html\n  as: webpage\n") == [
        "seeds/a.yml:4: 'added.as' must be one of web page, PDF, feed item, text, Markdown, got 'webpage'"
    ]
    assert problems_of("added:\n  from: page.html\n") == [
        "seeds/a.yml:2: added: missing at, as; it needs at, from and as"
    ]
    assert problems_of("added:\n  at: now\n  from: x\n  as: PDF\n  by: me\n") == [
        "seeds/a.yml:2: 'added.at' must be YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] with a zone (Z or +HH:MM), got 'now'",
        "seeds/a.yml:5: added: unknown key 'by'; known keys: as, at, from",
    ]


def test_moments_read_as_dates_with_the_time_and_zone_the_source_gave():
    assert moment_text(dt.date(2024, 3, 14)) == "2024-03-14"
    assert moment_text(dt.datetime(2024, 3, 14, 7, 45, tzinfo=PLUS_ONE)) == "2024-03-14 07:45 UTC+01:00"
    assert moment_text(dt.datetime(2024, 3, 14, 7, 45, tzinfo=dt.UTC)) == "2024-03-14 07:45 UTC"
    minus = dt.timezone(-dt.timedelta(hours=5, minutes=30))
    assert moment_text(dt.datetime(2024, 3, 14, 7, 45, tzinfo=minus)) == "2024-03-14 07:45 UTC-05:30"


def test_a_source_reads_with_publisher_link_host_author_dates_and_language():
    source = SourceRef(
        name="La Gazette de Brest",
        url="https://www.gazette-brest.example.fr/defense/a?x=1&y=<2>",
        author="Élodie *Kerjean*",
        published=dt.datetime(2024, 4, 2, 18, 20, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        retrieved=dt.datetime(2024, 4, 3, 9, 0, tzinfo=dt.UTC),
    )
    assert render_one_source(source, "../standards/", "fr-FR") == (
        "- [La Gazette de Brest](https://www.gazette-brest.example.fr/defense/a?x=1&y=%3C2%3E) "
        "(gazette-brest.example.fr) · by Élodie \\*Kerjean\\* · published 2024-04-02 18:20 UTC+02:00 · "
        "retrieved 2024-04-03 09:00 UTC · in French"
    )
    assert render_one_source(SourceRef(url="https://example.org/a"), "s/", "en-GB") == (
        "- [example.org](https://example.org/a)"
    )


def test_an_author_alone_is_a_source_and_a_grade_alone_is_not():
    base = briefing()
    with_author = dataclasses.replace(base, source=SourceRef(author="A. Reporter"), sources=())
    assert render_sources(with_author, "s/") == "- Source · by A. Reporter"
    graded = dataclasses.replace(base, source=SourceRef(grade="B2"), sources=())
    assert render_sources(graded, "s/") == "No source was given for this article."


@pytest.mark.parametrize(
    ("origin", "kind", "told"),
    [
        ("https://www.example.com/a", "web page", "from the web page at <https://www.example.com/a>."),
        ("page.html", "web page", "from a saved copy of the web page, `page.html`."),
        ("report.pdf", "PDF", "from the PDF file `report.pdf`."),
        ("https://example.org/feed.xml", "feed item", "from an item of the feed at <https://example.org/feed.xml>."),
        ("standard input", "text", "from text given on standard input."),
        ("a`b`.md", "Markdown", "from the Markdown file `ab.md`."),
    ],
)
def test_provenance_says_where_a_briefing_came_from_and_when(origin, kind, told):
    added = Intake(dt.datetime(2024, 3, 16, 8, 30, tzinfo=dt.UTC), origin, kind)
    text, files = render_provenance(dataclasses.replace(briefing(), added=added))
    assert text == f"Added with `briefings add` on 2024-03-16 08:30 UTC {told} " + (
        "The bottom line and key points were written by a person."
    )
    assert files.startswith("Seed file `alpha-radar-cooperation.txt`, SHA-256 `")
