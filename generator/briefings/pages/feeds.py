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

from briefings.formats.jsontext import dump_json, json_string
from briefings.model import Briefing, Settings
from briefings.pages.paths import link_from

FEEDS_DIR = "feeds"
SITE_FEED = "all"
FEED_ENTRIES = 50  # the newest briefings a feed carries; term pages and the archive list the rest
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
EMPTY_UPDATED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # a feed with no entry: a fixed date, not now
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
        return briefing.timestamp.astimezone(dt.UTC)
    return dt.datetime.combine(briefing.date, dt.time(), tzinfo=dt.UTC)


def updated_at(briefing: Briefing) -> dt.datetime:
    """Return when a briefing last changed: midnight UTC of `updated`, never before it was published."""
    published = published_at(briefing)
    if briefing.updated is None:
        return published
    return max(published, dt.datetime.combine(briefing.updated, dt.time(), tzinfo=dt.UTC))


def stamp(moment: dt.datetime) -> str:
    """Return an RFC 3339 timestamp in UTC."""
    return moment.astimezone(dt.UTC).isoformat()


def xml_text(text: str) -> str:
    """Return text without the characters XML 1.0 cannot hold."""
    return NOT_XML.sub("", text)


class Addresses:
    """Absolute URLs under site_url, or URLs relative to the feed file when there is none."""

    def __init__(self, site_url: str, feed_path: str) -> None:
        self.site_url = site_url if not site_url or site_url.endswith("/") else site_url + "/"
        self.base = posixpath.dirname(feed_path)

    def url(self, target: str) -> str:
        """Return the URL of a path relative to the site root (a directory URL keeps its slash)."""
        if self.site_url:
            return self.site_url + target
        relative = link_from(self.base, target)
        return relative + "/" if target.endswith("/") or not target else relative

    def id(self, kind: str, name: str, target: str) -> str:
        """Return a stable ID: the absolute URL, or a urn:briefings: name without a site_url."""
        return self.site_url + target if self.site_url else f"urn:briefings:{kind}:{name}"


def xml_escape(text: str) -> str:
    """Return text escaped for XML character data (as lxml writes it)."""
    return xml_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def xml_attribute(text: str) -> str:
    """Return text escaped for a double-quoted XML attribute (as lxml writes it)."""
    return xml_escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


class Entries:
    """Each briefing's Atom entry and JSON Feed item, made once and reused by every feed it is in.

    Only the link differs between feeds, and only without a site_url (it is relative to the
    feed's folder then): each entry is kept as the text before the link and the text after it.
    """

    def __init__(self, settings: Settings, briefing_url: Callable[[Briefing], str]) -> None:
        self.settings = settings
        self.briefing_url = briefing_url
        self.made: dict[str, tuple[str, str, str, str, str]] = {}

    def parts(self, briefing: Briefing, at: Addresses) -> tuple[str, str, str, str, str]:
        """Return (target, Atom before the link, Atom after it, JSON before the URL, JSON after it)."""
        made = self.made.get(briefing.slug)
        if made is None:
            target = self.briefing_url(briefing)
            ident = at.id("briefing", briefing.slug, target)
            published, updated = stamp(published_at(briefing)), stamp(updated_at(briefing))
            atom_before = (
                "  <entry>\n"
                f"    <id>{xml_escape(ident)}</id>\n"
                f"    <title>{xml_escape(briefing.title)}</title>\n"
                f"    <updated>{updated}</updated>\n"
                '    <link href="'
            )
            atom_after = (
                '"/>\n'
                f'    <summary type="text">{xml_escape(briefing.summary.value)}</summary>\n'
                f"    <published>{published}</published>\n"
                "  </entry>\n"
            )
            # what dump_json writes for this item inside the items list, made with the C encoder
            summary = json_string(briefing.summary.value)
            json_before = f'    {{\n      "id": {json_string(ident)},\n      "url": '
            json_after = (
                f',\n      "title": {json_string(briefing.title)},\n      "summary": {summary},\n'
                f'      "content_text": {summary},\n      "date_published": "{published}",\n'
                f'      "date_modified": "{updated}"\n    }}'
            )
            made = self.made[briefing.slug] = (target, atom_before, atom_after, json_before, json_after)
        return made

    def atom(self, briefing: Briefing, at: Addresses) -> str:
        """Return the <entry> element of a briefing, indented for a feed."""
        target, before, after, _, _ = self.parts(briefing, at)
        return before + xml_attribute(at.url(target)) + after

    def json(self, briefing: Briefing, at: Addresses) -> str:
        """Return the JSON Feed item of a briefing, indented for the items list."""
        target, _, _, before, after = self.parts(briefing, at)
        return before + json_string(at.url(target)) + after


def render_atom(name: str, title: str, page_url: str, briefings: Sequence[Briefing], entries: Entries) -> str:
    """Return an Atom feed of briefings (already newest first)."""
    paths = feed_paths(name)
    at = Addresses(entries.settings.site_url, paths.atom)
    updated = max((updated_at(b) for b in briefings), default=EMPTY_UPDATED)
    head = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
        f"  <id>{xml_escape(at.id('feed', name, paths.atom))}</id>\n"
        f"  <title>{xml_escape(title)}</title>\n"
        f"  <updated>{stamp(updated)}</updated>\n"
        "  <author>\n"
        f"    <name>{xml_escape(entries.settings.site_name)}</name>\n"
        "  </author>\n"
        f'  <link href="{xml_attribute(at.url(page_url))}" rel="alternate" type="text/html"/>\n'
        f'  <link href="{xml_attribute(at.url(paths.atom))}" rel="self" type="application/atom+xml"/>\n'
        "  <generator>briefings</generator>\n"
    )
    return head + "".join(entries.atom(b, at) for b in briefings) + "</feed>\n"


def render_json_feed(name: str, title: str, page_url: str, briefings: Sequence[Briefing], entries: Entries) -> str:
    """Return a JSON Feed 1.1 of briefings (already newest first)."""
    paths = feed_paths(name)
    at = Addresses(entries.settings.site_url, paths.json)
    head = dump_json(
        {
            "version": JSON_FEED_VERSION,
            "title": title,
            "home_page_url": at.url(page_url),
            "feed_url": at.url(paths.json),
            "language": "en",
            "authors": [{"name": entries.settings.site_name}],
        }
    )
    items = ",\n".join(entries.json(b, at) for b in briefings)
    listed = f'"items": [\n{items}\n  ]' if items else '"items": []'
    return head[: -len("\n}\n")] + f",\n  {listed}\n}}\n"


def render_feeds(
    name: str, title: str, page_url: str, briefings: Sequence[Briefing], entries: Entries
) -> dict[str, str]:
    """Return {path: text} of the Atom and JSON feeds `name` of a page at `page_url`: its FEED_ENTRIES newest."""
    paths = feed_paths(name)
    newest = briefings[:FEED_ENTRIES]
    return {
        paths.atom: render_atom(name, title, page_url, newest, entries),
        paths.json: render_json_feed(name, title, page_url, newest, entries),
    }
