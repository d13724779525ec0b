"""Stage 5: Plan -> disk. Atomic writes, unchanged bytes skipped, stale generated files removed.

The generator remembers what it wrote in `content/.briefings-manifest` (MkDocs ignores
dotfiles). A file it did not write is hand-written and is never replaced or removed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from briefings.errors import Problem
from briefings.incremental.files import temporary_beside
from briefings.model import Plan

MANIFEST = ".briefings-manifest"


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What a write changed on disk."""

    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    kept: int = 0  # of the unchanged, files not even rendered again (their inputs had not changed)


def read_manifest(content_dir: Path) -> set[str]:
    """Return the paths the generator wrote last time."""
    try:
        text = (content_dir / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return set()
    return {line for line in text.split("\n") if line and not line.startswith("#")}


def check_plan(plan: Plan, content_dir: Path) -> list[Problem]:
    """Return a problem for every planned path that would replace a hand-written file."""
    owned = read_manifest(content_dir)
    problems = []
    for path, _ in plan.files:
        target = content_dir / path
        if path not in owned and (target.exists() or target.is_symlink()):
            problems.append(
                Problem(
                    str(target),
                    0,
                    "hand-written file in the generator's place; move or rename it (the generator never overwrites it)",
                )
            )
    return problems


def changed_files(plan: Plan, content_dir: Path) -> list[tuple[str, bytes]]:
    """Return the planned files whose bytes differ from what is on disk."""
    changed = []
    for path, text in plan.files:
        data = text.encode("utf-8")
        target = content_dir / path
        try:
            if target.read_bytes() == data:
                continue
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            pass
        changed.append((path, data))
    return changed


def swap_in(staged: list[tuple[Path, Path]]) -> None:
    """Move every staged file into place; on any failure or interrupt, put every old file back."""
    done: list[tuple[Path, Path | None]] = []
    try:
        for target, tmp in staged:
            backup = None
            if target.exists():
                backup = target.with_name(f".{target.name}.{os.getpid()}.bak")
                os.replace(target, backup)
            done.append((target, backup))
            os.replace(tmp, target)
    except BaseException:
        for target, backup in reversed(done):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        raise
    for _, backup in done:
        if backup is not None:
            backup.unlink(missing_ok=True)


def write_plan(plan: Plan, content_dir: Path) -> WriteReport:
    """Write the plan all or nothing: stage changed files, swap them in, then remove stale ones."""
    owned = read_manifest(content_dir)
    planned = {path for path, _ in plan.files} | set(plan.kept)
    changed = changed_files(plan, content_dir)
    manifest = "# Files written by the briefings generator; it removes them when they become stale.\n"
    manifest += "".join(f"{path}\n" for path in sorted(planned))
    outputs = list(changed)
    manifest_path = content_dir / MANIFEST
    if not manifest_path.exists() or manifest_path.read_text(encoding="utf-8") != manifest:
        outputs.append((MANIFEST, manifest.encode("utf-8")))
    staged: list[tuple[Path, Path]] = []
    folders: set[Path] = set()
    try:
        for path, data in outputs:
            target = content_dir / path
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            staged.append((target, temporary_beside(target, data)))
        swap_in(staged)
    finally:
        for _, tmp in staged:
            tmp.unlink(missing_ok=True)
    stale = sorted(owned - planned)
    for path in stale:
        (content_dir / path).unlink(missing_ok=True)
        remove_empty_dirs((content_dir / path).parent, content_dir)
    return WriteReport(tuple(p for p, _ in changed), len(planned) - len(changed), tuple(stale), len(plan.kept))


def remove_empty_dirs(folder: Path, stop: Path) -> None:
    """Remove empty folders from `folder` up to, but not including, `stop`."""
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
