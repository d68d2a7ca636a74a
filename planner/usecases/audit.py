"""How well a plan localises defects: mutants of its units, of its interfaces, and its history."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import UsageError
from planner.usecases.plans import plan_digest

if TYPE_CHECKING:
    import networkx as nx

    from planner.audit import AuditReport, AuditRequest
    from planner.audit import Listener as AuditListener
    from planner.audit.history import HistoryReport
    from planner.audit.interfaces import CallerCalls, InterfaceReport
    from planner.model import Plan

__all__ = ["audit_history", "audit_interfaces", "audit_localisation"]


def audit_localisation(
    plan_file: str | Path, request: AuditRequest, *, listener: AuditListener | None = None
) -> AuditReport:
    """Mutants of each unit of the plan in ``plan_file``, the suite on each, and where it fails.

    Runs in the directory the plan was made in (its source tree and pytest rootdir are there);
    the project is copied to scratch directories, never changed (see ``docs/audit.md``).
    """
    from planner.audit import audit

    plan, graph, files = _audited(plan_file)
    report = audit(plan, graph, files, plan_path=str(plan_file), project=Path.cwd(), request=request, listener=listener)
    return replace(report, plan_sha256=plan_digest(plan))


def audit_history(plan_file: str | Path, count: int) -> HistoryReport:
    """Replay the last ``count`` commits with change-aware plans made like the plan in ``plan_file``:
    the tests each plan left out that failed (misses), the share selected, the time saved."""
    from planner.audit.history import replay

    plan, _, files = _audited(plan_file)
    replayed = replay(plan, plan_path=str(plan_file), project=Path.cwd(), bases=_bases(files), count=count)
    return replace(replayed, plan_sha256=plan_digest(plan))


def audit_interfaces(plan_file: str | Path) -> InterfaceReport:
    """Signature mutants of each unit a driver of the plan drives, and whether the drivers catch each."""
    from planner.audit.interfaces import audit_interfaces as run_audit

    plan, graph, files = _audited(plan_file)
    uses = _driven_calls(plan, graph)
    checked = run_audit(uses, files, plan_path=str(plan_file), project=Path.cwd(), bases=_bases(files))
    return replace(checked, plan_sha256=plan_digest(plan))


def _audited(plan_file: str | Path) -> tuple[Plan, nx.DiGraph, dict[str, str]]:
    """The plan, its graph (checked to be the one it was made from) and each unit's file."""
    from planner.change.scope import unit_files
    from planner.errors import PlanFileError
    from planner.usecases.graphs import recorded_graph
    from planner.usecases.plans import read_plan

    plan = read_plan(plan_file)
    graph = recorded_graph(plan)
    if graph is None:
        raise PlanFileError(
            f"the plan's source {plan.graph.source} is not in this directory, or is no longer the graph the plan was "
            "made from: run 'planner audit' where the plan was made, after planning again if the code changed",
            path=str(plan_file),
        )
    files = {unit: path for path, unit in unit_files(graph).items()}
    if not files:
        raise UsageError(
            f"{plan_file}: the plan's graph ({plan.graph.source}) was not scanned from a Python source tree: "
            "there is no module to mutate"
        )
    return plan, graph, files


def _bases(files: dict[str, str]) -> list[str]:
    """The directories the units import from (what a scratch copy puts on ``sys.path``)."""
    from planner.audit.scratch import import_base

    return sorted({b for unit, file in files.items() if (b := import_base(unit, file)) is not None})


def _driven_calls(plan: Plan, graph: nx.DiGraph) -> list[CallerCalls]:
    """Each call a missing caller makes into a unit a driver of the plan drives."""
    from planner.audit.interfaces import CallerCalls
    from planner.change.scope import project_path
    from planner.doubles.calls import uses_of
    from planner.doubles.sources import read_tree

    index = read_tree(graph)
    uses = []
    for driver in plan.drivers:
        unit = index.module(driver.unit)
        for caller in driver.for_:
            source = index.module(caller)
            if unit is None or source is None:
                continue
            use = uses_of(source, unit)
            calls = tuple((c.line, c.target, c.positional, c.keywords, c.flags, c.text) for c in use.calls)
            uses.append(CallerCalls(caller, driver.unit, project_path(use.path), use.names, calls))
    return uses
