"""Stage 4: the plan of every page; front matter parses back; seed text stays text."""

import json

import markdown
from mkdocs.utils.meta import get_data

from briefings.build import assemble
from briefings.formats.escape import escape_text
from briefings.formats.frontmatter import front_matter
from support.project import fixture_settings


def fixture_plan():
    site, plan, _ = assemble(fixture_settings(), None)
    return site, plan.as_dict()


def test_every_front_matter_parses_back_to_the_intended_data():
    import yaml

    _, files = fixture_plan()
    pages = [path for path in files if path.endswith(".md")]
    assert len(pages) > 20
    for path in pages:
        text = files[path]
        body, meta = get_data(text)
        assert meta, f"{path}: MkDocs read no front matter"
        header = text.split("---\n")[1]
        assert meta == yaml.safe_load(header), path
        assert body.lstrip().startswith("# "), path


def test_front_matter_round_trips_hostile_values():
    data = {"title": "a: b # c --- {{ d }} {% e %} <script>", "list": ["no", "012", "1.10", "2023-01-01", "é"]}
    body, meta = get_data(front_matter(data) + "# x\n")
    assert meta == data


def test_briefing_front_matter_carries_the_card():
    site, files = fixture_plan()
    _, meta = get_data(files["briefings/russia-and-china-discuss-radar-cooperation.md"])
    assert meta["description"] == "Russia and China talked about joining up their missile-warning radars."
    assert meta["briefing"] == {
        "slug": "russia-and-china-discuss-radar-cooperation",
        "title": "Russia and China Discuss Radar Cooperation",
        "date": "2023-12-08",
        "updated": None,
        "reading_time": 1,
        "handling": "TLP:GREEN",
        "source": {
            "name": "Example Wire",
            "url": "https://example.org/news/radar?id=1&lang=en",
            "author": "A. Reporter",
            "published": "2023-12-08",
        },
        "lang": None,
        "summary_automatic": False,
        "seed": "alpha-radar-cooperation.txt",
        "sha256": site.briefings[-1].sha256,
    }


def test_seed_text_renders_as_written_and_never_as_markup():
    hostile = (
        "Title with <b>tags</b>, {{ jinja }}, {% raw %} and [a link](javascript:alert(1)) {: onclick=x } "
        "* _ ` | # - 1. !!!"
    )
    html = markdown.markdown(escape_text(hostile), extensions=["attr_list", "tables", "admonition", "toc"])
    assert html == (
        "<p>Title with &lt;b&gt;tags&lt;/b&gt;, {{ jinja }}, {% raw %} and [a link](javascript:alert(1)) "
        "{: onclick=x } * _ ` | # - 1. !!!</p>"
    )
    for start in ("# h", "- item", "+ item", "1. one", "2) two", "!!! note", "> quote", "    code"):
        rendered = markdown.markdown(escape_text(start), extensions=["attr_list", "tables", "admonition"])
        assert rendered.startswith("<p>") and "<h1" not in rendered and "<li>" not in rendered, start


def test_markdown_seed_keeps_formatting_but_not_html():
    _, files = fixture_plan()
    page = files["briefings/space-talks-what-was-agreed.md"]
    assert "Officials from the **United States** and Japan" in page
    assert "### Outcomes" in page  # body headings sit below the page's own sections
    assert '&lt;script&gt;alert("never")&lt;/script&gt; and \\{: onclick="x()" \\} stay text.' in page


def test_catalogue_lists_published_briefings_newest_first():
    site, files = fixture_plan()
    catalogue = json.loads(files["briefings.json"])
    assert [e["slug"] for e in catalogue] == [
        "secretary-meets-counterpart-2",
        "secretary-meets-counterpart",
        "title-with-b-tags-b-jinja-raw-and-a-link-javascript-alert-1",
        "space-talks-what-was-agreed",
        "russia-and-china-discuss-radar-cooperation",
    ]
    first = catalogue[-1]
    assert list(first) == [
        "slug",
        "url",
        "title",
        "date",
        "updated",
        "timestamp",
        "source",
        "summary",
        "summary_automatic",
        "key_points",
        "key_points_automatic",
        "topics",
        "regions",
        "countries",
        "organisations",
        "people",
        "systems",
        "tags",
        "handling",
        "related",
        "judgments",
        "sources",
        "supersedes",
        "superseded_by",
        "changes",
        "seed",
        "sha256",
    ]
    assert first["url"] == "briefings/russia-and-china-discuss-radar-cooperation/"
    assert first["countries"] == ["China", "Russia"]
    assert first["handling"] == "TLP:GREEN"
    assert "<" not in files["briefings.json"]  # escaped as \u003c: no markup even when embedded
    assert all("draft" not in e["title"].lower() for e in catalogue)


def test_term_pages_list_their_briefings_newest_first_with_counts():
    _, files = fixture_plan()
    page = files["countries/china.md"]
    _, meta = get_data(page)
    assert meta["term"] == {"taxonomy": "countries", "slug": "china", "title": "China", "count": 2}
    assert page.index("2024-02-01") < page.index("2023-12-08")
    overview = files["countries/index.md"]
    assert "| [China](china.md) | 2 | 2024-02-01 |" in overview


def test_duplicate_titles_get_a_deterministic_suffix():
    _, files = fixture_plan()
    older = files["briefings/secretary-meets-counterpart.md"]
    newer = files["briefings/secretary-meets-counterpart-2.md"]
    assert "delta-duplicate.txt" in older and "epsilon-duplicate.txt" in newer


def test_archive_groups_by_year_and_month():
    _, files = fixture_plan()
    year = files["archive/2024.md"]
    assert year.index("## April 2024") < year.index("## March 2024") < year.index("## January 2024")
    assert "- [2024](2024.md) · 4 briefings" in files["archive/index.md"]
