"""Both searches in Chromium: Material's quick search and the faceted Pagefind page.

The site is built from tests/fixtures/search-seeds: the seed briefing (Voronezh), one on
the S-400, two that mention "400" otherwise, DF-41 and Su-57 briefings; six countries,
six years. Browser set-up, serving and request recording come from tests/support/browser.py.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from briefings.integrations.pagefind.index import INDEX_DIR, PARTS_FILE, build_search_index, plan_parts
from support.browser import SUBPATH, serve
from support.project import CORPUS, REPO, build_site, copy_project, replace_plugin_line

SEARCH_SEEDS = REPO / "tests" / "fixtures" / "search-seeds"
VORONEZH = "Russia and China Propose Sharing Satellite Intelligence"
S400 = "Turkey Weighs a Second S-400 Batch Despite US Sanctions"
TROOPS = "Estonia Receives 400 Troops for a Spring Rotation"
SU57 = "Russia Offers India the Su-57 at Aero India"


@pytest.fixture(scope="module")
def search_site(tmp_path_factory) -> Path:
    """The site built from the search fixture seeds with `briefings build`."""
    return build_site(copy_project(tmp_path_factory.mktemp("search") / "project", seeds_from=SEARCH_SEEDS))


@pytest.fixture(scope="module")
def parted_site(tmp_path_factory) -> Path:
    """The same site with its search index in parts of at most two briefing pages (three parts)."""
    root = copy_project(tmp_path_factory.mktemp("parted") / "project", seeds_from=SEARCH_SEEDS)
    replace_plugin_line(root, "      timezone: UTC\n", "      timezone: UTC\n      search_part_pages: 2\n")
    return build_site(root)


@pytest.fixture(scope="module")
def parted_url(parted_site):
    with serve(parted_site) as url:
        yield url


@pytest.fixture(scope="module")
def catalogue(search_site) -> list[dict]:
    return json.loads((search_site / "briefings.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def search_url(search_site):
    with serve(search_site) as url:
        yield url


@pytest.fixture(scope="module")
def search_subpath_url(search_site):
    with serve(search_site, prefix=SUBPATH) as url:
        yield url


# --------------------------------------------------------------------------- helpers


def quick_search(page, base_url: str, query: str) -> list[str]:
    """Return the page titles Material's header search lists for `query`."""
    page.goto(base_url)
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_not_text="Initializing").wait_for()
    page.wait_for_function(
        "q => document.querySelector('.md-search__input').value === q"
        " && !/Initializing|Type to start/.test(document.querySelector('.md-search-result__meta').textContent)",
        arg=query,
    )
    page.wait_for_timeout(300)  # the worker answers each keystroke; let the last answer land
    return page.locator(".md-search-result__item > a.md-search-result__link article h1").all_inner_texts()


def wait_ready(page) -> None:
    """Wait until the search page shows the state in its URL."""
    page.wait_for_function(
        "() => { const r = document.querySelector('.bsearch');"
        " return r && r.dataset.ready === (location.search || '?'); }"
    )


def page_search(page, base_url: str, params: str = "") -> None:
    """Open the search page with `params` (a query string) and wait for its results."""
    response = page.goto(base_url + "search/" + params)
    assert response is not None and response.status == 200
    wait_ready(page)


def type_query(page, query: str) -> None:
    box = page.locator("#bsearch-query")
    box.fill("")
    box.press_sequentially(query, delay=10)
    page.wait_for_function("q => new URLSearchParams(location.search).get('query') === q", arg=query)
    wait_ready(page)


def titles(page) -> list[str]:
    return page.locator(".bsearch__hit .bsearch__title").all_inner_texts()


def dates(page) -> list[str]:
    return page.locator(".bsearch__hit .bsearch__date").all_inner_texts()


def facet_counts(page, key: str) -> dict[str, int]:
    """Return {value: count} of one facet as shown."""
    options = page.locator(f".bsearch__facet[data-facet='{key}'] .bsearch__option")
    values = options.locator(".bsearch__value").all_inner_texts()
    counts = options.locator(".bsearch__count").all_inner_texts()
    return {v: int(c) for v, c in zip(values, counts, strict=False)}


def catalogue_counts(catalogue: list[dict], field: str) -> dict[str, int]:
    return dict(Counter(name for entry in catalogue for name in entry[field]))


