"""The plain-text seed (`NAME.txt`): the date as printed on line 1, the title on line 2, a blank line,
then paragraphs separated by blank lines. `• ` starts a list item, ` | ` separates table cells, a
one-line paragraph starting `## `, `### ` or `#### ` is a heading of the article, and a paragraph
whose every line starts `> ` is a block quote."""

from __future__ import annotations

import re

from briefings.errors import Problem
from briefings.extract.dates import DateError, parse_printed_date
from briefings.extract.sentences import split_sentences
from briefings.model import Block, Located, Origin, SourceText
from briefings.readers import Reader, Reading

MAX_TITLE = 300
TABLE_CELL_SEP = " | "
BULLET = "• "
HEADING = re.compile(r"(#{2,4}) +(\S.*)")  # a heading of the article: depth 2-4, under the title
QUOTE = "> "
# Text hygiene: no-break and figure spaces read as spaces; soft hyphens and zero-width
# characters (a BOM inside the text, joiners, word joiners) are dropped.
HYGIENE = {
    0x00A0: " ",
    0x202F: " ",
    0x2007: " ",
    0x00AD: None,
    0x200B: None,
    0x200C: None,
    0x200D: None,
    0x2060: None,
    0xFEFF: None,
}
HYGIENE_REPLACE = tuple((chr(code), replacement or "") for code, replacement in HYGIENE.items())
LONG_PARAGRAPH = 1500  # characters: a paragraph longer than this lost its breaks in the source
SPLIT_TARGET = 450  # characters: a paragraph rebuilt from a long one ends at the first sentence past this
SPLIT_SENTENCES = 4  # ...or after this many sentences


def clean_text(text: str) -> str:
    """Return text with no-break spaces as spaces and soft hyphens and zero-width characters removed."""
    for char, replacement in HYGIENE_REPLACE:  # str.replace per character: far quicker than translate on long texts
        if char in text:
            text = text.replace(char, replacement)
    return text


def split_long_paragraph(text: str) -> list[str]:
    """Return a paragraph of more than LONG_PARAGRAPH characters as paragraphs of a few sentences each."""
    if len(text) <= LONG_PARAGRAPH:
        return [text]
    paragraphs: list[str] = []
    current: list[str] = []
    for sentence in split_sentences(text):
        current.append(sentence)
        if len(current) >= SPLIT_SENTENCES or sum(len(s) + 1 for s in current) >= SPLIT_TARGET:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        if paragraphs and sum(len(s) + 1 for s in current) < SPLIT_TARGET // 3:
            paragraphs[-1] = f"{paragraphs[-1]} {' '.join(current)}"
        else:
            paragraphs.append(" ".join(current))
    return paragraphs


def split_blocks(lines: list[str], first_line: int) -> tuple[Block, ...]:
    """Return the paragraphs, list items and table rows of plain article text."""
    blocks: list[Block] = []
    para: list[str] = []
    start = first_line

    def flush() -> None:
        if not para:
            return
        for kind, text, depth in classify(para):
            if kind == "paragraph":
                blocks.extend(Block(kind, part, start, depth) for part in split_long_paragraph(text))
            else:
                blocks.append(Block(kind, text, start, depth))
        para.clear()

    for number, line in enumerate(lines, start=first_line):
        if line.strip():
            if not para:
                start = number
            para.append(line)
        else:
            flush()
    flush()
    return tuple(blocks)


def classify(para: list[str]) -> list[tuple[str, str, int]]:
    """Return (kind, text, depth) for the lines of one paragraph; an item's depth is its indent in steps of two spaces,
    a heading's its number of #."""
    heading = HEADING.fullmatch(para[0].strip()) if len(para) == 1 else None
    if heading:
        return [("heading", " ".join(heading.group(2).split()), len(heading.group(1)))]
    if all(line.lstrip().startswith(QUOTE.strip()) for line in para):
        text = " ".join(line.lstrip()[1:].strip() for line in para)
        return (
            [("quote", " ".join(text.split()), 0)]
            if text.strip()
            else [("paragraph", " ".join(" ".join(para).split()), 0)]
        )
    if all(TABLE_CELL_SEP in line for line in para):
        return [("table", line.strip(), 0) for line in para]
    if any(line.lstrip().startswith(BULLET.strip()) for line in para):
        items: list[tuple[str, str, int]] = []
        for line in para:
            line = line.expandtabs(4)
            stripped = line.lstrip()
            indent = len(line) - len(stripped)
            if stripped.startswith(BULLET.strip()):
                items.append(("item", " ".join(stripped[1:].split()), indent // 2))
            elif items:
                kind, text, depth = items[-1]
                items[-1] = (kind, f"{text} {' '.join(stripped.split())}", depth)
            else:
                items.append(("paragraph", " ".join(stripped.split()), 0))
        return items
    return [("paragraph", " ".join(" ".join(para).split()), 0)]


def looks_like_date(line: str) -> bool:
    """Return whether a line reads as a printed date (in any zone or order)."""
    try:
        return parse_printed_date(line.strip()) is not None
    except DateError:
        return True


def read_text_seed(body: SourceText) -> Reading:
    """Return the printed date line, the title and the blocks of a plain-text article."""
    lines = clean_text(body.text).split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if not any(line.strip() for line in lines):
        return Reading(
            None,
            None,
            (),
            None,
            (Problem(body.path, 0, "empty file: expected a date line, a title line, a blank line, then the article"),),
        )
    problems = []
    date_line = title = None
    if len(lines) >= 2 and lines[0].strip() and lines[1].strip():
        date_line = Located(" ".join(lines[0].split()), Origin(body.path, 1, given=False))
        title = Located(" ".join(lines[1].split()), Origin(body.path, 2, given=False))
        rest_start = 3
    else:
        title = Located(" ".join(lines[0].split()), Origin(body.path, 1, given=False))
        rest_start = 2
        if looks_like_date(lines[0]):  # a date line, then no title
            date_line, title = Located(" ".join(lines[0].split()), Origin(body.path, 1, given=False)), None
    if len(lines) >= rest_start and lines[rest_start - 1].strip():
        problems.append(Problem(body.path, rest_start, "expected a blank line after the title"))
    if title is not None and len(title.value) > MAX_TITLE:
        problems.append(
            Problem(
                body.path,
                title.origin.line,
                f"title is {len(title.value):,} characters; at most "
                f"{MAX_TITLE} are allowed (give a shorter 'title' in metadata)",
            )
        )
    blocks = split_blocks(lines[rest_start - 1 :], rest_start)
    if not blocks:
        problems.append(Problem(body.path, 0, "no article text after the title"))
    return Reading(title, date_line, blocks, None, tuple(problems))


READER = Reader("text", (".txt",), True, read_text_seed)
