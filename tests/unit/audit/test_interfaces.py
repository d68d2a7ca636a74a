"""Signature mutants, and which of them a call site can notice."""

from __future__ import annotations

import ast

import pytest

from planner.audit.interfaces import binds_differently, signature_mutants

SOURCE = """
class Money:
    def __init__(self, amount, currency="EUR"):
        self.amount = amount

    def percent(self, rate, *, rounding=True):
        return self

    @classmethod
    def zero(cls, currency):
        return cls(0, currency)


async def fetch(key, /, default=None):
    return default
"""


def params(source: str, target: str) -> str:
    owner, _, attribute = target.partition(".")
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if node.name == (attribute or "__init__") and (attribute or owner == "Money"):
            return ast.unparse(node.args)
        if isinstance(node, ast.AsyncFunctionDef) and node.name == owner:
            return ast.unparse(node.args)
    raise AssertionError(target)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (
            "Money",
            {
                "add": "self, amount, currency='EUR', *, planner_added",
                "default": "self, amount, currency='EUR_changed'",
                "remove": "self, amount",
                "rename": "self, amount, currency_renamed='EUR'",
            },
        ),
        (
            "Money().percent",
            {
                "add": "self, rate, *, rounding=True, planner_added",
                "default": "self, rate, *, rounding=False",
                "remove": "self, *, rounding=True",
                "rename": "self, rate_renamed, *, rounding=True",
            },
        ),
        ("Money.zero", {"add": "cls, currency, *, planner_added", "remove": "cls", "rename": "cls, currency_renamed"}),
        (
            "fetch",
            {
                "add": "key, /, default=None, *, planner_added",
                "default": "key, /, default=0",
                "remove": "key, /",
                "rename": "key, /, default_renamed=None",
            },
        ),
    ],
)
def test_each_operator_changes_the_signature_it_names(target: str, expected: dict[str, str]) -> None:
    found = {operator: params(text, target) for operator, _, text, _ in signature_mutants(SOURCE, target)}
    assert found == expected


def test_a_target_without_a_def_has_no_mutant() -> None:
    assert signature_mutants(SOURCE, "Money.missing") == []
    assert signature_mutants("import x\n", "x") == []


CALL = (5, "scale", 1, ("factor",), 0, "scale(v, factor=3)")


@pytest.mark.parametrize(
    ("operator", "changed", "calls", "visible"),
    [
        ("add", ("planner_added", None), [CALL], True),
        ("add", ("planner_added", None), [(5, "scale", 1, (), 2, "scale(v, **kw)")], False),
        ("remove", ("factor", 1), [CALL], True),  # passed by name
        ("remove", ("factor", 1), [(5, "scale", 2, (), 0, "scale(v, 3)")], True),  # passed by position
        ("remove", ("factor", 1), [(5, "scale", 1, (), 0, "scale(v)")], False),  # not passed
        ("rename", ("factor", 1), [CALL], True),
        ("rename", ("factor", 1), [(5, "scale", 2, (), 0, "scale(v, 3)")], False),  # positional: still binds
        ("default", ("", None), [CALL], False),
    ],
)
def test_binds_differently(operator: str, changed: tuple[str, int | None], calls: list, visible: bool) -> None:  # type: ignore[type-arg]
    assert binds_differently(operator, changed, calls) is visible  # type: ignore[arg-type]