# --------------------------------------------------------------------------- Material's quick search


@pytest.mark.browser
def test_quick_search_finds_designators_whole_and_by_parts(browser, context, recorder, search_url):
    page = context.new_page()
    assert quick_search(page, search_url, "Voronezh") == [VORONEZH]
    assert quick_search(page, search_url, "S-400") == [S400]
    assert quick_search(page, search_url, "Su-57") == [SU57]
    found = quick_search(page, search_url, "400")
    assert S400 in found and TROOPS in found
    recorder.assert_clean(search_url)


# --------------------------------------------------------------------------- the search page


@pytest.mark.browser
def test_search_page_finds_voronezh_and_opens_it(browser, context, recorder, search_url):
    page = context.new_page()
    page_search(page, search_url)
    type_query(page, "Voronezh")
    assert titles(page) == [VORONEZH]
    hit = page.locator(".bsearch__hit").first
    assert hit.locator(".bsearch__date").inner_text() == "2023-12-08"
    assert hit.locator(".bsearch__summary").inner_text().startswith("Putin has offered to share satellite intelligence")
    # the page does not fetch Material's whole index: it has its own search box
    assert not any(url.endswith("search_index.json") for url in recorder.requests)
    hit.locator(".bsearch__title").click()
    page.wait_for_url(search_url + "briefings/russia-and-china-propose-sharing-satellite-intelligence/")
    recorder.assert_clean(search_url)


@pytest.mark.browser
def test_search_page_finds_s400_not_every_400(browser, context, recorder, search_url):
    page = context.new_page()
    page_search(page, search_url, "?query=S-400")
    assert titles(page) == [S400]
    type_query(page, "400")
    assert set(titles(page)) >= {S400, TROOPS}
    recorder.assert_clean(search_url)


@pytest.mark.browser
def test_country_filter_narrows_and_counts_match_catalogue(browser, context, recorder, search_url, catalogue):
    page = context.new_page()
    page_search(page, search_url)
    assert len(titles(page)) == len(catalogue)
    for key, field in [("country", "countries"), ("topic", "topics"), ("system", "systems"), ("region", "regions")]:
        assert facet_counts(page, key) == catalogue_counts(catalogue, field), key
    assert facet_counts(page, "year") == dict(Counter(entry["date"][:4] for entry in catalogue))

    page.locator(".bsearch__facet[data-facet='country'] input[value='Estonia']").check()
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('country').join() === 'Estonia'")
    wait_ready(page)
    expected = [entry["title"] for entry in catalogue if "Estonia" in entry["countries"]]  # newest first
    assert titles(page) == expected
    assert len(expected) == catalogue_counts(catalogue, "countries")["Estonia"] < len(catalogue)
    # values of one facet combine with OR, so the country counts stay those of the catalogue
    assert facet_counts(page, "country") == catalogue_counts(catalogue, "countries")
    # other facets count within the narrowed results
    assert facet_counts(page, "year") == dict(Counter(e["date"][:4] for e in catalogue if "Estonia" in e["countries"]))

    type_query(page, "troops")
    assert titles(page) == [TROOPS]
    recorder.assert_clean(search_url)


FACET_KEYS = ("topic", "region", "country", "organisation", "system", "year")
TIMELINE = """() => ({
  origin: performance.timeOrigin,
  mark: (performance.getEntriesByName("briefings:first-results")[0] || {}).startTime,
  entries: performance.getEntriesByType("resource").map(e => [new URL(e.name).pathname, e.startTime, e.responseEnd]),
})"""


def timeline(page) -> tuple[list[str], list[str]]:
    """Return the paths downloaded (by the page or Pagefind's worker) before the first results, and those
    requested after."""
    mark, entries = None, []
    for scope in [page, *page.workers]:
        data = scope.evaluate(TIMELINE)
        if scope is page:
            assert data["mark"] is not None, "no briefings:first-results mark"
            mark = data["origin"] + data["mark"]
        entries += [(path, data["origin"] + start, data["origin"] + end) for path, start, end in data["entries"]]
    before = [path for path, _, end in entries if end <= mark]
    after = [path for path, start, _ in entries if start >= mark]
    assert len(before) + len(after) == len(entries), "a download straddles the first results"
    return before, after


