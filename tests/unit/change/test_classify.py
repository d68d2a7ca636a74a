"""What each changed file does to a change-aware plan, and which units and tests it reaches."""

from __future__ import annotations

import networkx as nx
import pytest

from planner.change import DEFAULT_GLOBAL_FILES, Project, affected_units, classify, scope
from planner.model import ChangedFile

PROJECT = Project(
    tree="src",
    unit_files={
        "src/shop/__init__.py": "shop",
        "src/shop/money.py": "shop.money",
        "src/shop/orders.py": "shop.orders",
        "src/shop/setup.py": "shop.setup",
    },
    test_files=frozenset({"tests/test_money.py"}),
    test_paths=("tests",),
    global_files=(*DEFAULT_GLOBAL_FILES, ("ci/*.cfg", "named by --global-file")),
)


@pytest.mark.parametrize(
    ("path", "effect", "units", "reason"),
    [
        ("src/shop/money.py", "unit", ("shop.money",), "the file of a unit"),
        ("./src/shop/../shop/money.py", "unit", ("shop.money",), "the file of a unit"),
        ("tests/test_money.py", "tests", (), "a test module"),
        ("tests/conftest.py", "everything", (), "a pytest conftest"),
        ("src/shop/conftest.py", "everything", (), "a pytest conftest"),
        ("pyproject.toml", "everything", (), "(matches pyproject.toml)"),
        ("requirements-dev.txt", "everything", (), "(matches requirements*.txt)"),
        ("uv.lock", "everything", (), "locked dependencies"),
        ("src/shop/setup.py", "everything", (), "build script"),  # a global file wins over a unit
        ("ci/test.cfg", "everything", (), "named by --global-file (matches ci/*.cfg)"),
        ("tests/helpers.py", "everything", (), "no test module: any test may use it"),
        ("tests/data/prices.json", "everything", (), "no test module"),
        ("src/shop/templates/page.html", "unit", ("shop", "shop.money", "shop.orders", "shop.setup"), "data of"),
        ("src/shop/money.pyi", "ignored", (), "type information"),
        ("src/shop/vendored.py", "ignored", (), "excluded from the scan"),
        ("src/notes.txt", "ignored", (), "nor in a package"),
        ("src/shop/__pycache__/money.cpython-311.pyc", "ignored", (), "bytecode"),
        ("README.md", "ignored", (), "outside the scanned tree and the tests"),
        ("../other/pyproject.toml", "ignored", (), "outside the project"),
        ("/etc/passwd", "ignored", (), "outside the project"),
    ],
)
def test_each_kind_of_file_has_its_effect(path: str, effect: str, units: tuple[str, ...], reason: str) -> None:
    (found,) = classify([path], PROJECT)
    assert (found.effect, found.units) == (effect, units)
    assert reason in found.reason


def test_a_deleted_module_is_gone_when_the_base_revision_is_known() -> None:
    gone = Project(
        "src", {}, old_unit_files={"src/shop/money.py": "shop.money"}, missing=frozenset({"src/shop/money.py"})
    )
    (found,) = classify(["src/shop/money.py"], gone)
    assert found.effect == "gone" and found.units == ("shop.money",)
    # With only a list of files (no revision), who imported it is unknown: everything.
    unknown = Project("src", {}, missing=frozenset({"src/shop/money.py"}))
    (found,) = classify(["src/shop/money.py"], unknown)
    assert found.effect == "everything" and "--changed-since" in found.reason


def test_paths_are_sorted_and_counted_once() -> None:
    found = classify(["b.md", "a.md", "./a.md"], PROJECT)
    assert [f.path for f in found] == ["a.md", "b.md"]


GRAPH = nx.DiGraph(
    [
        ("app", "web"),
        ("web", "orders"),
        ("web", "users"),
        ("orders", "money"),
        ("orders", "db"),
        ("users", "db"),
        ("db", "cache"),
        ("cache", "db"),
        ("models", "money"),
    ]
)


def unit(name: str) -> ChangedFile:
    return ChangedFile(f"{name}.py", "unit", "the file of a unit", (name,))


def test_a_change_reaches_its_dependants_transitively_and_nothing_else() -> None:
    found = affected_units(GRAPH, [unit("money")])
    assert dict(found) == {
        "money": "changed",
        "orders": "depends on money",
        "models": "depends on money",
        "web": "depends on money",
        "app": "depends on money",
    }
    assert {u for u, _ in found} == {"money"} | nx.ancestors(GRAPH, "money")


def test_a_cycle_is_reached_whole() -> None:
    found = dict(affected_units(GRAPH, [unit("cache")]))
    assert set(found) == {"cache", "db", "orders", "users", "web", "app"}
    assert found["db"] == "depends on cache"


def test_a_gone_unit_reaches_its_former_dependants() -> None:
    old = GRAPH.copy()
    old.add_edge("models", "pricing")
    gone = ChangedFile("pricing.py", "gone", "gone", ("pricing",))
    found = affected_units(GRAPH, [gone], old_graph=old)
    assert found == (("models", "imported pricing, which is gone"),)


def test_ignored_and_test_files_reach_no_unit() -> None:
    files = [ChangedFile("README.md", "ignored", "x"), ChangedFile("tests/test_a.py", "tests", "x")]
    assert affected_units(GRAPH, files) == ()


def test_a_change_runs_the_tests_that_exercise_it_and_the_changed_tests() -> None:
    tests = [
        ("t.py::a", "tests/t.py", ("money",)),
        ("t.py::b", "tests/t.py", ("db",)),
        ("u.py::c", "tests/u.py", ()),
        ("v.py::d", "tests/v.py", ("users", "money")),
        ("w.py::e", "tests/w.py", ("cache",)),
    ]
    keep, exercised = scope.tests_to_run(tests, frozenset({"tests/w.py"}), frozenset({"money", "orders"}))
    assert keep == {"t.py::a", "v.py::d", "w.py::e"}
    assert exercised == ("cache",)
    keep, _ = scope.tests_to_run(tests, frozenset({"tests/u.py"}), frozenset())
    assert keep == {"u.py::c"}  # a test naming no unit runs only when its file changed
