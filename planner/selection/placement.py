"""What a plan's placement of the tests tells a user to look at: a step that holds most of the suite.

An integration order localises defects only if the tests are spread over its
steps. When one step holds most of the suite, a failure there names that
step's units whatever broke; the usual reasons are a unit through which every
test reaches the package (a base test class or a testing helper inside it,
integrated late because it depends on everything), or tests whose footprint
is empty (their code names no unit). :func:`placement_warnings` says which,
with the option that fixes it. :func:`plan_differences` says why a saved plan
is out of date (``planner plan --check``). Pure: plans in, sentences out.
"""

from __future__ import annotations

from collections import Counter

from planner.model import Plan

__all__ = ["CROWDED_SHARE", "MIN_TESTS", "placement_warnings", "plan_differences"]

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
        package = any(u.startswith(f"{unit}.") for s in plan.steps for u in s.units)
        if package:
            why = (
                f": {n} of them reach {unit}, the package's __init__, which it integrates. The tests call the "
                "package through its front door, which depends on most of it, so a defect below is localised only "
                "by the dependencies this step exercises for the first time; tests that import the modules they "
                f"test ('from {unit} import x') run at those modules' steps"
            )
        else:
            why = (
                f": {n} of them reach {unit}, which it integrates. If {unit} is test harness (a base test class or "
                "helper through which the tests reach the package), scan without it (--exclude its file): the "
                "tests are then placed by what its code uses"
            )
    warnings.append(f"step {step} holds {_share(count, total)}{why}")
    return warnings


def _first(names: set[str]) -> str:
    ordered = sorted(names)
    return ordered[0] + (f" (and {len(ordered) - 1} more)" if len(ordered) > 1 else "")


def _functions(node_ids: set[str]) -> set[str]:
    """The parametrized test functions among ``node_ids`` (``file::test_f`` of ``file::test_f[3]``)."""
    return {node.partition("[")[0] for node in node_ids if node.endswith("]") and "[" in node}


def plan_differences(saved: Plan, fresh: Plan) -> list[str]:
    """What makes ``saved`` differ from ``fresh`` (the plan made now): the graph, the steps, the tests."""
    found = []
    if saved.graph.sha256 != fresh.graph.sha256:
        found.append(
            f"the graph changed ({saved.graph.units} units and {saved.graph.edges} dependencies then, "
            f"{fresh.graph.units} and {fresh.graph.edges} now)"
        )
    if [s.units for s in saved.steps] != [s.units for s in fresh.steps]:
        found.append(f"the steps changed ({len(saved.steps)} then, {len(fresh.steps)} now)")
    before = {t.node_id: t.step for t in saved.selection.tests} if saved.selection else {}
    after = {t.node_id: t.step for t in fresh.selection.tests} if fresh.selection else {}
    added, removed = set(after) - set(before), set(before) - set(after)
    if added:
        found.append(f"{len(added)} test(s) are new: {_first(added)}")
    if removed:
        found.append(f"{len(removed)} test(s) are gone: {_first(removed)}")
    renamed = _functions(added) & _functions(removed)
    if renamed:
        found.append(
            f"{len(renamed)} test function(s) have other parametrize ids than when the plan was made: "
            f"{_first(renamed)}; if the tests did not change, their ids change from one collection to the next "
            "(parametrized over a set, say): give them stable ids (pytest.param(..., id=...) or ids=...)"
        )
    moved = {node for node in set(before) & set(after) if before[node] != after[node]}
    if moved and not found:
        found.append(f"{len(moved)} test(s) now run at another step: {_first(moved)}")
    return found
