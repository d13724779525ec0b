"""The page ledger: which rendered pages are on disk as they were written, so a rebuild renders only what changed."""

from __future__ import annotations

import pickle
from pathlib import Path

from briefings.incremental.files import atomic_write, file_state
from briefings.model import Plan

LEDGER_FILE = "pages.pickle"
LEDGER_FORMAT = 1


class PageLedger:
    """Which rendered units are on disk as they were written, so a rebuild renders only what changed.

    After a write, the ledger keeps each keyed unit's key (render.Unit) and the inode, size and
    modification time of each of its files. The generator replaces a file by renaming a new one
    over it, so a rewrite always changes the inode; an edit in place changes the time. A unit
    whose files all match and whose key is unchanged is kept without rendering. The ledger is
    removed before every write and saved after it, so an interrupted run leaves none behind,
    and it belongs to one content folder. `directory` None keeps nothing.
    """

    def __init__(self, directory: Path | None, content_dir: Path) -> None:
        self.path = directory / LEDGER_FILE if directory is not None else None
        self.content_dir = content_dir
        self.folder = str(content_dir.resolve())

    @property
    def enabled(self) -> bool:
        """Return whether there is a place to keep the ledger."""
        return self.path is not None

    def fresh(self) -> dict[str, str]:
        """Return unit name -> key for each unit whose files are on disk as the ledger recorded them."""
        if self.path is None:
            return {}
        try:
            with self.path.open("rb") as handle:
                form, folder, units = pickle.load(handle)
        except Exception:  # noqa: BLE001 - a ledger that cannot be read means render everything
            return {}
        if form != LEDGER_FORMAT or folder != self.folder:
            return {}
        return {
            name: key
            for name, (key, files) in units.items()
            if all(file_state(self.content_dir / path) == state for path, state in files)
        }

    def forget(self) -> None:
        """Remove the ledger (before a write changes the files it describes)."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)

    def record(self, plan: Plan) -> None:
        """Save each keyed unit of the plan with the state of its files as written."""
        if self.path is None:
            return
        units = {}
        for name, key, paths in plan.units:
            files = tuple((path, file_state(self.content_dir / path)) for path in paths)
            if all(state is not None for _, state in files):
                units[name] = (key, files)
        try:
            atomic_write(self.path, pickle.dumps((LEDGER_FORMAT, self.folder, units), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:  # the next run renders everything; this one's output is already written
            return
