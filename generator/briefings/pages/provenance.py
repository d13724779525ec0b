"""What a reader is told of where a briefing came from: its sources (publisher, author, original date, a link
to the original, when it was retrieved, grade) and its provenance (how it got here, when, whether a person
wrote its bottom line), the file details last."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from briefings.formats.escape import escape_text, escape_url
from briefings.model import Briefing, Intake, SourceRef
from briefings.standards import grade_meaning

ENGLISH = ("en",)


def moment_text(value: dt.date) -> str:
    """Return a date as 2024-03-14, a time with its zone as 2024-03-14 07:45 UTC+01:00."""
    if not isinstance(value, dt.datetime):
        return value.isoformat()
    offset = value.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    zone = (
        "UTC" if minutes == 0 else f"UTC{'+' if minutes > 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    )
    return f"{value.date().isoformat()} {value.strftime('%H:%M')} {zone}"


def host_of(url: str) -> str:
    """Return a URL's host without www., as a reader recognises a site."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def language_name(tag: str) -> str:
    """Return the English name of a language tag's language ("fr-CA" -> "French"), or the tag itself."""
    import pycountry

    code = tag.split("-")[0].lower()
    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return str(found.name) if found is not None else tag


def render_one_source(source: SourceRef, standards_link: str, lang: str = "") -> str:
    """Return one source as a list item: the publisher linked to the original, where the link goes, the author,
    the original date, when it was retrieved, the language if not English, and the Admiralty grade."""
    host = host_of(source.url) if source.url else ""
    name = escape_text(source.name or host or "Source")
    parts = [f"[{name}]({escape_url(source.url)})" if source.url else name]
    if host and source.name and host.casefold() != source.name.casefold():
        parts[0] += f" ({escape_text(host)})"
    if source.author:
        parts.append(f"by {escape_text(source.author)}")
    if source.published:
        parts.append(f"published {moment_text(source.published)}")
    if source.retrieved:
        parts.append(f"retrieved {moment_text(source.retrieved)}")
    if lang and lang.split("-")[0].lower() not in ENGLISH:
        parts.append(f"in {escape_text(language_name(lang))}")
    line = "- " + " · ".join(parts)
    if source.grade:
        line += f" · grade [{source.grade}]({standards_link}#source-grades): {grade_meaning(source.grade)}"
    return line


def render_sources(briefing: Briefing, standards_link: str) -> str:
    """Return the Sources section: the article's own source first, then the others."""
    own = briefing.source if briefing.source is not None and briefing.source.given() else None
    others = [s for s in briefing.sources if s.given()]
    if own is None and not others:
        return "No source was given for this article."
    lines = [render_one_source(own, standards_link, briefing.lang)] if own else []
    lines.extend(render_one_source(source, standards_link) for source in others)
    return "\n".join(lines)


def where_from(added: Intake) -> str:
    """Return where an added seed came from, in words: a web page at a URL, a saved page's file, a feed …"""
    origin = added.origin
    fetched = origin.startswith(("http://", "https://"))
    shown = f"<{escape_url(origin)}>" if fetched else f"`{origin.replace('`', '')}`"
    if added.kind == "web page":
        return f"the web page at {shown}" if fetched else f"a saved copy of the web page, {shown}"
    if added.kind == "PDF":
        return f"the PDF at {shown}" if fetched else f"the PDF file {shown}"
    if added.kind == "feed item":
        return f"an item of the feed at {shown}" if fetched else f"an item of the feed file {shown}"
    if origin == "standard input":
        return "text given on standard input"
    return f"the {'Markdown' if added.kind == 'Markdown' else 'text'} file {shown}"


WRITTEN = {  # (bottom line given, key points given; None: there are none): who wrote them
    (True, None): "The bottom line was written by a person.",
    (False, None): "The bottom line was extracted automatically from the article's text, not written by a person.",
    (True, True): "The bottom line and key points were written by a person.",
    (True, False): "The bottom line was written by a person; the key points were extracted automatically.",
    (False, True): "The bottom line was extracted automatically from the article's text, not written by a person; "
    "the key points were written by a person.",
    (False, False): "The bottom line and key points were extracted automatically from the article's text, "
    "not written by a person.",
}


def render_provenance(briefing: Briefing) -> tuple[str, str]:
    """Return the Provenance section's two paragraphs: how the briefing got here and who wrote its bottom line;
    the seed's file details."""
    added = briefing.added
    if added is not None:
        told = f"Added with `briefings add` on {moment_text(added.at)} from {where_from(added)}."
    else:
        told = "The seed does not record where it came from or when it was added."
    points = briefing.key_points
    written = WRITTEN[briefing.summary.origin.given, points.origin.given if points.value else None]
    files = f"Seed file `{briefing.seed.replace('`', '')}`, SHA-256 `{briefing.sha256}`."
    return f"{told} {written}", files
