"""The scan leaves out what git ignores: the tree's .gitignore files and its repository's above it."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.loaders.scan.discover import discover


def names(root: Path, *, gitignore: bool = True) -> list[str]:
    return [m.name for m in discover(root, display=str(root), gitignore=gitignore).modules]


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    write(
        tmp_path,
        {
            ".gitignore": "build/\n/generated.py\n*_pb2.py\n",
            "app/__init__.py": "",
            "app/core.py": "",
            "app/api_pb2.py": "",
            "app/vendored/.gitignore": "*.py\n!keep.py\n",
            "app/vendored/__init__.py": "",
            "app/vendored/keep.py": "",
            "app/vendored/junk.py": "",
            "build/lib/app/core.py": "",
            "generated.py": "",
            "tool.py": "",
        },
    )
    return tmp_path


def test_gitignored_files_and_directories_are_left_out(repository: Path) -> None:
    assert names(repository) == ["app", "app.core", "app.vendored", "app.vendored.keep", "tool"]


def test_no_gitignore_scans_everything(repository: Path) -> None:
    # but build/ at the top, which is no package: copies made by a build, never the code itself
    assert names(repository, gitignore=False) == [
        "app",
        "app.api_pb2",
        "app.core",
        "app.vendored",
        "app.vendored.junk",
        "app.vendored.keep",
        "generated",
        "tool",
    ]


def test_the_repository_rules_apply_below_its_top(repository: Path) -> None:
    # scanning a package inside the repository: the top's .gitignore still applies to it
    assert names(repository / "app") == ["app", "app.core", "app.vendored", "app.vendored.keep"]


def test_a_named_root_is_scanned_even_when_ignored(repository: Path) -> None:
    assert names(repository / "build" / "lib") == ["app.core"]


def test_outside_a_repository_only_the_trees_own_rules_count(tmp_path: Path) -> None:
    write(tmp_path, {".gitignore": "pkg/\n", "tree/pkg/__init__.py": "", "tree/other.py": ""})
    assert names(tmp_path / "tree") == ["other", "pkg"]  # the .gitignore above is no repository's


def test_generated_doubles_build_directories_and_virtual_environments_stay_out(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "doubles/manifest.json": '{\n  "command": "planner doubles plan.json -o doubles",\n  "drivers": {}\n}\n',
            "doubles/stubs/app/__init__.py": "",
            "doubles/drivers/test_driver_app.py": "",
            "build/lib/app/__init__.py": "",
            "dist/app.py": "",
            ".venv/lib/site.py": "",
            "venv/pyvenv.cfg": "",
            "venv/lib/thing.py": "",
            "data/manifest.json": "{}",  # another tool's manifest: scanned
            "data/load.py": "",
        },
    )
    assert names(tmp_path) == ["app", "data.load"]
    write(tmp_path, {"build/__init__.py": ""})  # a package named build is code
    assert "build" in names(tmp_path)
