"""Sentences, bottom line, key points, caveats and related briefings."""

import dataclasses
import datetime as dt
import re
import shutil

from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.extract.related import related_slugs
from briefings.extract.sentences import split_sentences
from briefings.extract.summary import bottom_line, caveats, key_points
from briefings.incremental.store import RELATED_FILE, RelatedCache
from briefings.model import Block, Briefing, Located, Mention, Origin, Term


def blocks(*texts):
    return tuple(Block("paragraph", text, n) for n, text in enumerate(texts, start=4))


def test_split_sentences_keeps_abbreviations_and_initials():
    text = "Antony J. Blinken met Gen. Smith in Washington, D.C. on Monday. Under 50 U.S.C. 1701 he acted. They left."
    assert split_sentences(text) == [
        "Antony J. Blinken met Gen. Smith in Washington, D.C. on Monday.",
        "Under 50 U.S.C. 1701 he acted.",
        "They left.",
    ]


def test_split_sentences_ends_a_sentence_at_dc_before_a_new_one():
    assert split_sentences("They met in Washington D.C. The talks went well.") == [
        "They met in Washington D.C.",
        "The talks went well.",
    ]


def test_bottom_line_skips_boilerplate_and_headings():
    text = blocks(
        "Office of the Spokesperson",
        "The below is attributable to Spokesperson Ned Price:",
        "New Commitment on Destructive Anti-Satellite Missile Testing Announced Today",
        "Secretary Blinken spoke today with Foreign Minister Kuleba about continued support for Ukraine. They "
        "discussed sanctions.",
    )
    assert bottom_line(text) == (
        "Secretary Blinken spoke today with Foreign Minister Kuleba about continued support for Ukraine. "
        "They discussed sanctions."
    )


def test_bottom_line_skips_speech_courtesies_and_datelines():
    text = blocks(
        "Thank you so much, everyone, for being here with us this morning at the university.",
        "WASHINGTON — The United States announced a new policy on outer space testing today.",
    )
    assert bottom_line(text) == "The United States announced a new policy on outer space testing today."


def test_key_points_are_in_article_order_and_not_the_bottom_line():
    text = blocks(*(f"Paragraph {n} opens with its main claim about policy. It then adds a detail." for n in range(8)))
    summary = bottom_line(text)
    points = key_points(text, summary)
    assert len(points) == 5
    assert points == tuple(f"Paragraph {n} opens with its main claim about policy." for n in range(1, 6))


def test_key_points_fill_up_to_three_from_later_sentences_in_order():
    text = blocks(
        "The first paragraph states the news in one clear sentence. It adds a second sentence. And a third "
        "one follows here.",
        "The second paragraph explains the background of the news. It also gives one more detail.",
    )
    points = key_points(text, bottom_line(text))
    assert points == (
        "And a third one follows here.",
        "The second paragraph explains the background of the news.",
        "It also gives one more detail.",
    )


def test_caveats_are_hedging_sentences():
    text = blocks(
        "However, experts caution against reading too much into Putin’s comments, as they may be exaggerated. "
        "Russia builds radars.",
        "The claim could not be independently confirmed. The Army reportedly bought ten vehicles.",
    )
    assert caveats(text) == (
        "However, experts caution against reading too much into Putin’s comments, as they may be exaggerated.",
        "The claim could not be independently confirmed.",
    )


def briefing(slug, day, title, *terms):
    mentions = tuple(Mention(Term(tax, key, key), Origin("x", 0, False)) for tax, key in terms)
    return Briefing(
        slug=slug,
        title=title,
        date=dt.date(2022, 1, day),
        updated=None,
        timestamp=None,
        summary=Located("s", Origin("x", 0)),
        key_points=Located((), Origin("x", 0)),
        blocks=(),
        mentions=mentions,
        source=None,
        handling="TLP:CLEAR",
        draft=False,
        tags=(),
        seed=f"{slug}.txt",
        path=f"{slug}.txt",
        sha256="",
        words=10,
    )


def test_related_uses_shared_terms_and_rare_title_words_deterministically():
    items = (
        briefing("a", 1, "Artemis Accords signed by Brazil", ("countries", "br")),
        briefing("b", 2, "Romania signs the Artemis Accords", ("countries", "ro")),
        briefing("c", 3, "Sanctions on Russia", ("countries", "ru")),
        briefing("d", 4, "More sanctions on Russia", ("countries", "ru")),
        *(briefing(f"z{n}", 5 + n, f"Filler {n}", ("countries", "us")) for n in range(6)),
    )
    related = related_slugs(items)
    assert related["a"] == ("b",)
    assert related["c"][0] == "d"
    assert all(len(r) <= 5 for r in related.values())
    assert related_slugs(tuple(reversed(items))) == related


