"""Files on disk: the one atomic write, and the one stat that tells a file apart from any rewrite of it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

FileState = tuple[int, int, int]  # inode, size, modification time in nanoseconds


def file_state(path: Path) -> FileState | None:
    """Return a file's inode, size and modification time (None if it cannot be read). A file replaced by
    renaming a new one over it has a new inode; an edit in place changes the time."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def temporary_beside(target: Path, data: bytes) -> Path:
    """Return a new temporary file in the target's folder (which exists) holding the bytes."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[BinaryIO]:
    """Yield a file to write the target's new bytes to: a temporary file beside it that replaces it when the
    block ends, or is removed if the block fails (Lektor's way): a reader sees the old file or the new one,
    never half of one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(target: Path, data: bytes) -> None:
    """Replace the target with these bytes, atomically (see replacing)."""
    with replacing(target) as handle:
        handle.write(data)
