"""How good the automatic analysis is: topics, bottom line, actors, byline, scored against gold labels.

    .venv/bin/python bench/eval_analysis.py                                   # what `make eval` runs
    .venv/bin/python bench/eval_analysis.py --catalogue cat.json --verbose    # score an existing export
    .venv/bin/python bench/eval_analysis.py --output /tmp/report.md --json /tmp/figures.json

Runs `python -m briefings export --seeds CORPUS` in a temporary copy of the project's site
configuration (or reads --catalogue), joins each catalogue object to its gold label in
CORPUS/briefs.jsonl by its `seed` file name, and prints a Markdown report of the figures
beside their targets. It depends on the CLI and the catalogue JSON only, never on the
package's modules; the matching rules are in bench/matching.py and docs/analysis.md.
Not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching import (  # noqa: E402
    contains_phrase,
    count_words,
    country_key,
    fold_text,
    match_pairs,
    mention_share,
    same_country,
    same_person,
    split_sentences,
    text_tokens,
)

REPO = Path(__file__).resolve().parents[1]
TAXONOMY = REPO / "seeds" / "taxonomy.yml"
SEED_STEM = "russia-china-satellite-intelligence"
CONCENTRATION_LIMIT = 0.40
SUMMARY_MAX_SENTENCES = 2
SUMMARY_MAX_WORDS = 60

# --- targets -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """A figure's target: at least (>=) or at most (<=) a value."""

    op: str
    value: float
    percent: bool = False

    def met(self, value: float) -> bool:
        return value >= self.value if self.op == ">=" else value <= self.value

    def text(self) -> str:
        shown = f"{self.value:.0%}" if self.percent else f"{self.value:g}"
        return shown if (self.op == "<=" and self.value == 0) else f"{'≥' if self.op == '>=' else '≤'} {shown}"


TARGETS = {
    "topics_required_all": Target(">=", 0.90, percent=True),
    "topics_none_when_labelled": Target("<=", 0),
    "topics_max_per_briefing": Target("<=", 3),
    "topics_precision": Target(">=", 0.85, percent=True),
    "bluf_coverage": Target(">=", 0.80, percent=True),
    "countries_precision": Target(">=", 0.90),
    "countries_recall": Target(">=", 0.90),
    "people_precision": Target(">=", 0.85),
    "people_recall": Target(">=", 0.85),
    "concentration_unlabelled": Target("<=", 0),
    "byline_recall": Target(">=", 0.95, percent=True),
    "byline_in_summary": Target("<=", 0),
}


def within_length(summary: str) -> bool:
    """Return whether a summary has at most 2 sentences and 60 words."""
    return len(split_sentences(summary)) <= SUMMARY_MAX_SENTENCES and count_words(summary) <= SUMMARY_MAX_WORDS


# --- the lead baselines, from the seed text -----------------------------------------------

DATELINE = re.compile(r"^(?:[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]*){0,3})\s*(?:\([^)]{1,30}\))?\s*(?:—|–|--|-)\s+")


def strip_dateline(sentence: str) -> str:
    """Return a sentence without a leading dateline such as 'WASHINGTON —' or 'ARLINGTON, Va. (AP) --'."""
    match = DATELINE.match(sentence)
    if match and re.match(r"[A-Z]{2}", match.group(0)):
        return sentence[match.end() :]
    return sentence


def is_heading(text: str) -> bool:
    """Return whether a short paragraph is Title Case or capitals (a byline, heading or memo line), not running text."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) >= 4]
    return count_words(text) < 20 and bool(words) and all(w[0].isupper() for w in words)


MEMO_FIELD = re.compile(r"(?:SUBJECT|MEMORANDUM FOR|FROM|TO|RE)\b:?")


def is_prose(paragraph: str) -> bool:
    """Return whether a paragraph reads as running text (not a byline, heading, list item, table row or lead-in)."""
    text = paragraph.strip()
    if text.startswith("•") or " | " in text or count_words(text) < 6 or is_heading(text) or MEMO_FIELD.match(text):
        return False
    return count_words(text) >= 12 or bool(re.search(r"[.!?][\"'”’)]*$", text))


def continues(previous: str, line: str) -> bool:
    """Return whether a line carries on the previous one (a wrapped line), not a new paragraph."""
    if not previous or re.search(r"[.!?:;][\"'”’)]*$", previous):
        return False
    return (
        line[0].islower()
        or previous.endswith(",")
        or (count_words(previous) < 10 and previous.split()[-1][0].islower())
    )


def article_body(seed_text: str) -> tuple[str, ...]:
    """Return a seed's paragraphs after the date and title: every line, wrapped lines rejoined."""
    paragraphs: list[str] = []
    previous_blank = True
    for line in seed_text.replace("\r\n", "\n").split("\n")[2:]:
        text = " ".join(line.split())
        if not text:
            previous_blank = True
            continue
        if paragraphs and (continues(paragraphs[-1], text) and (not previous_blank or text[0].islower())):
            paragraphs[-1] += " " + text
        else:
            paragraphs.append(text)
        previous_blank = False
    return tuple(paragraphs)


