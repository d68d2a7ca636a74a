"""The plugin's step selection: ``pytest --plan=PLAN --plan-step=K`` runs exactly step K.

Registered by :mod:`planner.pytest_plugin` when ``--plan`` is given. In
``pytest_collection_modifyitems`` it keeps the items whose node ids step K
lists, in the plan's order, and reports every other item through pytest's own
``pytest_deselected`` hook (so ``-v`` and the closing line count them as
deselected). Items carrying the ``planner_driver`` marker (the drivers that
``--doubles`` adds for the step) are never deselected; they run after the
plan's tests.

A step with no tests selects nothing, and pytest says so with its own exit
code 5 ("no tests ran"), not a failure. Node ids of the step that pytest did
not collect (the plan is older than the tests, or fewer paths were given) are
named in the terminal summary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.errors import UsageError

if TYPE_CHECKING:
    import pytest

    from planner.model import Plan

__all__ = ["DRIVER_MARKER", "StepSelection"]

DRIVER_MARKER = "planner_driver"


class StepSelection:
    """Select the tests of step ``step`` of ``plan`` (read from ``path``)."""

    def __init__(self, plan: Plan, step: int | None, *, path: str) -> None:
        if step is None:
            raise UsageError(f"--plan {path} needs --plan-step K (1 to {len(plan.steps)})")
        if not 1 <= step <= len(plan.steps):
            raise UsageError(f"{path}: no step {step}: the plan has steps 1 to {len(plan.steps)}")
        if not plan.assigns_tests:
            raise UsageError(f"{path}: the plan assigns no tests (make it with 'planner plan ... --tests DIR')")
        chosen = plan.steps[step - 1]
        self.path = path
        self.step = step
        self.steps = len(plan.steps)
        self.units = chosen.units
        self.order = {node_id: k for k, node_id in enumerate(chosen.tests)}
        self.missing: list[str] = []
        self.selected = 0

    def pytest_report_header(self) -> str:
        units = ", ".join(self.units)
        return f"planner: step {self.step} of {self.steps} of {self.path}: integrates {units}; {len(self.order)} tests"

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        selected: list[tuple[int, int, pytest.Item]] = []
        deselected: list[pytest.Item] = []
        found: set[str] = set()
        for position, item in enumerate(items):
            rank = self.order.get(item.nodeid)
            if rank is not None:
                selected.append((0, rank, item))
                found.add(item.nodeid)
            elif item.get_closest_marker(DRIVER_MARKER) is not None:
                selected.append((1, position, item))
            else:
                deselected.append(item)
        selected.sort(key=lambda entry: entry[:2])
        self.missing = [node_id for node_id in self.order if node_id not in found]
        self.selected = len(selected)
        if deselected:
            config.hook.pytest_deselected(items=deselected)
        items[:] = [item for _, _, item in selected]

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.order:
            terminalreporter.write_line(f"planner: step {self.step} has no tests")
        if self.missing:
            first = self.missing[0]
            more = f" (and {len(self.missing) - 1} more)" if len(self.missing) > 1 else ""
            terminalreporter.write_line(
                f"planner: {len(self.missing)} test(s) of step {self.step} were not collected: {first}{more}; "
                "make the plan again if the tests changed"
            )
