"""Stage 2: metadata fields, each problem exact with its path and line."""

import datetime as dt

import pytest

from briefings.build import assemble
from briefings.errors import ProblemsFound
from briefings.parse import parse_article
from briefings.sources import read_inputs
from briefings.taxonomies import DEFAULT_TAXONOMIES
from support.project import make_settings

ARTICLE = "2023-12-08\nA Title\n\nSome article text that is long enough to read.\n"


def parse_all(seeds_list):
    """Return the articles that parse and every problem, parsing each seed as the build does."""
    taxonomies = tuple(t.id for t in DEFAULT_TAXONOMIES)
    articles, problems = [], []
    for seed in seeds_list:
        article, found = parse_article(seed, taxonomies)
        problems.extend(found)
        if article is not None:
            articles.append(article)
    return tuple(articles), problems


def problems_for(seeds, meta: str, name: str = "a") -> list[str]:
    seeds(f"{name}.txt", ARTICLE)
    seeds(f"{name}.yml", meta)
    inputs, problems = read_inputs(make_settings(seeds.dir))
    _, found = parse_all(inputs.seeds)
    return [str(p) for p in sorted(problems + found)]


@pytest.mark.parametrize(
    "meta, expected",
    [
        ("tpoics: [space]\n", "seeds/a.yml:1: unknown key 'tpoics'; did you mean 'topics'?"),
        ("date: Dec 8\n", "seeds/a.yml:1: 'date': 'date' must be YYYY-MM-DD, got 'Dec 8'"),
        ("date: 2023-02-30\n", "seeds/a.yml:1: cannot read value '2023-02-30': day is out of range for month"),
        ("date: '2023-02-30'\n", "seeds/a.yml:1: 'date': 2023-02-30 is not a real date"),
        (
            "title: no\n",
            "seeds/a.yml:1: 'title' must be text, got false (YAML reads unquoted yes/no/on/off as true/false; "
            "quote it)",
        ),
        (
            "summary: 012\n",
            "seeds/a.yml:1: 'summary' must be text, got the number 10 (YAML reads 012 as 10 and 1.10 as 1.1; quote it)",
        ),
        (
            "summary: 1.10\n",
            "seeds/a.yml:1: 'summary' must be text, got the number 1.1 (YAML reads 012 as 10 and 1.10 as 1.1; "
            "quote it)",
        ),
        (
            "summary: 2023-01-01\n",
            "seeds/a.yml:1: 'summary' must be text, got the date 2023-01-01 (quote it to keep it text)",
        ),
        ("key_points: one point\n", "seeds/a.yml:1: 'key_points' must be a list, got 'one point'"),
        ("topics:\n  - space\n  - [x]\n", "seeds/a.yml:3: 'topics[1]' must be text, got a list"),
        ("draft: maybe\n", "seeds/a.yml:1: 'draft' must be true or false, got 'maybe'"),
        (
            "slug: ../../etc/passwd\n",
            "seeds/a.yml:1: 'slug' must be lowercase letters, digits and hyphens (at most 100), got '../../etc/passwd'",
        ),
        ("slug: a/b\n", "seeds/a.yml:1: 'slug' must be lowercase letters, digits and hyphens (at most 100), got 'a/b'"),
        ("handling: TLP:WHITE\n", "seeds/a.yml:1: 'handling': TLP:WHITE is TLP 1.0; TLP 2.0 calls it TLP:CLEAR"),
        (
            "handling: secret\n",
            "seeds/a.yml:1: 'handling' must be one of TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, "
            "TLP:RED, got 'secret'",
        ),
        (
            "source:\n  name: X\n  link: https://x.org\n",
            "seeds/a.yml:3: source: unknown key 'link'; known keys: author, grade, name, published, retrieved, url",
        ),
        (
            "source:\n  url: javascript:alert(1)\n",
            "seeds/a.yml:2: 'source.url' must be an http:// or https:// URL, got 'javascript:alert(1)'",
        ),
        ("source: Reuters\n", "seeds/a.yml:1: 'source' must be a mapping, got 'Reuters'"),
        ("title: " + "x" * 2000 + "\n", "seeds/a.yml:1: 'title' is 2,000 characters; at most 300 are allowed"),
        ("- a\n- b\n", "seeds/a.yml:1: metadata must be a mapping of keys to values, got a list"),
    ],
)
def test_each_bad_field_is_reported_exactly(seeds, meta, expected):
    assert problems_for(seeds, meta) == [expected]


def test_all_problems_of_all_seeds_are_reported_together(seeds):
    seeds("a.txt", ARTICLE)
    seeds("a.yml", "tpoics: []\ndraft: 1\n")
    seeds("b.txt", ARTICLE)
    seeds("b.yml", "date: nope\n")
    seeds("c.txt", "")
    with pytest.raises(ProblemsFound) as caught:
        assemble(make_settings(seeds.dir), None)
    assert caught.value.summary().split("\n") == [
        "seeds/a.yml:1: unknown key 'tpoics'; did you mean 'topics'?",
        "seeds/a.yml:2: 'draft' must be true or false, got the number 1 (YAML reads 012 as 10 and 1.10 as "
        "1.1; quote it)",
        "seeds/b.yml:1: 'date': 'date' must be YYYY-MM-DD, got 'nope'",
        "seeds/c.txt: empty file: expected a date line, a title line, a blank line, then the article",
        "4 problems found",
    ]


def test_good_metadata_becomes_located_values(seeds):
    seeds("a.txt", ARTICLE)
    seeds(
        "a.yml",
        "title: Given\ndate: 2024-01-02\ncountries:\n  - Russia\n  - CN\nsource:\n  name: Wire\n  url: https://example.org/a\n",
    )
    inputs, _ = read_inputs(make_settings(seeds.dir))
    (article,), problems = parse_all(inputs.seeds)
    assert problems == []
    meta = article.meta
    assert (meta.title.value, meta.title.origin.path, meta.title.origin.line, meta.title.origin.given) == (
        "Given",
        "seeds/a.yml",
        1,
        True,
    )
    assert meta.date.value == dt.date(2024, 1, 2)
    assert [(c.value, c.origin.line) for c in meta.given("countries")] == [("Russia", 4), ("CN", 5)]
    assert meta.source.value.url == "https://example.org/a"
    assert (article.title.value, article.title.origin.given) == ("A Title", False)


def test_markdown_seed_front_matter_problems_point_at_file_lines(seeds):
    seeds("m.md", "---\ntitle: T\ndate: 2023-01-01\nbogus: 1\n---\nBody text here.\n")
    inputs, _ = read_inputs(make_settings(seeds.dir))
    _, problems = parse_all(inputs.seeds)
    assert [str(p) for p in problems] == [
        "seeds/m.md:4: unknown key 'bogus'; known keys: added, assessment, changes, countries, date, draft, "
        "handling, key_points, lang, organisations, people, regions, slug, source, sources, summary, supersedes, "
        "systems, tags, title, topics, updated"
    ]


def test_missing_title_is_a_problem(seeds):
    seeds("m.md", "---\ndate: 2023-01-01\n---\nBody text without a heading.\n")
    inputs, _ = read_inputs(make_settings(seeds.dir))
    _, problems = parse_all(inputs.seeds)
    assert [str(p) for p in problems] == ["seeds/m.md: no title: give line 2 of the article or 'title' in metadata"]