def lead_sentences(seed_text: str, count: int) -> str:
    """Return the first `count` sentences of the body's prose paragraphs, a leading dateline removed."""
    sentences: list[str] = []
    for paragraph in article_body(seed_text):
        if not is_prose(paragraph):
            continue
        if not sentences:
            paragraph = strip_dateline(paragraph)
        sentences.extend(split_sentences(paragraph))
        if len(sentences) >= count:
            break
    return " ".join(sentences[:count])


# --- labels ---------------------------------------------------------------------------------

ACCEPTABLE_TOPICS = re.compile(r"acceptable\s+extra\s+topics?\s*(?:\([^)]*\))?\s*:\s*(?P<list>[^.;]*)", re.IGNORECASE)
ACCEPTABLE_COUNTRY = re.compile(r"(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s+would\s+(?:also\s+)?be\s+acceptable")


def parse_acceptable_topics(notes: str) -> tuple[str, ...]:
    """Return the topic ids of every "Acceptable extra topics (…): a, b and c." sentence in a label's notes."""
    ids: list[str] = []
    for match in ACCEPTABLE_TOPICS.finditer(notes or ""):
        for part in re.split(r",|\s+and\s+", match.group("list")):
            part = part.strip().strip("'\"`").lower()
            if part and part not in ids:
                ids.append(part)
    return tuple(ids)


def parse_acceptable_countries(notes: str) -> tuple[str, ...]:
    """Return the countries a label's notes call acceptable though not primary ("Palestine would be acceptable …")."""
    return tuple(m.group("name").strip() for m in ACCEPTABLE_COUNTRY.finditer(notes or ""))


@dataclass(frozen=True, slots=True)
class Label:
    """One article's gold label."""

    filename: str
    topics: tuple[str, ...]
    acceptable_topics: tuple[str, ...]
    bluf: str
    must_mention: tuple[str, ...]
    byline: str | None
    people: tuple[str, ...]
    countries: tuple[str, ...]
    acceptable_countries: tuple[str, ...]
    notes: str


def read_jsonl(path: Path) -> list[dict]:
    """Return the objects of a JSON Lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_labels(path: Path) -> dict[str, Label]:
    """Return the gold labels by corpus file name."""
    labels = {}
    for item in read_jsonl(path):
        labels[item["filename"]] = Label(
            filename=item["filename"],
            topics=tuple(item["topics"]),
            acceptable_topics=parse_acceptable_topics(item.get("notes", "")),
            bluf=item["bluf"],
            must_mention=tuple(item["must_mention"]),
            byline=item.get("byline"),
            people=tuple(item["people"]),
            countries=tuple(item["primary_countries"]),
            acceptable_countries=parse_acceptable_countries(item.get("notes", "")),
            notes=item.get("notes", ""),
        )
    return labels


def read_taxonomy(path: Path) -> dict[str, str]:
    """Return topic id by folded title and by id, from the taxonomy file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ids = {}
    for topic in data["topics"]:
        ids[fold_text(topic["title"])] = topic["id"]
        ids[fold_text(topic["id"])] = topic["id"]
    return ids