@pytest.mark.browser
def test_first_results_come_before_the_facet_counts(browser, context, recorder, search_url, catalogue):
    page = context.new_page()
    page_search(page, search_url, "?query=Russia")
    before, after = timeline(page)
    assert any(p.endswith(".pf_index") for p in before) and any(p.endswith(".pf_fragment") for p in before)
    assert [p for p in before if "/filter/" in p] == []  # no filter chunk before the first results
    assert len([p for p in after if "/filter/" in p]) == len(FACET_KEYS)  # all of them right after, for the counts
    shown = {key for key in FACET_KEYS if page.locator(f".bsearch__facet[data-facet='{key}']").count()}
    assert shown == set(FACET_KEYS)

    fresh = context.new_page()  # browsing everything: the lazily loaded counts are the catalogue's
    page_search(fresh, search_url)
    for key, field in [
        ("country", "countries"),
        ("topic", "topics"),
        ("system", "systems"),
        ("region", "regions"),
        ("organisation", "organisations"),
    ]:
        assert facet_counts(fresh, key) == catalogue_counts(catalogue, field), key
    assert facet_counts(fresh, "year") == dict(Counter(entry["date"][:4] for entry in catalogue))
    recorder.assert_clean(search_url)


@pytest.mark.browser
def test_a_shared_filtered_url_loads_only_its_facet_before_results(browser, context, recorder, search_url, catalogue):
    page = context.new_page()
    page_search(page, search_url, "?country=Estonia")
    before, after = timeline(page)
    assert len([p for p in before if "/filter/" in p]) == 1  # the country chunk, not all six
    assert len([p for p in after if "/filter/" in p]) == len(FACET_KEYS) - 1
    assert titles(page) == [e["title"] for e in catalogue if "Estonia" in e["countries"]]  # newest first
    assert page.locator(".bsearch__facet[data-facet='country'] input[value='Estonia']").is_checked()
    assert facet_counts(page, "country") == catalogue_counts(catalogue, "countries")
    recorder.assert_clean(search_url)


@pytest.mark.browser
def test_date_sort_orders_newest_first(browser, context, recorder, search_url, catalogue):
    page = context.new_page()
    page_search(page, search_url, "?query=Russia")
    relevance = titles(page)
    assert len(relevance) >= 3
    page.locator("#bsearch-sort").select_option("date")
    page.wait_for_function("() => new URLSearchParams(location.search).get('sort') === 'date'")
    wait_ready(page)
    shown = dates(page)
    assert shown == sorted(shown, reverse=True)
    assert sorted(titles(page)) == sorted(relevance)
    by_title = {entry["title"]: entry["date"] for entry in catalogue}
    assert [by_title[t] for t in titles(page)] == shown
    recorder.assert_clean(search_url)


@pytest.mark.browser
def test_reloading_a_shared_url_restores_the_search(browser, context, recorder, search_url):
    page = context.new_page()
    page_search(page, search_url)
    type_query(page, "Russia")
    page.locator(".bsearch__facet[data-facet='year'] input[value='2025']").check()
    page.wait_for_function("() => new URLSearchParams(location.search).get('year') === '2025'")
    wait_ready(page)
    page.locator("#bsearch-sort").select_option("date")
    page.wait_for_function("() => new URLSearchParams(location.search).get('sort') === 'date'")
    wait_ready(page)
    shared = page.url
    assert parse_qs(urlsplit(shared).query) == {"query": ["Russia"], "year": ["2025"], "sort": ["date"]}
    before = titles(page)
    assert before == [SU57]

    other = context.new_page()  # a reader opening the shared link
    other.goto(shared)
    wait_ready(other)
    assert other.locator("#bsearch-query").input_value() == "Russia"
    assert other.locator("#bsearch-sort").input_value() == "date"
    assert other.locator(".bsearch__facet[data-facet='year'] input[value='2025']").is_checked()
    assert titles(other) == before
    other.reload()
    wait_ready(other)
    assert titles(other) == before
    recorder.assert_clean(search_url)


