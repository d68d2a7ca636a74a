"""What a project declares for its tests, read as a CI job must install it."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.ci.project import declared_test_install as declared_install

CASES = [
    ('[project]\nname = "x"\n[project.optional-dependencies]\ntest = ["pytest>=8"]\n', {},
     "python -m pip install -e .[test]"),
    ('[project]\nname = "x"\n[project.optional-dependencies]\ndocs = ["sphinx"]\ntesting = ["PyTest[x]"]\n', {},
     "python -m pip install -e .[testing]"),
    ('[project]\nname = "x"\n[dependency-groups]\ntest = ["pytest", "hypothesis"]\n', {},
     "python -m pip install -e . --group test"),
    ('[project]\nname = "x"\n[dependency-groups]\nlint = ["ruff"]\nbase = ["pytest"]\n'
     'dev = [{include-group = "base"}, "coverage"]\n', {}, "python -m pip install -e . --group dev"),
    ('[dependency-groups]\ntests = ["pytest"]\n', {}, "python -m pip install --group tests"),  # not a package
    ('[project]\nname = "x"\n', {"requirements/test.txt": "# tests\npytest==9.0\nfreezegun\n"},
     "python -m pip install -e . -r requirements/test.txt"),
    ("", {"setup.py": "", "requirements-dev.txt": "pytest\n"}, "python -m pip install -e . -r requirements-dev.txt"),
    ('[project]\nname = "x"\n[project.optional-dependencies]\ntest = ["nose"]\n', {}, None),  # no pytest
    ('[project]\nname = "x"\n[dependency-groups]\ndev = [{include-group = "dev"}]\n', {}, None),  # a loop
    ("not toml [", {}, None),
    ('[build-system]\nrequires = ["setuptools"]\n',  # pluggy 1.5: its metadata in setup.cfg
     {"setup.cfg": "[metadata]\nname = x\n[options.extras_require]\ndev =\n    pre-commit\ntesting =\n    pytest\n"},
     "python -m pip install -e .[testing]"),
    ("", {"setup.cfg": "[options.extras_require]\ntest = nose\n"}, None),  # no pytest
    ("", {"setup.cfg": "[options.extras_require\n"}, None),  # not an ini file
]  # fmt: skip


@pytest.mark.parametrize(("pyproject", "files", "expected"), CASES)
def test_what_the_project_declares_for_its_tests(
    tmp_path: Path, pyproject: str, files: dict[str, str], expected: str | None
) -> None:
    if pyproject:
        (tmp_path / "pyproject.toml").write_text(pyproject)
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert declared_install(tmp_path) == ((expected,) if expected else None)
