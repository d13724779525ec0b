"""Dates printed in articles: line 1 of a seed, a dateline, or a strict YYYY-MM-DD value.

python-dateutil does the reading, never in fuzzy mode: a line counts as a date only
when dateutil understands every token in it. Missing fields are found by reading the
line against two different defaults (a field that changes with the default was not
printed), so nothing depends on the current date.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.parser import ParserError, parser, parserinfo


@dataclass(frozen=True, slots=True)
class PrintedDate:
    """A date read from an article; `timestamp` only when a time and a zone were printed."""

    date: datetime.date
    timestamp: datetime.datetime | None
    updated: bool


class DateError(ValueError):
    """A date line that looks like a date but cannot be read safely; str(e) is the message for the user."""


# "Updated April 9, 2026", "Published: 8 Dec 2023", "Last updated on May 3, 2022".
LABEL = re.compile(r"(?i)^(?:(?P<updated>(?:last\s+)?updated)|published|posted)\b\s*:?\s*(?:on\b\s*)?")
# dateutil reads "GMT+3" the POSIX way (three hours *behind* GMT); printed dates mean +03:00.
ZONE_PLUS_OFFSET = re.compile(r"\b(?:UTC|GMT|UT)\s*(?=[+-][0-9])")
FIRST_NUMBER = re.compile(r"[0-9]+")
WORD = re.compile(r"[^\W\d_]+")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Where a dateline ends: an em or en dash, " - ", "--", or a colon before a space.
DATELINE_END = re.compile(r"\s*(?:\u2014|\u2013|--|\s-\s|:\s)")
DATELINE_MAX_CHARS = 100
PARENTHESISED = re.compile(r"\([^()]*\)")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAY = r"[1-9]|[12][0-9]|3[01]"
_MONTH = "|".join(MONTH_NAMES)
# The commonest printed dates, read without dateutil: 2023-12-05, December 5, 2023 and 5 December 2023.
QUICK_DATE = re.compile(
    rf"(?P<iso_year>[1-9][0-9]{{3}})-(?P<iso_month>0[1-9]|1[0-2])-(?P<iso_day>0[1-9]|[12][0-9]|3[01])"
    rf"|(?P<month_first>{_MONTH}) (?P<day_second>{_DAY}), (?P<year_third>[1-9][0-9]{{3}})"
    rf"|(?P<day_first>{_DAY}) (?P<month_second>{_MONTH}) (?P<year_last>[1-9][0-9]{{3}})"
)

# Two defaults that differ in every field: a field that differs between the two
# readings came from the default, not from the text.
DEFAULTS = (datetime.datetime(2000, 1, 1, 0, 0, 0), datetime.datetime(2001, 2, 2, 1, 1, 1))

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Zone names allowed besides numeric offsets: RFC 2822 section 4.3 (UT, GMT and the
# North American zones of RFC 822). Other abbreviations (BST, IST, CST in China...) are ambiguous.
ZONE_HOURS = {
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
# Real UTC offsets run from -12:00 to +14:00.
OFFSET_RANGE = (datetime.timedelta(hours=-12), datetime.timedelta(hours=14))


class _TwoDigitYear(Exception):
    """Raised inside dateutil for a year printed with two digits."""


class _ZoneProblem(Exception):
    """Raised inside dateutil for a zone that cannot be turned into a UTC offset."""


class _DateWords(parserinfo):
    """dateutil's English words, minus filler words that let a sentence pass as a date."""

    # dateutil's JUMP without "on", "and" and "ad": "On May 3, 2022" starts a sentence.
    JUMP = [" ", ".", ",", ";", "-", "/", "'", "at", "m", "t", "of", "st", "nd", "rd", "th"]
    WEEKDAYS: list = [  # dateutil takes any number of names per day
        ("Mon", "Monday"),
        ("Tue", "Tues", "Tuesday"),
        ("Wed", "Weds", "Wednesday"),
        ("Thu", "Thur", "Thurs", "Thursday"),
        ("Fri", "Friday"),
        ("Sat", "Saturday"),
        ("Sun", "Sunday"),
    ]

    def convertyear(self, year, century_specified=False):
        """Return a year printed in full; raise for a two-digit year (dateutil guesses its century from the clock)."""
        if year < 100 and not century_specified:
            raise _TwoDigitYear(year)
        return year


# parserinfo.__init__ reads the clock for its two-digit-year pivot; convertyear above never uses it.
WORDS = _DateWords()
PARSER = parser(WORDS)


@dataclass(frozen=True, slots=True)
class _Reading:
    """What dateutil read in a line: the printed wall-clock moment and whether a time was printed."""

    moment: datetime.datetime
    has_time: bool


def parse_printed_date(text: str, *, timezone: str = "UTC", dayfirst: bool | None = None) -> PrintedDate | None:
    """Return the date printed in `text`, None when the text is not a date line, or raise DateError."""
    zone = _site_zone(timezone)
    line = " ".join(text.split())
    label = LABEL.match(line)
    body = line[label.end() :] if label else line
    if not body or body.isdigit():
        return None
    reading = _read_line(ZONE_PLUS_OFFSET.sub("", body), dayfirst, line)
    if reading is None:
        return None
    _check_weekdays(body, reading.moment.date(), line)
    updated = bool(label and label["updated"])
    if reading.has_time and reading.moment.tzinfo is not None:
        stamp = reading.moment.astimezone(zone)
        return PrintedDate(date=stamp.date(), timestamp=stamp, updated=updated)
    return PrintedDate(date=reading.moment.date(), timestamp=None, updated=updated)


