"""Figures over the real-article corpus (issue 3): titles, dates, nothing dropped, detection quality."""

import json
import shutil
from pathlib import Path

import pytest
import yaml

from briefings.build import read_site
from briefings.extract.gazetteer import load_gazetteer
from support.project import make_settings

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "russia-china-satellite-intelligence.txt"
LABELS = ROOT / "tests" / "fixtures" / "corpus_labels.yml"
TAXONOMY = ROOT / "seeds" / "taxonomy.yml"


def run_stages(seeds_dir: Path, timezone: str = "America/New_York"):
    """Return (briefings by seed, problems, gazetteer) for the seeds in one folder."""
    settings = make_settings(seeds_dir, taxonomy_file=TAXONOMY, timezone=timezone)
    linked = read_site(settings, None)
    gazetteer, _ = load_gazetteer((), settings.taxonomies)
    briefings = {b.seed: b for b in (*linked.site.briefings, *linked.site.left_out)}
    return briefings, list(linked.problems), gazetteer


def codes(briefing, taxonomy, gazetteer):
    """Return the gazetteer ids of a briefing's terms of one taxonomy."""
    return {gazetteer.lookup(taxonomy, term.title).id for term in briefing.terms(taxonomy)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.skip("corpus absent: ../shared/corpus")
    seeds = tmp_path_factory.mktemp("corpus")
    for path in sorted(CORPUS.glob("*.txt")):
        shutil.copy(path, seeds / path.name)
    manifest = {}
    for line in (CORPUS / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            manifest[item["filename"]] = item
    briefings, problems, gazetteer = run_stages(seeds)
    return manifest, briefings, problems, gazetteer


def test_corpus_has_146_articles(corpus):
    manifest, _, _, _ = corpus
    assert len(manifest) == 146


def test_every_article_gives_a_briefing_or_a_problem(corpus):
    manifest, briefings, problems, _ = corpus
    problem_files = {Path(p.path).name for p in problems if not p.warning}
    assert not problem_files & set(briefings), "a file both published and reported"
    assert len(briefings) + len(problem_files) == len(manifest) == 146
    assert set(briefings) | problem_files == set(manifest)


def test_titles_match_the_manifest(corpus):
    manifest, briefings, _, _ = corpus
    same = [name for name, item in manifest.items() if name in briefings and briefings[name].title == item["title"]]
    assert len(same) / len(manifest) >= 0.99


def test_titles_match_the_manifest_up_to_whitespace(corpus):
    manifest, briefings, _, _ = corpus
    for name, item in manifest.items():
        assert briefings[name].title == " ".join(item["title"].split()), name


def test_dates_match_the_manifest_in_new_york(corpus):
    manifest, briefings, _, _ = corpus
    same = [
        name
        for name, item in manifest.items()
        if name in briefings and briefings[name].date.isoformat() == item["date"]
    ]
    assert len(same) / len(manifest) >= 0.97


def test_every_briefing_has_a_bottom_line_and_key_points(corpus):
    _, briefings, _, _ = corpus
    for name, briefing in briefings.items():
        assert briefing.summary.value, name
        assert len(briefing.key_points.value) <= 5, name
        if briefing.words >= 250:
            assert len(briefing.key_points.value) >= 3, name
        assert len(briefing.related) <= 5, name


def test_most_briefings_have_one_to_three_topics_with_evidence(corpus):
    _, briefings, _, _ = corpus
    counts = [len(b.terms("topics")) for b in briefings.values()]
    assert max(counts) <= 3
    assert sum(1 for c in counts if c >= 1) / len(counts) >= 0.9
    for briefing in briefings.values():
        for mention in briefing.mentions:
            if mention.term.taxonomy == "topics":
                assert mention.evidence, briefing.seed


def test_detection_precision_and_recall_on_hand_labels(corpus):
    _, briefings, _, gazetteer = corpus
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    assert len(labels) >= 20
    tp = fp = fn = 0
    for label in labels:
        briefing = briefings[label["file"]]
        for taxonomy in ("countries", "organisations"):
            gold = set(label[taxonomy])
            found = codes(briefing, taxonomy, gazetteer)
            tp += len(gold & found)
            fp += len(found - gold)
            fn += len(gold - found)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"precision {precision:.3f} recall {recall:.3f} over {len(labels)} articles")
    assert precision >= 0.9
    assert recall >= 0.85


def test_seed_article_without_metadata(tmp_path):
    if not SEED.is_file():
        pytest.skip("seed absent: ../shared/seed")
    shutil.copy(SEED, tmp_path / SEED.name)
    briefings, problems, gazetteer = run_stages(tmp_path)
    assert not [p for p in problems if not p.warning]
    (briefing,) = briefings.values()
    assert codes(briefing, "countries", gazetteer) == {"RU", "CN", "US"}
    assert codes(briefing, "organisations", gazetteer) == {"pla"}
    assert codes(briefing, "systems", gazetteer) == {"voronezh-radar", "podsolnukh-radar", "icbm"}
    assert codes(briefing, "people", gazetteer) == {"vladimir-putin"}
    assert {t.title for t in briefing.terms("regions")} >= {"East Asia"}
    assert briefing.date.isoformat() == "2023-12-08"
    assert briefing.summary.value.startswith("Russian President Vladimir Putin has expressed interest")
    assert any("experts caution" in c for c in briefing.caveats)
