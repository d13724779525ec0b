"""`briefings add`: each source (a file, a URL, or - for standard input) read into articles, each article
checked against the seeds there are and written as a new seed. Yields one Outcome per article or failure."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from briefings.intake import seedfile
from briefings.intake.draft import Draft, IntakeFailed
from briefings.intake.duplicates import Known, read_known, seed_blocks, text_key
from briefings.intake.feeds import Item, is_json_feed, read_feed
from briefings.intake.fetch import Fetched, Limits, fetch
from briefings.intake.pdf import read_pdf
from briefings.intake.plain import read_markdown, read_text
from briefings.intake.webpage import read_page

URL = re.compile(r"(?i)[a-z][a-z0-9+.-]*://")
PAGE_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/xml", "text/xml")
SUFFIXES = {
    ".html": "page",
    ".htm": "page",
    ".xhtml": "page",
    ".pdf": "pdf",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".json": "feed",
    ".txt": "text",
    ".md": "markdown",
}


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one article, or of a source that gave none."""

    action: str  # "added" | "skipped" (already a seed) | "failed"
    source: str  # the article's URL, or what the user gave (a file, a URL, a feed's item)
    seed: Path | None = None  # the seed written, or the one that already has the article
    reason: str = ""  # why it was skipped ("same URL", "same text") or failed


def utc_now() -> dt.datetime:
    """Return the time now in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class Options:
    """How `briefings add` runs."""

    seeds_dir: Path
    force: bool = False  # add even what is already a seed, under a fresh name
    date: dt.date | None = None  # for sources that give no date
    limits: Limits = Limits()
    clock: Callable[[], dt.datetime] = utc_now
    stdin: Callable[[], bytes] = lambda: b""


def sniff(data: bytes) -> str:
    """Return what bytes look like: pdf, feed, page, or text."""
    head = data[:2048].lstrip().lower()
    if head.startswith(b"%pdf-"):
        return "pdf"
    if is_json_feed(data) or re.match(rb"(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:rdf)\b", head, re.DOTALL):
        return "feed"
    if re.match(rb"(<!--.*?-->\s*)*(<!doctype html|<html|<head|<body)", head, re.DOTALL):
        return "page"
    return "text"


def kind_of_response(fetched: Fetched) -> str:
    """Return how to read what a URL answered, from its media type (or its bytes where the type says little)."""
    media = fetched.media_type
    if media in PAGE_TYPES:
        return "page"
    if media == "application/pdf":
        return "pdf"
    if media in FEED_TYPES or media == "application/json":
        return "feed"
    if media in ("text/plain", "text/markdown"):
        return "markdown" if media == "text/markdown" else sniff(fetched.body)
    if media in ("", "application/octet-stream", "binary/octet-stream"):
        return sniff(fetched.body)
    raise IntakeFailed(f"is {media}, not a web page, a PDF or a feed")


def url_name(url: str) -> str:
    """Return the file name a URL ends in ('' if none), for a text's seed."""
    return urlsplit(url).path.rsplit("/", 1)[-1] or "index"


def read_bytes(kind: str, data: bytes, origin: str, name: str, url: str = "", retrieved=None) -> list[Draft | Item]:
    """Return the articles of a source's bytes, read as `kind`."""
    if kind == "page":
        return [read_page(data, origin, url, retrieved)]
    if kind == "pdf":
        draft = read_pdf(data, origin, url, retrieved)
        if url and not draft.source.name:
            host = (urlsplit(url).hostname or "").removeprefix("www.")
            draft = dataclasses.replace(draft, source=dataclasses.replace(draft.source, name=host))
        return [draft]
    if kind == "feed":
        items: list[Draft | Item] = []
        for item in read_feed(data, origin):
            if isinstance(item, IntakeFailed):
                raise item
            items.append(item)
        return items
    if kind == "markdown":
        return [read_markdown(data, origin, name)]
    return [read_text(data, origin, name)]


