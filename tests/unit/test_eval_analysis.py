"""The analysis evaluation (bench/eval_analysis.py, bench/matching.py, bench/crossval.py): its rules on hand-made
cases, one real run."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter

import pytest

from support.project import REPO

sys.path.insert(0, str(REPO / "bench"))

import crossval  # noqa: E402
import eval_analysis as ev  # noqa: E402
from matching import (  # noqa: E402
    contains_phrase,
    country_key,
    match_pairs,
    mention_share,
    same_person,
    split_sentences,
)

CORPUS = ev.default_corpus(REPO)
TOPIC_IDS = ev.read_taxonomy(REPO / "seeds" / "taxonomy.yml")


def label(**changes) -> ev.Label:
    values = dict(
        filename="a.txt",
        topics=(),
        acceptable_topics=(),
        bluf="",
        must_mention=(),
        byline=None,
        people=(),
        countries=(),
        acceptable_countries=(),
        notes="",
    )
    values.update(changes)
    return ev.Label(**values)


def entry(**changes) -> dict:
    values = {"seed": "a.txt", "summary": "", "topics": [], "countries": [], "people": [], "regions": []}
    values.update(changes)
    return values


# --- bottom line: phrases, sentences, leads ---------------------------------------------


def test_a_summary_missing_one_of_four_words_scores_three_quarters():
    share, missing = mention_share(
        "The Hajj stampede near Mecca killed pilgrims.", ("stampede", "hajj", "mecca", "345")
    )
    assert share == 0.75 and missing == ("345",)


@pytest.mark.parametrize(
    ("text", "phrase", "found"),
    [
        ("an apparent denial of service attack", "denial-of-service", True),  # punctuation-insensitive
        ("CZECH MINISTER JANA ČERNOCHOVÁ", "jana cernochova", True),  # case and accents folded
        ("Israel’s security", "israel", True),  # possessive, curly apostrophe
        ("the security vulnerabilities of NEMISIS", "security vulnerability", True),  # plural
        ("Biden rescinded a directive", "rescind", True),  # -ed
        ("ongoing Russian threats", "russia", True),  # demonym -n
        ("Chinese satellites", "china", False),  # irregular demonyms do not match
        ("the Church of Scientology", "church of scientology", True),
        ("the church said Scientology", "church of scientology", False),  # a phrase matches as a phrase
        ("62,500 refugees", "62,500", True),
        ("62500 refugees", "62,500", True),
        ("in 2019 it said", "19", False),  # whole tokens only
        ("a 40 percent share", "40%", True),
        ("under E.O. 14024", "e.o. 14024", True),
        ("under Executive Order 14024", "e.o. 14024", False),
        ("up to $7 million", "$7 million", True),
        ("the cease-fire held", "ceasefire", False),  # no compound splitting: strict
    ],
)
def test_phrase_matching_rules(text, phrase, found):
    assert contains_phrase(text, phrase) is found


def test_sentences_split_after_full_stops_not_after_initials_titles_or_mid_sentence_acronyms():
    text = (
        "Secretary Antony J. Blinken met Mr. Lapid in Washington, D.C. The U.S. Department of State said so. "
        "They met in the U.S. It ended! Did it? Yes."
    )
    assert split_sentences(text) == (
        "Secretary Antony J. Blinken met Mr. Lapid in Washington, D.C.",
        "The U.S. Department of State said so.",
        "They met in the U.S.",
        "It ended!",
        "Did it?",
        "Yes.",
    )


def test_within_length_is_two_sentences_and_sixty_words():
    assert ev.within_length("One sentence. Two sentences.")
    assert not ev.within_length("One. Two. Three.")
    assert not ev.within_length(" ".join(["word"] * 61) + ".")


def test_the_lead_skips_byline_attribution_and_dateline():
    seed = (
        "Fri, 21 May 2021 12:00:00 +0000\nA title\n\nOffice of the Spokesperson\n\n"
        "The below is attributable to Spokesperson Ned Price:\n\n"
        "WASHINGTON — Secretary Blinken spoke with Minister Lapid. They discussed the ceasefire.\n\n"
        "A second paragraph follows here with more words.\n"
    )
    assert ev.lead_sentences(seed, 1) == "Secretary Blinken spoke with Minister Lapid."
    assert ev.lead_sentences(seed, 2) == "Secretary Blinken spoke with Minister Lapid. They discussed the ceasefire."
    wrapped = (
        "2022-06-06\nT\n\nSUBJECT: Something\n\nThe Marine Corps describes the vehicle as a\n\n"
        "next-generation vehicle for the fleet.\n"
    )
    assert (
        ev.lead_sentences(wrapped, 1)
        == "The Marine Corps describes the vehicle as a next-generation vehicle for the fleet."
    )


# --- labels: the notes ------------------------------------------------------------------

NOTES = {  # variants from briefs.jsonl, and the forms the parser also accepts
    "Attack on civilians in war: conflict, with humanitarian acceptable. Acceptable extra topics (neither required "
    "nor wrong): humanitarian.": ("humanitarian",),
    "Acceptable extra topics (neither required nor wrong): military-cooperation, humanitarian, sanctions, "
    "nuclear-forces.": (
        "military-cooperation",
        "humanitarian",
        "sanctions",
        "nuclear-forces",
    ),
    "A domestic legislative election with no government-to-government dimension: no taxonomy id is required, though "
    "diplomacy (whose keywords include elections) is acceptable. Trailing text. Acceptable extra topics (neither "
    "required nor wrong): diplomacy.": ("diplomacy",),
    "Rome is only the venue (Italy not counted). Palestine would be acceptable for the Israeli-Palestinian item.": (),
    "Acceptable extra topic: cyber and space": ("cyber", "space"),
    "acceptable extra topics: intelligence; then more.": ("intelligence",),
}


@pytest.mark.parametrize(("notes", "ids"), NOTES.items())
def test_acceptable_topics_are_parsed_from_every_notes_variant(notes, ids):
    assert ev.parse_acceptable_topics(notes) == ids


def test_an_acceptable_country_in_the_notes_is_neutral():
    notes = (
        "Rome is only the venue (Italy not counted). Palestine would be acceptable for the Israeli-Palestinian item."
    )
    assert ev.parse_acceptable_countries(notes) == ("Palestine",)
    counts = ev.score_entities(("Israel",), ("Israel", "Palestine", "Italy"), ev.same_country, ("Palestine",))
    assert (counts.tp, counts.predicted, counts.gold, counts.false) == (1, 2, 1, ("Italy",))


def test_every_real_note_with_acceptable_topics_gives_taxonomy_ids_none_of_them_required():
    if not (CORPUS / "briefs.jsonl").exists():
        pytest.skip("corpus absent: ../shared/corpus")
    labels = ev.read_labels(CORPUS / "briefs.jsonl")
    mentioned = [lab for lab in labels.values() if re.search(r"acceptable extra topic", lab.notes, re.IGNORECASE)]
    assert len(mentioned) > 100
    for lab in mentioned:
        assert lab.acceptable_topics, lab.filename
        assert set(lab.acceptable_topics) <= set(TOPIC_IDS.values()), lab.filename
        assert not set(lab.acceptable_topics) & set(lab.topics), lab.filename


# --- topics, actors, byline ------------------------------------------------------------


def test_topic_titles_map_to_ids_and_count_as_missed_or_wrong():
    lab = label(topics=("cyber", "intelligence"), acceptable_topics=("diplomacy",))
    score = ev.score_article(lab, entry(topics=["Cyber", "Diplomacy", "Armed conflict"]), "", TOPIC_IDS)
    assert score.topics == ("cyber", "diplomacy", "conflict")
    assert score.missed_topics == ("intelligence",) and score.wrong_topics == ("conflict",)
    assert ev.score_article(lab, None, "", TOPIC_IDS).missed_topics == ("cyber", "intelligence")


def test_precision_and_recall_on_a_toy_case_micro_and_macro():
    first = ev.score_entities(("Russia", "China"), ("Russian Federation", "United States"), ev.same_country)
    second = ev.score_entities(("Iran",), ("Iran",), ev.same_country)
    assert (first.tp, first.predicted, first.gold) == (1, 2, 2)
    figures = ev.micro_macro([first, second])
    assert figures["precision"] == 2 / 3 and figures["recall"] == 2 / 3
    assert figures["macro_precision"] == 0.75 and figures["macro_recall"] == 0.75


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Antony J. Blinken", "Antony Blinken", True),
        ("Blinken", "Antony Blinken", True),
        ("Secretary Blinken", "Antony J. Blinken", True),
        ("Joseph R. Biden Jr.", "Joe Biden", True),
        ("President Joseph R. Biden, Jr.", "Joe Biden", True),
        ("Joe Biden", "Jill Biden", False),
        ("María Consuelo Porras Argueta de Porres", "Maria Consuelo Porras", True),
        ("Mohamed bin Zayed", "Mohammed bin Zayed", True),
        ("Kim Jong Un", "Kim Jong-un", True),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy", True),
        ("King Salman", "Khalid bin Salman", False),
        ("Bashar al-Assad", "Omar Assad", False),
        ("Sung Kim", "Kim Jong-un", False),
        ("John Kerry", "John Key", False),
    ],
)
def test_people_match_by_normalised_name(a, b, same):
    assert bool(same_person(a, b)) is same


def test_people_pair_one_to_one_exact_matches_first():
    assert match_pairs(["Joe Biden", "Jill Biden"], ["Biden"], same_person) == [("Joe Biden", "Biden")]
    pairs = match_pairs(["Biden", "Joe Biden"], ["Joe Biden", "Jill Biden"], same_person)
    assert pairs == [
        ("Joe Biden", "Joe Biden"),
        ("Biden", "Jill Biden"),
    ]  # the exact pair is taken before "Biden" pairs loosely


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("South Korea", "KR"),
        ("Republic of Korea", "KR"),
        ("North Korea", "KP"),
        ("Iran", "IR"),
        ("Taiwan", "TW"),
        ("Palestine", "PS"),
        ("the Netherlands", "NL"),
        ("Burma", "MM"),
        ("United States", "US"),
        ("Czech Republic", "CZ"),
        ("CN", "CN"),
        ("Côte d’Ivoire", "CI"),
        ("Korea", "name:korea"),
    ],
)
def test_countries_resolve_to_iso_codes(name, code):
    assert country_key(name) == code


def test_actors_come_from_the_actors_mapping_when_present():
    lab = label(countries=("Russia",), people=("Vladimir Putin",))
    full = entry(countries=["Russia", "United States"], people=["Vladimir Putin", "Ned Price"])
    assert ev.score_article(lab, full, "", TOPIC_IDS).countries.predicted == 2
    narrowed = ev.score_article(lab, {**full, "actors": {"countries": ["Russia"], "people": ["Putin"]}}, "", TOPIC_IDS)
    assert narrowed.actors_given and (narrowed.countries.tp, narrowed.countries.predicted) == (1, 1)
    assert (narrowed.people.tp, narrowed.people.predicted) == (1, 1)


def test_bylines_match_up_to_case_and_punctuation_and_are_caught_in_summaries():
    lab = label(byline="JOSEPH R. BIDEN JR.")
    assert ev.score_article(lab, entry(byline="Joseph R. Biden, Jr."), "", TOPIC_IDS).byline_found
    assert not ev.score_article(lab, entry(), "", TOPIC_IDS).byline_found
    office = label(byline="Office of the Spokesperson")
    assert ev.score_article(
        office, entry(summary="Office of the Spokesperson The below is ..."), "", TOPIC_IDS
    ).byline_in_summary


def test_concentration_lists_actors_above_forty_percent_with_the_labels_share():
    labels = {f"{i}.txt": label(filename=f"{i}.txt", countries=("Russia",) if i == 0 else ("Iran",)) for i in range(4)}
    scores = [
        ev.score_article(
            labels[f"{i}.txt"],
            entry(seed=f"{i}.txt", countries=["Russia", "Iran"] if i < 3 else ["Iran"]),
            "",
            TOPIC_IDS,
        )
        for i in range(4)
    ]
    rows = {r["name"]: r for r in ev.concentration(scores, labels, ({}, {}))}
    assert (rows["Russia"]["share"], rows["Russia"]["label_share"]) == (0.75, 0.25)
    assert (rows["Iran"]["share"], rows["Iran"]["label_share"]) == (1.0, 0.75)


def test_the_seed_check_reports_what_the_catalogue_cannot_answer():
    seed = {
        "countries": ["China", "Russia", "United States"],
        "organisations": ["People's Liberation Army"],
        "systems": ["ICBM", "Voronezh radar"],
        "people": ["Vladimir Putin"],
        "key_points": ["Experts caution against it."],
    }
    rows = dict(ev.check_seed_entry(seed))
    assert rows["system Podsolnukh radar"] == "no (ICBM, Voronezh radar)"
    assert all(
        rows[k] == "yes" for k in ("country Russia", "person Putin", "organisation PLA (People's Liberation Army)")
    )
    assert rows['caveat containing "experts caution"'].startswith("not checkable from the catalogue")
    assert (
        dict(ev.check_seed_entry({**seed, "caveats": ["Experts caution that ..."]}))[
            'caveat containing "experts caution"'
        ]
        == "yes"
    )


def test_the_harness_uses_the_cli_not_the_package():
    for name in ("eval_analysis.py", "matching.py", "crossval.py"):
        source = (REPO / "bench" / name).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) briefings", source, re.MULTILINE), name


# --- cross-validation -------------------------------------------------------------------


def sourced(n: int) -> list[dict]:
    sources = ["State", "State", "State", "White House", "CRS", "Wikinews"]
    return [{"filename": f"{i:03}.txt", "source": sources[i % len(sources)]} for i in range(n)]


def test_folds_are_disjoint_cover_everything_and_are_deterministic():
    items = sourced(146)
    folds = crossval.kfold(items, k=5, seed=0)
    names = [item["filename"] for fold in folds for item in fold]
    assert len(names) == len(set(names)) == 146
    assert sorted(names) == sorted(item["filename"] for item in items)
    assert crossval.kfold(list(reversed(items)), k=5, seed=0) == folds
    assert crossval.kfold(items, k=5, seed=1) != folds
    assert max(map(len, folds)) - min(map(len, folds)) <= 1


def test_folds_are_stratified_by_source():
    items = sourced(146)
    whole = Counter(item["source"] for item in items)
    for fold in crossval.kfold(items, k=5):
        counts = Counter(item["source"] for item in fold)
        for source, total in whole.items():
            assert abs(counts[source] - total / 5) < 1, (source, counts)


def test_evaluate_folds_trains_on_the_rest_and_averages_the_figures():
    items = list(range(10))
    seen = []

    def train(train_items):
        seen.append(len(train_items))
        return set(train_items)

    def predict(model, test_items):
        assert not model & set(test_items)
        return len(test_items) / 10

    result = crossval.evaluate_folds(train, predict, items, k=5)
    assert seen == [8] * 5 and result.per_fold == (0.2,) * 5 and result.mean == pytest.approx(0.2)
    with pytest.raises(ValueError):
        crossval.kfold(items, k=11)


# --- the export and one real run ---------------------------------------------------------


def test_seeds_with_problems_are_left_out_and_reported(tmp_path):
    (tmp_path / "good.txt").write_text(
        "2022-05-01\nA good title\n\nRussia and China met. They talked.\n", encoding="utf-8"
    )
    (tmp_path / "bad.txt").write_text("2022-05-01\nNo body\n", encoding="utf-8")
    export = ev.run_export(tmp_path)
    assert [e["seed"] for e in export.entries] == ["good.txt"]
    assert list(export.refused) == ["bad.txt"]


def test_the_script_scores_a_real_export_of_the_corpus(tmp_path):
    if not (CORPUS / "briefs.jsonl").exists():
        pytest.skip("corpus absent: ../shared/corpus")
    project = ev.make_project(tmp_path / "project")
    done = subprocess.run(
        [sys.executable, "-m", "briefings", "export", "--seeds", str(CORPUS)],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    )
    catalogue = tmp_path / "catalogue.json"
    catalogue.write_text(done.stdout, encoding="utf-8")
    output, figures = tmp_path / "report.md", tmp_path / "figures.json"
    run = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "eval_analysis.py"),
            "--corpus",
            str(CORPUS),
            "--catalogue",
            str(catalogue),
            "--output",
            str(output),
            "--json",
            str(figures),
            "--verbose",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert output.read_text(encoding="utf-8") == run.stdout
    for heading in (
        "| area | figure | value | target | met |",
        "### Bottom line beside the lead baselines",
        "### Concentration",
        "### The seed article",
        "### Per-article diagnostics",
    ):
        assert heading in run.stdout
    labels = len((CORPUS / "briefs.jsonl").read_text(encoding="utf-8").splitlines())
    assert f"briefings joined to {labels} labels" in run.stdout
    data = json.loads(figures.read_text(encoding="utf-8"))
    for key in (
        "topics_required_all",
        "topics_precision",
        "bluf_coverage",
        "lead1_coverage",
        "countries_recall",
        "people_precision",
    ):
        assert 0 < data[key]["value"] <= 1, key
    assert data["topics_max_per_briefing"]["value"] <= 3
    assert data["lead2_coverage"]["value"] >= data["lead1_coverage"]["value"]
