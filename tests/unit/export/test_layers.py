"""The layers and cycle breaks an export states, on small literal graphs."""

from __future__ import annotations

import tomllib

import networkx as nx
import pytest

from planner.errors import UsageError
from planner.export import contract, layering
from planner.export.import_linter import packages_of
from planner.graph import normalize_graph


def graph(*edges: tuple[str, str], **attrs: object) -> nx.DiGraph:
    g = nx.DiGraph()
    for u, v in edges:
        g.add_edge(u, v, **attrs)
    return normalize_graph(g)


CYCLE = graph(("app.ui", "app.db"), ("app.db", "app.ui"), ("app.ui", "app.log"), ("app.db", "app.log"))


def test_every_kept_dependency_points_to_a_lower_layer_and_a_layer_has_no_inner_dependency() -> None:
    found = layering(CYCLE)
    layer = found.layer_of()
    assert found.broken == (("app.db", "app.ui"),)
    for u, v in found.dependencies:
        if (u, v) not in found.broken:
            assert layer[u] > layer[v]
    assert found.layers == (("app.ui",), ("app.db",), ("app.log",))
    assert found.proven


def test_a_unit_that_is_not_a_module_name_is_refused_by_name() -> None:
    with pytest.raises(UsageError, match="unit 'my app' is not a dotted Python module name"):
        layering(graph(("my app", "db")))


def test_packages_of_other_units_are_found() -> None:
    assert packages_of({"a", "a.b", "a.b.c", "d", "a.x"}) == {"a", "a.b"}


def test_the_import_linter_contract_is_toml_with_the_layers_top_first_and_the_breaks_ignored() -> None:
    data = tomllib.loads(contract(CYCLE, "import-linter"))["tool"]["importlinter"]
    assert data["root_packages"] == ["app"]
    assert data["exclude_type_checking_imports"] is True
    (layers,) = data["contracts"]
    assert layers["type"] == "layers"
    assert layers["layers"] == ["app.ui", "app.db", "app.log"]
    assert layers["ignore_imports"] == ["app.db -> app.ui"]
    assert layers["name"] == "Layers found by planner; 1 import breaks 1 cycle (proven optimal)"


def test_units_of_one_layer_are_independent_siblings_and_packages_are_left_out() -> None:
    g = graph(("pkg", "pkg.a"), ("pkg", "pkg.b"), ("pkg.a", "pkg.c"), ("pkg.b", "pkg.c"))
    text = contract(g, "import-linter")
    assert tomllib.loads(text)["tool"]["importlinter"]["contracts"][0]["layers"] == ["pkg.a | pkg.b", "pkg.c"]
    assert "not themselves layers: pkg" in text


def test_a_dependency_named_only_in_a_string_is_not_an_import_to_ignore() -> None:
    g = nx.DiGraph()
    g.add_edge("a.x", "a.y", weight=5.0)
    g.add_edge("a.y", "a.x", scope="string", scopes=("string",), weight=1.0)
    g = normalize_graph(g)
    assert layering(g, objective="complexity").broken == (("a.y", "a.x"),)
    text = contract(g, "import-linter", objective="complexity")
    assert "ignore_imports" not in tomllib.loads(text)["tool"]["importlinter"]["contracts"][0]


def test_tach_declares_exactly_the_dependencies_with_the_broken_ones_deprecated() -> None:
    data = tomllib.loads(contract(CYCLE, "tach"))
    assert data["source_roots"] == ["."]
    assert data["exact"] is True
    modules = {module["path"]: module["depends_on"] for module in data["modules"]}
    assert modules == {
        "app.db": ["app.log", {"path": "app.ui", "deprecated": True}],
        "app.log": [],
        "app.ui": ["app.db", "app.log"],
    }


@pytest.mark.parametrize("tool", ["import-linter", "tach"])
def test_the_export_is_the_same_byte_for_byte_whatever_the_insertion_order(tool: str) -> None:
    edges = list(CYCLE.edges)
    other = graph(*reversed(edges))
    assert contract(CYCLE, tool) == contract(other, tool)  # type: ignore[arg-type]


def test_names_are_escaped_as_toml_strings() -> None:
    # Python identifiers may be non-ASCII; the TOML keeps to ASCII escapes and reads back exactly.
    g = graph(("ünï.a", "ünï.b"))
    data = tomllib.loads(contract(g, "import-linter"))
    assert data["tool"]["importlinter"]["contracts"][0]["layers"] == ["ünï.a", "ünï.b"]
