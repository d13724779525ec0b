"""PDF reports: text by pdfminer.six, its layout read for structure.

pdfminer gives text boxes and lines with their characters' fonts and sizes. From those: the body size is the
size most characters have; larger lines are headings (the largest on the first page the title, the others by
size at depths 2-4), short bold lines at body size the deepest headings; lines repeated at the top or bottom
of the pages (running headers, page numbers) are left out; small text at the foot of a page is a footnote,
kept at the end as a note; small raised digits in the text are note markers, written [1]."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass

from briefings.extract.dates import DateError, parse_printed_date
from briefings.intake.draft import Draft, IntakeFailed
from briefings.model import Block, SourceRef

BULLETS = ("•", "●", "▪", "◦", "■", "–", "-", "*")
NUMBERED = re.compile(r"(?:\(?\d{1,2}[.)]|\(?[a-z][.)])\s+\S")  # 1. 2) (a) a.
NOTE_START = re.compile(r"\[?(\d{1,3})\]?\.?\s+(\S.*)")
PAGE_NUMBER = re.compile(r"(?i)(?:page\s*)?#(?:\s*(?:of|/)\s*#)?|-\s*#\s*-")
EDGE = 0.1  # the top and bottom tenths of a page, where running headers and footers are
HEADING_RATIO = 1.12  # a line this much larger than the body is a heading
NOTE_RATIO = 0.88  # ...this much smaller, at the foot of the page, a footnote
MARKER_RATIO = 0.8  # a raised digit this much smaller than its line is a note marker
MAX_HEADING = 160  # characters


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a PDF page as pdfminer laid it out."""

    page: int
    box: int  # the text box it is in (boxes are roughly paragraphs)
    text: str
    size: float  # the size most of its characters have
    bold: bool
    top: float  # fraction of the page height from the top (0 at the top)
    bottom: float


def round_size(size: float) -> float:
    """Return a font size rounded to half a point (renderers jitter in the third decimal)."""
    return round(size * 2) / 2


def line_text(line, size: float) -> str:
    """Return a line's text with small raised digits written as note markers [n]."""
    from pdfminer.layout import LTChar

    out: list[str] = []
    marker: list[str] = []
    for item in line:
        text = item.get_text()
        raised = (
            isinstance(item, LTChar) and text.isdigit() and item.size < size * MARKER_RATIO and item.y0 > line.y0 + 0.5
        )
        if raised:
            marker.append(text)
            continue
        if marker:
            out.append(f"[{''.join(marker)}]")
            marker = []
        out.append(text)
    if marker:
        out.append(f"[{''.join(marker)}]")
    return " ".join("".join(out).split())


