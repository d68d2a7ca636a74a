"""What a plan's placement of the tests tells a user to look at: a step that holds most of the suite.

An integration order localises defects only if the tests are spread over its
steps. When one step holds most of the suite, a failure there names that
step's units whatever broke; the usual reasons are a unit through which every
test reaches the package (a base test class or a testing helper inside it,
integrated late because it depends on everything), or tests whose footprint
is empty (their code names no unit). :func:`placement_warnings` says which,
with the option that fixes it. Pure: a plan in, sentences out.
"""

from __future__ import annotations

from collections import Counter

from planner.model import Plan

__all__ = ["CROWDED_SHARE", "MIN_TESTS", "placement_warnings"]

CROWDED_SHARE = 0.5
"""A step (or the group of tests that exercise no unit) holding more than this share of the suite is crowded."""
MIN_TESTS = 10
"""Below this many tests, no warning: a small suite is allowed to be lumpy."""


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} tests ({100 * part / whole:.0f} %)"


def placement_warnings(plan: Plan) -> list[str]:
    """One sentence per problem of the plan's test placement (none when the tests are spread out)."""
    selection = plan.selection
    if selection is None or len(selection.tests) < MIN_TESTS:
        return []
    total = len(selection.tests)
    unplaced = len(selection.unplaced)
    warnings = []
    if unplaced > CROWDED_SHARE * total:
        warnings.append(
            f"{_share(unplaced, total)} exercise no unit of the graph: their code, fixtures and strings name none, "
            "so they run at the end as a group of their own and localise nothing; --footprint coverage places "
            "each test by what it executes"
        )
    placed = Counter(t.step for t in selection.tests if t.footprint)
    if not placed:
        return warnings
    step, count = max(placed.items(), key=lambda item: (item[1], -item[0]))
    if count <= CROWDED_SHARE * total:
        return warnings
    units = set(plan.steps[step - 1].units)
    reach = Counter(u for t in selection.tests if t.step == step and t.footprint for u in units & set(t.footprint))
    why = ""
    if reach:
        unit, n = max(reach.items(), key=lambda item: (item[1], item[0]))
        why = (
            f": {n} of them reach {unit}, which it integrates. If {unit} is test harness (a base test class or "
            f"helper through which the tests reach the package), scan without it (--exclude its file): the tests "
            f"are then placed by what its code uses"
        )
    warnings.append(f"step {step} holds {_share(count, total)}{why}")
    return warnings
