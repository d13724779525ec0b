"""The relevance benchmark's queries and judgments: generated from the corpus's gold labels, plus
the hand-written ones of bench/relevance_queries.yml; and the text matching they rely on.

Judgments are made by seed file name and turned into page URLs with the site's catalogue
(site/briefings.json), so nothing here depends on how the generator names pages.

- known-item: for each labelled article, its most distinctive `must_mention` words (at most
  three: those in the fewest corpus articles, numbers, amounts and dates last); the article is
  grade 2, other articles of the same title (the same kind of call or meeting on another
  day) grade 1, and the `same_story` pairs of the YAML file grade 1 too.
- topical: each person of the `people` labels and each country of the `primary_countries`
  labels; grade 2 where the labels list it, grade 1 where the article names it substantially
  (a person: the full name, middle initials allowed, and the surname at least twice; a
  country: its name at least three times). A subject labelled in more than half the
  articles (the United States) is left out: it discriminates nothing.
- hand-written: bench/relevance_queries.yml, judged by reading the articles.
"""

from __future__ import annotations

import html.parser
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

KINDS = ("known-item", "topical", "alias", "designator", "phrase", "two-term", "misspelling")
KNOWN_ITEM_WORDS = 3
BROAD_LABEL_SHARE = 0.5  # a topical subject labelled in more than this share of the corpus is left out
COUNTRY_MENTIONS = 3  # a country named this often is a grade-1 subject of an article
SURNAME_MENTIONS = 2  # a person's surname this often (with the full name once) makes grade 1
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


@dataclass(frozen=True, slots=True)
class Query:
    """One query with its judgments, by seed file name: grade 2 the pages it is after, 1 relevant."""

    id: str
    text: str
    kind: str
    grades: tuple[tuple[str, int], ...]
    target: str | None = None  # alias queries: the page that must come in the top 3
    source: str = "generated"  # generated or the YAML file
    note: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    """A corpus article with its gold labels."""

    name: str
    title: str
    text: str
    must_mention: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    words: Words | None = field(default=None, repr=False)


# --------------------------------------------------------------------------- text


def fold(text: str) -> str:
    """Return text lowercased with accents removed and typographic apostrophes made plain."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u00ad", ""))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def tokens(text: str) -> tuple[str, ...]:
    """Return the folded words of text: runs of letters and digits (hyphens and apostrophes split them)."""
    return tuple(re.findall(r"[^\W_]+", fold(text)))


def _stem(token: str) -> str:
    """Return token without a plural or verbal ending, so that 'sanction' matches 'sanctions'."""
    for suffix in ("ies", "es", "s", "ed", "ing"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return token


@dataclass(frozen=True, slots=True)
class Words:
    """A text's folded words, their stems and where each stem occurs (for fast phrase counts)."""

    words: tuple[str, ...]
    stems: tuple[str, ...]
    at: dict[str, tuple[int, ...]]


def words_of(text: str) -> Words:
    """Return the words of text, indexed."""
    words = tokens(text)
    stems = tuple(_stem(word) for word in words)
    at: dict[str, list[int]] = {}
    for i, stem in enumerate(stems):
        at.setdefault(stem, []).append(i)
    return Words(words, stems, {stem: tuple(places) for stem, places in at.items()})


def count_sequence(text: Words, needle: tuple[str, ...], initials: bool = False) -> int:
    """Return how often the words of needle occur in a row in the text (word endings ignored);
    with initials, one single-letter word may stand between two of them ('Antony J. Blinken')."""
    if not needle:
        return 0
    want = [_stem(word) for word in needle]
    stems = text.stems
    found = 0
    for start in text.at.get(want[0], ()):
        at = start + 1
        for part in want[1:]:
            if initials and at < len(stems) and len(text.words[at]) == 1 and stems[at] != part:
                at += 1
            if at >= len(stems) or stems[at] != part:
                break
            at += 1
        else:
            found += 1
    return found