def test_related_comes_from_the_cache_only_while_what_it_reads_is_unchanged(tmp_path):
    items = [
        briefing("a", 1, "Artemis Accords signed by Brazil", ("countries", "br")),
        briefing("b", 2, "Romania signs the Artemis Accords", ("countries", "ro")),
        briefing("c", 3, "Sanctions on Russia", ("countries", "ru")),
        briefing("d", 4, "More sanctions on Russia", ("countries", "ru")),
        *(briefing(f"z{n}", 5 + n, f"Filler {n}", ("countries", "us")) for n in range(8)),
    ]

    first_cache = tmp_path / "first"

    def cached_run(items, folder=first_cache):
        remembered = RelatedCache(folder)
        related = related_slugs(tuple(items), cache=remembered)
        remembered.save()
        assert related == related_slugs(tuple(items))  # what a run without the cache computes
        return related, remembered.hits

    first, hits = cached_run(items)
    assert hits == 0 and (first_cache / RELATED_FILE).is_file()
    assert first["z0"] == ("z1", "z2", "z3", "z4", "z5")  # the nearest in date of equally related ones
    again, hits = cached_run(items[::-1])
    assert (again, hits) == (first, 1)
    changes = {  # each changes what one briefing is related to
        "title": ("b", lambda b: dataclasses.replace(b, title="Romania signs a trade pact")),
        "terms": ("b", lambda b: dataclasses.replace(b, mentions=briefing("b", 2, "", ("countries", "us")).mentions)),
        "date": ("z7", lambda b: dataclasses.replace(b, date=dt.date(2022, 1, 1))),
        "date, same order": ("z0", lambda b: dataclasses.replace(b, date=dt.date(2022, 1, 4))),  # z3's fifth is z6
        "slug": ("b", lambda b: dataclasses.replace(b, slug="b2")),
    }
    for what, (slug, change) in changes.items():
        shutil.copytree(first_cache, tmp_path / what)  # the cache as the first run left it
        changed = [change(b) if b.slug == slug else b for b in items]
        related, hits = cached_run(changed, tmp_path / what)
        assert hits == 0, what
        assert related != first, what


# Letters IGNORECASE treats specially, accents, a dotted capital I and a sharp s, among hedge and keyword words.
FOLD_ALPHABET = "aAbcdeEfiIklnorsStuvwxyzKK \u0130\u0131\u017f\u212a\u00df\u00e9\u00c9-\u00a0'.,\u2019"
FOLD_WORDS = [
    "UNCLEAR",
    "Unconfirmed",
    "could not be confirmed",
    "ALLEGED",
    "\u017fkeptical",
    "unverif\u0130ed",
    "rada\u0280",
    "RADAR",
    "Missile Defense",
    "m\u0130ss\u0131le defense",
    "ICBM",
    "\u212a",
    "early warning",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FOLD_WORDS), st.text(FOLD_ALPHABET, max_size=6)), max_size=12).map(" ".join))
def test_folded_patterns_find_what_ignorecase_finds_at_the_same_places(text):
    from briefings.extract.gazetteer import compile_aliases
    from briefings.extract.summary import HEDGES, HEDGES_FOLDED, fold_case

    assert not any(c.isupper() for c in re.sub(r"\\.", "", HEDGES.pattern))  # a folded pattern must be lowercase
    folded = fold_case(text)
    assert len(folded) == len(text)
    assert [m.span() for m in HEDGES.finditer(text)] == [m.span() for m in HEDGES_FOLDED.finditer(folded)]
    keywords = ["radar", "missile defense", "icbm", "early warning", "k"]
    ignoring, lowercase = compile_aliases(keywords, flags=re.IGNORECASE), compile_aliases(keywords)
    assert [m.span() for m in ignoring.finditer(text)] == [m.span() for m in lowercase.finditer(folded)]


def test_topics_are_found_in_text_with_letters_that_fold_to_ascii():
    from briefings.extract.topics import detect_topics, keyword_pattern
    from briefings.model import Topic

    topic = Topic("missile-warning", "Missile warning", "", ("missile defense", "radar"), Origin("t.yml", 3))
    assert not keyword_pattern((topic,))[0].flags & re.IGNORECASE
    chosen = detect_topics(
        "M\u0130SS\u0130LE DEFENSE and RADAR\nThe RADAR and the m\u0131ssile defense.",
        "M\u0130SS\u0130LE DEFENSE",
        {topic.id: topic},
        Origin("a.txt", 0, given=False),
    )
    assert [m.term.slug for m in chosen] == ["missile-warning"]
    assert chosen[0].evidence == ("missile defense", "radar")


def test_fold_case_keeps_every_character_one_character_and_folds_as_ignorecase_does():
    from briefings.extract.summary import fold_case

    every = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)
    folded = fold_case(every)
    assert len(folded) == len(every)  # so matches are at the same places
    assert [m.start() for m in re.finditer(r"\w", folded)] == [m.start() for m in re.finditer(r"\w", every)]
    for letter in "abcdefghijklmnopqrstuvwxyz":  # a character folds to a letter exactly when IGNORECASE matches them
        assert [m.start() for m in re.finditer(letter, every, re.IGNORECASE)] == [
            m.start() for m in re.finditer(letter, folded)
        ]
