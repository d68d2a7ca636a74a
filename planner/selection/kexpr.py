"""A ``pytest -k`` expression that selects exactly a set of tests, checked before it is given.

``-k EXPR`` matches each term, case-insensitively, as a substring of any of a
test's names: its directories, file, classes and function (with parametrize
id), its markers and other keywords. So ``-k test_db`` also selects
``test_db_cache.py``. The expression is built from whole names of the tests
to select: the broadest name that matches none of the other collected tests
first (a directory, a file, a class), greedily until every test is covered,
with ``a and b`` for a test that no single name singles out; then the whole
expression is evaluated against every collected test, as pytest would, and
refused if it selects anything else. ``None`` means no such expression exists
(a name pytest's ``-k`` grammar cannot spell, or two tests with the same names).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set

__all__ = ["k_expression", "matches"]

_IDENT = re.compile(r"(?:\w|:|\+|-|\.|\[|\]|\\|/)+")
_RESERVED = frozenset({"or", "and", "not"})
_NOTHING = "planner_selects_no_test"


def _spellable(name: str) -> bool:
    return bool(_IDENT.fullmatch(name)) and name not in _RESERVED


def matches(term: str, names: Set[str]) -> bool:
    """Whether ``-k term`` selects a test with these (lower-cased) names."""
    return any(term in name for name in names)


def k_expression(selected: Sequence[str], names: Mapping[str, Set[str]]) -> str | None:
    """An expression that selects exactly ``selected`` among every test of ``names``.

    ``names[node_id]`` holds every name ``-k`` matches on that test.

    >>> names = {"t/test_a.py::test_x": {"t", "test_a.py", "test_x"},
    ...          "t/test_a.py::test_y": {"t", "test_a.py", "test_y"},
    ...          "t/test_b.py::test_x": {"t", "test_b.py", "test_x"}}
    >>> k_expression(["t/test_a.py::test_x", "t/test_a.py::test_y"], names)
    'test_a.py'
    >>> k_expression(["t/test_a.py::test_x"], names)
    '(test_a.py and test_x)'
    """
    tests = _Tests(names, selected)
    if not selected:
        term = _NOTHING
        while tests.hits(term, tests.everything):
            term += "_"
        return term
    # Every spellable name of a selected test that matches no other test, shortest first.
    clean: dict[str, str] = {}
    for name in sorted({n for t in selected for n in names[t] if _spellable(n)}, key=lambda n: (len(n), n)):
        term = name.lower()
        if term not in clean and not tests.hits(term, tests.others):
            clean[term] = name
    terms: list[str] = []
    uncovered = set(selected)
    while uncovered and clean:
        best = max(clean, key=lambda t: (len(tests.hits(t, tests.chosen) & uncovered), -len(t), t))
        gained = tests.hits(best, tests.chosen) & uncovered
        if not gained:
            break
        terms.append(clean.pop(best))
        uncovered -= gained
    for test in [t for t in selected if t in uncovered]:
        conjunction = tests.conjunction(test)
        if conjunction is None:
            return None
        terms.append(conjunction)
    expression = " or ".join(terms)
    return expression if tests.check(expression) else None


class _Tests:
    """The collected tests' lower-cased names, and which of them a term matches (memoised)."""

    def __init__(self, names: Mapping[str, Set[str]], selected: Sequence[str]) -> None:
        self.names = names
        self.lowered = {test: {n.lower() for n in found} for test, found in names.items()}
        picked = set(selected)
        self.everything = tuple(self.lowered)
        self.chosen = tuple(t for t in self.lowered if t in picked)
        self.others = tuple(t for t in self.lowered if t not in picked)
        self.memo: dict[tuple[str, int], frozenset[str]] = {}

    def hits(self, term: str, among: tuple[str, ...]) -> frozenset[str]:
        key = (term, id(among))  # the three tuples of this object
        if key not in self.memo:
            self.memo[key] = frozenset(t for t in among if matches(term, self.lowered[t]))
        return self.memo[key]

    def conjunction(self, test: str) -> str | None:
        """``(a and b ...)``: names of ``test`` that together match none of the other tests."""
        own = sorted(
            (n for n in self.names[test] if _spellable(n)), key=lambda n: (len(self.hits(n.lower(), self.others)), n)
        )
        left = set(self.others)
        parts: list[str] = []
        for name in own:
            narrowed = left & self.hits(name.lower(), self.others)
            if narrowed != left:
                parts.append(name)
                left = narrowed
            if not left:
                return "(" + " and ".join(parts) + ")" if len(parts) > 1 else parts[0]
        return None

    def check(self, expression: str) -> bool:
        """Evaluate ``expression`` (terms, ``and``, ``or``, parentheses) on every test, as pytest would."""
        picked = set(self.chosen)
        alternatives = [part.strip("()").split(" and ") for part in expression.split(" or ")]
        for test, found in self.lowered.items():
            hit = any(all(matches(term.lower(), found) for term in group) for group in alternatives)
            if hit != (test in picked):
                return False
        return True
