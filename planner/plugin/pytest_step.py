"""The plugin's step selection: ``pytest --plan=PLAN --plan-step=K`` runs exactly step K.

Registered by :mod:`planner.plugin.entry` when ``--plan`` is given. In
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

A plan is never silently out of date: collected tests that no step names are
named in the terminal summary of every step, and run in a final "not in the
plan" step, ``--plan-step=N+1`` for a plan of N steps (``planner run`` runs it
after the last step). With ``--strict-plan`` they are an error instead (exit
code 4): for CI that must not run a stale plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.base.nodeids import renamed_parameters
from planner.errors import UsageError

if TYPE_CHECKING:
    import pytest

    from planner.model import Plan

__all__ = ["DRIVER_MARKER", "StepSelection"]

DRIVER_MARKER = "planner_driver"


class StepSelection:
    """Select the tests of step ``step`` of ``plan`` (read from ``path``)."""

    def __init__(self, plan: Plan, step: int | None, *, path: str, strict: bool = False) -> None:
        total = len(plan.steps)
        if step is None:
            raise UsageError(f"--plan {path} needs --plan-step K (1 to {total}, or {total + 1}: the tests not in it)")
        if not 1 <= step <= total + 1:
            raise UsageError(
                f"{path}: no step {step}: the plan has steps 1 to {total} ({total + 1}: the tests not in the plan)"
            )
        if not plan.assigns_tests:
            raise UsageError(f"{path}: the plan assigns no tests (make it with 'planner plan ... --tests DIR')")
        self.path = path
        self.step = step
        self.steps = total
        self.strict = strict
        self.unplanned_step = step == total + 1
        self.units = plan.steps[step - 1].units if not self.unplanned_step else ()
        chosen = plan.steps[step - 1].tests if not self.unplanned_step else ()
        self.order = {node_id: k for k, node_id in enumerate(chosen)}
        self.known = {node_id for s in plan.steps for node_id in s.tests}
        self.missing: list[str] = []
        self.unplanned: list[str] = []
        self.selected = 0

    def pytest_report_header(self) -> str:
        if self.unplanned_step:
            return f"planner: step {self.step} of {self.path}: the collected tests that no step of the plan names"
        units = ", ".join(self.units)
        return f"planner: step {self.step} of {self.steps} of {self.path}: integrates {units}; {len(self.order)} tests"

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        selected: list[tuple[int, int, pytest.Item]] = []
        deselected: list[pytest.Item] = []
        found: set[str] = set()
        # tests whose parametrize ids change between collections run in place of the planned ones
        renamed = renamed_parameters(self.known, [item.nodeid for item in items])
        for new, old in renamed.items():
            self.known.add(new)
            if old in self.order:
                self.order[new] = self.order[old]
                found.add(old)
        for position, item in enumerate(items):
            rank = self.order.get(item.nodeid)
            driver = item.get_closest_marker(DRIVER_MARKER) is not None
            if not driver and item.nodeid not in self.known:
                self.unplanned.append(item.nodeid)
            if rank is not None:
                selected.append((0, rank, item))
                found.add(item.nodeid)
            elif driver and not self.unplanned_step:
                selected.append((1, position, item))
            elif self.unplanned_step and not driver and item.nodeid not in self.known:
                selected.append((0, position, item))
            else:
                deselected.append(item)
        if self.strict and self.unplanned:
            import pytest

            raise pytest.UsageError(f"{self._unplanned_text()}: --strict-plan refuses a plan that is out of date")
        selected.sort(key=lambda entry: entry[:2])
        self.missing = [node_id for node_id in self.order if node_id not in found and node_id not in renamed]
        self.selected = len(selected)
        if deselected:
            config.hook.pytest_deselected(items=deselected)
        items[:] = [item for _, _, item in selected]

    def _unplanned_text(self) -> str:
        first = self.unplanned[0]
        more = f" (and {len(self.unplanned) - 1} more)" if len(self.unplanned) > 1 else ""
        return f"planner: {len(self.unplanned)} collected test(s) are not in the plan {self.path}: {first}{more}"

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.unplanned:
            where = "ran in this step" if self.unplanned_step else f"they run with --plan-step={self.steps + 1}"
            terminalreporter.write_line(f"{self._unplanned_text()}; {where}; make the plan again")
        elif self.unplanned_step:
            terminalreporter.write_line("planner: every collected test is in the plan")
        if not self.order and not self.unplanned_step:
            terminalreporter.write_line(f"planner: step {self.step} has no tests")
        if self.missing:
            first = self.missing[0]
            more = f" (and {len(self.missing) - 1} more)" if len(self.missing) > 1 else ""
            terminalreporter.write_line(
                f"planner: {len(self.missing)} test(s) of step {self.step} were not collected: {first}{more}; "
                "make the plan again if the tests changed"
            )
