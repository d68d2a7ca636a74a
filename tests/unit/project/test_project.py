"""The project root, and the tests pytest is told to collect."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.project import find_root, guess_tests, read_config


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_the_root_is_the_nearest_pyproject_up_and_never_past_a_repository(tmp_path: Path) -> None:
    write(
        tmp_path, {"pyproject.toml": "", "repo/sub/deeper/x.txt": "", "inner/pyproject.toml": "", "inner/a/b.txt": ""}
    )
    assert find_root(tmp_path / "inner" / "a") == tmp_path / "inner"
    assert find_root(tmp_path / "repo" / "sub" / "deeper") == tmp_path
    (tmp_path / "repo" / ".git").mkdir()
    assert find_root(tmp_path / "repo" / "sub" / "deeper") is None  # the repository's top is the limit


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"pyproject.toml": '[tool.pytest.ini_options]\ntestpaths = ["checks", "more"]\n'}, ["checks", "more"]),
        # pytest.ini wins over pyproject.toml, as in pytest (even with no testpaths: then tests/)
        (
            {
                "pytest.ini": "[pytest]\ntestpaths = more\n",
                "pyproject.toml": '[tool.pytest.ini_options]\ntestpaths = ["checks"]\n',
            },
            ["more"],
        ),
        ({"pyproject.toml": "", "tox.ini": "[pytest]\ntestpaths =\n    checks\n    more\n"}, ["checks", "more"]),
        ({"pyproject.toml": "", "setup.cfg": "[tool:pytest]\ntestpaths = checks\n"}, ["checks"]),
        ({"pyproject.toml": ""}, ["tests"]),  # nothing configured: the tests directory
        ({"pyproject.toml": '[tool.pytest.ini_options]\ntestpaths = ["../outside", "gone", "checks"]\n'}, ["checks"]),
    ],
)
def test_the_tests_are_pytests_testpaths(tmp_path: Path, files: dict[str, str], expected: list[str]) -> None:
    root = write(tmp_path / "project", {**files, "checks/t.py": "", "more/t.py": "", "tests/t.py": ""})
    write(tmp_path, {"outside/t.py": ""})
    found = guess_tests(read_config(root))
    assert [p.relative_to(root).as_posix() for p in found] == expected
