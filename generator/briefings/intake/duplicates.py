"""What is already a seed: every seed's canonical URL and normalised text, so an article is not added twice.

A URL is compared normalised by courlan (tracking parameters, default ports, fragments and case of the host
dropped) and without its scheme, a leading `www.` and a trailing slash; a text by its words in lowercase
(punctuation, markup and spacing ignored), read from the seed as the build's own reader reads it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml

from briefings.model import Block, SourceText
from briefings.readers import reader_for
from briefings.readers.text import clean_text

WORD = re.compile(r"\w+")


def url_key(url: str) -> str:
    """Return the key two URLs of the same article share; '' for no URL."""
    if not url:
        return ""
    from courlan import normalize_url

    try:
        normal = normalize_url(url.strip(), strict=True)
    except (ValueError, AttributeError):
        normal = url.strip()
    parts = urlsplit(normal)
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit(("", host + port, parts.path.rstrip("/"), parts.query, ""))


def text_key(blocks: tuple[Block, ...]) -> str:
    """Return the digest of an article's words, lowercased; '' for no words."""
    words = WORD.findall(clean_text(" ".join(block.text for block in blocks)).casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest() if words else ""


def seed_blocks(name: str, text: str) -> tuple[Block, ...]:
    """Return a seed's blocks, as the build's reader of its format reads them."""
    reader = reader_for(name)
    return reader.read(SourceText(name, name, text, "")).blocks if reader else ()


@dataclass
class Known:
    """The seeds there are, by URL key and by text key: {key: the seed's body path}."""

    urls: dict[str, Path] = field(default_factory=dict)
    texts: dict[str, Path] = field(default_factory=dict)

    def find(self, url: str, text: str) -> tuple[Path, str] | None:
        """Return the seed that has this article already and how it matched ("same URL", "same text"), or None."""
        key = url_key(url)
        if key and key in self.urls:
            return self.urls[key], "same URL"
        if text and text in self.texts:
            return self.texts[text], "same text"
        return None

    def note(self, path: Path, url: str, text: str) -> None:
        """Record a seed."""
        key = url_key(url)
        if key:
            self.urls.setdefault(key, path)
        if text:
            self.texts.setdefault(text, path)


def source_url(values: object) -> str:
    """Return `source.url` of a metadata mapping, or ''."""
    if isinstance(values, dict) and isinstance(values.get("source"), dict):
        url = values["source"].get("url")
        return url if isinstance(url, str) else ""
    return ""


def read_known(seeds_dir: Path) -> Known:
    """Return every seed of the folder (hidden files and folders left out) by URL and by text."""
    from briefings.readers.markdown import split_front_matter

    known = Known()
    if not seeds_dir.is_dir():
        return known
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted(seeds_dir.rglob("*")):
        rel = path.relative_to(seeds_dir)
        if path.suffix.lower() not in (".txt", ".md") or any(p.startswith(".") for p in rel.parts):
            continue
        try:
            text = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
        except OSError:
            continue
        meta: object = None
        try:
            if path.suffix.lower() == ".md":
                front, _, _ = split_front_matter(text)
                meta = yaml.load(front, Loader=loader) if front else None  # noqa: S506 - a safe loader
            else:
                for suffix in (".yml", ".yaml"):
                    beside = path.with_suffix(suffix)
                    if beside.is_file():
                        meta = yaml.load(beside.read_text(encoding="utf-8", errors="replace"), Loader=loader)  # noqa: S506
                        break
        except (yaml.YAMLError, OSError):
            meta = None  # the build reports a broken metadata file; here it only has no URL
        known.note(path, source_url(meta), text_key(seed_blocks(rel.as_posix(), text)))
    return known