@pytest.mark.browser
def test_search_page_under_project_subpath(browser, context, recorder, search_subpath_url):
    page = context.new_page()
    page_search(page, search_subpath_url, "?query=Voronezh")
    assert titles(page) == [VORONEZH]
    href = page.locator(".bsearch__title").first.evaluate("a => a.href")
    assert href == search_subpath_url + "briefings/russia-and-china-propose-sharing-satellite-intelligence/"
    page.locator(".bsearch__facet[data-facet='country'] input[value='China']").check()
    page.wait_for_function("() => new URLSearchParams(location.search).get('country') === 'China'")
    wait_ready(page)
    assert titles(page) == [VORONEZH]
    assert quick_search(page, search_subpath_url, "S-400") == [S400]
    assert any(url.startswith(search_subpath_url + "pagefind/") for url in recorder.requests)
    recorder.assert_clean(search_subpath_url)


@pytest.mark.browser
def test_an_index_in_parts_searches_as_one(browser, context, recorder, parted_site, parted_url, catalogue):
    assert json.loads((parted_site / INDEX_DIR / PARTS_FILE).read_text(encoding="utf-8")) == {
        "parts": ["part-2/", "part-3/"]
    }
    page = context.new_page()
    page_search(page, parted_url)  # browsing: every briefing, newest first, across the three parts
    assert titles(page) == [entry["title"] for entry in catalogue]
    for key, field in [
        ("country", "countries"),
        ("topic", "topics"),
        ("system", "systems"),
        ("region", "regions"),
        ("organisation", "organisations"),
    ]:
        assert facet_counts(page, key) == catalogue_counts(catalogue, field), key
    # every part was searched, and only the first part's wasm was loaded: merged parts share it
    loaded = [urlsplit(url).path for url in recorder.requests]
    assert {path.split("/")[2] for path in loaded if path.startswith("/pagefind/part-")} == {"part-2", "part-3"}
    assert [path for path in loaded if path.endswith(".pagefind")] == ["/pagefind/wasm.en.pagefind"]
    type_query(page, "Voronezh")
    assert titles(page) == [VORONEZH]
    type_query(page, "S-400")
    assert titles(page) == [S400]

    page_search(page, parted_url, "?query=Russia&sort=date")
    found = titles(page)
    assert len(found) >= 3 and found == [entry["title"] for entry in catalogue if entry["title"] in found]
    page_search(page, parted_url, "?query=Russia")
    assert sorted(titles(page)) == sorted(found)  # by relevance: the same briefings

    page_search(page, parted_url, "?country=Estonia")
    assert titles(page) == [entry["title"] for entry in catalogue if "Estonia" in entry["countries"]]
    assert facet_counts(page, "country") == catalogue_counts(catalogue, "countries")
    recorder.assert_clean(parted_url)


@pytest.fixture(scope="module")
def corpus_parted_site(tmp_path_factory) -> Path:
    """The site of the 146 corpus articles, its search index in parts of at most 50 briefing pages."""
    if not (CORPUS / "manifest.jsonl").exists():
        pytest.skip("corpus absent: ../shared/corpus")
    root = copy_project(tmp_path_factory.mktemp("corpus-parted") / "project")
    replace_plugin_line(root, "      timezone: UTC\n", "      timezone: UTC\n      search_part_pages: 50\n")
    subprocess.run(
        [sys.executable, "-m", "briefings", "build", "--quiet", "--seeds", str(CORPUS)], cwd=root, check=True
    )
    return root / "site"


@pytest.mark.slow
@pytest.mark.browser
def test_an_index_in_parts_lists_every_briefing_newest_first_a_page_at_a_time(
    browser, context, recorder, corpus_parted_site
):
    catalogue = json.loads((corpus_parted_site / "briefings.json").read_text(encoding="utf-8"))
    assert len(json.loads((corpus_parted_site / INDEX_DIR / PARTS_FILE).read_text(encoding="utf-8"))["parts"]) >= 2
    with serve(corpus_parted_site) as url:
        page = context.new_page()
        page_search(page, url)
        assert len(titles(page)) == 10
        while page.locator(".bsearch__more").is_visible():
            count = len(titles(page))
            # two clicks at once: the second page waits for the first, so none is shown twice or skipped
            page.evaluate(
                "() => { const more = document.querySelector('.bsearch__more'); more.click(); more.click(); }"
            )
            page.wait_for_function(
                "n => document.querySelectorAll('.bsearch__hit').length >= n", arg=min(count + 20, len(catalogue))
            )
            page.wait_for_timeout(100)
        assert titles(page) == [entry["title"] for entry in catalogue]
        assert dates(page) == [entry["date"] for entry in catalogue]
        recorder.assert_clean(url)


