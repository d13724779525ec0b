"""Consistency checks for the shipped data files (gazetteer, regions, hand labels)."""

import re
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "generator" / "briefings" / "data"
GAZETTEER = DATA / "gazetteer.yml"
REGIONS = DATA / "regions.yml"
LABELS = ROOT / "tests" / "fixtures" / "corpus_labels.yml"
CORPUS = ROOT.parent / "shared" / "corpus"

KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LIST_SECTIONS = ("organisations", "people", "systems")


def _load(path):
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def gazetteer():
    return _load(GAZETTEER)


@pytest.fixture(scope="module")
def regions():
    return _load(REGIONS)


@pytest.fixture(scope="module")
def labels():
    return _load(LABELS)


def test_gazetteer_has_all_sections(gazetteer):
    assert set(gazetteer) == {"countries", "organisations", "people", "systems"}


def test_every_pycountry_code_has_a_named_entry(gazetteer):
    countries = gazetteer["countries"]
    missing = [c.alpha_2 for c in pycountry.countries if c.alpha_2 not in countries]
    assert not missing, f"countries missing from gazetteer: {missing}"
    unnamed = [code for code, entry in countries.items() if not (entry or {}).get("name")]
    assert not unnamed, f"countries without a name: {unnamed}"


def test_country_codes_are_two_upper_letters(gazetteer):
    bad = [code for code in gazetteer["countries"] if not re.fullmatch(r"[A-Z]{2}", str(code))]
    assert not bad, bad


def test_country_fields_are_string_lists(gazetteer):
    problems = []
    for code, entry in gazetteer["countries"].items():
        for key in ("aliases", "demonyms", "capitals"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                problems.append((code, key))
        unknown = set(entry) - {"name", "aliases", "demonyms", "capitals"}
        if unknown:
            problems.append((code, sorted(unknown)))
    assert not problems, problems


def test_list_entries_are_well_formed(gazetteer):
    countries = gazetteer["countries"]
    problems = []
    for section in LIST_SECTIONS:
        for entry in gazetteer[section]:
            if not entry.get("id") or not entry.get("name"):
                problems.append((section, entry))
                continue
            aliases = entry.get("aliases")
            if not aliases or not all(isinstance(a, str) and a for a in aliases):
                problems.append((section, entry["id"], "aliases"))
            country = entry.get("country")
            if country is not None and country not in countries:
                problems.append((section, entry["id"], f"unknown country {country}"))
    assert not problems, problems


def test_ids_unique_and_kebab_case(gazetteer):
    seen = defaultdict(list)
    for section in LIST_SECTIONS:
        for entry in gazetteer[section]:
            seen[entry["id"]].append(section)
    duplicates = {i: s for i, s in seen.items() if len(s) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    bad = [i for i in seen if not KEBAB.match(str(i))]
    assert not bad, f"ids not lowercase-kebab: {bad}"


def test_no_alias_shared_between_entries(gazetteer):
    owners = defaultdict(set)
    for code, entry in gazetteer["countries"].items():
        for key in ("aliases", "demonyms", "capitals"):
            for alias in entry.get(key, []):
                owners[alias].add(f"countries:{code}")
    for section in LIST_SECTIONS:
        for entry in gazetteer[section]:
            for alias in entry.get("aliases", []):
                owners[alias].add(f"{section}:{entry['id']}")
    clashes = {alias: sorted(ids) for alias, ids in owners.items() if len(ids) > 1}
    assert not clashes, "aliases shared between entries:\n" + "\n".join(
        f"  {alias!r}: {ids}" for alias, ids in sorted(clashes.items())
    )


def test_region_ids_unique_and_kebab(regions):
    ids = [r["id"] for r in regions["regions"]]
    assert len(ids) == len(set(ids)), ids
    assert all(KEBAB.match(i) for i in ids), ids
    assert all(r.get("title") and r.get("description") for r in regions["regions"])


def test_region_countries_exist_in_gazetteer(gazetteer, regions):
    unknown = sorted(set(regions["countries"]) - set(gazetteer["countries"]))
    assert not unknown, f"region codes not in gazetteer: {unknown}"


def test_every_gazetteer_country_has_a_region(gazetteer, regions):
    missing = sorted(set(gazetteer["countries"]) - set(regions["countries"]))
    assert not missing, f"countries without a region: {missing}"


def test_region_ids_used_are_defined(regions):
    defined = {r["id"] for r in regions["regions"]}
    undefined = {c: r for c, r in regions["countries"].items() if r not in defined}
    assert not undefined, undefined


def test_label_files_exist_in_corpus(labels):
    if not CORPUS.is_dir():
        pytest.skip("corpus absent: ../shared/corpus")
    missing = [e["file"] for e in labels if not (CORPUS / e["file"]).is_file()]
    assert not missing, missing


def test_label_files_unique(labels):
    files = [e["file"] for e in labels]
    assert len(files) == len(set(files))
    assert len(files) >= 24


def test_label_ids_exist_in_gazetteer(gazetteer, labels):
    countries = set(gazetteer["countries"])
    orgs = {o["id"] for o in gazetteer["organisations"]}
    problems = []
    for entry in labels:
        assert set(entry) <= {"file", "countries", "organisations"}, entry
        for code in entry.get("countries") or []:
            if code not in countries:
                problems.append((entry["file"], code))
        for org in entry.get("organisations") or []:
            if org not in orgs:
                problems.append((entry["file"], org))
    assert not problems, problems
