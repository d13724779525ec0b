"""Tests for briefings.extract.dates: printed dates, datelines and strict ISO dates."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.extract.dates import DateError, PrintedDate, find_dateline, parse_iso_date, parse_printed_date

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus"
SEED = SHARED / "seed" / "russia-china-satellite-intelligence.txt"
NEW_YORK = "America/New_York"
# Wikinews items whose printed dateline is not the manifest `date` (the article's dateCreated).
PRINTED_NOT_CREATED = {
    "005-australian-woman-claims-church-of-scientology-imprisoned.txt": "2015-05-07",  # manifest: 2011-12-02
    "011-after-visa-snags-all-girl-afghan-team-honored-for.txt": "2017-07-21",  # manifest: 2017-07-18
}
NO_HEADER_DATE = "130-australia-background-and-u-s-relations.txt"


def d(iso: str) -> datetime.date:
    """Return the date of an ISO string (test shorthand)."""
    return datetime.date.fromisoformat(iso)


def corpus_rows() -> list[dict]:
    """Return the corpus manifest rows, skipping the test when the corpus is absent."""
    if not (CORPUS / "manifest.jsonl").is_file():
        pytest.skip("corpus absent: ../shared/corpus")
    lines = (CORPUS / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def corpus_text(row: dict) -> str:
    """Return the text of one corpus file."""
    return (CORPUS / row["filename"]).read_text(encoding="utf-8")


def first_paragraph(text: str) -> str:
    """Return the first paragraph after the date line and the title."""
    return text.split("\n\n")[1].strip()


# --- formats -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fri. Dec 8th, 2023", "2023-12-08"),
        ("Fri. Dec 8, 2023", "2023-12-08"),
        ("Friday, August 21, 2015", "2015-08-21"),
        ("Thursday, January 12, 2006", "2006-01-12"),
        ("April 9, 2026", "2026-04-09"),
        ("2023-12-08", "2023-12-08"),
        ("8 December 2023", "2023-12-08"),
        ("December 8, 2023", "2023-12-08"),
        ("Dec. 8, 2023", "2023-12-08"),
        ("8 Dec 2023", "2023-12-08"),
        ("8th December 2023", "2023-12-08"),
        ("3rd of May 2023", "2023-05-03"),
        ("Sept. 1, 2023", "2023-09-01"),
        ("Thurs, 4 May 2023", "2023-05-04"),
        ("Tues. 2 May 2023", "2023-05-02"),
        ("13/04/2023", "2023-04-13"),
        ("04/13/2023", "2023-04-13"),
        ("2023/04/03", "2023-04-03"),
        ("03/03/2023", "2023-03-03"),
        ("  December   8,\u00a02023  ", "2023-12-08"),
        ("May 3, 2022 at 5pm", "2022-05-03"),
        ("2023-12-08T14:00:00", "2023-12-08"),
    ],
)
def test_printed_date_without_zone(text, expected):
    assert parse_printed_date(text) == PrintedDate(date=d(expected), timestamp=None, updated=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Updated April 17, 2026", "2026-04-17"),
        ("Updated April 9, 2026", "2026-04-09"),
        ("updated: 8 Dec 2023", "2023-12-08"),
        ("Last updated on December 8, 2023", "2023-12-08"),
    ],
)
def test_updated_label(text, expected):
    assert parse_printed_date(text) == PrintedDate(date=d(expected), timestamp=None, updated=True)


@pytest.mark.parametrize("text", ["Published 8 Dec 2023", "Published: December 8, 2023", "Posted on Dec. 8, 2023"])
def test_published_label_is_not_an_update(text):
    assert parse_printed_date(text) == PrintedDate(date=d("2023-12-08"), timestamp=None, updated=False)


def test_seed_line_one():
    if not SEED.is_file():
        pytest.skip("seed absent: ../shared/seed")
    line = SEED.read_text(encoding="utf-8").split("\n", 1)[0]
    assert line == "Fri. Dec 8th, 2023"
    assert parse_printed_date(line) == PrintedDate(date=d("2023-12-08"), timestamp=None, updated=False)


# --- time zones --------------------------------------------------------------


def test_rss_date_in_utc():
    assert parse_printed_date("Wed, 03 Aug 2022 19:49:23 +0000") == PrintedDate(
        date=d("2022-08-03"),
        timestamp=datetime.datetime(2022, 8, 3, 19, 49, 23, tzinfo=ZoneInfo("UTC")),
        updated=False,
    )


def test_rss_date_in_new_york_same_day():
    found = parse_printed_date("Wed, 03 Aug 2022 19:49:23 +0000", timezone=NEW_YORK)
    assert found == PrintedDate(
        date=d("2022-08-03"),
        timestamp=datetime.datetime(2022, 8, 3, 15, 49, 23, tzinfo=ZoneInfo(NEW_YORK)),
        updated=False,
    )
    assert found.timestamp.tzinfo == ZoneInfo(NEW_YORK)
    assert found.timestamp.utcoffset() == datetime.timedelta(hours=-4)


def test_utc_and_new_york_give_different_days():
    text = "Sat, 22 May 2021 00:45:13 +0000"
    in_utc = parse_printed_date(text)
    in_new_york = parse_printed_date(text, timezone=NEW_YORK)
    assert in_utc.date == d("2021-05-22")
    assert in_new_york.date == d("2021-05-21")
    assert in_new_york.timestamp == datetime.datetime(2021, 5, 21, 20, 45, 13, tzinfo=ZoneInfo(NEW_YORK))
    assert in_new_york.timestamp.tzinfo == ZoneInfo(NEW_YORK)
    assert in_utc.timestamp == in_new_york.timestamp  # the same instant


@pytest.mark.parametrize(
    ("text", "timezone", "expected_date", "expected_wall_clock"),
    [
        ("2023-12-08T14:00:00Z", "UTC", "2023-12-08", (2023, 12, 8, 14, 0)),
        ("2023-12-08T14:00:00Z", NEW_YORK, "2023-12-08", (2023, 12, 8, 9, 0)),
        ("2023-12-08T03:00:00Z", NEW_YORK, "2023-12-07", (2023, 12, 7, 22, 0)),
        ("2023-12-08T23:30:00+00:00", "Asia/Tokyo", "2023-12-09", (2023, 12, 9, 8, 30)),
        ("8 Dec 2023 14:00 EST", "UTC", "2023-12-08", (2023, 12, 8, 19, 0)),
        ("Fri, 08 Dec 2023 22:00:00 PST", "UTC", "2023-12-09", (2023, 12, 9, 6, 0)),
        ("8 Dec 2023 14:00 GMT", "Europe/London", "2023-12-08", (2023, 12, 8, 14, 0)),
        ("8 Dec 2023 14:00 GMT+3", "UTC", "2023-12-08", (2023, 12, 8, 11, 0)),
        ("8 Dec 2023 14:00 UTC-5", "UTC", "2023-12-08", (2023, 12, 8, 19, 0)),
        ("8 December 2023, 2:00 p.m. +05:30", "UTC", "2023-12-08", (2023, 12, 8, 8, 30)),
    ],
)
def test_zone_conversion(text, timezone, expected_date, expected_wall_clock):
    found = parse_printed_date(text, timezone=timezone)
    assert found.date == d(expected_date)
    assert found.timestamp == datetime.datetime(*expected_wall_clock, tzinfo=ZoneInfo(timezone))
    assert found.timestamp.tzinfo == ZoneInfo(timezone)
    assert found.timestamp.replace(tzinfo=None) == datetime.datetime(*expected_wall_clock)


def test_time_without_zone_keeps_printed_date_and_no_timestamp():
    assert parse_printed_date("8 Dec 2023 23:30", timezone="Asia/Tokyo") == PrintedDate(
        date=d("2023-12-08"), timestamp=None, updated=False
    )


def test_unknown_site_zone():
    with pytest.raises(DateError) as raised:
        parse_printed_date("8 Dec 2023", timezone="Mars/Olympus_Mons")
    assert str(raised.value) == "unknown time zone 'Mars/Olympus_Mons': use an IANA name such as 'America/New_York'"


# --- not a date line ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Hello world",
        "The 2023 budget",
        "NATO summit 2023",
        "2023",
        "20231208",
        "May",
        "May 2023",
        "December 8",
        "Dec 23",
        "03/04",
        "12.5",
        "Friday",
        "Updated",
        "Updated 2023",
        "On May 3, 2022",
        "May 3, 2022 and beyond",
        "Russia and China Propose Sharing Satellite Intelligence",
        "Secretary Blinken's Call with NATO Secretary General",
        "Iran and Nuclear Weapons Production",
        "Defense Primer: U.S. Space Force",
        "8 Dec 2023 UTC",
        "April 9, 2026\nIran and Nuclear Weapons Production",
    ],
)
def test_not_a_date_line(text):
    assert parse_printed_date(text) is None


# --- errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("03/04/2023", "ambiguous date '03/04/2023': set dayfirst in mkdocs.yml or give 'date' in metadata"),
        ("3.4.2023", "ambiguous date '3.4.2023': set dayfirst in mkdocs.yml or give 'date' in metadata"),
        ("3-4-2023", "ambiguous date '3-4-2023': set dayfirst in mkdocs.yml or give 'date' in metadata"),
        ("February 30, 2023", "'February 30, 2023' is not a real date"),
        ("2023-02-30", "'2023-02-30' is not a real date"),
        ("Updated April 31, 2026", "'Updated April 31, 2026' is not a real date"),
        ("29 Feb 2023", "'29 Feb 2023' is not a real date"),
        ("8 Dec 23", "two-digit year in '8 Dec 23': write the year in full"),
        ("Thursday, December 8, 2023", "'Thursday, December 8, 2023' says Thursday but 2023-12-08 is a Friday"),
        (
            "8 Dec 2023 14:00 BST",
            "unknown time zone 'BST' in '8 Dec 2023 14:00 BST': write the zone as an offset such as +0000",
        ),
        (
            "8 Dec 2023 14:00 +9999",
            "impossible UTC offset in '8 Dec 2023 14:00 +9999': write the zone as an offset such as +0000",
        ),
    ],
)
def test_date_error_messages(text, message):
    with pytest.raises(DateError) as raised:
        parse_printed_date(text)
    assert str(raised.value) == message


def test_leap_day_is_real():
    assert parse_printed_date("29 Feb 2024").date == d("2024-02-29")


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("03/04/2023", True, "2023-04-03"),
        ("03/04/2023", False, "2023-03-04"),
        ("3.4.2023", True, "2023-04-03"),
        ("3.4.2023", False, "2023-03-04"),
        ("13/04/2023", None, "2023-04-13"),
        ("13/04/2023", False, "2023-04-13"),
        ("2023-04-03", True, "2023-04-03"),
        ("2023/04/03", True, "2023-04-03"),
        ("2023-12-08T14:00:00Z", True, "2023-12-08"),
        ("8 Dec 2023", False, "2023-12-08"),
    ],
)
def test_dayfirst(text, dayfirst, expected):
    assert parse_printed_date(text, dayfirst=dayfirst).date == d(expected)


def test_date_error_is_a_value_error():
    assert issubclass(DateError, ValueError)


# --- datelines ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("WASHINGTON, May 3, 2022 \u2014 The Secretary met the minister.", "2022-05-03"),
        ("(Reuters) March 4, 2023 - Ministers met on Friday.", "2023-03-04"),
        ("Monday, 12 June 2023: The summit opened.", "2023-06-12"),
        ("LONDON (Reuters) 12 June 2023 \u2013 Talks resumed.", "2023-06-12"),
        ("WASHINGTON, D.C., Dec. 8, 2023 -- The report says.", "2023-12-08"),
        ("Updated: April 9, 2026 \u2014 The ceasefire holds.", "2026-04-09"),
    ],
)
def test_find_dateline(paragraph, expected):
    assert find_dateline(paragraph) == PrintedDate(date=d(expected), timestamp=None, updated=expected == "2026-04-09")


def test_find_dateline_with_time_and_zone():
    found = find_dateline("KYIV, Fri, 08 Dec 2023 03:00:00 +0000 \u2014 Sirens sounded.", timezone=NEW_YORK)
    assert found.date == d("2023-12-07")
    assert found.timestamp == datetime.datetime(2023, 12, 7, 22, 0, tzinfo=ZoneInfo(NEW_YORK))


@pytest.mark.parametrize(
    "paragraph",
    [
        "",
        "Overview",
        "On April 7, 2026, the United States and Iran agreed to a two-week ceasefire.",
        "On April 7, 2026: the United States and Iran agreed to a ceasefire.",
        "Washington, May 3, 2022 \u2014 lower-case place names are prose, not a dateline.",
        "LONDON (Reuters) \u2014 No date here.",
        "The meeting \u2014 held on May 3, 2022 \u2014 went well.",
        "In May 2023 \u2014 the month of the summit \u2014 talks resumed.",
        "Ministers met in Brussels. " * 10 + "BRUSSELS, May 3, 2022 \u2014 too far in.",
    ],
)
def test_no_dateline(paragraph):
    assert find_dateline(paragraph) is None


def test_find_dateline_ambiguous_raises():
    with pytest.raises(DateError) as raised:
        find_dateline("PARIS, 03/04/2023 \u2014 Text.")
    assert str(raised.value) == "ambiguous date '03/04/2023': set dayfirst in mkdocs.yml or give 'date' in metadata"
    assert find_dateline("PARIS, 03/04/2023 \u2014 Text.", dayfirst=True).date == d("2023-04-03")


# --- strict ISO dates --------------------------------------------------------


def test_parse_iso_date():
    assert parse_iso_date("2023-12-08") == d("2023-12-08")
    assert parse_iso_date("2024-02-29") == d("2024-02-29")


@pytest.mark.parametrize(
    "text", ["Dec 8", "2023-12-8", "20231208", "2023-12-08T14:00:00Z", " 2023-12-08", "2023-12-08\n", "08-12-2023", ""]
)
def test_parse_iso_date_wrong_shape(text):
    with pytest.raises(DateError) as raised:
        parse_iso_date(text)
    assert str(raised.value) == f"'date' must be YYYY-MM-DD, got '{text}'"


@pytest.mark.parametrize("text", ["2023-02-30", "2023-13-01", "2023-00-10", "2023-04-31", "2023-02-29"])
def test_parse_iso_date_impossible(text):
    with pytest.raises(DateError) as raised:
        parse_iso_date(text)
    assert str(raised.value) == f"{text} is not a real date"


def test_parse_iso_date_message_example():
    with pytest.raises(DateError) as raised:
        parse_iso_date("2023-02-30")
    assert str(raised.value) == "2023-02-30 is not a real date"


# --- the shared corpus -------------------------------------------------------


def test_corpus_line_one_parses_to_manifest_date_in_new_york():
    rows = corpus_rows()
    matched = 0
    mismatched = {}
    for row in rows:
        line = corpus_text(row).split("\n", 1)[0]
        assert line == row["date_printed"], row["filename"]
        found = parse_printed_date(line, timezone=NEW_YORK)
        assert found is not None, row["filename"]
        if found.date.isoformat() == row["date"]:
            matched += 1
        else:
            mismatched[row["filename"]] = found.date.isoformat()
    assert len(rows) == 146
    assert matched == 144
    assert mismatched == PRINTED_NOT_CREATED


def test_corpus_rss_items_a_day_later_in_utc():
    later = []
    rss_items = 0
    for row in corpus_rows():
        line = corpus_text(row).split("\n", 1)[0]
        in_new_york = parse_printed_date(line, timezone=NEW_YORK)
        in_utc = parse_printed_date(line)
        if in_new_york.timestamp is None:
            assert in_utc == in_new_york, row["filename"]
            continue
        rss_items += 1
        assert in_new_york.date.isoformat() == row["date"], row["filename"]
        assert in_utc.timestamp == in_new_york.timestamp, row["filename"]
        assert in_utc.date - in_new_york.date in (datetime.timedelta(0), datetime.timedelta(days=1)), row["filename"]
        if in_utc.date != in_new_york.date:
            later.append(row["filename"])
    assert rss_items == 114
    assert len(later) == 16


def test_corpus_updated_flags():
    rows = corpus_rows()
    lines = {row["filename"]: corpus_text(row).split("\n", 1)[0] for row in rows}
    updated = {name for name, line in lines.items() if parse_printed_date(line, timezone=NEW_YORK).updated}
    assert updated == {name for name, line in lines.items() if line.startswith("Updated ")}
    assert len(updated) == 16


def test_corpus_file_without_header_date():
    rows = corpus_rows()
    no_header = [row for row in rows if "no publication date in the file header" in row.get("messy_reason", "")]
    assert [row["filename"] for row in no_header] == [NO_HEADER_DATE]
    text = corpus_text(no_header[0])
    # Line 1 carries the body dateline, so the file still has a printed date.
    assert parse_printed_date(text.split("\n", 1)[0], timezone=NEW_YORK) == PrintedDate(
        date=d("2026-04-10"), timestamp=None, updated=True
    )
    assert first_paragraph(text) == "Overview"
    assert find_dateline(first_paragraph(text), timezone=NEW_YORK) is None


def test_corpus_first_paragraphs_invent_no_dateline():
    found = {}
    for row in corpus_rows():
        paragraph = first_paragraph(corpus_text(row))
        dateline = find_dateline(paragraph, timezone=NEW_YORK)
        if dateline is not None:
            found[row["filename"]] = dateline
    assert found == {}


# --- property ----------------------------------------------------------------

DATE_LIKE = st.text(alphabet="0123456789 /.-:,+TZamp", max_size=40) | st.lists(
    st.sampled_from(
        [
            "Updated",
            "Fri.",
            "Friday,",
            "Dec",
            "December",
            "8th",
            "8",
            "31",
            "2023",
            "23",
            "03/04/2023",
            "14:00",
            "+0000",
            "GMT+3",
            "EST",
            "NATO",
            "at",
            "of",
            "on",
            "Z",
            "-",
            ",",
            "29",
            "Feb",
            "2024-02-30",
            "99999",
        ]
    ),
    max_size=8,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(st.text() | DATE_LIKE, st.sampled_from([None, True, False]), st.sampled_from(["UTC", NEW_YORK]))
def test_any_text_gives_none_a_date_or_date_error(text, dayfirst, timezone):
    try:
        found = parse_printed_date(text, timezone=timezone, dayfirst=dayfirst)
    except DateError as error:
        assert str(error)
    else:
        assert found is None or isinstance(found, PrintedDate)
        if found is not None:
            assert isinstance(found.date, datetime.date)
            assert found.timestamp is None or found.timestamp.tzinfo == ZoneInfo(timezone)


def test_the_quick_reading_of_common_forms_is_what_dateutil_reads_in_every_order():
    from briefings.extract.dates import MONTH_NAMES, DateError, _quick_read, _read_line_dateutil

    def outcome(read, *args):
        try:
            return read(*args)
        except DateError as error:
            return str(error)

    checked = 0
    for year in (1999, 2023, 2024):
        for month in range(1, 13):
            for day in range(1, 32):
                name = MONTH_NAMES[month - 1]
                for body in (f"{year}-{month:02d}-{day:02d}", f"{name} {day}, {year}", f"{day} {name} {year}"):
                    quick = outcome(_quick_read, body, body)
                    assert quick is not None, body
                    for dayfirst in (None, False, True):
                        assert quick == outcome(_read_line_dateutil, body, dayfirst, body), (body, dayfirst)
                    checked += 1
    assert checked == 3 * 12 * 31 * 3
    for other in (
        "2023-13-05",
        "December 5 2023",
        "5 Dec 2023",
        "Tuesday, December 5, 2023",
        "December 05, 2023",
        "0999-01-01",
    ):
        assert _quick_read(other, other) is None  # left to dateutil
