"""Each seed's parse and enrich results, kept between runs and computed over every core.

What parse and enrich make of one seed (its Article, its Briefing before slugs and related
briefings are settled, and its problems) depends only on the seed's own files, the
settings that enrich reads, the topic vocabulary, the gazetteers and the generator's code.
All of that goes into the key, so a hit is the very value a fresh run would compute, and
the output bytes are the same with or without the cache. The cache is one pickle file in
the project's `.cache/` folder (where Material's plugins keep theirs); an unreadable,
foreign or outdated file is ignored and replaced, never an error.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefings.errors import Problem
from briefings.model import Article, Briefing, Inputs, Plan, Seed, Settings, pickle_by_fields
from briefings.incremental.parallel import fork_map

CACHE_FORMAT = 1
CACHE_FILE = "seeds.pickle"
LEDGER_FILE = "pages.pickle"
RELATED_FILE = "related.pickle"
LEDGER_FORMAT = 1
PARALLEL_MIN = 64  # fewer seeds to compute than this are not worth starting processes for
CHUNK = 16  # seeds handed to a worker process at a time


@pickle_by_fields
@dataclass(frozen=True, slots=True)
class SeedResult:
    """What parse and enrich made of one seed: its article (None when it did not parse), its briefing
    (None when it did not enrich), and its problems, parse's first."""

    article: Article | None
    briefing: Briefing | None
    problems: tuple[Problem, ...]


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Return a digest of the generator's own code and data: a new version invalidates every entry."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in (".py", ".yml")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def context_key(settings: Settings, inputs: Inputs) -> str:
    """Return the digest of everything besides a seed's own files that its result depends on."""
    digest = hashlib.sha256()
    parts = [str(CACHE_FORMAT), code_fingerprint(), settings.timezone, repr(settings.dayfirst), repr(settings.internal)]
    for source in (inputs.taxonomy, *inputs.gazetteers):
        parts.append("-" if source is None else f"{source.path}\0{source.sha256}")
    digest.update("\0".join(parts).encode())
    return digest.hexdigest()


def seed_key(seed: Seed) -> str:
    """Return the digest of a seed's own files: names, displayed paths and contents."""
    parts = [seed.name]
    for source in (seed.body, seed.meta):
        parts.append("-" if source is None else f"{source.path}\0{source.rel}\0{source.sha256}")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


# A serve session rebuilds often: keep what was last loaded or saved, so an unchanged
# cache file is not read again. path -> (file signature, context, entries)
_MEMORY: dict[Path, tuple[tuple[int, int] | None, str, dict[str, object]]] = {}


def forget() -> None:
    """Drop what a serve session keeps in memory (a one-off build has no use for it)."""
    _MEMORY.clear()


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


