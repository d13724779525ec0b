"""Feeds: RSS and Atom by feedparser, JSON Feed 1.0 and 1.1 by the json module. Each item is a Draft when the
feed carries its text, or a link to fetch when it carries only a summary."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from dataclasses import dataclass

from briefings.intake.draft import Draft, IntakeFailed
from briefings.intake.webpage import fragment_blocks, usable_url
from briefings.model import Block, SourceRef

JSON_FEED = re.compile(r"https?://jsonfeed\.org/version/1(?:\.1)?/?")
FULL_TEXT_WORDS = 150  # an item whose text is shorter is a summary: its article is fetched from its link
WORDPRESS_FOOTER = re.compile(r"The post .+ appeared first on .+\.?")  # what WordPress appends to every item


@dataclass(frozen=True, slots=True)
class Item:
    """One feed item: its Draft (its text may be only a summary), and the link to fetch for the whole article."""

    draft: Draft
    link: str  # "" when the item has its whole text, or no link
    label: str  # how a line names the item: its link, or the feed and its title


def moment(text: str | None) -> dt.date | None:
    """Return a feed's date (RFC 822 in RSS, RFC 3339 in Atom and JSON Feed) as an aware datetime in the zone it
    was given in; a date alone where it gives no zone; None if it cannot be read."""
    if not text:
        return None
    text = text.strip()
    value: dt.datetime | None
    try:
        value = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
    if value is None:
        return None
    return value if value.tzinfo is not None else value.date()


def is_json_feed(data: bytes) -> bool:
    """Return whether the bytes are a JSON Feed."""
    if not data.lstrip()[:1] == b"{":
        return False
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(value, dict) and bool(JSON_FEED.fullmatch(str(value.get("version", ""))))


def words(blocks: tuple[Block, ...]) -> int:
    """Return the number of words in the blocks."""
    return sum(len(block.text.split()) for block in blocks)


def cleaned(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Return the blocks without WordPress's "The post … appeared first on …" line."""
    return tuple(b for b in blocks if not (b.kind == "paragraph" and WORDPRESS_FOOTER.fullmatch(b.text)))


def item_of(
    *,
    title: str,
    html: str,
    text: str,
    link: str,
    author: str,
    published,
    feed_name: str,
    lang: str,
    origin: str,
    n: int,
    summary_only: bool,
) -> Item:
    """Return one feed item, whatever the feed's format; `summary_only` when the feed gives no content but a
    summary (RSS description, Atom summary, JSON Feed summary): then a short one is fetched from its link."""
    title = " ".join(title.split())
    link = usable_url(link.strip())
    blocks = cleaned(fragment_blocks(html)) if html.strip() else ()
    if not blocks and text.strip():
        blocks = tuple(Block("paragraph", " ".join(p.split()), 0) for p in re.split(r"\n\s*\n", text) if p.strip())
    label = link or f"{origin} item {n} ({title or 'untitled'})"
    if not title:
        raise IntakeFailed(f"{label}: the item has no title")
    source = SourceRef(name=feed_name, url=link, author=" ".join(author.split()), published=published)
    draft = Draft(title, blocks, source, origin, "feed item", lang)
    needs_page = bool(link) and summary_only and words(blocks) < FULL_TEXT_WORDS
    return Item(draft, link if needs_page else "", label)


def read_feed(data: bytes, origin: str) -> tuple[Item | IntakeFailed, ...]:
    """Return every item of an RSS, Atom or JSON feed (an item that cannot be read as its failure)."""
    if is_json_feed(data):
        return read_json_feed(json.loads(data), origin)
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    if not parsed.get("version") and not parsed.entries:
        raise IntakeFailed("is not an RSS, Atom or JSON feed")
    feed = parsed.feed
    feed_name = " ".join(str(feed.get("title", "")).split())
    feed_lang = str(feed.get("language", "") or "")
    items: list[Item | IntakeFailed] = []
    for n, entry in enumerate(parsed.entries, start=1):
        content = entry.get("content") or []
        html = "\n".join(str(part.get("value", "")) for part in content)
        summary = str(entry.get("summary", ""))
        detail = entry.get("author_detail") or {}
        lang = (content[0].get("language") if content else None) or feed_lang
        try:
            items.append(
                item_of(
                    title=str(entry.get("title", "")),
                    html=html or summary,
                    text="",
                    link=str(entry.get("link", "")),
                    author=str(detail.get("name") or entry.get("author", "")),
                    published=moment(entry.get("published") or entry.get("updated")),
                    feed_name=feed_name,
                    lang=lang,
                    origin=origin,
                    n=n,
                    summary_only=not html,
                )
            )
        except IntakeFailed as exc:
            items.append(exc)
    return tuple(items)


def read_json_feed(feed: dict, origin: str) -> tuple[Item | IntakeFailed, ...]:
    """Return every item of a JSON Feed (1.0 `author`, 1.1 `authors` and `language`)."""
    feed_name = " ".join(str(feed.get("title", "")).split())
    items: list[Item | IntakeFailed] = []
    entries = feed.get("items")
    if not isinstance(entries, list):
        raise IntakeFailed("is a JSON Feed without a list of items")
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            items.append(IntakeFailed(f"{origin} item {n}: not an object"))
            continue
        authors = entry.get("authors") or feed.get("authors") or [entry.get("author") or feed.get("author") or {}]
        names = [str(a.get("name", "")) for a in authors if isinstance(a, dict) and a.get("name")]
        try:
            items.append(
                item_of(
                    title=str(entry.get("title", "")),
                    html=str(entry.get("content_html", "") or ""),
                    text=str(entry.get("content_text", "") or entry.get("summary", "") or ""),
                    link=str(entry.get("url", "") or entry.get("external_url", "") or ""),
                    author=", ".join(names),
                    published=moment(entry.get("date_published") or entry.get("date_modified")),
                    feed_name=feed_name,
                    lang=str(entry.get("language") or feed.get("language") or ""),
                    origin=origin,
                    n=n,
                    summary_only=not (entry.get("content_html") or entry.get("content_text")),
                )
            )
        except IntakeFailed as exc:
            items.append(exc)
    return tuple(items)
