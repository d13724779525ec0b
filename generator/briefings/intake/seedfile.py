"""Writing a Draft as a seed in the project's own format: NAME.txt (the date on line 1, the title on line 2, then
the blocks as the plain-text format writes them) with NAME.yml holding what the source says of itself, or a
Markdown seed with that added to its front matter. Names are never reused: nothing is overwritten."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import yaml

from briefings.formats.slug import slugify
from briefings.incremental.files import temporary_beside
from briefings.intake.draft import Draft
from briefings.model import Block, SourceRef
from briefings.readers.markdown import split_front_matter
from briefings.readers.text import BULLET, QUOTE

NAME_WORDS = 60  # characters of the title in a seed's name
NOTES_HEADING = "Notes"
SEED_SUFFIXES = (".txt", ".md", ".yml", ".yaml")


def block_text(block: Block) -> str:
    """Return one block as the plain-text seed format writes it."""
    if block.kind == "heading":
        return f"{'#' * max(2, min(block.depth, 4))} {block.text}"
    if block.kind == "item":
        return f"{'  ' * block.depth}{BULLET}{block.text}"
    if block.kind == "quote":
        return f"{QUOTE}{block.text}"
    return block.text


def body_text(blocks: tuple[Block, ...], notes: tuple[str, ...] = ()) -> str:
    """Return the article's text: blank lines between blocks, none between the items of a list or the rows of a
    table (which is how the format tells them apart), then the notes under a heading of their own."""
    out: list[str] = []
    previous = ""
    for block in blocks:
        together = block.kind == previous and block.kind in ("item", "table")
        out.append(("\n" if together else "\n\n") + block_text(block) if out else block_text(block))
        previous = block.kind
    text = "".join(out)
    if notes:
        text += f"\n\n## {NOTES_HEADING}\n\n" + "\n\n".join(notes)
    return text


def moment_text(value: dt.date | None) -> str | None:
    """Return a date or aware datetime in ISO 8601 (seconds, no fractions), or None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def date_line(draft: Draft) -> str:
    """Return line 1 of the seed: the date as the text printed it, or as the source gave it (with its time)."""
    return draft.printed or moment_text(draft.source.published) or ""


def seed_text(draft: Draft) -> str:
    """Return the plain-text seed of a Draft."""
    return f"{date_line(draft)}\n{draft.title}\n\n{body_text(draft.blocks, draft.notes)}\n"


def source_fields(source: SourceRef) -> dict[str, str]:
    """Return the `source` mapping's fields that are known, in the order the README lists them."""
    values = {
        "name": source.name,
        "url": source.url,
        "author": source.author,
        "published": moment_text(source.published),
        "retrieved": moment_text(source.retrieved),
    }
    return {key: value for key, value in values.items() if value}


def added_fields(draft: Draft, at: dt.datetime) -> dict[str, str]:
    """Return the `added` mapping: when, from what, as what."""
    return {"at": at.replace(microsecond=0).isoformat(), "from": draft.origin, "as": draft.kind}


def dump(values: dict) -> str:
    """Return YAML that reads back to the values (Unicode kept, no wrapping)."""
    return yaml.safe_dump(values, sort_keys=False, allow_unicode=True, width=1_000_000)


META_HEADER = (
    "# Added by `briefings add`: what the source says of itself. Edit freely; what is given here\n"
    "# wins over what the generator detects (add summary, topics, countries … as for any seed).\n"
)


def meta_text(draft: Draft, at: dt.datetime) -> str:
    """Return NAME.yml of a plain-text seed."""
    values: dict[str, object] = {}
    if draft.lang:
        values["lang"] = draft.lang
    source = source_fields(draft.source)
    if source:
        values["source"] = source
    values["added"] = added_fields(draft, at)
    return META_HEADER + dump(values)


def markdown_text(draft: Draft, at: dt.datetime, date: dt.date | None) -> str:
    """Return a Markdown seed: its text as given, with `added` (and the date given with --date, if it had none)
    at the end of its front matter, which gets one if it had none."""
    assert draft.markdown is not None
    front, body, _ = split_front_matter(draft.markdown)
    extra: dict[str, object] = {}
    if date is not None and not draft.printed:
        extra["date"] = date.isoformat()
    extra["added"] = added_fields(draft, at)
    addition = dump(extra)
    if front is None:
        return f"---\n{addition}---\n{draft.markdown}"
    lines = draft.markdown.split("\n")
    close = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    head = "\n".join(lines[:close]).rstrip("\n")
    return f"{head}\n{addition}---\n" + "\n".join(lines[close + 1 :])


def free_name(seeds_dir: Path, stem: str) -> str:
    """Return the stem, or the stem with -2, -3 … if a seed (or any file a seed could be) already has it."""
    n = 1
    while True:
        name = stem if n == 1 else f"{stem}-{n}"
        if not any((seeds_dir / f"{name}{suffix}").exists() for suffix in SEED_SUFFIXES):
            return name
        n += 1


def link_new(temporary: Path, target: Path) -> None:
    """Give a written temporary file the target's name, atomically, only if no file has that name."""
    try:
        os.link(temporary, target)  # fails if the target exists: a hand-made seed is never overwritten
    finally:
        temporary.unlink(missing_ok=True)


def write_seed(seeds_dir: Path, stem: str, files: dict[str, str]) -> Path:
    """Write a seed's files ({suffix: text}) under a free name, each atomically and none over another file;
    return the body's path. The metadata file goes first, so the body never stands without it."""
    seeds_dir.mkdir(parents=True, exist_ok=True)
    order = sorted(files, key=lambda suffix: suffix not in (".yml", ".yaml"))
    while True:
        name = free_name(seeds_dir, stem)
        written: list[Path] = []
        try:
            for suffix in order:
                target = seeds_dir / f"{name}{suffix}"
                link_new(temporary_beside(target, files[suffix].encode("utf-8")), target)
                written.append(target)
        except FileExistsError:  # another writer took the name meanwhile: take the next one
            for path in written:
                path.unlink(missing_ok=True)
            continue
        return next(path for path in written if path.suffix in (".txt", ".md"))


def seed_stem(draft: Draft, day: dt.date) -> str:
    """Return a new seed's name without suffix: its date and its title as a slug."""
    return f"{day.isoformat()}-{slugify(draft.title, NAME_WORDS)}"