def find_dateline(paragraph: str, *, timezone: str = "UTC", dayfirst: bool | None = None) -> PrintedDate | None:
    """Return the date of a dateline at the start of an opening paragraph, or None: "WASHINGTON, May 3, 2022 — ...",
    "(Reuters) March 4, 2023 - ...", "Monday, 12 June 2023: ..."."""
    for end in DATELINE_END.finditer(paragraph, 0, DATELINE_MAX_CHARS):
        words = paragraph[: end.start()].split()
        for start in range(len(words)):
            if not _is_dateline_prefix(words[:start]):
                break
            found = parse_printed_date(" ".join(words[start:]), timezone=timezone, dayfirst=dayfirst)
            if found is not None:
                return found
    return None


def parse_iso_date(text: str) -> datetime.date:
    """Return the date of a strict YYYY-MM-DD string; raise DateError ("... must be YYYY-MM-DD, got '...'", or for
    an impossible date such as 2023-02-30, "2023-02-30 is not a real date")."""
    if not isinstance(text, str) or not ISO_DATE.fullmatch(text):
        raise DateError(f"'date' must be YYYY-MM-DD, got '{text}'")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise DateError(f"{text} is not a real date") from None


def _site_zone(timezone: str) -> ZoneInfo:
    """Return the site's time zone; raise DateError for a name that is not an IANA zone."""
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise DateError(f"unknown time zone '{timezone}': use an IANA name such as 'America/New_York'") from None


def _read_line(body: str, dayfirst: bool | None, line: str) -> _Reading | None:
    """Return the single reading of `body`, None when it is not a full date; raise DateError when it is ambiguous."""
    quick = _quick_read(body, line)
    return quick if quick is not None else _read_line_dateutil(body, dayfirst, line)


def _quick_read(body: str, line: str) -> _Reading | None:
    """Return the reading of one of the QUICK_DATE forms (what dateutil reads, in every order: tested),
    None for any other form; raise DateError for a day the month does not have."""
    found = QUICK_DATE.fullmatch(body)
    if found is None:
        return None
    if found["iso_year"]:
        year, month, day = int(found["iso_year"]), int(found["iso_month"]), int(found["iso_day"])
    elif found["month_first"]:
        year, month, day = (
            int(found["year_third"]),
            MONTH_NAMES.index(found["month_first"]) + 1,
            int(found["day_second"]),
        )
    else:
        year, month, day = (
            int(found["year_last"]),
            MONTH_NAMES.index(found["month_second"]) + 1,
            int(found["day_first"]),
        )
    try:
        return _Reading(moment=datetime.datetime(year, month, day), has_time=False)
    except ValueError:
        raise DateError(f"'{line}' is not a real date") from None


def _read_line_dateutil(body: str, dayfirst: bool | None, line: str) -> _Reading | None:
    """_read_line, by dateutil."""
    if _year_first(body):
        orders: tuple[bool, ...] = (False,)  # 2023-04-03 and 2023/04/03 are year-month-day, never year-day-month
    elif dayfirst is None:
        orders = (False, True)
    else:
        orders = (dayfirst,)
    readings = {_read(body, order, line) for order in orders}
    if len(readings) > 1:
        raise DateError(f"ambiguous date '{line}': set dayfirst in mkdocs.yml or give 'date' in metadata")
    return readings.pop()


def _year_first(body: str) -> bool:
    """Return whether the first number in `body` is a four-digit year."""
    number = FIRST_NUMBER.search(body)
    return number is not None and len(number.group()) == 4


def _read(body: str, dayfirst: bool, line: str) -> _Reading | None:
    """Return what dateutil reads in `body`, None unless day, month and year are all printed; raise DateError
    for a bad date."""
    try:
        first, second = (
            PARSER.parse(body, default=default, dayfirst=dayfirst, tzinfos=_zone_for) for default in DEFAULTS
        )
    except ParserError as error:
        if error.__cause__ is None:  # dateutil did not understand every token
            return None
        raise DateError(f"'{line}' is not a real date") from None
    except OverflowError:
        raise DateError(f"'{line}' is not a real date") from None
    except _TwoDigitYear:
        raise DateError(f"two-digit year in '{line}': write the year in full") from None
    except _ZoneProblem as problem:
        raise DateError(f"{problem} in '{line}': write the zone as an offset such as +0000") from None
    if first.date() != second.date():
        return None
    return _Reading(moment=first, has_time=first.hour == second.hour)


def _zone_for(name: str | None, offset: int | None) -> datetime.tzinfo | None:
    """Return the fixed-offset zone for a printed zone name or offset (seconds), None when none was printed."""
    if offset is None and name is None:
        return None
    if offset is None:
        assert name is not None
        if name.upper() not in ZONE_HOURS:
            raise _ZoneProblem(f"unknown time zone '{name}'")
        delta = datetime.timedelta(hours=ZONE_HOURS[name.upper()])
    else:
        delta = datetime.timedelta(seconds=offset)
    if not OFFSET_RANGE[0] <= delta <= OFFSET_RANGE[1]:
        raise _ZoneProblem("impossible UTC offset")
    return datetime.timezone(delta)


def _check_weekdays(body: str, printed: datetime.date, line: str) -> None:
    """Return None when every weekday named in `body` is the weekday of `printed`; raise DateError otherwise."""
    for word in WORD.findall(body):
        weekday = WORDS.weekday(word)
        if weekday is not None and weekday != printed.weekday():
            raise DateError(f"'{line}' says {word} but {printed.isoformat()} is a {WEEKDAY_NAMES[printed.weekday()]}")


def _is_dateline_prefix(words: list[str]) -> bool:
    """Return whether `words` can precede a dateline's date: capitalised place names and (Source) tags only."""
    rest = PARENTHESISED.sub(" ", " ".join(words))
    return all(word.isupper() for word in WORD.findall(rest))
