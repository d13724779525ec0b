"""Key judgments, graded sources, supersession, charts and co-occurring entities."""

import json
import re
from collections import Counter

import pytest

from briefings.build import assemble
from briefings.errors import ProblemsFound
from briefings.standards import grade_meaning, likelihood_band, likelihood_term, mixes_likelihood_and_confidence
from support.project import fixture_settings, make_settings

ARTICLE = "2023-12-08\nA Title\n\nSome article text that is long enough to read.\n"
JUDGMENT = (
    "assessment:\n  - text: Russia will share satellite data.\n"
    "    likelihood: {likelihood}\n    confidence: {confidence}\n{basis}"
)


def problems_of(seeds, files: dict) -> list[str]:
    for name, text in files.items():
        seeds(name, text)
    try:
        assemble(make_settings(seeds.dir), None)
    except ProblemsFound as found:
        return [str(p) for p in found.problems]
    return []


def test_icd_203_terms_bands_and_synonyms():
    assert likelihood_term("Roughly even odds") == "roughly even chance"
    assert likelihood_term("highly probable") == "very likely"
    assert likelihood_term("maybe") is None
    assert [likelihood_band(t) for t in ("almost no chance", "likely", "almost certain")] == [
        "1–5%",
        "55–80%",
        "95–99%",
    ]
    assert grade_meaning("B2") == "source usually reliable, information probably true"
    assert mixes_likelihood_and_confidence("We assess with high confidence that Russia will likely share data.")
    assert not mixes_likelihood_and_confidence("Russia will share data with China.")


@pytest.mark.parametrize(
    "meta, expected",
    [
        (
            JUDGMENT.format(likelihood="perhaps", confidence="high", basis="    basis: Reports.\n"),
            "seeds/a.yml:3: 'assessment[0].likelihood' must be an ICD 203 likelihood term (almost no chance, "
            "very unlikely, unlikely, roughly even chance, likely, very likely, almost certain), got 'perhaps'",
        ),
        (
            JUDGMENT.format(likelihood="likely", confidence="certain", basis="    basis: Reports.\n"),
            "seeds/a.yml:4: 'assessment[0].confidence' must be low, moderate or high, got 'certain'",
        ),
        (
            JUDGMENT.format(likelihood="likely", confidence="high", basis=""),
            "seeds/a.yml:2: assessment[0]: missing basis; a judgment needs text, likelihood, confidence and basis",
        ),
        (
            "assessment:\n  - text: We judge with high confidence that Russia will probably share data.\n    "
            "likelihood: likely\n    confidence: high\n    basis: Reports.\n",
            "seeds/a.yml:2: assessment[0].text states a likelihood and a confidence in one sentence; ICD 203 "
            "keeps them apart: put them in 'likelihood' and 'confidence'",
        ),
        (
            "sources:\n  - name: Wire\n    grade: G9\n",
            "seeds/a.yml:3: 'sources[0].grade' must be an Admiralty grade, reliability A–F then credibility "
            "1–6 (e.g. B2), got 'G9'",
        ),
        ("supersedes: nothing-here\n", "seeds/a.yml:1: supersedes 'nothing-here', but no briefing has that slug"),
    ],
)
def test_bad_analysis_is_reported_exactly(seeds, meta, expected):
    assert problems_of(seeds, {"a.txt": ARTICLE, "a.yml": meta}) == [expected]


def test_supersession_cycles_and_double_supersession_are_problems(seeds):
    files = {
        "a.txt": ARTICLE,
        "a.yml": "slug: one\nsupersedes: two\n",
        "b.txt": ARTICLE,
        "b.yml": "slug: two\nsupersedes: one\n",
    }
    assert problems_of(seeds, files) == ["seeds/b.yml:2: supersession cycle: one -> two -> one"]


def test_a_briefing_superseded_twice_is_a_problem(seeds):
    files = {
        "a.txt": ARTICLE,
        "a.yml": "slug: old\n",
        "b.txt": ARTICLE,
        "b.yml": "slug: new-one\nsupersedes: old\n",
        "c.txt": ARTICLE,
        "c.yml": "slug: new-two\nsupersedes: old\n",
    }
    assert problems_of(seeds, files) == ["seeds/c.yml:2: 'old' is already superseded by 'new-one'"]