def query_terms(query: str) -> list[tuple[str, ...]]:
    """Return the terms a result must contain to contain all the query's words: each quoted phrase
    and each other word (a hyphenated designator is one term, its parts in a row)."""
    terms = [tokens(phrase) for phrase in re.findall(r'"([^"]+)"', query)]
    rest = re.sub(r'"[^"]*"', " ", query)
    terms += [tokens(word) for word in rest.split()]
    return [term for term in terms if term]


def contains_all(text: Words, query: str) -> bool:
    """Return whether every term of the query occurs in the text (words in a row, endings ignored)."""
    return all(count_sequence(text, term) for term in query_terms(query))


# --------------------------------------------------------------------------- corpus


def read_corpus(corpus: Path) -> list[Article]:
    """Return the labelled articles of the corpus in file-name order."""
    titles = {row["filename"]: row["title"] for row in _jsonl(corpus / "manifest.jsonl")}
    articles = []
    for row in sorted(_jsonl(corpus / "briefs.jsonl"), key=lambda row: row["filename"]):
        text = (corpus / row["filename"]).read_text(encoding="utf-8")
        articles.append(
            Article(
                name=row["filename"],
                title=titles.get(row["filename"], ""),
                text=text,
                must_mention=tuple(row.get("must_mention") or ()),
                people=tuple(row.get("people") or ()),
                countries=tuple(row.get("primary_countries") or ()),
                words=words_of(text),
            )
        )
    return articles


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _late(phrase: str) -> bool:
    """Return whether a must_mention phrase is a number, amount or date (chosen last for a query)."""
    words = fold(phrase).split()
    return bool(re.match(r"[\d$]", phrase)) or any(word in MONTHS for word in words)


def known_item_words(article: Article, articles: list[Article]) -> list[str]:
    """Return the article's most distinctive must_mention phrases, at most three, in label order."""

    def frequency(phrase: str) -> int:
        needle = tokens(phrase)
        return sum(1 for other in articles if count_sequence(other.words, needle))

    order = sorted(
        range(len(article.must_mention)),
        key=lambda i: (_late(article.must_mention[i]), frequency(article.must_mention[i]), i),
    )
    chosen = sorted(order[:KNOWN_ITEM_WORDS])
    return [article.must_mention[i] for i in chosen]


def known_item_queries(articles: list[Article], same_story: dict[str, dict[str, int]]) -> list[Query]:
    """Return a known-item query per labelled article (see the module's docstring)."""
    by_title: dict[str, list[str]] = {}
    for article in articles:
        by_title.setdefault(fold(article.title), []).append(article.name)
    queries = []
    for article in articles:
        if not article.must_mention:
            continue
        grades = {name: 1 for name in by_title[fold(article.title)] if name != article.name}
        grades.update(same_story.get(article.name, {}))
        grades[article.name] = 2
        queries.append(
            Query(
                id=f"known:{article.name[:3]}",
                text=" ".join(known_item_words(article, articles)),
                kind="known-item",
                grades=tuple(sorted(grades.items())),
                note=article.title,
            )
        )
    return queries


def _person_mentioned(article: Article, person: str) -> bool:
    words = tokens(person)
    surname = tokens(person.split()[-1])
    return (
        count_sequence(article.words, words, initials=True) >= 1
        and count_sequence(article.words, surname) >= SURNAME_MENTIONS
    )


def _country_mentioned(article: Article, country: str) -> bool:
    return count_sequence(article.words, tokens(country)) >= COUNTRY_MENTIONS


def topical_queries(articles: list[Article]) -> list[Query]:
    """Return a query per labelled person and per labelled primary country (see the module's docstring)."""
    queries = []
    for label, attribute, mentioned in (
        ("person", "people", _person_mentioned),
        ("country", "countries", _country_mentioned),
    ):
        counts = Counter(subject for article in articles for subject in getattr(article, attribute))
        for subject in sorted(counts, key=lambda s: (fold(s), s)):
            if counts[subject] > BROAD_LABEL_SHARE * len(articles):
                continue
            grades = {}
            for article in articles:
                if subject in getattr(article, attribute):
                    grades[article.name] = 2
                elif mentioned(article, subject):
                    grades[article.name] = 1
            slug = "-".join(tokens(subject))
            queries.append(
                Query(
                    id=f"{label}:{slug}",
                    text=subject,
                    kind="topical",
                    grades=tuple(sorted(grades.items())),
                    note=f"{label} label",
                )
            )
    return queries


