"""What every source is read into before it becomes a seed: a Draft, or the reason it cannot be one."""

from __future__ import annotations

from dataclasses import dataclass

from briefings.model import Block, SourceRef


class IntakeFailed(Exception):
    """A source that gives no article; str(e) says why, for the line that names the source."""


@dataclass(frozen=True, slots=True)
class Draft:
    """One article read from a source: its title, its text as seed blocks, and what the source says of itself."""

    title: str
    blocks: tuple[Block, ...]  # paragraphs, headings (depth 2-4), list items, block quotes, table rows
    source: SourceRef  # publisher, canonical URL, author, published and retrieved (aware datetimes where known)
    origin: str  # what `briefings add` was given: a URL, a file name, a feed, or "standard input"
    kind: str  # one of model.INTAKE_KINDS
    lang: str = ""  # BCP 47, where the source says
    notes: tuple[str, ...] = ()  # footnotes, kept at the end of the text
    printed: str = ""  # the date as the text printed it, kept for line 1 of the seed
    markdown: str | None = None  # a Markdown seed's whole text (front matter and body), kept as given
