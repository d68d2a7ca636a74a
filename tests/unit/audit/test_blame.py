"""Where a mutant's run stops and whether that step names the unit: small literal plans."""

from __future__ import annotations

import pytest

from planner.audit.blame import blame, names_unit
from planner.model import Assignment, GraphInfo, Metrics, Options, Plan, Selection, Step


def make_plan() -> Plan:
    """top -> mid -> base, bottom-up: base (1), mid (2), top (3); test_mid at 2, test_top at 3."""
    steps = (Step(1, 1, ("base",)), Step(2, 2, ("mid",)), Step(3, 3, ("top",)))
    tests = (
        Assignment("t/test_mid.py::test_a", 2, ("mid",), "static", "black-box"),
        Assignment("t/test_top.py::test_b", 3, ("top",), "static", "black-box"),
    )
    selection = Selection(".", ("t",), "static", tests, new_dependencies=((), (("mid", "base"),), (("top", "mid"),)))
    return Plan(
        strategy="bottom-up",
        options=Options(),
        graph=GraphInfo("g.dot", "0" * 64, 3, 2),
        steps=steps,
        broken_edges=(),
        metrics=Metrics(3, 3, 0, 0, 2, 0.0),
        selection=selection,
    )


PLAN = make_plan()
STEP_OF = {"t/test_mid.py::test_a": 2, "t/test_top.py::test_b": 3, "t/test_mid.py": 2, "t/test_top.py": 3}


@pytest.mark.parametrize(
    ("step", "unit", "named"),
    [
        (1, "base", True),  # it integrates base
        (2, "base", True),  # it first exercises mid -> base, which ends at base
        (3, "base", False),  # top -> mid does not end at base
        (2, "mid", True),
        (1, "mid", False),
    ],
)
def test_names_unit(step: int, unit: str, named: bool) -> None:
    assert names_unit(PLAN, step, unit) is named


def test_a_test_of_the_unit_step_localises() -> None:
    fate = blame(
        PLAN, "mid", ["t/test_top.py::test_b", "t/test_mid.py::test_a"], reaching={"mid", "top"}, step_of=STEP_OF
    )
    assert fate == ("localised", 2, ("mid",), None, "t/test_mid.py::test_a")


def test_caught_late_names_the_step_and_the_dependency_towards_the_unit() -> None:
    fate = blame(PLAN, "base", ["t/test_top.py::test_b"], reaching={"base", "mid", "top"}, step_of=STEP_OF)
    assert fate == ("late", 3, ("top",), ("top", "mid"), "t/test_top.py::test_b")


def test_caught_before_the_unit_is_integrated_is_early() -> None:
    fate = blame(PLAN, "top", ["t/test_mid.py::test_a"], reaching={"top"}, step_of=STEP_OF)
    assert fate == ("early", 2, ("mid",), None, "t/test_mid.py::test_a")


def test_no_failing_test_survives() -> None:
    assert blame(PLAN, "base", [], reaching={"base"}, step_of=STEP_OF) == ("survived", None, (), None, None)


def test_a_mutant_that_breaks_the_import_is_a_collection_error_not_a_localisation() -> None:
    """isodate's ``isostrf.py`` made to raise at import: the test files that import it fail to
    collect, none of their tests runs; planner run reports a collection error naming the file."""
    fate = blame(PLAN, "mid", ["t/test_mid.py", "t/test_top.py"], reaching={"mid", "top"}, step_of=STEP_OF)
    assert fate == ("collection", 2, ("mid",), None, "t/test_mid.py")
    # a failing test beside the file makes it a question of localisation again
    fate = blame(PLAN, "mid", ["t/test_mid.py", "t/test_top.py::test_b"], reaching={"mid", "top"}, step_of=STEP_OF)
    assert fate[:2] == ("localised", 2)


def test_a_failure_the_plan_cannot_place_counts_at_the_last_step() -> None:
    fate = blame(PLAN, "top", ["<collection>"], reaching={"top"}, step_of=STEP_OF)
    assert fate[:3] == ("collection", 3, ("top",))