def read_regions(repo: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Return (region id by ISO code, region title by id) from the package's regions.yml, or two empty maps."""
    for path in sorted((repo / "generator").glob("**/regions.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "countries" in data and "regions" in data:
            return {str(k): v for k, v in data["countries"].items()}, {r["id"]: r["title"] for r in data["regions"]}
    return {}, {}


# --- scoring ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Counts:
    """Matched, predicted and gold counts of one entity kind in one article, with the false and missed names."""

    tp: int
    predicted: int
    gold: int
    false: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()


def score_entities(gold: tuple[str, ...], predicted: tuple[str, ...], score, neutral: tuple[str, ...] = ()) -> Counts:
    """Return the counts of predicted names against gold ones; a predicted name matching a neutral one counts
    nowhere."""
    pairs = match_pairs(list(gold), list(predicted), score)
    matched_gold, matched_pred = {g for g, _ in pairs}, {p for _, p in pairs}
    rest = [p for p in predicted if p not in matched_pred]
    excused = {p for _, p in match_pairs(list(neutral), rest, score)}
    false = tuple(p for p in rest if p not in excused)
    missed = tuple(g for g in gold if g not in matched_gold)
    return Counts(tp=len(pairs), predicted=len(pairs) + len(false), gold=len(gold), false=false, missed=missed)


def ratio(num: float, den: float) -> float | None:
    """Return num / den, or None when den is 0."""
    return num / den if den else None


def micro_macro(counts: list[Counts]) -> dict:
    """Return micro precision and recall over all articles, macro ones over the articles with a denominator, and
    the sums."""
    tp, predicted, gold = sum(c.tp for c in counts), sum(c.predicted for c in counts), sum(c.gold for c in counts)
    precisions = [c.tp / c.predicted for c in counts if c.predicted]
    recalls = [c.tp / c.gold for c in counts if c.gold]
    return {
        "precision": ratio(tp, predicted),
        "recall": ratio(tp, gold),
        "macro_precision": ratio(sum(precisions), len(precisions)),
        "macro_recall": ratio(sum(recalls), len(recalls)),
        "tp": tp,
        "predicted": predicted,
        "gold": gold,
    }


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """Everything scored for one labelled article (entry None: the catalogue has no object for it)."""

    filename: str
    entry: dict | None
    topics: tuple[str, ...]
    unknown_topics: tuple[str, ...]
    missed_topics: tuple[str, ...]
    wrong_topics: tuple[str, ...]
    summary: str
    coverage: float
    missing_words: tuple[str, ...]
    lead1: str
    lead1_coverage: float
    lead2: str
    lead2_coverage: float
    countries: Counts
    people: Counts
    actors_given: bool
    byline: str | None
    byline_found: bool | None
    byline_in_summary: bool


def actor_names(entry: dict | None, kind: str) -> tuple[tuple[str, ...], bool]:
    """Return an entry's actors of one kind, from `actors` when it has them, else the whole entity list; and which
    it was."""
    if entry is None:
        return (), False
    actors = entry.get("actors")
    if isinstance(actors, dict) and kind in actors:
        return tuple(actors[kind] or ()), True
    return tuple(entry.get(kind) or ()), False


def same_byline(a: str | None, b: str | None) -> bool:
    """Return whether two bylines are the same words up to case, accents and punctuation."""
    return a is not None and b is not None and text_tokens(a) == text_tokens(b)


def score_article(label: Label, entry: dict | None, seed_text: str, topic_ids: dict[str, str]) -> ArticleScore:
    """Return the scores of one article's catalogue object (or of its absence) against its label."""
    titles = tuple((entry or {}).get("topics") or ())
    topics = tuple(topic_ids.get(fold_text(t), t) for t in titles)
    summary = (entry or {}).get("summary") or ""
    coverage, missing = mention_share(summary, label.must_mention)
    lead1, lead2 = lead_sentences(seed_text, 1), lead_sentences(seed_text, 2)
    countries, given = actor_names(entry, "countries")
    people, _ = actor_names(entry, "people")
    byline = (entry or {}).get("byline")
    return ArticleScore(
        filename=label.filename,
        entry=entry,
        topics=topics,
        unknown_topics=tuple(t for t in titles if fold_text(t) not in topic_ids),
        missed_topics=tuple(t for t in label.topics if t not in topics),
        wrong_topics=tuple(t for t in topics if t not in label.topics and t not in label.acceptable_topics),
        summary=summary,
        coverage=coverage,
        missing_words=missing,
        lead1=lead1,
        lead1_coverage=mention_share(lead1, label.must_mention)[0],
        lead2=lead2,
        lead2_coverage=mention_share(lead2, label.must_mention)[0],
        countries=score_entities(label.countries, countries, same_country, label.acceptable_countries),
        people=score_entities(label.people, people, same_person),
        actors_given=given,
        byline=byline,
        byline_found=same_byline(label.byline, byline) if label.byline else None,
        byline_in_summary=bool(label.byline) and contains_phrase(summary, label.byline),
    )


def concentration(scores: list[ArticleScore], labels: dict[str, Label], regions: tuple[dict, dict]) -> list[dict]:
    """Return every country, region and person that is an actor in more than 40% of the briefings, with the
    labels' share."""
    briefings = [s for s in scores if s.entry is not None]
    rows = []
    for kind in ("countries", "regions", "people"):
        counter: Counter = Counter()
        shown: dict[str, str] = {}  # key -> the catalogue's name for it (the smallest, for one answer)
        for s in briefings:
            names, _ = actor_names(s.entry, kind)
            keys = {(country_key(n) if kind == "countries" else n): n for n in sorted(names, reverse=True)}
            counter.update(keys.keys())
            for key, name in keys.items():
                shown[key] = min(shown.get(key, name), name)
        for key, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            if count / len(briefings) > CONCENTRATION_LIMIT:
                rows.append(
                    {
                        "kind": kind,
                        "name": shown[key],
                        "share": count / len(briefings),
                        "count": count,
                        "label_share": label_share(kind, key, labels, regions),
                    }
                )
    return rows


def label_share(kind: str, key: str, labels: dict[str, Label], regions: tuple[dict, dict]) -> float | None:
    """Return the share of labels with this country (key), region (title) or person as an actor; None when they
    cannot say."""
    region_of, region_title = regions
    if not labels or (kind == "regions" and not region_of):
        return None

    def has(label: Label) -> bool:
        if kind == "countries":
            return any(country_key(c) == key for c in label.countries)
        if kind == "people":
            return any(same_person(p, key) for p in label.people)
        return any(region_title.get(region_of.get(country_key(c), "")) == key for c in label.countries)

    return sum(1 for label in labels.values() if has(label)) / len(labels)


# --- the seed article ---------------------------------------------------------------------

SEED_CHECKS = (  # (what, catalogue field, wanted names, how they match)
    ("country Russia", "countries", ("Russia",), "country"),
    ("country China", "countries", ("China",), "country"),
    ("country United States", "countries", ("United States",), "country"),
    ("organisation PLA (People's Liberation Army)", "organisations", ("People's Liberation Army", "PLA"), "name"),
    ("system Voronezh radar", "systems", ("Voronezh",), "name"),
    ("system Podsolnukh radar", "systems", ("Podsolnukh",), "name"),
    ("system ICBM", "systems", ("ICBM", "intercontinental ballistic missile"), "name"),
    ("person Putin", "people", ("Putin",), "person"),
)
CAVEAT_FIELDS = ("caveats", "caveat")


def check_seed_entry(entry: dict | None) -> list[tuple[str, str]]:
    """Return (check, result) rows for the seed briefing: 'yes', 'no (…)' or 'not checkable from the catalogue'."""
    if entry is None:
        return [("briefing present", "no")]
    rows = []
    for what, kind, wanted, how in SEED_CHECKS:
        names = tuple(entry.get(kind) or ())
        if how == "country":
            ok = any(same_country(w, n) for w in wanted for n in names)
        elif how == "person":
            ok = any(same_person(w, n) for w in wanted for n in names)
        else:
            ok = any(contains_phrase(n, w) for w in wanted for n in names)
        rows.append((what, "yes" if ok else f"no ({', '.join(names) or 'none'})"))
    field_name = next((f for f in CAVEAT_FIELDS if f in entry), None)
    if field_name is None:
        where = [
            k for k in ("key_points", "summary") if any(contains_phrase(t, "experts caution") for t in _texts(entry, k))
        ]
        note = f"; the phrase is in {' and '.join(where)}" if where else ""
        rows.append(
            ('caveat containing "experts caution"', f"not checkable from the catalogue (no caveats field{note})")
        )
    else:
        ok = any(contains_phrase(t, "experts caution") for t in _texts(entry, field_name))
        rows.append(('caveat containing "experts caution"', "yes" if ok else "no"))
    return rows


def _texts(entry: dict, key: str) -> list[str]:
    value = entry.get(key)
    if isinstance(value, str):
        return [value]
    return [v if isinstance(v, str) else json.dumps(v) for v in value or ()]


# --- running the export ------------------------------------------------------------------


def make_project(target: Path, repo: Path = REPO) -> Path:
    """Return a copy of the project's site configuration in target (mkdocs.yml, theme, two pages, the taxonomy)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(repo / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(repo / "theme", target / "theme")
    (target / "content").mkdir()
    for name in ("about.md", "search.md"):
        shutil.copy(repo / "content" / name, target / "content" / name)
    (target / "seeds").mkdir()
    shutil.copy(repo / "seeds" / "taxonomy.yml", target / "seeds" / "taxonomy.yml")
    return target


PROBLEM_PATH = re.compile(r"^(?P<path>[^\n:]+?\.(?:txt|md|yml|yaml))(?::\d+)?: ")


@dataclass(frozen=True, slots=True)
class Export:
    """The catalogue of one export, and the seeds it could not take with the problems printed for them."""

    entries: list = field(default_factory=list)
    refused: dict = field(default_factory=dict)  # seed file name -> the problem lines


def run_export(seeds: Path, repo: Path = REPO) -> Export:
    """Return the catalogue `briefings export --seeds` prints; on problems, again on a temporary copy without the
    seeds named."""
    refused: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="eval-analysis-") as tmp:
        project = make_project(Path(tmp) / "project", repo)
        folder = seeds.resolve()
        for _ in range(5):
            done = subprocess.run(
                [sys.executable, "-m", "briefings", "export", "--seeds", str(folder)],
                cwd=project,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode == 0:
                return Export(json.loads(done.stdout), {k: v for k, v in sorted(refused.items())})
            found = {}
            for line in done.stderr.splitlines():
                match = PROBLEM_PATH.match(line)
                if match:
                    found.setdefault(Path(match.group("path")).name, []).append(line)
            if not found or set(found) <= set(refused):
                raise RuntimeError(f"briefings export failed:\n{done.stderr}")
            for name, lines in found.items():
                refused.setdefault(name, []).extend(lines)
            folder = Path(tmp) / f"seeds-{len(refused)}"
            folder.mkdir()
            for path in sorted(seeds.resolve().iterdir()):  # a temporary folder: the export refuses links out of it
                if path.is_file() and path.stem not in {Path(n).stem for n in refused}:
                    shutil.copy(path, folder / path.name)
    raise RuntimeError("briefings export kept failing")


def default_corpus(repo: Path = REPO) -> Path:
    """Return the first existing of REPO/../shared/corpus and /work/shared/corpus (the first when neither exists)."""
    candidates = [repo.parent / "shared" / "corpus", Path("/work/shared/corpus")]
    return next((c for c in candidates if (c / "briefs.jsonl").exists()), candidates[0])


# --- the figures and the report ----------------------------------------------------------


def fmt(value, percent: bool = False) -> str:
    """Return a figure as text: 12.3% for shares, 0.123 for precision and recall, n/a for None."""
    if value is None:
        return "n/a"
    if percent:
        return f"{value:.1%}"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


@dataclass(frozen=True, slots=True)
class Figure:
    """One row of the figures table."""

    key: str
    area: str
    name: str
    value: float | int | None
    shown: str

    def row(self) -> str:
        target = TARGETS.get(self.key)
        if target is None:
            return f"| {self.area} | {self.name} | {self.shown} | — | — |"
        met = "n/a" if self.value is None else ("met" if target.met(self.value) else "**not met**")
        return f"| {self.area} | {self.name} | {self.shown} | {target.text()} | {met} |"


def share_figure(key: str, area: str, name: str, hits: int, total: int) -> Figure:
    """Return a share figure shown as 'x% (hits/total)'."""
    value = ratio(hits, total)
    return Figure(key, area, name, value, f"{fmt(value, True)} ({hits}/{total})")


def count_figure(key: str, area: str, name: str, value: int, note: str = "") -> Figure:
    """Return a count figure, with an optional note after it."""
    return Figure(key, area, name, value, f"{value}{f' ({note})' if note else ''}")


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The figures, every article's scores and what the join left over."""

    figures: tuple[Figure, ...]
    scores: tuple[ArticleScore, ...]
    countries: dict
    people: dict
    concentration: tuple[dict, ...]
    missing: tuple[str, ...]
    unlabelled: tuple[str, ...]
    unknown_topics: tuple[str, ...]
    actors_given: int
    bylines_in_catalogue: bool


def evaluate(
    catalogue: list[dict], labels: dict[str, Label], corpus: Path, topic_ids: dict[str, str], regions: tuple[dict, dict]
) -> Evaluation:
    """Return the evaluation of a catalogue against the labels (a labelled file without an entry scores as empty)."""
    by_seed: dict[str, dict] = {}
    for entry in catalogue:
        by_seed.setdefault(Path(entry.get("seed") or "").name, entry)
    scores = []
    for name in sorted(labels):
        path = corpus / name
        seed_text = path.read_text(encoding="utf-8") if path.exists() else ""
        scores.append(score_article(labels[name], by_seed.get(name), seed_text, topic_ids))
    present = [s for s in scores if s.entry is not None]
    labelled = [s for s in scores if labels[s.filename].topics]
    assigned = sum(len(s.topics) for s in scores)
    countries, people = micro_macro([s.countries for s in scores]), micro_macro([s.people for s in scores])
    rows = concentration(scores, labels, regions)
    offenders = [r["name"] for r in rows if r["label_share"] is None or r["label_share"] <= CONCENTRATION_LIMIT]
    with_byline = [s for s in scores if labels[s.filename].byline]
    n = len(scores)
    figures = (
        share_figure(
            "topics_required_all",
            "Topics",
            "articles with every required topic assigned",
            sum(1 for s in labelled if not s.missed_topics),
            len(labelled),
        ),
        count_figure(
            "topics_none_when_labelled",
            "Topics",
            "articles with no topic where the labels give one",
            sum(1 for s in labelled if not s.topics),
        ),
        count_figure(
            "topics_max_per_briefing",
            "Topics",
            "most topics on one briefing",
            max((len(s.topics) for s in present), default=0),
        ),
        share_figure(
            "topics_precision",
            "Topics",
            "assigned topics among required ∪ acceptable",
            assigned - sum(len(s.wrong_topics) for s in scores),
            assigned,
        ),
        Figure(
            "bluf_coverage",
            "Bottom line",
            "mean must_mention coverage of the summary",
            ratio(sum(s.coverage for s in scores), n),
            fmt(ratio(sum(s.coverage for s in scores), n), True),
        ),
        share_figure(
            "bluf_within_length",
            "Bottom line",
            "summaries within 2 sentences and 60 words",
            sum(1 for s in present if within_length(s.summary)),
            len(present),
        ),
        Figure(
            "lead1_coverage",
            "Bottom line",
            "baseline lead-1: mean must_mention coverage",
            ratio(sum(s.lead1_coverage for s in scores), n),
            fmt(ratio(sum(s.lead1_coverage for s in scores), n), True),
        ),
        Figure(
            "lead2_coverage",
            "Bottom line",
            "baseline lead-2: mean must_mention coverage",
            ratio(sum(s.lead2_coverage for s in scores), n),
            fmt(ratio(sum(s.lead2_coverage for s in scores), n), True),
        ),
        *(
            Figure(
                f"{kind}_{measure}", "Actors", f"{kind}: {measure} (micro)", figures_[measure], fmt(figures_[measure])
            )
            for kind, figures_ in (("countries", countries), ("people", people))
            for measure in ("precision", "recall")
        ),
        count_figure(
            "concentration_unlabelled",
            "Concentration",
            "actors in > 40% of briefings where the labels are not",
            len(offenders),
            ", ".join(offenders),
        ),
        share_figure(
            "byline_recall",
            "Byline",
            "labelled bylines found",
            sum(1 for s in with_byline if s.byline_found),
            len(with_byline),
        ),
        count_figure(
            "byline_in_summary",
            "Byline",
            "summaries containing the byline text",
            sum(1 for s in scores if s.byline_in_summary),
        ),
    )
    return Evaluation(
        figures=figures,
        scores=tuple(scores),
        countries=countries,
        people=people,
        concentration=tuple(rows),
        missing=tuple(s.filename for s in scores if s.entry is None),
        unlabelled=tuple(sorted(name for name in by_seed if name not in labels)),
        unknown_topics=tuple(sorted({t for s in scores for t in s.unknown_topics})),
        actors_given=sum(1 for s in present if s.actors_given),
        bylines_in_catalogue=any("byline" in e for e in catalogue),
    )


def seed_figures(seed_rows: dict[str, list]) -> list[str]:
    """Return one table row per seed-article column: the checks passed of those the catalogue can answer."""
    figures = []
    for column, rows in seed_rows.items():
        answered = [r for _, r in rows if not r.startswith("not checkable")]
        passed = sum(1 for r in answered if r == "yes")
        unanswered = len(rows) - len(answered)
        note = f"; {unanswered} not checkable from the catalogue" if unanswered else ""
        met = "met" if passed == len(answered) else "**not met**"
        figures.append(f"| Seed article | checks passed: {column} | {passed}/{len(answered)}{note} | all | {met} |")
    return figures


def render_report(
    ev: Evaluation,
    labels: dict[str, Label],
    seed_rows: dict[str, list],
    source: str,
    refused: dict[str, list[str]],
    verbose: bool,
) -> str:
    """Return the Markdown report."""
    present = [s for s in ev.scores if s.entry is not None]
    out = [
        "## Figures",
        "",
        f"Catalogue: {source}; {len(present)} briefings joined to {len(labels)} labels by seed file name.",
    ]
    if ev.actors_given == len(present):
        out.append("Actors: the catalogue's `actors` mapping.")
    elif ev.actors_given == 0:
        out.append(
            "Actors: the catalogue has no `actors` mapping, so the full entity lists (`countries`, `people`, "
            "`regions`) "
            "stand in for the actors; precision and concentration then count every mention."
        )
    else:
        out.append(
            f"Actors: `actors` on {ev.actors_given} of {len(present)} briefings, the full entity lists on the others."
        )
    if not ev.bylines_in_catalogue:
        out.append("Byline: the catalogue has no `byline` field, so every byline counts as not found.")
    if ev.missing:
        out.append(
            f"Corpus files without a catalogue entry ({len(ev.missing)}, scored as empty): "
            + ", ".join(f"`{m}`" for m in ev.missing)
        )
        out.extend(f"    {line}" for lines in refused.values() for line in lines)
    else:
        out.append("Every labelled corpus file has a catalogue entry.")
    if ev.unlabelled:
        out.append("Catalogue entries without a label (not scored): " + ", ".join(f"`{u}`" for u in ev.unlabelled))
    if ev.unknown_topics:
        out.append("Topics not in the taxonomy (counted wrong): " + ", ".join(ev.unknown_topics))
    out += ["", "| area | figure | value | target | met |", "|---|---|---|---|---|"]
    out += [f.row() for f in ev.figures] + seed_figures(seed_rows) + [""]

    texts = {"automatic summary": lambda s: s.summary, "lead-1": lambda s: s.lead1, "lead-2": lambda s: s.lead2}
    cover = {"automatic summary": "coverage", "lead-1": "lead1_coverage", "lead-2": "lead2_coverage"}
    n, m = len(ev.scores), len(present)
    out += ["### Bottom line beside the lead baselines", "", "| | " + " | ".join(texts) + " |", "|---|---|---|---|"]
    out.append(
        "| mean must_mention coverage | "
        + " | ".join(fmt(ratio(sum(getattr(s, cover[c]) for s in ev.scores), n), True) for c in texts)
        + " |"
    )
    out.append(
        "| every must_mention item | "
        + " | ".join(f"{sum(1 for s in ev.scores if getattr(s, cover[c]) == 1.0)}/{n}" for c in texts)
        + " |"
    )
    out.append(
        "| within 2 sentences and 60 words | "
        + " | ".join(fmt(ratio(sum(1 for s in present if within_length(t(s))), m), True) for t in texts.values())
        + " |"
    )
    out.append(
        "| mean words | "
        + " | ".join(f"{ratio(sum(count_words(t(s)) for s in present), m) or 0:.1f}" for t in texts.values())
        + " |"
    )
    out.append("")

    out += [
        "### Actors",
        "",
        "| | precision (micro) | recall (micro) | precision (macro) | recall (macro) | matched / predicted / gold |",
        "|---|---|---|---|---|---|",
    ]
    for kind, f in (("countries", ev.countries), ("people", ev.people)):
        out.append(
            f"| {kind} | {fmt(f['precision'])} | {fmt(f['recall'])} | {fmt(f['macro_precision'])} | "
            f"{fmt(f['macro_recall'])} | {f['tp']} / {f['predicted']} / {f['gold']} |"
        )
    out += ["", "### Concentration: actors in more than 40% of the briefings", ""]
    if ev.concentration:
        out += ["| kind | name | briefings | labels | labels also > 40% |", "|---|---|---|---|---|"]
        for r in ev.concentration:
            share = r["label_share"]
            also = "n/a" if share is None else ("yes" if share > CONCENTRATION_LIMIT else "**no**")
            out.append(f"| {r['kind']} | {r['name']} | {r['share']:.1%} ({r['count']}) | {fmt(share, True)} | {also} |")
    else:
        out.append("None.")
    out += ["", f"### The seed article ({SEED_STEM})", ""]
    columns = list(seed_rows)
    out += ["| check | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    checks = dict.fromkeys(check for rows in seed_rows.values() for check, _ in rows)
    for check in checks:
        out.append(f"| {check} | " + " | ".join(dict(seed_rows[c]).get(check, "") for c in columns) + " |")
    out.append("")
    if verbose:
        out += ["### Per-article diagnostics", ""] + diagnostics(ev, labels) + [""]
    return "\n".join(out).rstrip("\n") + "\n"


def diagnostics(ev: Evaluation, labels: dict[str, Label]) -> list[str]:
    """Return the Markdown list of every article's failures."""
    out = []
    for s in ev.scores:
        label, lines = labels[s.filename], []
        if s.entry is None:
            lines.append("no catalogue entry")
        if s.missed_topics:
            lines.append(f"missed topics: {', '.join(s.missed_topics)} (assigned {', '.join(s.topics) or 'none'})")
        if s.wrong_topics:
            lines.append(
                f"wrong topics: {', '.join(s.wrong_topics)} (required {', '.join(label.topics) or 'none'}; "
                f"acceptable {', '.join(label.acceptable_topics) or 'none'})"
            )
        if s.missing_words:
            lines.append(
                f"summary misses {', '.join(repr(w) for w in s.missing_words)} ({s.coverage:.0%}): {s.summary!r}"
            )
        for kind, counts in (("countries", s.countries), ("people", s.people)):
            if counts.false or counts.missed:
                lines.append(
                    f"{kind}: false {', '.join(counts.false) or '-'}; missed {', '.join(counts.missed) or '-'}"
                )
        if label.byline and not s.byline_found:
            lines.append(f"byline {label.byline!r} not found (catalogue: {s.byline!r})")
        if s.byline_in_summary:
            lines.append(f"summary contains the byline {label.byline!r}")
        if lines:
            out.append(f"- `{s.filename}`")
            out.extend(f"    - {line}" for line in lines)
    return out


def figures_json(ev: Evaluation, seed_rows: dict[str, list]) -> dict:
    """Return the figures as a JSON-ready mapping."""
    data = {
        f.key: {
            "value": f.value,
            "target": TARGETS[f.key].text() if f.key in TARGETS else None,
            "met": TARGETS[f.key].met(f.value) if f.key in TARGETS and f.value is not None else None,
        }
        for f in ev.figures
    }
    data["countries_counts"], data["people_counts"] = ev.countries, ev.people
    data["concentration"] = list(ev.concentration)
    data["seed_checks"] = {column: dict(rows) for column, rows in seed_rows.items()}
    data["missing"] = list(ev.missing)
    return data


def seed_article_rows(repo: Path) -> dict[str, list]:
    """Return the seed checks for the repository's seeds/ and for the seed's text alone (what the analysis finds)."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="eval-seed-") as tmp:
        text = repo / "seeds" / f"{SEED_STEM}.txt"
        alone = Path(tmp) / "alone"
        alone.mkdir()
        if text.exists():
            shutil.copy(text, alone / text.name)
        for column, seeds in (("seeds/ (with its .yml)", repo / "seeds"), ("its .txt alone (automatic)", alone)):
            try:
                entries = run_export(seeds, repo).entries
            except RuntimeError as exc:
                results[column] = [("briefing present", f"no: {str(exc).splitlines()[-1]}")]
                continue
            results[column] = check_seed_entry(
                next((e for e in entries if Path(e.get("seed") or "").stem == SEED_STEM), None)
            )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, help="corpus folder (default: the first of ../shared/corpus and /work/shared/corpus)"
    )
    parser.add_argument("--catalogue", type=Path, help="score this catalogue JSON instead of running the export")
    parser.add_argument("--output", type=Path, help="also write the Markdown report to this file")
    parser.add_argument("--json", type=Path, help="write the figures as JSON to this file")
    parser.add_argument("--verbose", action="store_true", help="add per-article diagnostics")
    args = parser.parse_args(argv)

    corpus = (args.corpus or default_corpus()).resolve()
    if not (corpus / "briefs.jsonl").exists():
        print(f"{corpus}: no briefs.jsonl here (give --corpus)", file=sys.stderr)
        return 2
    labels = read_labels(corpus / "briefs.jsonl")
    refused: dict[str, list[str]] = {}
    if args.catalogue:
        catalogue = json.loads(args.catalogue.read_text(encoding="utf-8"))
        source = f"`{args.catalogue.name}` (given with --catalogue)"
    else:
        export = run_export(corpus)
        catalogue, refused = export.entries, export.refused
        source = f"`briefings export --seeds {corpus}`"
    ev = evaluate(catalogue, labels, corpus, read_taxonomy(TAXONOMY), read_regions(REPO))
    seed_rows = seed_article_rows(REPO)
    text = render_report(ev, labels, seed_rows, source, refused, args.verbose)
    sys.stdout.write(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(
            json.dumps(figures_json(ev, seed_rows), indent=2, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
