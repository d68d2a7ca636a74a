"""The seeded mutator: the same module and seed give the same mutants; each changes one thing."""

from __future__ import annotations

import ast

from planner.audit.mutants import mutants, unit_mutants

SOURCE = '''"""Doc: 1 == 2 is not a mutation point."""


def price(n, rate=3):
    if n > 10 and rate != 0:
        return n * rate + 1
    return None


FLAG = True
'''


def test_the_same_seed_gives_the_same_mutants() -> None:
    assert mutants(SOURCE, count=4, seed=7) == mutants(SOURCE, count=4, seed=7)
    assert unit_mutants("pkg.m", SOURCE, count=3, seed=1) == unit_mutants("pkg.m", SOURCE, count=3, seed=1)


def test_every_mutation_point_once() -> None:
    every = mutants(SOURCE, count=100, seed=0)
    assert sorted(m.operator for m in every) == [
        "AOR",
        "AOR",
        "BOOL",
        "INT",
        "INT",
        "INT",
        "INT",
        "LCR",
        "RET",
        "ROR",
        "ROR",
    ]
    assert len({m.source for m in every}) == len(every)
    for mutant in every:
        ast.parse(mutant.source)  # each one is Python
        assert mutant.source != ast.unparse(ast.parse(SOURCE)) + "\n"
    assert {m.line for m in every if m.operator == "BOOL"} == {10}


def test_a_units_mutants_depend_on_its_name_and_the_seed_only() -> None:
    one = unit_mutants("pkg.a", SOURCE, count=2, seed=0)
    assert one == unit_mutants("pkg.a", SOURCE, count=2, seed=0)
    assert {m.source for m in one} <= {m.source for m in mutants(SOURCE, count=100)}


def test_a_module_that_does_not_parse_has_no_mutant() -> None:
    assert mutants("def (:\n", count=3) == []