def hand_queries(path: Path, names: set[str]) -> tuple[list[Query], dict[str, dict[str, int]]]:
    """Return the YAML file's queries and its same-story judgments; raise ValueError on any
    unknown kind, grade or seed name (every problem, with the query)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    problems = []
    queries = []
    seen = set()
    for i, row in enumerate(data.get("queries") or (), start=1):
        where = f"{path.name}: query {i} ({row.get('query')!r})"
        text, kind = row.get("query"), row.get("kind")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: 'query' must be a non-empty string")
            continue
        if fold(text) in seen:
            problems.append(f"{where}: the same query twice")
        seen.add(fold(text))
        if kind not in KINDS:
            problems.append(f"{where}: 'kind' must be one of {', '.join(KINDS)}, got {kind!r}")
        unknown = set(row) - {"query", "kind", "relevant", "target", "note"}
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        grades = row.get("relevant") or {}
        for name, grade in grades.items():
            if name not in names:
                problems.append(f"{where}: no corpus file {name!r}")
            if grade not in (1, 2):
                problems.append(f"{where}: grade of {name} must be 1 or 2, got {grade!r}")
        target = row.get("target")
        if kind == "alias" and grades and grades.get(target) != 2:
            problems.append(f"{where}: an alias query needs a 'target' judged 2")
        queries.append(
            Query(
                id=f"hand:{i:02d}",
                text=text,
                kind=kind,
                grades=tuple(sorted(grades.items())),
                target=target,
                source=path.name,
                note=str(row.get("note") or ""),
            )
        )
    same_story: dict[str, dict[str, int]] = {}
    for name, others in (data.get("same_story") or {}).items():
        for other, grade in others.items():
            for seed in (name, other):
                if seed not in names:
                    problems.append(f"{path.name}: same_story: no corpus file {seed!r}")
            same_story.setdefault(name, {})[other] = grade
            same_story.setdefault(other, {})[name] = grade
    if problems:
        raise ValueError("\n".join(problems))
    return queries, same_story


def all_queries(corpus: Path, hand_file: Path) -> list[Query]:
    """Return the benchmark's queries: the hand-written ones, then known-item and topical ones
    (a generated query of the same text as a hand-written one is left out: the hand judgments win)."""
    articles = read_corpus(corpus)
    hand, same_story = hand_queries(hand_file, {article.name for article in articles})
    written = {fold(query.text) for query in hand}
    generated = known_item_queries(articles, same_story) + topical_queries(articles)
    return hand + [query for query in generated if fold(query.text) not in written]


# --------------------------------------------------------------------------- the built site


class _IndexedText(html.parser.HTMLParser):
    """Collect the text of a page that its searches index: inside its <article> (on a briefing
    page, all of it is Pagefind's data-pagefind-body), outside data-pagefind-ignore and
    data-search-exclude elements and the sections under a data-search-exclude heading."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[bool, bool]] = []  # (inside the body, skipped) per open element
        self.parts: list[str] = []
        self.excluding_section = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        inside, skipped = self.stack[-1] if self.stack else (False, False)
        inside = inside or tag == "article" or "data-pagefind-body" in names
        skipped = skipped or "data-pagefind-ignore" in names or "data-search-exclude" in names
        if tag == "h2" and inside:  # Related briefings and Provenance: headings marked, sections left out
            self.excluding_section = "data-search-exclude" in names
        if tag not in self.VOID:
            self.stack.append((inside, skipped))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] and not self.stack[-1][1] and not self.excluding_section:
            self.parts.append(data)


def indexed_text(page: Path) -> str:
    """Return the text of a built page that the searches index."""
    parser = _IndexedText()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


def read_catalogue(site: Path) -> list[dict]:
    """Return the site's catalogue of briefings (site/briefings.json)."""
    return json.loads((site / "briefings.json").read_text(encoding="utf-8"))
