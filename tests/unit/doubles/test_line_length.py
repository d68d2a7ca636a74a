"""The project's line length, which the generated doubles are laid out to."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.doubles.sources import project_line_length


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, 88),
        ({"pyproject.toml": "[project]\nname = 'p'\n"}, 88),
        ({"pyproject.toml": "[tool.ruff]\nline-length = 100\n"}, 100),
        ({"pyproject.toml": "[tool.black]\nline-length = 79\n"}, 79),
        ({"pyproject.toml": "[tool.ruff]\nline-length = 120\n[tool.black]\nline-length = 79\n"}, 120),
        ({"ruff.toml": "line-length = 72\n", "pyproject.toml": "[tool.black]\nline-length = 79\n"}, 72),
        ({".ruff.toml": "line-length = 99\n"}, 99),
        ({"pyproject.toml": "[tool.ruff\nline-length = 100\n"}, 88),  # not TOML: ruff's default
        ({"pyproject.toml": "[tool.ruff]\nline-length = '100'\n"}, 88),
        ({"pyproject.toml": "[tool.ruff]\nline-length = true\n"}, 88),
    ],
)
def test_the_nearest_configuration_gives_the_line_length(files: dict[str, str], expected: int, tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "src" / "pkg").mkdir(parents=True)
    for name, text in files.items():
        (project / name).write_text(text, encoding="utf-8")
    assert project_line_length(project / "src" / "pkg") == expected


def test_the_search_stops_at_the_projects_own_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 120\n", encoding="utf-8")
    inner = tmp_path / "vendored" / "pkg"
    inner.mkdir(parents=True)
    assert project_line_length(inner) == 120
    (tmp_path / "vendored" / "pyproject.toml").write_text("[project]\nname = 'v'\n", encoding="utf-8")
    assert project_line_length(inner) == 88
