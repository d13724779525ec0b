"""Part of stage 4 (render): Atom and JSON Feed 1.1 files for the site and for every term.

Feeds are files in content/feeds/ that MkDocs copies as they are. Readers need absolute
URLs, so links are made from the site's `site_url`; without one they are relative to the
feed file (which most feed readers resolve against the feed's own address) and IDs are
`urn:briefings:` names. Newest first, the bottom line as summary, dates at midnight UTC
unless the article printed a time; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from generator.markup import dump_json
from generator.model import Briefing, Settings

FEEDS_DIR = "feeds"
SITE_FEED = "all"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
EMPTY_UPDATED = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)  # a feed with no entry: a fixed date, not now
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class FeedPaths:
    """Where one feed's two files go, relative to content/ (and to the site root)."""

    atom: str
    json: str


def feed_paths(name: str) -> FeedPaths:
    """Return the paths of the feeds called `name` ("all", or "TAXONOMY/SLUG")."""
    return FeedPaths(f"{FEEDS_DIR}/{name}.atom.xml", f"{FEEDS_DIR}/{name}.json")


def published_at(briefing: Briefing) -> dt.datetime:
    """Return when a briefing was published: its printed timestamp, or midnight UTC of its date."""
    if briefing.timestamp is not None and briefing.timestamp.tzinfo is not None:
        return briefing.timestamp.astimezone(dt.timezone.utc)
    return dt.datetime.combine(briefing.date, dt.time(), tzinfo=dt.timezone.utc)


def updated_at(briefing: Briefing) -> dt.datetime:
    """Return when a briefing last changed: midnight UTC of `updated`, never before it was published."""
    published = published_at(briefing)
    if briefing.updated is None:
        return published
    return max(published, dt.datetime.combine(briefing.updated, dt.time(), tzinfo=dt.timezone.utc))


def stamp(moment: dt.datetime) -> str:
    """Return an RFC 3339 timestamp in UTC."""
    return moment.astimezone(dt.timezone.utc).isoformat()


def xml_text(text: str) -> str:
    """Return text without the characters XML 1.0 cannot hold."""
    return NOT_XML.sub("", text)


class Addresses:
    """Absolute URLs under site_url, or URLs relative to the feed file when there is none."""

    def __init__(self, site_url: str, feed_path: str) -> None:
        self.site_url = site_url if not site_url or site_url.endswith("/") else site_url + "/"
        self.feed_path = feed_path

    def url(self, target: str) -> str:
        """Return the URL of a path relative to the site root (a directory URL keeps its slash)."""
        if self.site_url:
            return self.site_url + target
        relative = posixpath.relpath(target or ".", posixpath.dirname(self.feed_path))
        return relative + "/" if target.endswith("/") or not target else relative

    def id(self, kind: str, name: str, target: str) -> str:
        """Return a stable ID: the absolute URL, or a urn:briefings: name without a site_url."""
        return self.site_url + target if self.site_url else f"urn:briefings:{kind}:{name}"


def render_atom(name: str, title: str, page_url: str, briefings: Sequence[Briefing], settings: Settings,
                briefing_url: Callable[[Briefing], str]) -> str:
    """Return an Atom feed of briefings (already newest first)."""
    paths = feed_paths(name)
    at = Addresses(settings.site_url, paths.atom)
    feed = FeedGenerator()
    feed.id(at.id("feed", name, paths.atom))
    feed.title(xml_text(title))
    feed.author({"name": xml_text(settings.site_name)})
    feed.link(href=at.url(page_url), rel="alternate", type="text/html")
    feed.link(href=at.url(paths.atom), rel="self", type="application/atom+xml")
    feed.language("en")
    feed.generator("briefings")
    feed.updated(max((updated_at(b) for b in briefings), default=EMPTY_UPDATED))
    for briefing in briefings:
        url = briefing_url(briefing)
        entry = feed.add_entry(order="append")
        entry.id(at.id("briefing", briefing.slug, url))
        entry.title(xml_text(briefing.title))
        entry.link(href=at.url(url), rel="alternate", type="text/html")
        entry.published(published_at(briefing))
        entry.updated(updated_at(briefing))
        entry.summary(xml_text(briefing.summary.value), type="text")
    return feed.atom_str(pretty=True, encoding="UTF-8").decode("utf-8").rstrip("\n") + "\n"


def render_json_feed(name: str, title: str, page_url: str, briefings: Sequence[Briefing], settings: Settings,
                     briefing_url: Callable[[Briefing], str]) -> str:
    """Return a JSON Feed 1.1 of briefings (already newest first)."""
    paths = feed_paths(name)
    at = Addresses(settings.site_url, paths.json)
    items = []
    for briefing in briefings:
        url = briefing_url(briefing)
        items.append({
            "id": at.id("briefing", briefing.slug, url),
            "url": at.url(url),
            "title": briefing.title,
            "summary": briefing.summary.value,
            "content_text": briefing.summary.value,
            "date_published": stamp(published_at(briefing)),
            "date_modified": stamp(updated_at(briefing)),
        })
    feed = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": at.url(page_url),
        "feed_url": at.url(paths.json),
        "language": "en",
        "authors": [{"name": settings.site_name}],
        "items": items,
    }
    return dump_json(feed)


def render_feeds(name: str, title: str, page_url: str, briefings: Sequence[Briefing], settings: Settings,
                 briefing_url: Callable[[Briefing], str]) -> dict[str, str]:
    """Return {path: text} of the Atom and JSON feeds called `name` for a page at `page_url`."""
    paths = feed_paths(name)
    return {
        paths.atom: render_atom(name, title, page_url, briefings, settings, briefing_url),
        paths.json: render_json_feed(name, title, page_url, briefings, settings, briefing_url),
    }