def read_source(source: str, options: Options) -> Iterator[tuple[str, Draft | Item | IntakeFailed]]:
    """Yield (label, article or failure) for one source."""
    if source == "-":
        try:
            yield "standard input", read_text(options.stdin(), "standard input", "standard input")
        except IntakeFailed as exc:
            yield "standard input", exc
        return
    if URL.match(source):
        try:
            fetched = fetch(source, options.limits)
            kind = kind_of_response(fetched)
            data = fetched.body
            if kind == "page" and fetched.charset:
                try:
                    data = data.decode(fetched.charset).encode("utf-8")
                    data = re.sub(rb"(?i)<meta[^>]+charset[^>]*>", b'<meta charset="utf-8">', data, count=1)
                except (LookupError, UnicodeDecodeError):
                    data = fetched.body
            found = read_bytes(kind, data, source, url_name(fetched.final_url), fetched.final_url, fetched.retrieved)
        except IntakeFailed as exc:
            yield source, exc
            return
        for article in found:
            yield source, article
        return
    path = Path(source)
    try:
        if path.is_dir():
            raise IntakeFailed("is a folder; give the files in it")
        data = path.read_bytes()
        kind = SUFFIXES.get(path.suffix.lower()) or sniff(data)
        if kind == "feed" and path.suffix.lower() == ".json" and not is_json_feed(data):
            raise IntakeFailed("is JSON but not a JSON Feed (version https://jsonfeed.org/version/1.1)")
        found = read_bytes(kind, data, path.name, path.name)
    except FileNotFoundError:
        yield source, IntakeFailed("no such file")
        return
    except OSError as exc:
        yield source, IntakeFailed(f"cannot be read: {exc.strerror or exc}")
        return
    except IntakeFailed as exc:
        yield source, exc
        return
    for article in found:
        yield source, article


def whole_article(item: Item, options: Options) -> Draft:
    """Return a feed item with its article fetched from its link (the feed's facts win where the page has none)."""
    fetched = fetch(item.link, options.limits)
    if kind_of_response(fetched) not in ("page", "pdf"):
        raise IntakeFailed(f"the item's link is {fetched.media_type}, not a web page or PDF")
    kind = kind_of_response(fetched)
    reader = read_page if kind == "page" else read_pdf
    page = reader(fetched.body, item.draft.origin, fetched.final_url, fetched.retrieved)
    given = item.draft.source
    merged = dataclasses.replace(
        page.source,
        name=given.name or page.source.name,
        url=page.source.url or given.url,
        author=page.source.author or given.author,
        published=given.published or page.source.published,
    )
    return dataclasses.replace(page, source=merged, kind="feed item", lang=page.lang or item.draft.lang)


def with_date(draft: Draft, date: dt.date | None) -> Draft:
    """Return the draft with the date given by --date where the source gave none, or fail."""
    if draft.printed or draft.source.published:
        return draft
    if date is None:
        raise IntakeFailed("no publication date found; give it with --date YYYY-MM-DD")
    return dataclasses.replace(draft, printed=date.isoformat())


def seed_files(draft: Draft, at: dt.datetime, date: dt.date | None) -> tuple[dict[str, str], str]:
    """Return the files of a new seed ({suffix: text}) and the name of its body (for reading it back)."""
    if draft.markdown is not None:
        return {".md": seedfile.markdown_text(draft, at, date)}, "new.md"
    return {".txt": seedfile.seed_text(draft), ".yml": seedfile.meta_text(draft, at)}, "new.txt"


def seed_day(draft: Draft) -> dt.date:
    """Return the day a seed is named by: the source's, or today's where its printed date cannot be read here."""
    from briefings.extract.dates import DateError, parse_printed_date

    if draft.source.published is not None:
        published = draft.source.published
        return published if not isinstance(published, dt.datetime) else published.date()
    try:
        found = parse_printed_date(draft.printed)
    except DateError:
        found = None
    if found is None:
        raise IntakeFailed(f"the date {draft.printed!r} cannot be read; give the date as YYYY-MM-DD")
    return found.date


def add_article(article: Draft, options: Options, known: Known) -> Outcome:
    """Write one article as a new seed unless it is one already; return what happened."""
    at = options.clock()
    draft = with_date(article, options.date)
    files, name = seed_files(draft, at, options.date)
    body = files[".md"] if ".md" in files else files[".txt"]
    text = text_key(seed_blocks(name, body))
    label = draft.source.url or draft.origin
    if not text:
        raise IntakeFailed("no article text")
    if not options.force:
        found = known.find(draft.source.url, text)
        if found is not None:
            return Outcome("skipped", label, found[0], found[1])
    path = seedfile.write_seed(options.seeds_dir, seedfile.seed_stem(draft, seed_day(draft)), files)
    known.note(path, draft.source.url, text)
    return Outcome("added", label, path)


def add_sources(sources: Iterable[str], options: Options) -> Iterator[Outcome]:
    """Yield what became of every article of every source, in order, as each is done."""
    known = read_known(options.seeds_dir)
    for source in sources:
        for label, found in read_source(source, options):
            if isinstance(found, IntakeFailed):
                yield Outcome("failed", label, reason=str(found))
                continue
            try:
                if isinstance(found, Item):
                    label = found.label
                    draft = whole_article(found, options) if found.link else found.draft
                else:
                    draft = found
                yield add_article(draft, options, known)
            except IntakeFailed as exc:
                yield Outcome("failed", label, reason=str(exc))
