"""Synthesise N seed briefings for the benchmark, from ../shared/corpus or from generated text.

Every seed is a corpus article (or generated paragraphs where the corpus is absent) with
its date moved across 2005-2025, its title made unique, and one extra paragraph naming
entities drawn from the gazetteer, so terms, term pages and related briefings vary with N.
Every fourth seed has a metadata .yml. Same N -> same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import yaml

from briefings.extract.dates import MONTH_NAMES as MONTHS

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
GAZETTEER = ROOT / "generator" / "briefings" / "data" / "gazetteer.yml"
TAXONOMY = ROOT / "seeds" / "taxonomy.yml"
FIRST_DAY = dt.date(2005, 1, 1)
DAYS = 21 * 365  # dates spread over 2005-2025: nothing is embargoed
WORDS = """army navy border talks missile drill sanctions ministry treaty satellite
radar ceasefire convoy summit exercise patrol agreement statement delegation budget
shipyard frigate launch warning inspection envoy corridor airspace fleet reactor""".split()


def load_articles(corpus: Path = CORPUS) -> list[tuple[str, list[str]]]:
    """Return (title, paragraphs) of every corpus article, or generated ones where the corpus is absent."""
    articles = []
    if corpus.is_dir():
        for path in sorted(corpus.glob("*.txt")):
            lines = path.read_text(encoding="utf-8").split("\n")
            body = "\n".join(lines[2:]).strip()
            paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
            if len(lines) > 1 and lines[1].strip() and paragraphs:
                articles.append((lines[1].strip(), paragraphs))
    if articles:
        return articles
    rng = random.Random(0)
    for n in range(150):
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
        paragraphs = [
            " ".join(
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."
                for _ in range(rng.randint(2, 5))
            )
            for _ in range(rng.randint(4, 12))
        ]
        articles.append((f"{title} {n}", paragraphs))
    return articles


def load_entities() -> dict[str, list[str]]:
    """Return the names of gazetteer entries by taxonomy (countries, organisations, people, systems)."""
    data = yaml.load(GAZETTEER.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    names = {"countries": sorted(v["name"] for v in data["countries"].values() if v.get("name"))}
    for taxonomy in ("organisations", "people", "systems"):
        names[taxonomy] = [e["name"] for e in data[taxonomy]]
    return names


def load_topics() -> list[str]:
    """Return the topic ids of the repository's taxonomy."""
    data = yaml.load(TAXONOMY.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    items = data["topics"] if isinstance(data, dict) else data
    return [item["id"] for item in items]


def printed_date(date: dt.date, n: int) -> str:
    """Return the date as an article would print it, in one of three styles."""
    if n % 3 == 0:
        return date.isoformat()
    if n % 3 == 1:
        return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def synthesise(seeds: Path, count: int, start: int = 0) -> list[Path]:
    """Write seeds number start..start+count-1 into `seeds`; return the .txt paths."""
    seeds.mkdir(parents=True, exist_ok=True)
    articles = load_articles()
    entities = load_entities()
    topics = load_topics()
    written = []
    for n in range(start, start + count):
        rng = random.Random(n)
        title, paragraphs = articles[n % len(articles)]
        date = FIRST_DAY + dt.timedelta(days=(n * 7919) % DAYS)
        mentioned = {t: rng.sample(entities[t], 2 if t == "countries" else 1) for t in entities}
        place = mentioned["countries"][0]
        title = f"{place} update {n + 1}: {title}"  # the unique part first: slugs are cut at 80 characters
        extra = (
            f"Officials in {place} and {mentioned['countries'][1]} said the {mentioned['organisations'][0]} "
            f"would discuss the {mentioned['systems'][0]} with {mentioned['people'][0]} this {MONTHS[date.month - 1]}."
        )
        body = paragraphs[: 2 + n % max(1, len(paragraphs) - 1)] + [extra]
        name = f"{n:06d}-bench"
        text = f"{printed_date(date, n)}\n{title}\n\n" + "\n\n".join(body) + "\n"
        path = seeds / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        if n % 4 == 0:
            meta = {
                "topics": rng.sample(topics, 2),
                "countries": mentioned["countries"],
                "tags": [rng.choice(WORDS)],
                "source": {"name": "Benchmark wire", "url": f"https://example.org/wire/{n}", "published": date},
            }
            (seeds / f"{name}.yml").write_text(
                yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000), encoding="utf-8"
            )
        written.append(path)
    return written