# --------------------------------------------------------------------------- the index


def part_of(name: str, parts) -> list[int]:
    """Return the numbers of the parts whose globs take a page name ("ab*" or "ab")."""
    return [
        n
        for n, part in enumerate(parts, 1)
        if any(name == g or (g.endswith("*") and name.startswith(g[:-1])) for g in part.names)
    ]


@pytest.mark.parametrize("limit", [1, 2, 7, 40, 333])
def test_index_parts_take_every_page_once_and_no_more_than_the_limit(limit):
    words = ["a", "ab", "abc", "abd", "b", "ba", "c-1", "c-2", "z", "zz", "zzz", "zzzz", "0", "01", "x"]
    names = sorted({f"{w}{v}" for w in words for v in ("", "-x", "-y", "q", "9")} | {f"r{n}" for n in range(300)})
    parts = plan_parts(reversed(names), limit)
    assert parts == plan_parts(names, limit)  # the order names come in does not matter
    assert [part.folder for part in parts] == ["pagefind", *(f"pagefind/part-{n}" for n in range(2, len(parts) + 1))]
    assert all(part_of(name, parts) != [] for name in names)
    assert all(len(part_of(name, parts)) == 1 for name in names)
    for n, part in enumerate(parts, 1):
        assert part.pages == sum(1 for name in names if part_of(name, parts) == [n]) <= limit
    assert len(parts) <= 2 * -(-len(names) // limit)
    assert (
        parts[0].glob().startswith("briefings/{")
        and "/index.html," in parts[0].glob()
        and parts[0].glob().endswith(".html}")
    )


def test_an_index_is_in_one_part_when_small_unlimited_or_unusually_named():
    names = [f"briefing-{n}" for n in range(10)]
    for parts in (plan_parts(names, 10), plan_parts(names, 0), plan_parts([*names, "Odd Name"], 2)):
        assert [(p.folder, p.names, p.pages) for p in parts] in ([("pagefind", (), 10)], [("pagefind", (), 11)])
    assert plan_parts([], 2) == ()
    assert len(plan_parts(names, 9)) == 2


@pytest.mark.slow
def test_an_index_in_parts_keeps_only_what_merging_loads_and_never_goes_stale(parted_site, catalogue):
    index = parted_site / INDEX_DIR
    counts = []
    for folder in (index, index / "part-2", index / "part-3"):
        counts.append(
            json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["en"]["page_count"]
        )
    assert counts == [2, 2, 2] and sum(counts) == len(catalogue)
    for folder in (index / "part-2", index / "part-3"):
        top = sorted(p.name for p in folder.iterdir() if p.is_file())
        assert top[0] == "pagefind-entry.json" and len(top) == 2 and top[1].endswith(".pf_meta")
        assert {p.name for p in folder.iterdir() if p.is_dir()} == {"index", "filter", "fragment"}
    assert (index / "pagefind.js").is_file() and (index / "wasm.en.pagefind").is_file()
    report = build_search_index(parted_site)  # indexed again in one piece: no part survives
    assert (report.pages, report.parts) == (len(catalogue), 1)
    assert not (index / "part-2").exists()
    assert json.loads((index / PARTS_FILE).read_text(encoding="utf-8")) == {"parts": []}


@pytest.mark.slow
def test_plain_mkdocs_build_writes_a_fresh_index(tmp_path):
    root = copy_project(tmp_path / "project", seeds_from=SEARCH_SEEDS)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=root, check=True)
    index = root / "site" / INDEX_DIR
    assert (index / "pagefind.js").is_file()
    stale = index / "index" / "en_stale.pf_index"
    stale.write_bytes(b"old")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--dirty"], cwd=root, check=True)
    assert (index / "pagefind.js").is_file()
    assert not stale.exists()


@pytest.mark.slow
def test_only_briefing_pages_are_indexed(search_site, catalogue):
    report = build_search_index(search_site)  # reindexing in place replaces the folder
    assert report.pages == len(catalogue)
    assert sorted(p.name for p in (search_site / INDEX_DIR).glob("fragment/*")) != []
    assert len(list((search_site / INDEX_DIR).glob("fragment/*.pf_fragment"))) == len(catalogue)


