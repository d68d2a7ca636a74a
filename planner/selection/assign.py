"""Assign tests to the steps of a plan: the first step whose integrated set covers the footprint.

The definition (DESIGN.md): a test runs at the first step at which every unit
of its footprint is integrated for real, or faked by a double that the run
actually installs: a plan placed for a run without doubles (the default;
``planner run`` without ``--doubles``) counts no stub as in force. A stub
for ``v`` stands in for ``v`` towards the integrated units that depend on it
(that is what a stub is): so it can fake the units a test reaches *through*
other units (``indirect``, measured by coverage), never the units the test's
own code names. A test of ``shop.db`` does not run at a step where ``shop.db``
is only a stub: it would test the stub.

A unit ``v`` is integrated from its step ``s(v)`` on, and, in a run with
doubles, stubbed from the first step that integrates one of its dependants
``u`` (``u -> v``, ``s(u) < s(v)``) until ``s(v)``. So ``v`` is available from
``first(v) = min(s(v), min s(u) over u -> v)`` with doubles, ``s(v)``
without, and a test's step is the largest of ``s(u)`` over the units it names
and ``first(v)`` over the units it reaches only indirectly.

A test whose footprint is empty (its code names no unit of the graph, or the
measured run saw it execute none) is in a group of its own, run at the end
(recorded in the last step, shown and blamed as "exercises no unit of the
graph", never as that step's integration): nothing tells what it needs, and
with everything integrated it needs nothing more. Every collected test is in
exactly one step; within a step, tests keep pytest's collection order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from planner.model import Assignment, Plan, Selection
from planner.selection.collected import Analysis, Collection, node_id_names

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["assign", "available_from", "new_dependencies"]


def available_from(graph: nx.DiGraph, step_of: Mapping[str, int]) -> dict[str, int]:
    """The first step at which each unit is integrated or stubbed."""
    first = dict(step_of)
    for u, v in graph.edges:
        if step_of[u] < first[v]:
            first[v] = step_of[u]
    return first


def new_dependencies(
    graph: nx.DiGraph, step_of: Mapping[str, int], steps: int
) -> tuple[tuple[tuple[str, str], ...], ...]:
    """For each step, the dependencies whose two ends are integrated at that step for the first time."""
    found: list[list[tuple[str, str]]] = [[] for _ in range(steps)]
    for u, v in graph.edges:
        found[max(step_of[u], step_of[v]) - 1].append((u, v))
    return tuple(tuple(sorted(edges)) for edges in found)


def assign(
    plan: Plan,
    graph: nx.DiGraph,
    collection: Collection,
    analyses: Mapping[str, Analysis],
    *,
    rootdir: str,
    args: tuple[str, ...],
    footprint: str,
    doubles: bool = False,
) -> Plan:
    """``plan`` with every collected test in the step it runs at (see the module docstring).

    ``rootdir`` and ``args`` are recorded as given (relative paths, see
    :class:`planner.model.Selection`); ``footprint`` is the method asked for;
    ``doubles``: whether the run installs the plan's doubles (without them, no
    stub is in force, and a unit counts only once it is integrated).
    """
    step_of = plan.step_of()
    first = available_from(graph, step_of) if doubles else dict(step_of)
    last = len(plan.steps)
    tests: list[Assignment] = []
    for test in collection.tests:
        analysis = analyses[test.node_id]
        units = [u for u in analysis.footprint if u in first]
        indirect = set(analysis.indirect)
        step = max(((first if u in indirect else step_of)[u] for u in units), default=last)
        tests.append(
            Assignment(
                node_id=test.node_id,
                step=step,
                footprint=tuple(sorted(units)),
                method=analysis.method,
                technique=analysis.technique,
                keywords=tuple(sorted(set(test.keywords) - node_id_names(test.node_id))),
                indirect=tuple(sorted(indirect.intersection(units))),
            )
        )
    tests.sort(key=lambda t: t.step)  # stable: collection order within a step
    per_step: list[list[str]] = [[] for _ in range(last)]
    for assigned in tests:
        per_step[assigned.step - 1].append(assigned.node_id)
    selection = Selection(
        rootdir=rootdir,
        args=args,
        footprint=footprint,
        tests=tuple(tests),
        new_dependencies=new_dependencies(graph, step_of, last),
        doubles=doubles,
    )
    return replace(plan.with_tests(per_step), selection=selection)
