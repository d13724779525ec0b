"""Finding countries, organisations, people and systems in text, and choosing topics."""

import pytest

from briefings.extract.gazetteer import compile_aliases, load_gazetteer
from briefings.extract.topics import detect_topics
from briefings.model import Origin, Topic
from briefings.taxonomies import DEFAULT_TAXONOMIES


@pytest.fixture(scope="module")
def gazetteer():
    found, problems = load_gazetteer()
    assert not problems
    return found


def found(gazetteer, text, taxonomy="countries"):
    return sorted({key for tax, key in gazetteer.counts(text) if tax == taxonomy})


def test_country_by_name_demonym_capital_and_possessive(gazetteer):
    assert found(gazetteer, "China’s navy and Russian officials; Beijing said.") == ["CN", "RU"]
    assert found(gazetteer, "France's position") == ["FR"]


def test_us_the_country_is_not_us_the_pronoun(gazetteer):
    assert found(gazetteer, "Let us talk about it. Tell us more.") == []
    assert found(gazetteer, "The US and the U.S. and the USA") == ["US"]


def test_niger_is_not_found_inside_nigeria(gazetteer):
    assert found(gazetteer, "Nigeria and Nigerian troops") == ["NG"]
    assert found(gazetteer, "Niger and Nigeria") == ["NE", "NG"]


def test_georgia_the_us_state(gazetteer):
    for text in (
        "in Atlanta, Georgia, today",
        "Georgia's governor signed it",
        "the state of Georgia",
        "Georgia’s legislature",
    ):
        assert found(gazetteer, text) == [], text
    assert found(gazetteer, "Georgia and Armenia met in Tbilisi.") == ["AM", "GE"]


def test_turkey_and_turkiye_are_one_country(gazetteer):
    assert found(gazetteer, "Türkiye, Turkey and Turkish forces") == ["TR"]


def test_korea_needs_north_or_south(gazetteer):
    assert found(gazetteer, "tensions on the Korean Peninsula; Korea") == []
    assert found(gazetteer, "North Korea and South Korea") == ["KP", "KR"]


def test_regions_and_oceans_are_not_countries(gazetteer):
    text = "North America, Latin America, South America, Central America and the Indian Ocean"
    assert found(gazetteer, text) == []


def test_longest_match_wins_across_taxonomies(gazetteer):
    assert gazetteer.counts("the National Security Council met") == {
        ("organisations", "nsc"): {"National Security Council": 1}
    }
    assert found(gazetteer, "the UN Security Council", "organisations") == ["unsc"]


def test_capital_as_venue_is_not_a_government(gazetteer):
    assert found(gazetteer, "The ministers met in Rome on Friday.") == []
    assert found(gazetteer, "Rome announced new measures.") == ["IT"]


def test_seed_systems_and_people(gazetteer):
    text = "Russia’s Voronezh and Podsolnukh radars detect intercontinental ballistic missiles (ICBM), Putin said."
    assert found(gazetteer, text, "systems") == ["icbm", "podsolnukh-radar", "voronezh-radar"]
    assert found(gazetteer, text, "people") == ["vladimir-putin"]


def test_pattern_prefers_the_longest_alias_at_a_place():
    pattern = compile_aliases(["Guinea", "Guinea-Bissau", "Papua New Guinea", "New"])
    assert [m.group() for m in pattern.finditer("Papua New Guinea, Guinea-Bissau, Guinea, Guineas")] == [
        "Papua New Guinea",
        "Guinea-Bissau",
        "Guinea",
    ]


def test_matching_cost_is_linear_in_text_length(gazetteer):
    text = "China and Russia discussed the PLA and ICBM programmes. " * 4000
    assert sum(sum(aliases.values()) for aliases in gazetteer.counts(text).values()) == 4 * 4000


TOPICS = {
    "space": Topic("space", "Space", "", ("satellite", "satellites", "orbit"), Origin("t.yml", 1)),
    "cyber": Topic("cyber", "Cyber", "", ("hackers", "malware"), Origin("t.yml", 2)),
    "diplomacy": Topic("diplomacy", "Diplomacy", "", ("meeting",), Origin("t.yml", 3)),
}


def test_topics_keep_their_evidence_words():
    mentions = detect_topics(
        "Satellite news. Two satellites reached orbit.", "Satellite news", TOPICS, Origin("a.txt", 0, False)
    )
    assert [m.term.slug for m in mentions] == ["space"]
    assert set(mentions[0].evidence) == {"satellite", "satellites", "orbit"}


def test_one_passing_word_chooses_no_topic():
    assert detect_topics("A long text with one meeting in it.", "Title", TOPICS, Origin("a.txt", 0, False)) == []


def test_at_most_three_topics_and_weak_ones_dropped():
    topics = dict(TOPICS)
    topics["extra"] = Topic("extra", "Extra", "", ("radar",), Origin("t.yml", 4))
    text = "satellite satellites orbit " * 5 + "hackers malware " * 5 + "meeting meeting radar radar"
    chosen = [m.term.slug for m in detect_topics(text, "Satellites", topics, Origin("a.txt", 0, False))]
    assert 1 <= len(chosen) <= 3
    assert chosen[0] == "space"


def test_a_person_or_government_body_brings_its_country(gazetteer):
    from briefings.enrich import choose_terms
    from briefings.model import Article, Block

    article = Article(
        "a.txt",
        "a.txt",
        "",
        None,
        None,
        (Block("paragraph", "Secretary Blinken spoke with the NATO Secretary General.", 4),),
    )
    mentions, _ = choose_terms(article, "A call", DEFAULT_TAXONOMIES, gazetteer, {})
    countries = {m.term.title: m.evidence for m in mentions if m.term.taxonomy == "countries"}
    assert countries == {"United States": ("Secretary Blinken",)}