def indexed_pages(site: Path) -> dict[str, str]:
    """Return what Pagefind indexed of each page: URL -> the text its fragment keeps."""
    pages = {}
    for fragment in (site / INDEX_DIR).glob("fragment/*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{") :])  # after Pagefind's signature
        pages[record["url"]] = record["content"]
    return pages


@pytest.mark.slow
def test_neither_search_indexes_a_briefings_related_briefings_or_provenance(search_site, catalogue):
    listed = re.compile(r"·\s*\d{4}-\d{2}-\d{2}")  # a related briefing's date, as the page lists it
    related = [entry for entry in catalogue if entry["related"]]
    assert related
    indexed = indexed_pages(search_site)
    assert len(indexed) == len(catalogue)
    for entry in related:
        page = (search_site / entry["url"].strip("/") / "index.html").read_text(encoding="utf-8")
        assert len(listed.findall(page)) == len(entry["related"])
        text = indexed["/" + entry["url"].strip("/") + "/"]
        assert "Actors and systems" in text and "Sources" in text  # the sections around it are indexed
        assert not listed.search(text), entry["slug"]
    quick = json.loads((search_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert [doc["location"] for doc in quick["docs"] if listed.search(doc["text"])] == []
    # The header search keeps each briefing's sections but these two, which every briefing has (a search
    # for "provenance" listed every page).
    sections = Counter(
        doc["location"].partition("#")[2] for doc in quick["docs"] if doc["location"].startswith("briefings/")
    )
    assert sections["sources"] == len(catalogue)
    assert sections["related-briefings"] == sections["provenance"] == 0


@pytest.mark.slow
@pytest.mark.browser
def test_search_size_benchmark_runs(browser, tmp_path, capsys):
    sys.path.insert(0, str(REPO / "bench"))
    import search_size

    row = search_size.run(20, tmp_path, browser, "radar")
    assert (row["index_pages"], row["index_parts"]) == (20, 1)
    assert row["page"]["status"].endswith(("found.", "found, newest first."))
    assert not row["page"]["material_fetched"]
    assert 0 < row["page"]["index_gzip"] < row["page"]["gzip"]
    assert row["page"]["gzip"] == sum(row["page"]["by_kind"][k] for k in ("page", "script", "index"))
    assert {search_size.kind(path) for path in row["page"]["files"]} == {"page", "script", "index", "other"}
    assert [path for path in row["page"]["files"] if "/filter/" in path] == []  # facets load after the results
    assert row["page"]["facets_gzip"] > 0
    assert row["material_gzip"] > 0
    search_size.print_table([row], "radar")
    assert "N=20: first results are 1/" in capsys.readouterr().out


def tab_to(page, condition: str, limit: int = 80) -> None:
    """Press Tab until the focused element satisfies a JS condition on `el`; fail after `limit` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!(el && ({condition})); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {condition}")


@pytest.mark.browser
def test_the_faceted_search_works_with_the_keyboard_alone(browser, context, recorder, search_url, catalogue):
    page = context.new_page()
    page_search(page, search_url)
    tab_to(page, "el.id === 'bsearch-query'")
    page.keyboard.type("Russia")
    page.keyboard.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('query') === 'Russia'")
    wait_ready(page)
    with_russia = titles(page)
    assert with_russia
    tab_to(page, "el.type === 'checkbox' && el.closest(\"[data-facet='year']\")")
    year = page.evaluate("() => document.activeElement.value")
    page.keyboard.press("Space")
    page.wait_for_function("y => new URLSearchParams(location.search).getAll('year').includes(y)", arg=year)
    wait_ready(page)
    narrowed = titles(page)
    by_title = {e["title"]: e["date"][:4] for e in catalogue}
    assert narrowed and all(by_title[t] == year for t in narrowed) and set(narrowed) <= set(with_russia)
    tab_to(page, "el.id === 'bsearch-sort'")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => new URLSearchParams(location.search).get('sort') === 'date'")
    wait_ready(page)
    tab_to(page, "el.tagName === 'A' && el.closest('.bsearch__hit')")
    target = page.evaluate("() => document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert "/briefings/" in page.url
    recorder.assert_clean(search_url)
