"""Footprints from what pytest runs with a test: fixtures, base classes, strings (issue 12).

A small project written here, planned with ``planner plan --tests`` in a real
subprocess (pytest's own collection says where each fixture is defined).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.functional.test_selection_cli import planner

FILES = {
    "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["src"]\n',
    "src/pkg/__init__.py": "",
    "src/pkg/core.py": "import importlib\n\ndef load(name):\n    return importlib.import_module(name)\n",
    "src/pkg/plugins/__init__.py": "",
    "src/pkg/plugins/cache.py": "def get():\n    return 1\n",
    "src/pkg/plugins/tables.py": "def table():\n    return 2\n",
    "src/pkg/filters.py": "def upper(s):\n    return s.upper()\n",
    "src/pkg/state.py": "VALUES = {}\n\ndef clear():\n    VALUES.clear()\n",
    "src/pkg/app.py": "from pkg import filters\n\nclass App:\n"
    "    def render(self, s):\n        return filters.upper(s)\n",
    "src/pkg/testing.py": "import unittest\n\nfrom pkg import app\n\nclass AppCase(unittest.TestCase):\n"
    "    def setUp(self):\n        self.app = app.App()\n\n    def test_inherited(self):\n"
    "        assert self.app.render('c') == 'C'\n",
    "tests/conftest.py": """
        import pytest

        from pkg import state
        from pkg.app import App


        @pytest.fixture(autouse=True)
        def _reset():
            state.clear()


        @pytest.fixture
        def env():
            return App()


        @pytest.fixture
        def client(env):
            return env
    """,
    "tests/helpers.py": """
        import pytest

        from pkg.core import load


        class Base:
            @pytest.fixture(autouse=True)
            def _loaded(self):
                self.cache = load("pkg.plugins.cache:get")
    """,
    "tests/test_a.py": """
        import pytest

        from helpers import Base
        from pkg.core import load
        from pkg.testing import AppCase


        def render(text, extensions=()):
            return [load("pkg.plugins." + name) for name in extensions]


        def test_client(client):
            assert client.render("a") == "A"


        @pytest.mark.usefixtures("env")
        def test_usefixtures():
            pass


        def test_plugin():
            assert load("pkg.plugins.cache").get() == 1


        def test_extension():
            assert render("x", extensions=["tables"])


        def test_nothing():
            assert 1 + 1 == 2


        class TestApp(AppCase):
            def test_render(self):
                assert self.app.render("b") == "B"


        class TestBase(Base):
            def test_cache(self):
                assert self.cache
    """,
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("footprints")
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    return root


@pytest.fixture(scope="module")
def footprints(project: Path) -> dict[str, Any]:
    result = planner("plan", "src", "--tests", "tests", "--no-cache", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return {t["id"].rpartition("::")[2]: t["footprint"] for t in data["selection"]["tests"]}


def test_a_fixture_from_a_conftest_counts_transitively(footprints: dict[str, Any]) -> None:
    # client -> env -> App(): the conftest's fixtures, as pytest resolved them
    assert footprints["test_client"] == ["pkg.app"]
    assert footprints["test_usefixtures"] == ["pkg.app"]


def test_strings_that_name_a_module_count(footprints: dict[str, Any]) -> None:
    assert footprints["test_plugin"] == ["pkg.core", "pkg.plugins.cache"]
    # a bare name given to an ``extensions=`` keyword, which one unit's name ends with
    assert "pkg.plugins.tables" in footprints["test_extension"]


def test_base_classes_and_their_autouse_fixtures_count(footprints: dict[str, Any]) -> None:
    # a base class in the package is that unit; its inherited test too
    assert footprints["test_render"] == ["pkg.testing"]
    assert footprints["test_inherited"] == ["pkg.testing"]
    # a base class beside the tests: its autouse fixture's code (and the string it loads)
    assert footprints["test_cache"] == ["pkg.core", "pkg.plugins.cache"]


def test_an_autouse_fixture_places_only_a_test_that_names_nothing(footprints: dict[str, Any]) -> None:
    # conftest's autouse reset runs for everyone: it does not pull every test to pkg.state's step
    assert "pkg.state" not in footprints["test_client"]
    assert footprints["test_nothing"] == ["pkg.state"]


def test_a_base_class_scanned_out_of_the_graph_is_read_as_test_code(project: Path) -> None:
    # the fix the crowding warning proposes: pkg/testing.py as harness, not a unit
    args = ("plan", "src", "--exclude", "testing.py", "--tests", "tests", "--no-cache", "--format", "json")
    result = planner(*args, cwd=project)
    assert result.returncode == 0, result.stderr
    tests = {t["id"].rpartition("::")[2]: t["footprint"] for t in json.loads(result.stdout)["selection"]["tests"]}
    assert tests["test_render"] == ["pkg.app"]  # AppCase.setUp makes an App
