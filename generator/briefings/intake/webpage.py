"""Web pages: the main text and metadata by trafilatura (dates by htmldate), turned into seed blocks.

trafilatura leaves out what is not the article (navigation, cookie banners, share bars, related links,
comments, footers) and keeps its structure as XML elements: head, p, list/item, quote, table/row/cell.
This module only maps those elements to the seed format's blocks and reads the few facts trafilatura
does not give: the page's language, and the time and zone of a publication date it found."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from briefings.intake.draft import Draft, IntakeFailed
from briefings.model import Block, SourceRef

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # it logs what it discards; we say why ourselves
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

SAVED_FROM = re.compile(rb"<!-- saved from url=\(\d+\)(https?://[^\s>]+?) ?-->")  # browsers' "Save page as"
SINGLEFILE = re.compile(rb"Page saved with SingleFile\s+url: (https?://\S+)\s+saved date: ([^\n(]+)")
URL_OK = re.compile(r"https?://[^\s/<>\"']+[^\s<>\"']*", re.IGNORECASE)
TIME_META = (  # where pages state the publication time, in the order trusted
    "article:published_time",
    "og:published_time",
    "datePublished",
    "date",
    "DC.date.issued",
    "dcterms.created",
    "pubdate",
)
END_MARKS = ("###", "# # #", "-30-", "- 30 -", "-END-", "- END -", "ENDS")  # where a press release ends
BYLINE_WORDS = ("by", "par", "von", "por", "di", "door", "av", "af", "przez")
HEADING_DEPTH = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
CELL_SEP = " | "


def text_of(element) -> str:
    """Return an element's text, whitespace collapsed (line breaks read as spaces)."""
    return " ".join(" ".join(element.itertext()).split())


def list_blocks(element, depth: int, line: int) -> list[Block]:
    """Return a list's items (nested lists one level deeper) as item blocks."""
    blocks: list[Block] = []
    for item in element:
        if item.tag != "item":
            continue
        nested = [child for child in item if child.tag == "list"]
        for child in nested:
            item.remove(child)
        text = text_of(item)
        if text:
            blocks.append(Block("item", text, line, depth))
        for child in nested:
            blocks.extend(list_blocks(child, depth + 1, line))
    return blocks


def table_blocks(element, line: int) -> list[Block]:
    """Return a table's rows as table blocks (cells joined by ' | '); a one-column table as paragraphs."""
    rows = []
    for row in element.iter("row"):
        cells = [text_of(cell).replace(CELL_SEP, " / ") or "–" for cell in row if cell.tag == "cell"]
        if any(cell != "–" for cell in cells):
            rows.append(cells)
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return [Block("paragraph", " ".join(cells), line) for cells in rows]
    width = max(len(r) for r in rows)
    return [Block("table", CELL_SEP.join(cells + ["–"] * (width - len(cells))), line) for cells in rows]


def body_blocks(body) -> tuple[Block, ...]:
    """Return the blocks of trafilatura's XML body: headings, paragraphs, list items, quotes, table rows."""
    blocks: list[Block] = []
    for element in body:
        tag = element.tag
        if tag == "head":
            text = text_of(element)
            if text:
                blocks.append(Block("heading", text, 0, HEADING_DEPTH.get(element.get("rend", "h2"), 4)))
        elif tag == "list":
            blocks.extend(list_blocks(element, 0, 0))
        elif tag == "quote":
            parts = [text_of(p) for p in element if p.tag == "p"] or [text_of(element)]
            blocks.extend(Block("quote", text, 0) for text in parts if text)
        elif tag == "table":
            blocks.extend(table_blocks(element, 0))
        elif tag in ("p", "code", "div"):
            text = text_of(element)
            if text:
                blocks.append(Block("paragraph", text, 0))
    return tuple(blocks)


def page_lang(tree: Any) -> str:
    """Return the language the page declares (<html lang>, Content-Language, og:locale), or ''."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += tree.xpath(
        '//meta[translate(@http-equiv,"CONTENT-LANGUAGE","content-language")="content-language"]/@content'
    )
    candidates += [value.replace("_", "-") for value in tree.xpath('//meta[@property="og:locale"]/@content')]
    for value in candidates:
        tag = (value or "").split(",")[0].strip()
        if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*", tag):
            return tag
    return ""


def aware(text: str) -> dt.datetime | None:
    """Return an ISO 8601 time with a zone as an aware datetime, or None."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def published_time(tree: Any, day: dt.date) -> dt.date:
    """Return the publication moment: the day htmldate found, with the time and zone a page's metadata gives
    for that same day (the first of TIME_META, JSON-LD, then <time datetime>); the day alone if none does."""
    found: list[str] = []
    for name in TIME_META:
        found += tree.xpath(f'//meta[@property="{name}" or @name="{name}" or @itemprop="{name}"]/@content')
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        found += re.findall(r'"datePublished"\s*:\s*"([^"]+)"', script)
    found += tree.xpath("//time[@datetime]/@datetime")
    for text in found:
        moment = aware(text)
        if moment is not None and moment.date() == day:
            return moment
    return day