class KeyedLog:
    """Values computed by earlier runs, by key, in one file named FILE; `directory` None keeps nothing.

    The file is a header (format, context) followed by (key, value) records; a run that
    computed a few values appends their records, so saving costs what changed, not the whole
    archive. It is rewritten when the context changed or when entries this run did not use
    outnumber the used ones. A record cut short (an interrupted append) ends the reading:
    the values after it are computed again. A file that cannot be read is a miss, never an error.
    """

    FILE = ""

    def __init__(self, directory: Path | None, context: str) -> None:
        self.path = directory / self.FILE if directory is not None else None
        self.context = context
        self.entries: dict[str, object] = self._load()
        self.used: dict[str, object] = {}
        self.new: dict[str, object] = {}

    def _load(self) -> dict[str, object]:
        if self.path is None:
            return {}
        signature = _signature(self.path)
        remembered = _MEMORY.get(self.path)
        if remembered is not None and remembered[0] == signature:
            return dict(remembered[2]) if remembered[1] == self.context else {}
        if signature is None:
            return {}
        entries: dict[str, object] = {}
        try:
            with self.path.open("rb") as handle:
                if pickle.load(handle) != (CACHE_FORMAT, self.context):
                    return {}
                while True:
                    key, value = pickle.load(handle)
                    entries[key] = value
        except EOFError:
            pass
        except Exception:  # noqa: BLE001 - a cache that cannot be read is a cache miss, never a failed build
            pass
        return entries

    @property
    def hits(self) -> int:
        """Return how many values came from the file in this run."""
        return len(self.used) - len(self.new)

    def get(self, key: str):
        """Return the remembered value for a key, or None."""
        value = self.entries.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value) -> None:
        """Remember a freshly computed value."""
        self.used[key] = value
        self.new[key] = value

    def save(self, keep_unused: bool = False) -> None:
        """Append this run's new values, or rewrite the file with this run's values only (with the
        values it did not use too when `keep_unused`: a run that looked at part of the input)."""
        if self.path is None:
            return
        if keep_unused:
            self.used = {**self.entries, **self.used}
        stale = len(self.entries) - self.hits  # entries this run did not use
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists() and len(self.entries) and stale <= len(self.used):
                if not self.new:
                    return
                with self.path.open("ab") as out:
                    for record in self.new.items():
                        pickle.dump(record, out, protocol=pickle.HIGHEST_PROTOCOL)
                kept = {**self.entries, **self.new}
            else:
                handle, temporary = tempfile.mkstemp(prefix=f".{self.FILE}.", dir=self.path.parent)
                with os.fdopen(handle, "wb") as out:
                    pickle.dump((CACHE_FORMAT, self.context), out, protocol=pickle.HIGHEST_PROTOCOL)
                    for record in self.used.items():
                        pickle.dump(record, out, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, self.path)
                kept = dict(self.used)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return  # a read-only or full disk, or a value that cannot be kept, costs the next run time, not this one its output
        _MEMORY[self.path] = (_signature(self.path), self.context, kept)


class SeedCache(KeyedLog):
    """Each seed's parse and enrich result (SeedResult), by seed_key."""

    FILE = CACHE_FILE


class RelatedCache(KeyedLog):
    """The whole site's related briefings (related.related_slugs), by a digest of all it reads of the
    briefings: a rebuild whose briefings kept their slugs, dates, terms and titles does not compute them again."""

    FILE = RELATED_FILE

    def __init__(self, directory: Path | None) -> None:
        super().__init__(directory, code_fingerprint())


def results_for(seeds: Sequence[Seed], keys: Sequence[str], work: Callable[[Seed], SeedResult], cache: SeedCache,
                jobs: int) -> list[SeedResult]:
    """Return every seed's result, in order: remembered ones from the cache (by the seeds' `keys`, from
    seed_key), the rest computed (over `jobs` processes when there are enough of them to be worth starting
    processes for)."""
    results: list[SeedResult | None] = [cache.get(key) for key in keys]
    missing = [n for n, result in enumerate(results) if result is None]
    computed = fork_map(work, [seeds[n] for n in missing], jobs if len(missing) >= PARALLEL_MIN else 1, chunksize=CHUNK)
    for n, result in zip(missing, computed):
        results[n] = result
        cache.put(keys[n], result)
    return results  # type: ignore[return-value]


def render_context(settings: Settings) -> str:
    """Return the digest of what every rendered page depends on besides its briefings: the code and the settings."""
    parts = [str(LEDGER_FORMAT), code_fingerprint(), repr(dataclasses.replace(settings, cache_dir=None, jobs=1))]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _file_state(path: Path) -> tuple[int, int, int] | None:
    """Return what tells a file apart from any rewrite of it: inode, size and modification time."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


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
            if all(_file_state(self.content_dir / path) == state for path, state in files)
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
            files = tuple((path, _file_state(self.content_dir / path)) for path in paths)
            if all(state is not None for _, state in files):
                units[name] = (key, files)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{LEDGER_FILE}.", dir=self.path.parent)
            with os.fdopen(handle, "wb") as out:
                pickle.dump((LEDGER_FORMAT, self.folder, units), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:  # the next run renders everything; this one's output is already written
            return