def layout_lines(data: bytes) -> list[Line]:
    """Return every text line of the PDF in reading order, with its size, weight and place on the page."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine

    lines: list[Line] = []
    box_number = 0
    for page_number, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams()), start=1):
        height = page.height or 1
        for element in page:
            if not isinstance(element, LTTextContainer):
                continue
            box_number += 1
            for line in element:
                if not isinstance(line, LTTextLine):
                    continue
                chars = [c for c in line if isinstance(c, LTChar) and c.get_text().strip()]
                if not chars:
                    continue
                sizes = Counter(round_size(c.size) for c in chars)
                size = max(sizes.items(), key=lambda kv: (kv[1], kv[0]))[0]
                bold = sum(1 for c in chars if re.search(r"(?i)bold|black|heavy|semibold", c.fontname)) > len(chars) / 2
                text = line_text(line, size)
                if text:
                    top = 1 - line.y1 / height
                    lines.append(Line(page_number, box_number, text, size, bold, top, 1 - line.y0 / height))
    return lines


def running_lines(lines: list[Line], pages: int) -> set[str]:
    """Return the shapes (digits as #) of lines at a page's top or bottom edge that repeat on most pages."""
    shape = {}
    seen: dict[str, set[int]] = {}
    for line in lines:
        if line.top < EDGE or line.bottom > 1 - EDGE:
            key = re.sub(r"\d+", "#", line.text.casefold())
            shape[line] = key
            seen.setdefault(key, set()).add(line.page)
    return {key for key, on in seen.items() if pages > 1 and len(on) >= max(2, pages // 2)}


def is_running(line: Line, repeated: set[str]) -> bool:
    """Return whether a line is a running header or footer, or a page number."""
    key = re.sub(r"\d+", "#", line.text.casefold())
    at_edge = line.top < EDGE or line.bottom > 1 - EDGE
    return at_edge and (key in repeated or bool(PAGE_NUMBER.fullmatch(key)))


def join_lines(texts: list[str]) -> str:
    """Return lines of one paragraph as one text: a hyphen at a line's end kept and joined without a space."""
    out = ""
    for text in texts:
        if not out:
            out = text
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha():
            out += text
        else:
            out += " " + text
    return out


def pdf_info(data: bytes) -> dict[str, object]:
    """Return the document information dictionary (Title, Author, CreationDate …) decoded."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    info: dict[str, object] = {}
    for entry in document.info:
        for key, value in entry.items():
            value = resolve1(value)
            info[key] = decode_text(value) if isinstance(value, bytes) else value
    return info


def pdf_date(value: object) -> dt.datetime | None:
    """Return a PDF date (D:YYYYMMDDHHmmSS+HH'mm') as an aware datetime, or None."""
    match = re.match(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?", str(value or ""))
    if not match:
        return None
    year, month, day, hour, minute, second, sign, off_h, off_m = match.groups()
    try:
        zone = dt.UTC
        if sign in ("+", "-"):
            delta = dt.timedelta(hours=int(off_h or 0), minutes=int(off_m or 0))
            zone = dt.timezone(delta if sign == "+" else -delta)
        elif sign is None:
            return None  # a time without a zone says nothing certain
        return dt.datetime(
            int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=zone
        )
    except ValueError:
        return None


def printed_date(text: str) -> dt.date | None:
    """Return the date a short line prints (`March 14, 2024`, `Updated 14 March 2024`), or None."""
    if len(text) > 60:
        return None
    try:
        found = parse_printed_date(text)
    except DateError:
        return None
    if found is None:
        return None
    return found.timestamp if found.timestamp else found.date


def read_pdf(data: bytes, origin: str, url: str = "", retrieved: dt.datetime | None = None) -> Draft:
    """Return the article of a PDF report."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psparser import PSException

    if not data.lstrip()[:5] == b"%PDF-":
        raise IntakeFailed("is not a PDF (it does not start with %PDF-)")
    try:
        info = pdf_info(data)
        lines = layout_lines(data)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise IntakeFailed("is an encrypted PDF; save an unencrypted copy first") from None
    except (PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise IntakeFailed(f"is not a readable PDF ({type(exc).__name__})") from None
    if not lines:
        raise IntakeFailed("has no text layer (a scanned PDF needs OCR first)")
    return draft_of(lines, info, origin, url, retrieved)


def draft_of(lines: list[Line], info: dict[str, object], origin: str, url: str, retrieved) -> Draft:
    """Return the Draft of a PDF's laid-out lines and its information dictionary."""
    pages = max(line.page for line in lines)
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    body = max(sizes.items(), key=lambda kv: (kv[1], -kv[0]))[0]
    repeated = running_lines(lines, pages)
    kept = [line for line in lines if not is_running(line, repeated)]
    notes, text_lines = split_notes(kept, body)
    title_line = max(
        (line for line in text_lines if line.page == 1), key=lambda line: (line.size, -line.top), default=None
    )
    info_title = " ".join(str(info.get("Title") or "").split())
    if re.match(r"(?i)microsoft word|untitled|\S+\.(docx?|pdf|indd)$", info_title):
        info_title = ""
    title_lines = [
        line for line in text_lines if title_line and line.box == title_line.box and line.size == title_line.size
    ]
    title = info_title or join_lines([line.text for line in title_lines])
    if not title:
        raise IntakeFailed("no title found: the PDF gives none and its first page has no larger text")
    if title_line is not None and title_line.size > body and join_lines([line.text for line in title_lines]) == title:
        text_lines = [line for line in text_lines if line not in title_lines]
    author = " ".join(str(info.get("Author") or "").split())
    published: dt.date | None = None
    front = [line for line in text_lines if line.page == 1 and line.size <= body * HEADING_RATIO][:8]
    for line in front:
        day = printed_date(line.text)
        if day is not None:
            published = day
            text_lines.remove(line)
            break
    for line in front:
        if author and line in text_lines and line.text.startswith(author) and len(line.text) < 120:
            text_lines.remove(line)  # the byline, given in the document information too
            break
    if published is None:
        created = pdf_date(info.get("CreationDate"))
        published = created.date() if created else None
    blocks = structure(attach_markers(text_lines, body), body)
    if not blocks:
        raise IntakeFailed("no article text found in the PDF")
    source = SourceRef(name="", url=url, author=author, published=published, retrieved=retrieved)
    return Draft(title, blocks, source, origin, "PDF", notes=tuple(notes))


def attach_markers(lines: list[Line], body: float) -> list[Line]:
    """Return the lines with a line of nothing but a small number (a note marker wrapped onto a line of its own)
    joined to the line before it, as [n]."""
    out: list[Line] = []
    for line in lines:
        if out and line.text.isdigit() and len(line.text) <= 3 and line.size < body * NOTE_RATIO:
            before = out[-1]
            out[-1] = Line(
                before.page,
                before.box,
                f"{before.text}[{line.text}]",
                before.size,
                before.bold,
                before.top,
                before.bottom,
            )
        else:
            out.append(line)
    return out


def split_notes(lines: list[Line], body: float) -> tuple[list[str], list[Line]]:
    """Return the footnotes (small text below a page's last body-size line, starting with a number) and the rest."""
    notes: list[str] = []
    rest: list[Line] = []
    last_body: dict[int, float] = {}
    for line in lines:
        if line.size >= body * NOTE_RATIO:
            last_body[line.page] = max(last_body.get(line.page, 0.0), line.bottom)
    current: list[str] | None = None
    for line in lines:
        at_foot = line.size < body * NOTE_RATIO and line.top >= last_body.get(line.page, 0.0)
        if at_foot:
            start = NOTE_START.fullmatch(line.text)
            if start:
                current = [f"[{start.group(1)}] {start.group(2)}"]
                notes.append("")
            elif current is None:
                rest.append(line)
                continue
            else:
                current.append(line.text)
            notes[-1] = join_lines(current)
        else:
            current = None
            rest.append(line)
    return [note for note in notes if note], rest


def structure(lines: list[Line], body: float) -> tuple[Block, ...]:
    """Return the blocks of a PDF's lines: runs of lines of one size and weight within a box."""
    runs: list[list[Line]] = []
    for line in lines:
        previous = runs[-1][-1] if runs else None
        starts_item = line.text[:2].rstrip() in BULLETS and line.text[1:2] == " " or bool(NUMBERED.match(line.text))
        if (
            previous is not None
            and previous.box == line.box
            and previous.size == line.size
            and previous.bold == line.bold
            and not starts_item
        ):
            runs[-1].append(line)
        else:
            runs.append([line])
    heading_sizes = sorted({run[0].size for run in runs if run[0].size >= body * HEADING_RATIO}, reverse=True)
    blocks: list[Block] = []
    for run in runs:
        text = join_lines([line.text for line in run])
        first = run[0]
        large = first.size >= body * HEADING_RATIO
        bold_line = first.bold and first.size >= body * NOTE_RATIO and len(run) == 1 and not text.endswith(".")
        if (large or bold_line) and len(text) <= MAX_HEADING:
            depth = 2 + heading_sizes.index(first.size) if large else 2 + len(heading_sizes)
            blocks.append(Block("heading", text, 0, min(depth, 4)))
        elif text[:2].rstrip() in BULLETS and text[1:2] == " ":
            blocks.append(Block("item", text[2:].strip(), 0))
        elif NUMBERED.match(text):
            blocks.append(Block("item", text, 0))
        else:
            blocks.append(Block("paragraph", text, 0))
    return tuple(blocks)
