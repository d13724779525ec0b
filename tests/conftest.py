"""The fixtures every group of tests may use; the helpers they share are in tests/support/."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.browser import (  # noqa: F401 - fixtures offered to every test
    browser,
    built_site,
    context,
    recorder,
    site_url,
    subpath_site,
    subpath_url,
)
from support.project import CORPUS, FIXTURE_SEEDS, copy_project


@pytest.fixture
def corpus() -> Path:
    """Return the shared corpus folder, or skip."""
    if not (CORPUS / "manifest.jsonl").exists():
        pytest.skip("corpus absent: ../shared/corpus")
    return CORPUS


@pytest.fixture
def seeds(tmp_path, monkeypatch):
    """Return a writer of seed files in an empty seeds folder; the working directory is tmp_path."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "seeds"
    folder.mkdir()

    def write(name: str, text: str | bytes) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    write.dir = folder
    return write


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """Return a fresh copy of the project with the repository's seeds; the working directory is it."""
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def fresh_seed_memory():
    """Each run reads the seed cache file itself, as a new process would (no seed results kept in memory)."""
    from briefings.incremental import store as cache

    cache._MEMORY.clear()
    yield
    cache._MEMORY.clear()


@pytest.fixture
def site_project(tmp_path, monkeypatch) -> Path:
    """Return a project copy with the fixture seeds and a hand-written page; the working directory is it."""
    root = copy_project(tmp_path / "project", seeds_from=FIXTURE_SEEDS)
    monkeypatch.chdir(root)
    return root
