"""Strings that name a module, and the code pytest runs with a test (planner.selection.sites)."""

from __future__ import annotations

import pytest

from planner.selection.collected import CodeSite
from planner.selection.sites import StringUnits, site_usage, under_project
from planner.selection.testcode import parse_module

UNITS = ["pkg", "pkg.core", "pkg.plugins", "pkg.plugins.cache", "pkg.plugins.tables", "pkg.other.tables2"]


@pytest.mark.parametrize(
    ("text", "loader", "unit"),
    [
        ("pkg.plugins.cache", False, "pkg.plugins.cache"),
        ("pkg.plugins.cache:Cache", False, "pkg.plugins.cache"),
        ("pkg.plugins.cache.Cache.get", False, "pkg.plugins.cache"),
        ("pkg.Thing", False, None),  # a one-part prefix is too weak a sign
        ("pkg", False, "pkg"),
        ("cache.size", False, None),  # a configuration key, not a module
        ("tables", True, "pkg.plugins.tables"),
        ("tables", False, None),  # a bare name counts only given to a loader's keyword
        ("plugins", True, None),  # a package is not an extension
        ("nowhere:thing", False, None),
    ],
)
def test_the_unit_a_string_names(text: str, loader: bool, unit: str | None) -> None:
    strings = StringUnits(UNITS, ["pkg", "pkg.plugins"])
    assert strings.of(text, loader=loader) == unit


def test_strings_count_only_in_the_lines_of_the_code_that_runs() -> None:
    code = parse_module(
        "import importlib\n"
        "def used():\n"
        "    return importlib.import_module('pkg.plugins.cache')\n"
        "def unused():\n"
        "    return 'pkg.core'\n"
        "def render(text, extensions=()):\n"
        "    pass\n"
        "def test_x():\n"
        "    render('x', extensions=['tables'])\n"
    )
    assert code is not None
    strings = StringUnits(UNITS, ["pkg", "pkg.plugins"])
    assert strings.in_code(code, [(2, 3)]) == {"pkg.plugins.cache"}
    assert strings.in_code(code, [(8, 9)]) == {"pkg.plugins.tables"}
    assert strings.in_code(code, []) == set()


def test_a_fixture_site_is_read_without_its_module_s_autouse_fixtures() -> None:
    code = parse_module(
        "import pytest\nfrom pkg import core, state\n"
        "@pytest.fixture(autouse=True)\ndef reset():\n    state.clear()\n"
        "@pytest.fixture\ndef app():\n    return core.App()\n"
        "class Base:\n    def setUp(self):\n        self.x = core.make()\n    def test_a(self):\n        state.x()\n"
    )
    assert code is not None
    fixture = site_usage(code, CodeSite("fixture", "/p/conftest.py", "app"))
    assert fixture is not None and {root for root, _ in fixture.reads} == {"core", "pytest"}  # not state
    base = site_usage(code, CodeSite("base", "/p/helpers.py", "Base"))
    assert base is not None and {root for root, _ in base.reads} == {"core"}  # setup, not the tests
    assert site_usage(code, CodeSite("fixture", "/p/conftest.py", "missing")) is None


def test_installed_packages_and_code_outside_the_rootdir_are_not_the_project_s(tmp_path: object) -> None:
    assert under_project("/p/tests/conftest.py", "/p")
    assert not under_project("/p/.venv/lib/python3.11/site-packages/x/plugin.py", "/p")
    assert not under_project("/usr/lib/python3/dist-packages/_pytest/tmpdir.py", "/p")


def test_planner_s_own_install_record_is_found_under_its_distribution_name() -> None:
    """An editable install of planner is seen as one, so its checkout (with its ``tests``
    package) is not put on the path of the project's pytest."""
    import tomllib

    from planner.selection import process
    from tests.conftest import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == process.DISTRIBUTION
    record = process._direct_url()
    if record is None:
        pytest.skip("planner is not installed in this environment (run from a checkout)")
    assert record.parent.name.startswith("integration_planner-")
