"""The one digest every cache key is made with, and the fingerprint of the generator's own code."""

from __future__ import annotations

import functools
import hashlib
import io
import pickle
from pathlib import Path

PROTOCOL = 5  # fixed, not HIGHEST_PROTOCOL: a newer Python must not change every key


def digest(*values) -> str:
    """Return a digest of values (text, bytes, numbers, tuples, dicts, model objects): equal values give equal digests.

    Pickle's fast mode writes no memo, so the bytes depend on the values alone, not on which objects
    happen to be shared; every model type is a frozen dataclass of tuples, strings, numbers and dates,
    whose pickles are canonical. Nothing is ever unpickled from these bytes."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=PROTOCOL)
    pickler.fast = True
    pickler.dump(values)
    return hashlib.blake2b(buffer.getvalue(), digest_size=20).hexdigest()


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Return a digest of the generator's own code and data: a new version invalidates every entry."""
    package = Path(__file__).resolve().parents[1]
    files = sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in (".py", ".yml"))
    return digest(*((path.relative_to(package).as_posix(), path.read_bytes()) for path in files))
