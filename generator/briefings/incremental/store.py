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

import io
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefings.errors import Problem
from briefings.incremental.digest import code_fingerprint
from briefings.incremental.files import FileState, atomic_write, file_state
from briefings.incremental.parallel import fork_map
from briefings.model import Article, Briefing, Seed, pickle_by_fields

CACHE_FORMAT = 1
CACHE_FILE = "seeds.pickle"
RELATED_FILE = "related.pickle"
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


# A serve session rebuilds often: keep what was last loaded or saved, so an unchanged
# cache file is not read again. path -> (file signature, context, entries)
_MEMORY: dict[Path, tuple[FileState | None, str, dict[str, object]]] = {}


def forget() -> None:
    """Drop what a serve session keeps in memory (a one-off build has no use for it)."""
    _MEMORY.clear()


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
        signature = file_state(self.path)
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
                buffer = io.BytesIO()
                pickle.dump((CACHE_FORMAT, self.context), buffer, protocol=pickle.HIGHEST_PROTOCOL)
                for record in self.used.items():
                    pickle.dump(record, buffer, protocol=pickle.HIGHEST_PROTOCOL)
                atomic_write(self.path, buffer.getvalue())
                kept = dict(self.used)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return  # a read-only or full disk, or a value that cannot be kept, costs the next run time, not this output
        _MEMORY[self.path] = (file_state(self.path), self.context, kept)


class SeedCache(KeyedLog):
    """Each seed's parse and enrich result (SeedResult), by seed_key."""

    FILE = CACHE_FILE


class RelatedCache(KeyedLog):
    """The whole site's related briefings (related.related_slugs), by a digest of all it reads of the
    briefings: a rebuild whose briefings kept their slugs, dates, terms and titles does not compute them again."""

    FILE = RELATED_FILE

    def __init__(self, directory: Path | None) -> None:
        super().__init__(directory, code_fingerprint())


def results_for(
    seeds: Sequence[Seed], keys: Sequence[str], work: Callable[[Seed], SeedResult], cache: SeedCache, jobs: int
) -> list[SeedResult]:
    """Return every seed's result, in order: remembered ones from the cache (by the seeds' `keys`, from
    seed_key), the rest computed (over `jobs` processes when there are enough of them to be worth starting
    processes for)."""
    results: list[SeedResult | None] = [cache.get(key) for key in keys]
    missing = [n for n, result in enumerate(results) if result is None]
    computed = fork_map(work, [seeds[n] for n in missing], jobs if len(missing) >= PARALLEL_MIN else 1, chunksize=CHUNK)
    for n, result in zip(missing, computed, strict=True):
        results[n] = result
        cache.put(keys[n], result)
    return results  # type: ignore[return-value]
