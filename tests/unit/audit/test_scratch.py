"""Scratch copies: what they leave out, and where a unit is imported from."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.audit.scratch import copy_project, import_base


@pytest.mark.parametrize(
    ("unit", "file", "base"),
    [
        ("shop.db", "src/shop/db.py", "src"),
        ("shop", "src/shop/__init__.py", "src"),
        ("sqlparse.engine", "sqlparse/engine/__init__.py", "."),
        ("solo", "solo.py", "."),
        ("other.name", "src/shop/db.py", None),
    ],
)
def test_import_base(unit: str, file: str, base: str | None) -> None:
    assert import_base(unit, file) == base


def test_a_copy_leaves_out_version_control_environments_and_caches(tmp_path: Path) -> None:
    project = tmp_path / "p"
    for name in ("pkg/m.py", ".git/HEAD", "env/pyvenv.cfg", "env/lib/x.py", "pkg/__pycache__/m.pyc", "tests/t.py"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text("x", encoding="utf-8")
    copy = copy_project(project, tmp_path / "copy")
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file()) == ["pkg/m.py", "tests/t.py"]
