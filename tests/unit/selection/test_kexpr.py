"""``-k`` expressions (planner.selection.kexpr), checked by pytest's own -k evaluator.

The oracle is pytest's ``Expression`` and ``KeywordMatcher`` (private to pytest, but
exactly what ``pytest -k`` runs), applied to each test's names.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from _pytest.mark import KeywordMatcher
from _pytest.mark.expression import Expression
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.selection.collected import node_id_names
from planner.selection.kexpr import k_expression


def pytest_selects(expression: str, names: Mapping[str, Set[str]]) -> set[str]:
    compiled = Expression.compile(expression)
    return {test for test, found in names.items() if compiled.evaluate(KeywordMatcher(found))}


PARTS = st.sampled_from(["test_a", "test_ab", "b", "TestX", "x", "test_a.py", "test_b.py", "sub", "or", "é"])


@st.composite
def suites(draw: st.DrawFn) -> tuple[dict[str, set[str]], list[str]]:
    tests: dict[str, set[str]] = {}
    for _ in range(draw(st.integers(1, 12))):
        directory = draw(st.sampled_from(["tests", "tests/sub", "t"]))
        module = draw(st.sampled_from(["test_a.py", "test_ab.py", "test_b.py"]))
        klass = draw(st.sampled_from(["", "TestX::", "TestXY::"]))
        function = draw(st.sampled_from(["test_a", "test_ab", "test_x", "test_or"]))
        param = draw(st.sampled_from(["", "[1]", "[1-b]", "[a b]", "[x(1)]"]))
        node_id = f"{directory}/{module}::{klass}{function}{param}"
        extra = set(draw(st.lists(PARTS, max_size=2)))
        tests[node_id] = node_id_names(node_id) | extra
    chosen = draw(st.lists(st.sampled_from(sorted(tests)), unique=True))
    return tests, chosen


@settings(max_examples=300, deadline=None)
@given(suites())
def test_the_expression_selects_exactly_the_tests_or_none_is_given(
    suite: tuple[dict[str, set[str]], list[str]],
) -> None:
    tests, chosen = suite
    expression = k_expression(chosen, tests)
    if expression is not None:
        assert pytest_selects(expression, tests) == set(chosen), expression


def test_a_whole_file_is_its_name_and_substrings_are_avoided() -> None:
    tests = {
        node_id: node_id_names(node_id)
        for node_id in [
            "tests/test_db.py::test_store",
            "tests/test_db.py::test_fetch",
            "tests/test_db_cache.py::test_store",
            "tests/test_cache.py::test_get[1]",
        ]
    }
    assert k_expression(["tests/test_db.py::test_store", "tests/test_db.py::test_fetch"], tests) == "test_db.py"
    one = k_expression(["tests/test_db_cache.py::test_store"], tests)
    assert one == "test_db_cache.py" and pytest_selects(one, tests) == {"tests/test_db_cache.py::test_store"}
    pair = k_expression(["tests/test_db.py::test_store"], tests)
    assert pair is not None and pytest_selects(pair, tests) == {"tests/test_db.py::test_store"}


def test_no_tests_gives_an_expression_that_selects_nothing() -> None:
    tests = {"t/test_a.py::test_x": node_id_names("t/test_a.py::test_x")}
    expression = k_expression([], tests)
    assert expression is not None and pytest_selects(expression, tests) == set()


def test_tests_that_cannot_be_told_apart_have_no_expression() -> None:
    same = {
        "t/test_a.py::test_x[a b]": {"t", "test_a.py", "test_x[a b]"},
        "t/test_a.py::test_x[a c]": {"t", "test_a.py", "test_x[a c]"},
    }
    assert k_expression(["t/test_a.py::test_x[a b]"], same) is None  # spaces cannot be spelt in -k


def test_a_plan_without_a_selection_gets_no_expression() -> None:
    import networkx as nx
    import pytest

    from planner.api import make_plan
    from planner.errors import UsageError
    from planner.selection.export import k_for_step

    plan = make_plan(nx.DiGraph([("app", "db")])).with_tests([["t/test_a.py::test_x"], []])
    with pytest.raises(UsageError, match="fmt k needs a plan made with --tests"):
        k_for_step(plan, 1)
