"""Work spread over the machine's cores: forked processes that inherit what they need.

The work function and everything it reads are inherited by forking, not pickled, so
only the items (small) and the results travel between processes. Results come back in
the order of the items, so the output never depends on which process finished first.
Where fork is unavailable, or there is one core or one item, the work runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

_WORK: Callable[[Any], Any] | None = None  # set just before forking; the workers inherit it


def default_jobs() -> int:
    """Return the number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Return whether work can be spread over forked processes here."""
    return "fork" in multiprocessing.get_all_start_methods()


def in_worker(parent: int) -> bool:
    """Return whether this is a process forked from the process `parent` (an os.getpid() taken before forking)."""
    return os.getpid() != parent


def _run(item: Any) -> Any:
    assert _WORK is not None
    return _WORK(item)


def fork_map(
    work: Callable[[Any], Any],
    items: Sequence[Any],
    jobs: int,
    chunksize: int = 1,
    done: Callable[[int], None] | None = None,
) -> list[Any]:
    """Return [work(item) for item in items], over up to `jobs` forked processes; `done`, if given, is
    called in this process with the number of results so far as they arrive (for progress)."""
    global _WORK
    if jobs <= 1 or len(items) < 2 or not can_fork():
        return _collect(map(work, items), done)
    _WORK = work
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(items))) as pool:
            return _collect(pool.imap(_run, items, chunksize=chunksize), done)
    finally:
        _WORK = None


def _collect(results: Iterator[Any], done: Callable[[int], None] | None) -> list[Any]:
    """Return the results as a list, telling `done` how many have arrived after each one."""
    if done is None:
        return list(results)
    collected = []
    for result in results:
        collected.append(result)
        done(len(collected))
    return collected
