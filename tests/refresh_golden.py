"""Refresh tests/golden/ from tests/fixtures/seeds: `make golden`, then review `git diff tests/golden`."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/, for support

from briefings.build import assemble  # noqa: E402
from support.project import GOLDEN, fixture_settings  # noqa: E402


def main() -> None:
    """Rewrite the golden tree."""
    _, plan, _ = assemble(fixture_settings(), None)
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for path, text in plan.files:
        target = GOLDEN / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
    print(f"{len(plan.files)} files written to {GOLDEN}; review them with: git diff --stat tests/golden")


if __name__ == "__main__":
    main()
