"""Shared fixtures: the repository, the corpus, and settings for a seeds folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.model import Settings
from briefings.settings import settings_from

REPO = Path(__file__).resolve().parents[1]
FIXTURE_SEEDS = REPO / "tests" / "fixtures" / "seeds"
GOLDEN = REPO / "tests" / "golden"
CORPUS = REPO.parent / "shared" / "corpus"


def make_settings(
    seeds_dir: Path,
    taxonomy_file: Path | None = None,
    cache_dir: Path | None = None,
    site_name: str = "Briefings",
    site_url: str = "",
    **options,
) -> Settings:
    """Return the settings for a seeds folder made as the plugin makes them (settings_from, from the plugin's
    `options`); unlike the plugin's defaults, one process and no cache unless a cache folder is given."""
    values = {
        "seeds": str(seeds_dir),
        "taxonomy": str(taxonomy_file) if taxonomy_file else None,
        "cache": cache_dir is not None,
        "jobs": 1,
        **options,
    }
    if cache_dir is not None:
        values["cache_dir"] = str(cache_dir)
    if "exclude" in values:
        values["exclude"] = list(values["exclude"])
    return settings_from(values, config_dir=Path.cwd(), site_name=site_name, site_url=site_url)


DEFAULT = object()


def fixture_settings(seeds_dir: Path = FIXTURE_SEEDS, taxonomy_file=DEFAULT, **options) -> Settings:
    """Return the settings used for the fixture seeds (and the golden tree)."""
    taxonomy = seeds_dir / "taxonomy.yml" if taxonomy_file is DEFAULT else taxonomy_file
    return make_settings(seeds_dir, taxonomy, **options)


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


def copy_project(target: Path, seeds_from: Path | None = None) -> Path:
    """Return a copy of the project's site configuration (mkdocs.yml, theme, content) in `target`."""
    import shutil

    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "theme", target / "theme")
    (target / "content").mkdir()
    shutil.copy(REPO / "content" / "about.md", target / "content" / "about.md")
    shutil.copy(REPO / "content" / "search.md", target / "content" / "search.md")
    source = seeds_from or (REPO / "seeds")
    shutil.copytree(source, target / "seeds")
    return target


def build_site(root: Path, site_url: str | None = None) -> Path:
    """Return the site that `briefings build --quiet` makes in a project copy (site_url overridden if given)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ) if site_url is None else {**os.environ, "BRIEFINGS_SITE_URL": site_url}
    site = root / "site"
    subprocess.run(
        [sys.executable, "-m", "briefings", "build", "--site-dir", str(site), "--quiet"],
        cwd=root,
        env=env,
        check=True,
    )
    return site


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


def build_in_process(root: Path, progress=None, **changes):
    """Build the site of a project with MkDocs in this process, as a new process would; return its config.
    `progress` is handed to the briefings plugin, `changes` to MkDocs' load_config."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    from briefings.incremental import store as cache
    from briefings.integrations.mkdocs.plugin import Run

    cache._MEMORY.clear()
    config = load_config(str(root / "mkdocs.yml"), **changes)
    plugin = config.plugins["briefings"]
    with plugin.running(Run(progress=progress) if progress is not None else plugin.run):
        mkdocs_build.build(config)
    return config


def replace_plugin_line(root: Path, line: str, replacement: str) -> None:
    """Replace one line of the briefings plugin's options in a project's mkdocs.yml (it must be there)."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert line in text
    config.write_text(text.replace(line, replacement, 1), encoding="utf-8")