def test_chain_banners_point_to_the_newest_and_say_what_changed(seeds):
    seeds("a.txt", "2023-01-01\nFirst Assessment\n\nText of the first.\n")
    seeds("a.yml", "slug: first\n")
    seeds("b.txt", "2023-06-01\nSecond Assessment\n\nText of the second.\n")
    seeds("b.yml", "slug: second\nsupersedes: first\nupdated: 2023-06-01\nchanges: New radar imagery.\n")
    seeds("c.txt", "2023-09-01\nThird Assessment\n\nText of the third.\n")
    seeds("c.yml", "slug: third\nsupersedes: second\nchanges: The agreement was signed.\n")
    site, plan, _ = assemble(make_settings(seeds.dir), None)
    files = plan.as_dict()
    assert '!!! warning "Superseded"' in files["briefings/first.md"]
    assert "superseded by [Third Assessment](third.md) of 2023-09-01" in files["briefings/first.md"]
    assert "superseded by [Third Assessment](third.md)" in files["briefings/second.md"]
    assert "New radar imagery. This briefing supersedes [First Assessment](first.md)" in files["briefings/second.md"]
    assert "Superseded" not in files["briefings/third.md"]
    catalogue = {e["slug"]: e for e in json.loads(files["briefings.json"])}
    assert (catalogue["first"]["superseded_by"], catalogue["third"]["supersedes"]) == ("third", "second")


def test_judgments_and_graded_sources_render_and_reach_the_catalogue(seeds):
    seeds("a.txt", ARTICLE)
    seeds(
        "a.yml",
        JUDGMENT.format(likelihood="highly probable", confidence="moderate", basis="    basis: Two reports agree.\n")
        + (
            "source:\n  name: Own\n  grade: b2\nsources:\n  - name: Other\n    url: https://example.org/x\n    "
            "grade: C3\n"
        ),
    )
    _, plan, _ = assemble(make_settings(seeds.dir), None)
    files = plan.as_dict()
    page = files["briefings/a-title.md"]
    assert (
        "- **Very likely (80–95%)** · moderate confidence  \n  Russia will share satellite data.  \n  "
        "*Basis:* Two reports agree." in page
    )
    own = page.index(
        "- Own · grade [B2](../standards/index.md#source-grades): source usually reliable, information probably true"
    )
    other = page.index("- [Other](https://example.org/x) (example.org) · grade [C3]")
    assert own < other
    (entry,) = json.loads(files["briefings.json"])
    assert entry["judgments"] == [
        {
            "text": "Russia will share satellite data.",
            "likelihood": "very likely",
            "band": "80–95%",
            "confidence": "moderate",
            "basis": "Two reports agree.",
        }
    ]
    assert entry["source"]["grade"] == "B2" and entry["sources"][0]["grade"] == "C3"
    assert "| Likely | probable | 55–80% |" in files["standards/index.md"]


def chart_counts(svg: str) -> dict[str, int]:
    return {m: int(n) for m, n in re.findall(r'data-month="([0-9-]+)" data-count="(\d+)"', svg)}


def test_every_chart_agrees_with_the_catalogue():
    _, plan, _ = assemble(fixture_settings(), None)
    files = plan.as_dict()
    catalogue = json.loads(files["briefings.json"])
    assert chart_counts(files["activity.svg"]) == Counter(e["date"][:7] for e in catalogue)
    checked = 0
    for path, text in files.items():
        if path.endswith(".svg") and "/" in path:
            taxonomy = path.split("/")[0]
            title = re.search(r'<title id="t">Briefings per month: (.*)</title>', text).group(1)
            title = title.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            expected = Counter(e["date"][:7] for e in catalogue if title in e[taxonomy])
            assert chart_counts(text) == expected, path
            page = files[path[:-4] + ".md"]
            for month, n in expected.items():
                assert f"| {month} | {n} |" in page, (path, month)
            checked += 1
    assert checked > 15


def test_country_pages_list_the_entities_seen_most_often_with_counts():
    _, plan, _ = assemble(fixture_settings(), None)
    files = plan.as_dict()
    catalogue = json.loads(files["briefings.json"])
    page = files["countries/china.md"]
    section = page.split("## Seen most often with\n\n")[1].split("\n\n")[0]
    rows = re.findall(r"- \[(.+?)\]\(.+?\) · (\w+) · (\d+) briefings?", section)
    assert rows[0] == ("Russia", "country", "2")
    for name, _kind, n in rows:
        together = sum(
            1
            for e in catalogue
            if "China" in e["countries"]
            and any(name in e[t] for t in ("countries", "organisations", "people", "systems"))
        )
        assert int(n) == together, name
    assert "## Seen most often with" not in files["topics/space.md"]
