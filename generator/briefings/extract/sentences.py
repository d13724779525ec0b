"""Splitting a paragraph into sentences without breaking at abbreviations or initials."""

from __future__ import annotations

import re

ABBREVIATIONS = (
    "U.S",
    "U.K",
    "U.N",
    "E.U",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "St",
    "Gen",
    "Lt",
    "Col",
    "Maj",
    "Capt",
    "Sgt",
    "Adm",
    "Rep",
    "Sen",
    "Gov",
    "Amb",
    "Prof",
    "Jr",
    "Sr",
    "No",
    "Vol",
    "Fig",
    "vs",
    "etc",
    "Inc",
    "Ltd",
    "Co",
    "Corp",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "i.e",
    "e.g",
    "approx",
    "Dept",
    "Gov't",
    "D.C",
    "P.L",
    "U.S.C",
    "E.O",
    "C.F.R",
    "Stat",
    "Sec",
    "Art",
    "para",
    "paras",
    "Pub",
    "cf",
    "al",
    "Nos",
    "Ph.D",
    "U.S.A",
)
# Abbreviations that also end sentences: after them, one of these words starts a new sentence.
SENTENCE_FINAL_ABBREVIATIONS = (
    "U.S",
    "U.K",
    "U.N",
    "E.U",
    "D.C",
    "etc",
    "Inc",
    "Ltd",
    "Co",
    "Corp",
    "Jr",
    "Sr",
    "U.S.A",
)
SENTENCE_STARTERS = frozenset(
    "The This That These Those It He She They We I In On At A An But And However Its Their Our His Her "
    "After Before During Since While When Although Today Yesterday".split()
)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")

ABBREVIATED = tuple(f"{lead}{a}." for a in ABBREVIATIONS for lead in (" ", "(", "[", "“", '"')) + tuple(
    f"{a}." for a in ABBREVIATIONS if "." in a
)
FINAL_ABBREVIATED = tuple(f"{a}." for a in SENTENCE_FINAL_ABBREVIATIONS)
INITIAL_END = re.compile(r"(?:^|\s)[A-Z]\.$")  # a sentence so far that ends in an initial: "John F."


def split_sentences(text: str) -> list[str]:
    """Return the sentences of one paragraph."""
    parts = SENTENCE_END.split(text.strip())
    sentences: list[str] = []
    for part in parts:
        previous = sentences[-1].rstrip('"”’)') if sentences else ""
        if previous.endswith(ABBREVIATED) and not (
            previous.endswith(FINAL_ABBREVIATED) and part.split(" ", 1)[0] in SENTENCE_STARTERS
        ):
            sentences[-1] = f"{sentences[-1]} {part}"
        elif sentences and INITIAL_END.search(
            sentences[-1], len(sentences[-1]) - 4
        ):  # an initial: "John F. Kennedy" (a match starts in the last 4)
            sentences[-1] = f"{sentences[-1]} {part}"
        else:
            sentences.append(part)
    return [s.strip() for s in sentences if s.strip()]
