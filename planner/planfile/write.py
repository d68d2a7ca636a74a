"""Plans, comparisons and Pareto fronts as JSON data and text (what ``planfile`` writes)."""

from __future__ import annotations

import json
from typing import Any

from planner.model import (
    SCHEMA,
    Change,
    Comparison,
    Double,
    GraphInfo,
    Metrics,
    Options,
    ParetoFront,
    Plan,
    Selection,
)

__all__ = [
    "COMPARE_SCHEMA",
    "PARETO_SCHEMA",
    "comparison_to_dict",
    "dumps",
    "dumps_comparison",
    "dumps_pareto",
    "json_text",
    "pareto_to_dict",
    "plan_to_dict",
]

COMPARE_SCHEMA = "planner-compare/1"
PARETO_SCHEMA = "planner-pareto/1"


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON data (lists, dicts, str, numbers, bools, None), schema ``planner-plan/2``."""
    steps = [
        {"index": step.index, "wave": step.wave, "units": list(step.units), "tests": list(step.tests)}
        for step in plan.steps
    ]
    result = {
        "schema": SCHEMA,
        "strategy": plan.strategy,
        "options": _options_to_dict(plan.options),
        "graph": _graph_to_dict(plan.graph),
        "steps": steps,
        "stubs": [_double_to_dict(d) for d in plan.stubs],
        "drivers": [_double_to_dict(d) for d in plan.drivers],
        "broken_edges": [
            {"importer": e.importer, "imported": e.imported, "kind": e.kind, "cost": e.cost} for e in plan.broken_edges
        ],
        "components": [
            {
                "units": list(c.units),
                "method": c.method,
                "broken": [{"importer": u, "imported": v} for u, v in c.broken],
                "cost": c.cost,
                "optimal": c.optimal,
                "lower_bound": c.lower_bound,
            }
            for c in plan.components
        ],
        "metrics": _metrics_to_dict(plan.metrics),
        "notes": list(plan.notes),
    }
    if plan.selection is not None:
        # Only plans made with --tests have these keys: other plan files stay as they were.
        result["selection"] = _selection_to_dict(plan.selection)
        for step, edges in zip(steps, plan.selection.new_dependencies, strict=True):
            step["new_dependencies"] = [{"importer": u, "imported": v} for u, v in edges]
    if plan.change is not None:
        result["change"] = _change_to_dict(plan.change)
    return result


def _double_to_dict(double: Double) -> dict[str, Any]:
    return {
        "unit": double.unit,
        "for": list(double.for_),
        "names": list(double.names),
        "first": double.first,
        "last": double.last,
    }


def _change_to_dict(change: Change) -> dict[str, Any]:
    return {
        "since": change.since,
        "base": change.base,
        "everything": change.everything,
        "files": [
            {"path": f.path, "effect": f.effect, "reason": f.reason, "units": list(f.units)} for f in change.files
        ],
        "units": [{"unit": unit, "why": why} for unit, why in change.units],
        "unselected_tests": change.unselected_tests,
    }


def _selection_to_dict(selection: Selection) -> dict[str, Any]:
    tests = []
    for test in selection.tests:
        item: dict[str, Any] = {
            "id": test.node_id,
            "step": test.step,
            "footprint": list(test.footprint),
            "method": test.method,
            "technique": test.technique,
        }
        if test.indirect:
            item["indirect"] = list(test.indirect)
        if test.keywords:
            item["keywords"] = list(test.keywords)
        tests.append(item)
    result: dict[str, Any] = {
        "rootdir": selection.rootdir,
        "args": list(selection.args),
        "footprint": selection.footprint,
        "tests": tests,
    }
    if selection.doubles:  # written only when true: plans placed for a run without doubles are unchanged
        result["doubles"] = True
    return result


def _options_to_dict(options: Options) -> dict[str, Any]:
    result: dict[str, Any] = {"cycles": options.cycles, "objective": options.objective}
    if options.variant is not None:
        result["variant"] = options.variant
    if options.target_layer is not None:
        result["target_layer"] = options.target_layer
    if options.time_limit is not None:
        result["time_limit"] = options.time_limit
    if options.effort is not None:
        result["effort"] = options.effort
    return result


def _graph_to_dict(graph: GraphInfo) -> dict[str, Any]:
    return {
        "source": graph.source,
        "sha256": graph.sha256,
        "units": graph.units,
        "edges": graph.edges,
        "format": graph.format,
        **(
            {"scan": {key: list(value) if isinstance(value, tuple) else value for key, value in graph.scan}}
            if graph.scan
            else {}
        ),
    }


def _metrics_to_dict(metrics: Metrics) -> dict[str, Any]:
    return {
        "steps": metrics.steps,
        "waves": metrics.waves,
        "specific_stubs": metrics.specific_stubs,
        "generic_stubs": metrics.generic_stubs,
        "drivers": metrics.drivers,
        "stub_complexity": metrics.stub_complexity,
    }


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """A comparison (``planner compare --format json``) as plain JSON data."""
    return {
        "schema": COMPARE_SCHEMA,
        "graph": _graph_to_dict(comparison.graph),
        "options": {"cycles": comparison.cycles, "objective": comparison.objective},
        "strategies": [
            {
                "strategy": r.strategy,
                "label": r.label,
                "options": _options_to_dict(r.options),
                "metrics": _metrics_to_dict(r.metrics),
                "broken_edges": r.broken_edges,
                "notes": list(r.notes),
            }
            for r in comparison.results
        ],
    }


def dumps_comparison(comparison: Comparison) -> str:
    """The JSON text of a comparison."""
    return json_text(comparison_to_dict(comparison), pretty=True)


def pareto_to_dict(front: ParetoFront) -> dict[str, Any]:
    """A Pareto front (``planner plan --pareto``) as plain JSON data."""
    first, second = front.objectives
    return {
        "schema": PARETO_SCHEMA,
        "graph": _graph_to_dict(front.graph),
        "objectives": list(front.objectives),
        "exact": front.exact,
        "points": [
            {
                first: point.values[0],
                second: point.values[1],
                "specific_stubs": point.specific_stubs,
                "broken": [{"importer": u, "imported": v} for u, v in point.broken],
            }
            for point in front.points
        ],
        "notes": list(front.notes),
    }


def dumps_pareto(front: ParetoFront) -> str:
    """The JSON text of a Pareto front."""
    return json_text(pareto_to_dict(front), pretty=True)


def dumps(plan: Plan, *, pretty: bool = False) -> str:
    """The plan file's text: sorted keys, compact (``pretty``: two-space indent), a final newline."""
    return json_text(plan_to_dict(plan), pretty=pretty)


def json_text(data: Any, *, pretty: bool = False) -> str:
    """``data`` as deterministic JSON: sorted keys, UTF-8 as is, compact unless ``pretty``.

    Compact output keeps Python's C encoder (an indent turns it off: about 5x slower).
    """
    if pretty:
        return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False) + "\n"
