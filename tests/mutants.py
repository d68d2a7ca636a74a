"""The seeded AST mutator, now part of the product (:mod:`planner.audit.mutants`).

Kept here so that ``benchmarks/localisation.py`` and the slow localisation tests import it
where they always did.
"""

from planner.audit.mutants import Mutant, mutants

__all__ = ["Mutant", "mutants"]
