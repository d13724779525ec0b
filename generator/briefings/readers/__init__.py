"""Seed formats: one reader per format, in a registry (Pelican's readers by file extension).

A reader turns one seed file into the located values of an Article: its title, its date as
printed, its blocks of text, and the metadata the file holds inside itself (Markdown's front
matter). `parse` adds the metadata file beside it where the format allows one. To add a
format, write a module here with a READER and list it in READERS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from briefings.errors import Problem
from briefings.formats.yamlread import Node
from briefings.model import Block, Located, SourceText


@dataclass(frozen=True, slots=True)
class Reading:
    """What a reader found in one seed file."""

    title: Located[str] | None
    printed_date: Located[str] | None
    blocks: tuple[Block, ...]
    front_matter: Node | None  # metadata inside the file, or None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class Reader:
    """A seed format: its files' suffixes, whether NAME.yml beside a file holds its metadata, and how to read one."""

    name: str
    suffixes: tuple[str, ...]
    metadata_file: bool
    read: Callable[[SourceText], Reading]


def _registry() -> tuple[Reader, ...]:
    from briefings.readers import markdown, text

    return (text.READER, markdown.READER)  # one line per format


READERS: tuple[Reader, ...] = _registry()
BY_SUFFIX: dict[str, Reader] = {suffix: reader for reader in READERS for suffix in reader.suffixes}


def suffixes() -> tuple[str, ...]:
    """Return every suffix a seed may have, as the readers declare them."""
    return tuple(BY_SUFFIX)


def reader_for(name: str) -> Reader | None:
    """Return the reader of a file name (by its suffix, in any case), or None."""
    dot = name.rfind(".")
    return BY_SUFFIX.get(name[dot:].lower()) if dot >= 0 else None
