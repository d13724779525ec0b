"""Text and Markdown: `.txt` files and standard input read as the plain-text seed format reads them (a printed
date on line 1 and the title on line 2, or the title on line 1 and the date in a paragraph of its own), `.md`
files kept as Markdown seeds with their front matter."""

from __future__ import annotations

import re

from briefings.extract.dates import DateError, parse_printed_date
from briefings.intake.draft import Draft, IntakeFailed
from briefings.model import SourceRef, SourceText
from briefings.readers.markdown import read_markdown_seed, split_front_matter
from briefings.readers.text import read_text_seed


def decode(data: bytes) -> str:
    """Return bytes as text: UTF-8 (a BOM dropped), else Windows-1252; line ends as \\n."""
    if b"\x00" in data:
        raise IntakeFailed("is not text (it contains NUL bytes)")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_date(text: str) -> bool:
    """Return whether a short line is a printed date and nothing else."""
    try:
        return len(text) <= 60 and parse_printed_date(text) is not None
    except DateError:
        return False


def read_text(data: bytes, origin: str, name: str) -> Draft:
    """Return the article of plain text: as a seed (date, title, text), or a title line then the text with
    the date in a paragraph of its own among the first three. `printed` on the Draft keeps the date as printed."""
    text = decode(data)
    reading = read_text_seed(SourceText(name, name, text, ""))
    errors = [p for p in reading.problems if not p.warning and "blank line after the title" not in p.message]
    if errors:
        raise IntakeFailed("; ".join(p.message for p in errors))
    blocks = reading.blocks
    printed = reading.printed_date.value if reading.printed_date else ""
    if reading.title is None:
        raise IntakeFailed("no title: give the date as printed on line 1 and the title on line 2")
    if not printed:
        for i, block in enumerate(blocks[:3]):
            if block.kind == "paragraph" and is_date(block.text):
                printed, blocks = block.text, blocks[:i] + blocks[i + 1 :]
                break
    if not blocks:
        raise IntakeFailed("no article text after the title")
    kind = "text"
    return Draft(reading.title.value, blocks, SourceRef(), origin, kind, printed=printed)


FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.MULTILINE)


def read_markdown(data: bytes, origin: str, name: str) -> Draft:
    """Return a Markdown seed as given: its title from front matter or a first-level heading on top."""
    import yaml

    text = decode(data)
    reading = read_markdown_seed(SourceText(name, name, text, ""))
    errors = [p for p in reading.problems if not p.warning]
    if errors:
        raise IntakeFailed("; ".join(str(p).removeprefix(f"{name}:").strip() for p in errors))
    front, _, _ = split_front_matter(text)
    values: dict = {}
    if front is not None:
        try:
            values = yaml.safe_load(front) or {}
        except yaml.YAMLError as exc:
            raise IntakeFailed(f"its front matter is not YAML: {exc}") from None
        if not isinstance(values, dict):
            raise IntakeFailed("its front matter is not a mapping of keys to values")
    title = str(values.get("title") or (reading.title.value if reading.title else ""))
    if not title.strip():
        raise IntakeFailed("no title: give 'title' in the front matter or a first-level heading on top")
    source = values.get("source") if isinstance(values.get("source"), dict) else {}
    url = str(source.get("url", "")) if source else ""
    printed = str(values.get("date", "")) if values.get("date") else ""
    return Draft(
        " ".join(title.split()), reading.blocks, SourceRef(url=url), origin, "Markdown", printed=printed, markdown=text
    )
