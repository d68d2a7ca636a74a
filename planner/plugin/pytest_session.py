"""The plugin's session run: ``pytest --plan=PLAN --plan-run`` runs every step in one session.

Registered by :mod:`planner.plugin.entry` when ``--plan-run`` is given (what
``planner run`` does by default). One pytest session costs one start-up, one
collection and one import of the project, instead of one per step:

- ``pytest_collection_modifyitems`` orders the planned items by step, then by
  their order in the step, and deselects every other item through pytest's own
  ``pytest_deselected``; a step whose planned tests were not all collected (or
  whose test file pytest could not collect) is known to fail before anything
  runs, so, unless ``--plan-keep-going``, the items after it are not run;
- around each item, the step it belongs to is opened (with the steps without
  items before it) and, after the last item of a step, closed: its JUnit XML
  (``step-K.xml`` in ``--plan-junit-dir``, written as pytest's own JUnit
  writer writes it, so it reads as a ``--junitxml`` file does:
  :mod:`planner.selection.junit`) and, if a test of it
  failed, ``session.shouldstop``, so the items of the later steps do not run;
- at the end of the session the steps left without items are opened and
  closed, unless the run stopped; a step open when the session is interrupted
  (Ctrl-C) keeps the partial report of the tests that finished;
- with ``--plan-unplanned``, the collected tests that no step names (and the
  test files that pytest could not collect and no step names) make a last
  step N+1, "not in the plan", run after step N in the same session, so that
  ``planner run`` needs no second collection to find them; with
  ``--strict-plan`` that step fails without running them.

Step boundaries go to the harness's ``--planner-report`` file, when it is
given, as ``step`` events, so that ``planner run`` can follow the run.

The session needs of the plan only each step's node ids: ``planner run``, which has
read and checked the plan file already, hands them over as a small JSON file
(``--plan-steps``, :mod:`planner.selection.step_table`) so that the session does
not read, check and build the whole plan a second time (about 0.03 CPU s on a suite of
600 tests); ``pytest --plan=PLAN --plan-run`` reads the plan file itself.
Collection errors do not stop the session (pytest's
``--continue-on-collection-errors``): they fail the first step holding a test
of the file, and the steps before it still run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from planner.base.nodeids import node_file, renamed_parameters
from planner.errors import UsageError
from planner.selection.step_table import StepTable

if TYPE_CHECKING:
    from collections.abc import Generator

    from planner.selection.junit import StepXML

__all__ = ["SessionSteps"]


@dataclass
class _Step:
    index: int
    planned: tuple[str, ...]
    missing: list[str] = field(default_factory=list)
    collect_errors: list[pytest.CollectReport] = field(default_factory=list)
    failed: bool = False
    xml: StepXML | None = None
    refused: str = ""
    """Why the step fails before it runs (``--strict-plan`` refusing the tests not in the plan)."""


class SessionSteps:
    """Run the steps of a plan (its :data:`StepTable`) from ``first`` on, in one pytest session."""

    def __init__(
        self,
        table: StepTable,
        *,
        path: str,
        first: int,
        keep_going: bool,
        junit_dir: str | None,
        unplanned: bool = False,
        strict: bool = False,
    ) -> None:
        if not 1 <= first <= len(table):
            raise UsageError(f"{path}: no step {first}: the plan has steps 1 to {len(table)}")
        self.path = path
        self.total = len(table)
        self.steps = {index: _Step(index, tuple(tests)) for index, tests in table[first - 1 :]}
        self.order = [index for index, _ in table[first - 1 :]]
        self.step_of: dict[str, int] = {}
        self.rank: dict[str, int] = {}
        for index, tests in table[first - 1 :]:
            for k, node_id in enumerate(tests):
                self.step_of[node_id] = index
                self.rank[node_id] = k
        self.known = {node_id for _, tests in table for node_id in tests}
        self.keep_going = keep_going
        self.junit_dir = junit_dir
        self.unplanned = _Step(self.total + 1, ()) if unplanned or strict else None
        self.strict = strict
        self.config: pytest.Config | None = None
        self.position = -1  # index in self.order of the step open or last closed
        self.open = False
        self.stopped = False

    # -- collection

    def pytest_configure(self, config: pytest.Config) -> None:
        self.config = config
        # A test file that cannot be collected fails its step; the steps before it still run.
        config.option.continue_on_collection_errors = True

    def pytest_report_header(self) -> str:
        first = self.order[0] if self.order else self.total
        return f"planner: steps {first} to {self.total} of {self.path}, in one session"

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if not report.failed:
            return
        path = node_file(report.nodeid)
        for index in self.order:
            step = self.steps[index]
            if any(node_file(t) == path for t in step.planned):
                step.collect_errors.append(report)
                return
        if self.unplanned is not None and not any(node_file(t) == path for t in self.known):
            self.unplanned.collect_errors.append(report)  # a new test file that does not import

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        # tests whose parametrize ids change between collections run in place of the planned ones
        renamed = renamed_parameters(self.known, [item.nodeid for item in items])
        for new, old in renamed.items():
            self.known.add(new)
            if old in self.step_of:
                self.step_of[new], self.rank[new] = self.step_of[old], self.rank[old]
        chosen = [item for item in items if item.nodeid in self.step_of]
        deselected = [item for item in items if item.nodeid not in self.step_of]
        found = {item.nodeid for item in chosen}
        found |= {renamed[node_id] for node_id in found if node_id in renamed}
        for step in self.steps.values():
            step.missing = [t for t in step.planned if t not in found]
        chosen.sort(key=lambda item: (self.step_of[item.nodeid], self.rank[item.nodeid]))
        if self.unplanned is not None:
            chosen += self._unplanned(self.unplanned, deselected)
        if not self.keep_going:
            broken = [i for i in self.order if self.steps[i].missing or self.steps[i].collect_errors]
            if broken:
                later = [item for item in chosen if self.step_of[item.nodeid] > broken[0]]
                chosen = [item for item in chosen if self.step_of[item.nodeid] <= broken[0]]
                deselected += later
        if deselected:
            config.hook.pytest_deselected(items=deselected)
        items[:] = chosen

    def _unplanned(self, step: _Step, deselected: list[pytest.Item]) -> list[pytest.Item]:
        """The items no step names, to run as the last step (none with ``--strict-plan``: it fails)."""
        new = [item for item in deselected if item.nodeid not in self.known]
        if not new and not step.collect_errors:
            return []
        self.steps[step.index] = step
        self.order.append(step.index)
        if self.strict and new:
            first, more = new[0].nodeid, f" (and {len(new) - 1} more)" if len(new) > 1 else ""
            step.refused = (
                f"{len(new)} collected test(s) are not in the plan {self.path}: {first}{more}: "
                "--strict-plan refuses a plan that is out of date"
            )
            return []
        deselected[:] = [item for item in deselected if item.nodeid in self.known]
        for item in new:
            self.step_of[item.nodeid] = step.index
        return new

    # -- running

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, Any, Any]:
        index = self.step_of.get(item.nodeid)
        if index is not None:
            self._advance(index)
        outcome = yield
        if index is not None and (nextitem is None or self.step_of.get(nextitem.nodeid) != index):
            self._close()
            if self.steps[index].failed and not self.keep_going:
                self.stopped = True
                item.session.shouldfail = f"planner: step {index} failed"
        return outcome

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if not self.open:
            return
        step = self.steps[self.order[self.position]]
        if report.failed:
            step.failed = True
        if step.xml is not None:
            step.xml.logreport(report)

    @pytest.hookimpl(tryfirst=True)  # before the harness closes its report
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        interrupted = int(exitstatus) == 2  # pytest.ExitCode.INTERRUPTED
        if self.open:
            self._close(interrupted=interrupted)
            if self.steps[self.order[self.position]].failed and not self.keep_going:
                self.stopped = True
        if not (interrupted or self.stopped or session.shouldfail or session.shouldstop):
            self._advance(None)
            if self.unplanned is not None and self.unplanned.refused and int(exitstatus) in (0, 5):
                session.exitstatus = pytest.ExitCode.TESTS_FAILED  # --strict-plan: the plan is out of date

    # -- steps

    def _advance(self, index: int | None) -> None:
        """Open step ``index``, opening and closing the steps without items before it (all, if None)."""
        if self.open and self.order[self.position] == index:
            return
        if self.open:
            self._close()
        last = self.order.index(index) if index is not None else len(self.order)
        while self.position + 1 < last:
            self.position += 1
            self._open()
            self._close()
            if self.steps[self.order[self.position]].failed and not self.keep_going:
                self.stopped = True
                return
        if index is not None:
            self.position = last
            self._open()

    def _open(self) -> None:
        step = self.steps[self.order[self.position]]
        self.open = True
        if step.missing or step.collect_errors or step.refused:
            step.failed = True
        if self.junit_dir is not None and self.config is not None:
            import os

            from planner.selection.junit import StepXML

            path = os.path.join(self.junit_dir, f"step-{step.index}.xml")
            step.xml = StepXML(path, self.config, f"step-{step.index}")
            for report in step.collect_errors:
                step.xml.collect_error(report)
        self._event(
            {
                "event": "step",
                "state": "start",
                "step": step.index,
                "missing": step.missing,
                "errors": [{"id": r.nodeid, "message": _crash(r)} for r in step.collect_errors],
                "refused": step.refused,
            }
        )

    def _close(self, *, interrupted: bool = False) -> None:
        step = self.steps[self.order[self.position]]
        self.open = False
        if step.xml is not None:
            step.xml.write()
        self._event({"event": "step", "state": "end", "step": step.index, "interrupted": interrupted})

    def _event(self, data: dict[str, Any]) -> None:
        reporter = self.config.pluginmanager.get_plugin("planner-harness-report") if self.config else None
        if reporter is not None:
            reporter.write(data)


def _crash(report: pytest.CollectReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    message = getattr(crash, "message", None)
    text = message if isinstance(message, str) else str(report.longrepr)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[0] if lines else "")[:500]
