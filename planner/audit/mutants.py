"""A small AST mutator: first-order mutants of a Python module, for the localisation measure.

Each mutant changes one node of the module's syntax tree the way classic
mutation operators do (Offutt et al., "An experimental determination of
sufficient mutant operators", 1996): a comparison operator replaced by its
negation or neighbour (ROR), an arithmetic operator by its counterpart (AOR),
``and``/``or`` swapped (LCR), a boolean constant negated, an integer constant
moved by one, a ``return`` of a value made to return ``None``. The mutated
source is produced by ``ast.unparse`` (formatting is lost, the behaviour is
the mutant's). The choice among a module's mutation points is seeded, so the
same module and seed give the same mutants.

Used by ``planner audit`` (:mod:`planner.audit.localise`), by
``benchmarks/localisation.py`` and the slow tests of
``tests/functional/test_localisation.py``; it never runs the code it reads.

>>> source = "def f(x):" + chr(10) + "    return x + 1" + chr(10)
>>> sorted(m.operator for m in mutants(source, count=5))
['AOR', 'INT', 'RET']
>>> mutants(source, count=2, seed=3) == mutants(source, count=2, seed=3)
True
"""

from __future__ import annotations

import ast
import random
from dataclasses import dataclass

__all__ = ["Mutant", "mutants", "unit_mutants"]

_COMPARE: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
_ARITHMETIC: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.FloorDiv: ast.Mult,
    ast.Div: ast.Mult,
    ast.Mod: ast.FloorDiv,
    ast.BitAnd: ast.BitOr,
    ast.BitOr: ast.BitAnd,
    ast.LShift: ast.RShift,
    ast.RShift: ast.LShift,
}


@dataclass(frozen=True)
class Mutant:
    """One mutant: the module's mutated source, the line changed and what was done there.

    ``operator`` is one of ``ROR`` (a comparison), ``AOR`` (arithmetic), ``LCR`` (``and``/``or``),
    ``BOOL``, ``INT`` and ``RET`` (a returned value made ``None``).
    """

    source: str
    line: int
    operator: str


def _returns_none(value: ast.expr) -> bool:
    return isinstance(value, ast.Constant) and value.value is None


def _points(tree: ast.Module) -> list[tuple[int, str]]:
    """Every mutation point: (position in a walk of the tree, operator name)."""
    found = []
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    for k, node in enumerate(ast.walk(tree)):
        if isinstance(node, ast.Compare) and type(node.ops[0]) in _COMPARE:
            found.append((k, "ROR"))
        elif isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
            found.append((k, "AOR"))
        elif isinstance(node, ast.BoolOp):
            found.append((k, "LCR"))
        elif isinstance(node, ast.Constant) and id(node) not in docstrings:
            if isinstance(node.value, bool):
                found.append((k, "BOOL"))
            elif isinstance(node.value, int) and 0 <= node.value < 1000:
                found.append((k, "INT"))
        elif isinstance(node, ast.Return) and node.value is not None and not _returns_none(node.value):
            found.append((k, "RET"))
    return found


def _apply(tree: ast.Module, position: int) -> int:
    """Mutate the node at ``position`` of a walk of ``tree`` in place; its line."""
    node = next(n for k, n in enumerate(ast.walk(tree)) if k == position)
    if isinstance(node, ast.Compare):
        node.ops[0] = _COMPARE[type(node.ops[0])]()
    elif isinstance(node, ast.BinOp):
        node.op = _ARITHMETIC[type(node.op)]()
    elif isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        node.value = not node.value
    elif isinstance(node, ast.Constant) and isinstance(node.value, int):
        node.value = node.value + 1
    elif isinstance(node, ast.Return):
        node.value = ast.Constant(None)
    return int(getattr(node, "lineno", 0))


def mutants(source: str, *, count: int, seed: int = 0) -> list[Mutant]:
    """Up to ``count`` distinct first-order mutants of ``source``, chosen with ``seed``."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    points = _points(tree)
    chosen = random.Random(seed).sample(points, min(count, len(points)))
    found = []
    for position, operator in chosen:
        copy = ast.parse(source)
        line = _apply(copy, position)
        found.append(Mutant(ast.unparse(copy) + "\n", line, operator))
    return found


def unit_mutants(unit: str, source: str, *, count: int, seed: int = 0) -> list[Mutant]:
    """:func:`mutants` of the module of ``unit``, seeded by ``seed`` and the unit's name, so that the
    mutants of one unit do not change when other units are added, removed or edited."""
    return mutants(source, count=count, seed=random.Random(f"{seed}:{unit}").randrange(2**32))
