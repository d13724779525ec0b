"""What many tests share: the repository's paths, settings made as the plugin makes them, and project copies."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

from briefings.model import Settings
from briefings.settings import settings_from

REPO = Path(__file__).resolve().parents[2]
FIXTURE_SEEDS = REPO / "tests" / "fixtures" / "seeds"
GOLDEN = REPO / "tests" / "golden"
SHARED = REPO.parent / "shared"  # the mission's article and the corpus, beside the project
CORPUS = SHARED / "corpus"


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


def copy_project(target: Path, seeds_from: Path | None = None) -> Path:
    """Return a copy of the project's site configuration (mkdocs.yml, theme, content) in `target`."""
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
    env = dict(os.environ) if site_url is None else {**os.environ, "BRIEFINGS_SITE_URL": site_url}
    site = root / "site"
    subprocess.run(
        [sys.executable, "-m", "briefings", "build", "--site-dir", str(site), "--quiet"],
        cwd=root,
        env=env,
        check=True,
    )
    return site


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


PLACES = ("Russia", "China", "NATO", "the Pentagon", "Japan", "the S-400", "Vladimir Putin", "India")


def write_seeds(folder, count: int) -> None:
    """Write `count` small seeds with distinct titles, dates and entity mentions, plus the fixture seeds."""
    shutil.copytree(FIXTURE_SEEDS, folder)
    for n in range(count):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=n * 3)
        a, b = PLACES[n % len(PLACES)], PLACES[(n * 3 + 1) % len(PLACES)]
        (folder / f"gen-{n:03d}.txt").write_text(
            f"{day.isoformat()}\nTalks number {n} between {a} and {b}\n\n"
            f"Officials from {a} met counterparts from {b} to discuss radar and missile cooperation.\n\n"
            f"Analysts said the meeting, the {n}th of its kind, produced no agreement.\n",
            encoding="utf-8",
        )
