"""The layout shows the architecture: imports point one way, and the README's module map names every module."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "generator" / "briefings"
README = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
STAGES = ("sources", "parse", "enrich", "link", "render", "write", "build", "cli")


def modules() -> dict[str, set[str]]:
    """Return each module of the package (dotted, without 'briefings.') with the package modules it imports."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = (
            ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__").removesuffix("__init__")
        )
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("briefings"):
                imported.add(node.module.removeprefix("briefings").removeprefix("."))
        found[name or "__init__"] = imported
    return found


def test_model_and_errors_import_nothing_from_the_package():
    found = modules()
    assert found["model"] == set() and found["errors"] == set()


def test_no_stage_imports_another_and_only_build_and_the_builders_know_them():
    for name, imported in modules().items():
        stages = {i for i in imported if i in STAGES}
        if name in ("build", "cli", "__main__") or name.startswith("integrations."):
            continue
        assert not stages, f"{name} imports the stages {sorted(stages)}"


def mapped() -> set[str]:
    """Return the paths the README's module map names: files under the folders they are indented under."""
    block = README.split("## Development", 1)[1].split("```", 2)[1]
    folders: list[tuple[int, str]] = []
    names = set()
    for line in block.splitlines()[2:]:
        if not line.strip():
            continue
        indent, word = len(line) - len(line.lstrip()), line.split()[0]
        folders = [(i, f) for i, f in folders if i < indent]
        if word.endswith("/"):
            folders.append((indent, word))
        else:
            names.add("".join(f for _, f in folders) + word)
    return names


def test_the_readme_module_map_names_every_module():
    modules_on_disk = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name not in ("__init__.py", "__main__.py") or path.parent.name == "readers"
    }
    modules_on_disk.discard("readers/__main__.py")
    assert sorted(modules_on_disk - mapped()) == []
    assert sorted(mapped() - modules_on_disk) == []