def saved_copy(data: bytes) -> tuple[str, dt.datetime | None]:
    """Return the address a browser or SingleFile saved the page from, and when SingleFile says it was saved."""
    head = data[:4096]
    single = SINGLEFILE.search(head)
    if single:
        from dateutil import parser

        try:
            text = single.group(2).decode("ascii", "replace").strip()
            # "GMT+0100" is one hour ahead; dateutil reads GMT+h the POSIX way, as behind
            when: dt.datetime | None = parser.parse(re.sub(r"\b(?:GMT|UTC)(?=[+-]\d)", "", text))
        except (ValueError, OverflowError):
            when = None
        return single.group(1).decode("ascii", "replace"), when if when and when.tzinfo else None
    saved = SAVED_FROM.search(head)
    return (saved.group(1).decode("ascii", "replace"), None) if saved else ("", None)


def usable_url(url: str | None) -> str:
    """Return the URL if it is a plain http(s) address, else ''."""
    return url if url and URL_OK.fullmatch(url) else ""


def read_page(data: bytes, origin: str, url: str = "", retrieved: dt.datetime | None = None) -> Draft:
    """Return the article of a web page (its bytes, as saved or fetched from `url`)."""
    import trafilatura
    from trafilatura.settings import Document
    from trafilatura.utils import load_html

    tree = load_html(data)
    if tree is None:
        raise IntakeFailed("is not a readable web page")
    saved_url, saved_at = saved_copy(data)
    document = trafilatura.bare_extraction(
        tree,
        url=url or saved_url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_formatting=False,
        date_extraction_params={"original_date": True, "extensive_search": True},
    )
    if not isinstance(document, Document) or document.body is None:
        raise IntakeFailed("no article text found in the page")
    blocks = body_blocks(document.body)
    if not blocks:
        raise IntakeFailed("no article text found in the page")
    published: dt.date | None = None
    if document.date:
        day = dt.date.fromisoformat(document.date[:10])
        published = published_time(tree, day)
    title = " ".join((document.title or "").split())
    if not title:
        raise IntakeFailed("the page has no title")
    source = SourceRef(
        name=" ".join((document.sitename or "").split()) or (document.hostname or ""),
        url=usable_url(document.url) or usable_url(url) or usable_url(saved_url),
        author=" ".join((document.author or "").split()),
        published=published,
        retrieved=retrieved or saved_at,
    )
    blocks = drop_byline(cut_at_end_mark(drop_title(blocks, title)), source.author)
    return Draft(title, blocks, source, origin, "web page", page_lang(tree))


def drop_title(blocks: tuple[Block, ...], title: str) -> tuple[Block, ...]:
    """Return the blocks without a first heading or paragraph that repeats the title."""
    if blocks and blocks[0].kind in ("heading", "paragraph") and blocks[0].text.casefold() == title.casefold():
        return blocks[1:]
    return blocks


def drop_byline(blocks: tuple[Block, ...], author: str) -> tuple[Block, ...]:
    """Return the blocks without a byline among the first two ("By Jane Doe · 2 April 2024"): a short
    paragraph that names the author the metadata gives and starts with a word for "by" or the name."""
    for i, block in enumerate(blocks[:2]):
        text = block.text
        first = text.split(" ", 1)[0].casefold().rstrip(":")
        if block.kind == "paragraph" and author and author in text and len(text) <= 150:
            if first in BYLINE_WORDS or text.startswith(author):
                return blocks[:i] + blocks[i + 1 :]
    return blocks


def cut_at_end_mark(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Return a press release's blocks up to its end mark (###, -30-, ENDS): what follows is contacts and
    boilerplate."""
    for i, block in enumerate(blocks):
        if i and block.kind == "paragraph" and block.text.strip() in END_MARKS:
            return blocks[:i]
    return blocks


def fragment_blocks(html: str) -> tuple[Block, ...]:
    """Return the blocks of an HTML fragment (a feed item's content), structure kept."""
    import trafilatura
    from trafilatura.settings import Document
    from trafilatura.utils import load_html

    tree = load_html(f"<html><body><article>{html}</article></body></html>")
    if tree is None:
        return ()
    document = trafilatura.bare_extraction(
        tree, include_comments=False, include_tables=True, include_formatting=False, favor_recall=True
    )
    if isinstance(document, Document) and document.body is not None:
        blocks = body_blocks(document.body)
        if blocks:
            return blocks
    text = " ".join(" ".join(tree.itertext()).split())
    return (Block("paragraph", text, 0),) if text else ()
