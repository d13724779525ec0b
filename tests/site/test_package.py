"""A real package: its wheel carries the licence and the data, its version is written once, and the plugin
loads whatever the working folder holds."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile

import pytest

import briefings
from support.project import REPO, build_site, copy_project

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel `pip wheel` builds from the repository."""
    out = tmp_path_factory.mktemp("wheel")
    leftover = not (REPO / "build").exists()  # setuptools builds in the source tree; take away what it leaves
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    if leftover:
        shutil.rmtree(REPO / "build", ignore_errors=True)
    (found,) = out.glob("briefings-*.whl")
    return found


def test_the_wheel_carries_the_licence_the_data_and_one_version(wheel):
    assert wheel.name.startswith(f"briefings-{briefings.__version__}-")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"briefings-{briefings.__version__}.dist-info/METADATA").decode()
        licence = archive.read(f"briefings-{briefings.__version__}.dist-info/licenses/LICENSE").decode()
    assert licence.startswith("MIT License")
    assert "License-Expression: MIT" in metadata
    for data in ("gazetteer.yml", "regions.yml", "worldmap.json"):
        assert f"briefings/data/{data}" in names
    assert "briefings/cli.py" in names and not any(n.startswith(("tests/", "generator/")) for n in names)
    # the version is written in one place: briefings/__init__.py (pyproject reads it)
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    written = [REPO / name for name in tracked if name.endswith((".py", ".toml"))]
    holders = [
        p.relative_to(REPO).as_posix()
        for p in written
        if re.search(r"""^(?:__version__|version)\s*=\s*["']\d""", p.read_text(errors="ignore"), re.M)
    ]
    assert holders == ["generator/briefings/__init__.py"]
    assert f"## {briefings.__version__}" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


def test_a_generator_package_in_the_working_folder_does_not_shadow_the_plugin(tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "generator").mkdir()
    (root / "generator" / "__init__.py").write_text("raise ImportError('a user package called generator')\n")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=root, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert (
        root / "site" / "briefings" / "russia-and-china-propose-sharing-satellite-intelligence" / "index.html"
    ).is_file()
    assert build_site(root).is_dir()
