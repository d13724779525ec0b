"""Stage 1: find the seed files, read their bytes, decode them. Nothing is interpreted here."""

from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
from pathlib import Path

from briefings.errors import Problem
from briefings.model import Inputs, Seed, Settings, SourceText
from briefings.readers import reader_for, suffixes

META_SUFFIXES = (".yml", ".yaml")
RESERVED = ("taxonomy.yml", "gazetteer.yml")  # site-owner files at the top of the seeds folder
MAX_BYTES = 5 * 1024 * 1024  # the longest real article seen is about 110 kB


def display_path(path: Path) -> str:
    """Return the path as shown in problems: relative to the working directory where possible."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return rel if not rel.startswith("../../..") else str(path)


def decode_bytes(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Return the text of a file (None if it is not text) and any problems met decoding it."""
    if b"\x00" in data:
        return None, [Problem(path, 0, "binary file (contains NUL bytes); expected UTF-8 text")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    problems = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(path, line, "not valid UTF-8; read as Windows-1252 (cp1252)", warning=True))
        text = data.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems


def read_text(path: Path, seeds_dir: Path, root: Path | None = None) -> tuple[SourceText | None, list[Problem]]:
    """Return one decoded input file, or None and the problems that stopped it.

    `root` is the seeds folder resolved (read_inputs passes it once for every file). A file
    that is not a symbolic link is inside the folder it was listed in (list_files does not
    follow links to folders); a link is resolved and must stay inside."""
    shown = display_path(path)
    root = root or seeds_dir.resolve()
    try:
        info = os.lstat(path)
        real = path
        if stat.S_ISLNK(info.st_mode):
            real = path.resolve(strict=True)
            info = real.stat()
    except (OSError, RuntimeError):
        return None, [Problem(shown, 0, "cannot be read: the file vanished or is a broken link")]
    if real is not path and not real.is_relative_to(root):
        return None, [Problem(shown, 0, f"links to {real}, outside the seeds folder; refused")]
    try:
        if info.st_size > MAX_BYTES:
            return None, [Problem(shown, 0, f"is {info.st_size:,} bytes; a seed may be at most {MAX_BYTES:,} bytes")]
        data = real.read_bytes()
    except FileNotFoundError:
        return None, [Problem(shown, 0, "vanished while the build was reading it")]
    except OSError as exc:
        return None, [Problem(shown, 0, f"cannot be read: {exc.strerror or exc}")]
    text, problems = decode_bytes(data, shown)
    if text is None:
        return None, problems
    rel = path.relative_to(seeds_dir).as_posix()
    return SourceText(shown, rel, text, hashlib.sha256(data).hexdigest()), problems


def list_files(seeds_dir: Path) -> list[Path]:
    """Return every visible file below the seeds folder, sorted by relative path."""
    found = []
    for root, dirs, files in os.walk(seeds_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in files:
            if not name.startswith((".", "_")):
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(seeds_dir).as_posix())


def read_inputs(settings: Settings) -> tuple[Inputs, list[Problem]]:
    """Return every seed, the taxonomy and gazetteers, with the problems met reading them."""
    seeds_dir = settings.seeds_dir
    problems: list[Problem] = []
    if not seeds_dir.is_dir():
        problems.append(Problem(display_path(seeds_dir), 0, "seeds folder not found"))
        return Inputs((), None, ()), problems

    root = seeds_dir.resolve()
    owner_files = {p for p in (settings.taxonomy_file, *settings.gazetteer_files) if p is not None}
    groups: dict[str, dict[str, Path]] = {}
    for path in list_files(seeds_dir):
        rel = path.relative_to(seeds_dir).as_posix()
        if rel in RESERVED or any(fnmatch.fnmatch(path.name, pattern) for pattern in settings.exclude):
            continue
        if owner_files and (root / rel) in owner_files:  # the site owner's vocabulary and gazetteers, read below
            continue
        suffix = path.suffix.lower()
        if suffix in META_SUFFIXES:
            role = "meta"
        elif reader_for(path.name) is not None:
            role = "body"
        else:
            expected = " or ".join(suffixes())
            problems.append(
                Problem(
                    display_path(path),
                    0,
                    f"not a seed, left out: expected a {expected} article, or .yml metadata",
                    warning=True,
                )
            )
            continue
        stem = rel[: -len(path.suffix)]
        group = groups.setdefault(stem, {})
        if role in group:
            problems.append(
                Problem(display_path(path), 0, f"two {role} files for one seed: also {display_path(group[role])}")
            )
            continue
        group[role] = path

    seeds = []
    for stem in sorted(groups):
        group = groups[stem]
        body = meta = None
        if "body" not in group:
            problems.append(
                Problem(
                    display_path(group["meta"]),
                    0,
                    f"metadata without an article: no {' or '.join(stem + s for s in suffixes())}",
                )
            )
            continue
        reader = reader_for(group["body"].name)
        if "meta" in group and reader is not None and not reader.metadata_file:
            problems.append(
                Problem(
                    display_path(group["meta"]),
                    0,
                    f"a {group['body'].suffix.lower()} seed keeps its metadata in its front matter; "
                    "this file would be ignored",
                )
            )
            continue
        body, found = read_text(group["body"], seeds_dir, root)
        problems.extend(found)
        if "meta" in group:
            meta, found = read_text(group["meta"], seeds_dir, root)
            problems.extend(found)
        if body is not None:
            seeds.append(Seed(stem, body, meta))

    taxonomy = None
    if settings.taxonomy_file is not None:
        taxonomy, found = read_optional(settings.taxonomy_file)
        problems.extend(found)
    gazetteers = []
    for path in settings.gazetteer_files:
        text, found = read_optional(path, required=True)
        problems.extend(found)
        if text is not None:
            gazetteers.append(text)
    return Inputs(tuple(seeds), taxonomy, tuple(gazetteers)), problems


def read_optional(path: Path, required: bool = False) -> tuple[SourceText | None, list[Problem]]:
    """Return a site-owner file (taxonomy, gazetteer) decoded, or None where it is absent."""
    shown = display_path(path)
    if not path.exists():
        return None, ([Problem(shown, 0, "file not found")] if required else [])
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 0, f"cannot be read: {exc.strerror or exc}")]
    text, problems = decode_bytes(data, shown)
    if text is None:
        return None, problems
    return SourceText(shown, path.name, text, hashlib.sha256(data).hexdigest()), problems
