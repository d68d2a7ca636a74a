"""The plan file: a :class:`~planner.model.Plan` as JSON, and back.

The plan file is the contract between ``planner plan`` and every consumer
(``show``, ``doubles``, ``select``, ``run``, ``render``, ``ci``). It is UTF-8
JSON with sorted keys, so the same plan is the same bytes. Its schema is
versioned (``"schema": "planner-plan/1"``); a reader refuses a schema it does
not know. ``docs/plan-file.md`` documents every key, and
``planner/schemas/plan-1.schema.json`` is its JSON Schema.

Plan files may come from anyone, so reading checks every key and type and
refuses unit names with control characters; nothing in a plan is executed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from planner.errors import GraphLoadError, PlanFileError, UsageError
from planner.graph import check_name
from planner.model import (
    CHANGE_EFFECTS,
    SCHEMA,
    TECHNIQUES,
    Assignment,
    BrokenEdge,
    Change,
    ChangedFile,
    Comparison,
    Component,
    Driver,
    GraphInfo,
    Metrics,
    Options,
    ParetoFront,
    Plan,
    Selection,
    Step,
    Stub,
)
from planner.nodeids import check_node_id

__all__ = [
    "COMPARE_SCHEMA",
    "PARETO_SCHEMA",
    "comparison_to_dict",
    "dumps",
    "dumps_comparison",
    "dumps_pareto",
    "load",
    "loads",
    "pareto_to_dict",
    "plan_to_dict",
]

COMPARE_SCHEMA = "planner-compare/1"
PARETO_SCHEMA = "planner-pareto/1"


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON data (lists, dicts, str, numbers, bools, None)."""
    steps = [_step_to_dict(step) for step in plan.steps]
    result = {
        "schema": SCHEMA,
        "strategy": plan.strategy,
        "options": _options_to_dict(plan.options),
        "graph": _graph_to_dict(plan.graph),
        "steps": steps,
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
    return _json_text(comparison_to_dict(comparison))


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
    return _json_text(pareto_to_dict(front))


def _step_to_dict(step: Step) -> dict[str, Any]:
    return {
        "index": step.index,
        "wave": step.wave,
        "units": list(step.units),
        "stubs": [{"unit": s.unit, "for": list(s.for_), "names": list(s.names)} for s in step.stubs],
        "drivers": [{"unit": d.unit, "for": list(d.for_), "names": list(d.names)} for d in step.drivers],
        "tests": list(step.tests),
    }


def dumps(plan: Plan) -> str:
    """The plan file's text: sorted keys, two-space indent, a final newline."""
    return _json_text(plan_to_dict(plan))


def _json_text(data: Any) -> str:
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def load(path: str | Path) -> Plan:
    """Read the plan file at ``path``."""
    display = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{display}: no such plan file") from None  # a wrong command line, like any missing file
    except IsADirectoryError:
        raise PlanFileError("is a directory, not a plan file", path=display) from None
    except UnicodeDecodeError:
        raise PlanFileError("not UTF-8 text: not a plan file", path=display) from None
    except OSError as exc:
        raise PlanFileError(f"cannot read: {exc.strerror}", path=display) from None
    return loads(text, display=display)


def loads(text: str, *, display: str = "<plan>") -> Plan:
    """Parse a plan file's text; ``display`` names it in errors."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanFileError(f"not JSON ({exc.msg} at column {exc.colno})", path=display, line=exc.lineno) from None
    except RecursionError:
        raise PlanFileError("JSON nesting too deep", path=display) from None
    return _Reader(display).plan(data)


class _Reader:
    """Checks each key of a plan file as it builds the values."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.raw_steps: list[dict[str, Any]] = []

    def fail(self, where: str, message: str) -> PlanFileError:
        return PlanFileError(f"{where}: {message}", path=self.display)

    def get(self, data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
        if key not in data:
            raise self.fail(where, f"missing key {key!r}")
        value = data[key]
        ok = isinstance(value, kind) and not (isinstance(value, bool) and bool not in _as_tuple(kind))
        if not ok:
            raise self.fail(f"{where}.{key}", f"expected {_type_name(kind)}, got {type(value).__name__}")
        return value

    def names(self, data: dict[str, Any], key: str, where: str, *, unit: bool = True) -> tuple[str, ...]:
        items = self.get(data, key, list, where)
        result = []
        for k, item in enumerate(items):
            if not isinstance(item, str):
                raise self.fail(f"{where}.{key}[{k}]", "expected a string")
            if unit:
                try:
                    check_name(item)
                except GraphLoadError as exc:
                    raise self.fail(f"{where}.{key}[{k}]", exc.message) from None
            result.append(item)
        return tuple(result)

    def scan(self, data: Any) -> tuple[tuple[str, bool | tuple[str, ...]], ...]:
        """``graph.scan``: the scanner options that shaped the graph (see ``GraphInfo.scan``)."""
        from planner.scan.model import SCOPES  # here: the scanner's package is not needed otherwise

        where = "plan.graph.scan"
        if not isinstance(data, dict):
            raise self.fail(where, f"expected an object, got {type(data).__name__}")
        result: list[tuple[str, bool | tuple[str, ...]]] = []
        for key in sorted(data):
            if key in ("exclude", "scopes"):
                values = self.names(data, key, where, unit=False)
                unknown = [v for v in values if key == "scopes" and v not in SCOPES]
                if unknown:
                    raise self.fail(f"{where}.scopes", f"unknown scope {unknown[0]!r}")
                result.append((key, values))
            elif key in ("external", "include_tests", "through_init"):
                result.append((key, bool(self.get(data, key, bool, where))))
            else:
                raise self.fail(f"{where}.{key}", "unknown scanner option")
        return tuple(result)

    def unit(self, data: dict[str, Any], where: str) -> str:
        """``data["unit"]``, a unit name (checked as the graph loaders check names)."""
        unit: str = self.get(data, "unit", str, where)
        try:
            check_name(unit)
        except GraphLoadError as exc:
            raise self.fail(f"{where}.unit", exc.message) from None
        return unit

    def objects(self, data: dict[str, Any], key: str, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
        for k, item in enumerate(self.get(data, key, list, where)):
            if not isinstance(item, dict):
                raise self.fail(f"{where}.{key}[{k}]", "expected an object")
            yield f"{where}.{key}[{k}]", item

    def number(self, data: dict[str, Any], key: str, where: str) -> float:
        value = float(self.get(data, key, (int, float), where))
        if not math.isfinite(value):
            raise self.fail(f"{where}.{key}", "must be a finite number")
        return value

    def plan(self, data: Any) -> Plan:
        if not isinstance(data, dict):
            raise PlanFileError("not a plan file (expected a JSON object)", path=self.display)
        schema = data.get("schema")
        if schema != SCHEMA:
            if schema is None:
                raise PlanFileError(f'not a plan file (no "schema" key; expected {SCHEMA!r})', path=self.display)
            raise PlanFileError(
                f"plan schema {schema!r} is not supported (this planner reads {SCHEMA!r}); "
                "make the plan again with this version",
                path=self.display,
            )
        options = self.get(data, "options", dict, "plan")
        graph = self.get(data, "graph", dict, "plan")
        metrics = self.get(data, "metrics", dict, "plan")
        self.raw_steps = [item for _, item in self.objects(data, "steps", "plan")]
        steps = [self.step(where, item) for where, item in self.objects(data, "steps", "plan")]
        for k, step in enumerate(steps, start=1):
            if step.index != k:
                raise self.fail(f"plan.steps[{k - 1}].index", f"expected {k}, got {step.index}")
        self.check_units(steps)
        selection = self.selection(data, steps) if "selection" in data else None
        return Plan(
            strategy=self.get(data, "strategy", str, "plan"),
            options=Options(
                cycles=self.get(options, "cycles", str, "plan.options"),
                objective=self.get(options, "objective", str, "plan.options"),
                variant=options.get("variant") if isinstance(options.get("variant"), str) else None,
                target_layer=self.get(options, "target_layer", int, "plan.options")
                if "target_layer" in options
                else None,
                time_limit=self.number(options, "time_limit", "plan.options") if "time_limit" in options else None,
            ),
            graph=GraphInfo(
                source=self.get(graph, "source", str, "plan.graph"),
                sha256=self.get(graph, "sha256", str, "plan.graph"),
                units=self.get(graph, "units", int, "plan.graph"),
                edges=self.get(graph, "edges", int, "plan.graph"),
                format=graph.get("format", "") if isinstance(graph.get("format", ""), str) else "",
                scan=self.scan(graph["scan"]) if "scan" in graph else (),
            ),
            steps=tuple(steps),
            broken_edges=tuple(
                BrokenEdge(
                    importer=self.get(item, "importer", str, where),
                    imported=self.get(item, "imported", str, where),
                    kind=self.get(item, "kind", str, where),
                    cost=self.number(item, "cost", where),
                )
                for where, item in self.objects(data, "broken_edges", "plan")
            ),
            metrics=Metrics(
                steps=self.get(metrics, "steps", int, "plan.metrics"),
                waves=self.get(metrics, "waves", int, "plan.metrics"),
                specific_stubs=self.get(metrics, "specific_stubs", int, "plan.metrics"),
                generic_stubs=self.get(metrics, "generic_stubs", int, "plan.metrics"),
                drivers=self.get(metrics, "drivers", int, "plan.metrics"),
                stub_complexity=self.number(metrics, "stub_complexity", "plan.metrics"),
            ),
            components=tuple(self.component(where, item) for where, item in self.objects(data, "components", "plan"))
            if "components" in data
            else (),
            notes=self.names(data, "notes", "plan", unit=False) if "notes" in data else (),
            selection=selection,
            change=self.change(self.get(data, "change", dict, "plan")) if "change" in data else None,
        )

    def change(self, data: dict[str, Any]) -> Change:
        where = "plan.change"
        files = []
        for w, item in self.objects(data, "files", where):
            effect = self.get(item, "effect", str, w)
            if effect not in CHANGE_EFFECTS:
                raise self.fail(f"{w}.effect", f"expected one of {', '.join(CHANGE_EFFECTS)}, got {effect!r}")
            files.append(
                ChangedFile(
                    self.text(item, "path", w), effect, self.text(item, "reason", w), self.names(item, "units", w)
                )
            )
        units = tuple(
            (self.text(item, "unit", w), self.text(item, "why", w)) for w, item in self.objects(data, "units", where)
        )
        since = data.get("since")
        base = data.get("base")
        return Change(
            since=self.text(data, "since", where) if since is not None else None,
            base=self.text(data, "base", where) if base is not None else None,
            files=tuple(files),
            everything=self.get(data, "everything", bool, where),
            units=units,
            unselected_tests=self.get(data, "unselected_tests", int, where) if "unselected_tests" in data else 0,
        )

    def selection(self, data: dict[str, Any], steps: list[Step]) -> Selection:
        where = "plan.selection"
        section = self.get(data, "selection", dict, "plan")
        tests = tuple(self.assignment(w, item, len(steps)) for w, item in self.objects(section, "tests", where))
        seen: set[str] = set()
        for k, test in enumerate(tests):
            if test.node_id in seen:
                raise self.fail(f"{where}.tests[{k}].id", f"{test.node_id!r} is listed twice")
            seen.add(test.node_id)
        new_dependencies = []
        for k, step in enumerate(steps):
            mine = tuple(t.node_id for t in tests if t.step == step.index)
            if step.tests != mine:
                raise self.fail(f"plan.steps[{k}].tests", f"do not match {where}.tests of step {step.index}")
            raw = self.raw_steps[k]
            edges = (
                tuple(
                    (self.get(item, "importer", str, w), self.get(item, "imported", str, w))
                    for w, item in self.objects(raw, "new_dependencies", f"plan.steps[{k}]")
                )
                if "new_dependencies" in raw
                else ()
            )
            new_dependencies.append(edges)
        return Selection(
            rootdir=self.text(section, "rootdir", where),
            args=self.names(section, "args", where, unit=False),
            footprint=self.get(section, "footprint", str, where),
            tests=tests,
            new_dependencies=tuple(new_dependencies),
            doubles=self.get(section, "doubles", bool, where) if "doubles" in section else False,
        )

    def text(self, data: dict[str, Any], key: str, where: str) -> str:
        value = self.get(data, key, str, where)
        try:
            return check_name(value)
        except GraphLoadError as exc:
            raise self.fail(f"{where}.{key}", exc.message) from None

    def assignment(self, where: str, data: dict[str, Any], steps: int) -> Assignment:
        node_id = self.get(data, "id", str, where)
        problem = check_node_id(node_id)
        if problem is not None:
            raise self.fail(f"{where}.id", f"node id {node_id!r} {problem}")
        step = self.get(data, "step", int, where)
        if not 1 <= step <= steps:
            raise self.fail(f"{where}.step", f"no step {step} (the plan has {steps})")
        method = self.get(data, "method", str, where)
        if method not in ("static", "coverage"):
            raise self.fail(f"{where}.method", f"expected 'static' or 'coverage', got {method!r}")
        technique = self.get(data, "technique", str, where)
        if technique not in TECHNIQUES:
            raise self.fail(f"{where}.technique", f"expected one of {', '.join(TECHNIQUES)}, got {technique!r}")
        return Assignment(
            node_id=node_id,
            step=step,
            footprint=self.names(data, "footprint", where),
            method=method,
            technique=technique,
            keywords=self.names(data, "keywords", where, unit=False) if "keywords" in data else (),
            indirect=self.names(data, "indirect", where) if "indirect" in data else (),
        )

    def check_units(self, steps: list[Step]) -> None:
        """Each unit is integrated by one step, and every double is of and for integrated units."""
        integrated: dict[str, int] = {}
        for k, step in enumerate(steps):
            for j, unit in enumerate(step.units):
                if unit in integrated:
                    raise self.fail(
                        f"plan.steps[{k}].units[{j}]", f"{unit!r} is integrated by step {integrated[unit]} already"
                    )
                integrated[unit] = step.index
        for k, step in enumerate(steps):
            named = [(f"stubs[{j}]", (s.unit, *s.for_)) for j, s in enumerate(step.stubs)]
            named += [(f"drivers[{j}]", (d.unit, *d.for_)) for j, d in enumerate(step.drivers)]
            for where, units in named:
                for unit in units:
                    if unit not in integrated:
                        raise self.fail(f"plan.steps[{k}].{where}", f"{unit!r} is integrated by no step")

    def step(self, where: str, data: dict[str, Any]) -> Step:
        return Step(
            index=self.get(data, "index", int, where),
            wave=self.get(data, "wave", int, where),
            units=self.names(data, "units", where),
            stubs=tuple(
                Stub(
                    unit=self.unit(item, w),
                    for_=self.names(item, "for", w),
                    names=self.names(item, "names", w, unit=False) if "names" in item else (),
                )
                for w, item in self.objects(data, "stubs", where)
            ),
            drivers=tuple(
                Driver(
                    unit=self.unit(item, w),
                    for_=self.names(item, "for", w),
                    names=self.names(item, "names", w, unit=False) if "names" in item else (),
                )
                for w, item in self.objects(data, "drivers", where)
            ),
            tests=self.node_ids(data, "tests", where) if "tests" in data else (),
        )

    def node_ids(self, data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        ids = self.names(data, key, where, unit=False)
        for k, node_id in enumerate(ids):
            problem = check_node_id(node_id)
            if problem is not None:
                raise self.fail(f"{where}.{key}[{k}]", f"node id {node_id!r} {problem}")
        return ids

    def component(self, where: str, data: dict[str, Any]) -> Component:
        lower = data.get("lower_bound")
        return Component(
            units=self.names(data, "units", where),
            method=self.get(data, "method", str, where),
            broken=tuple(
                (self.get(item, "importer", str, w), self.get(item, "imported", str, w))
                for w, item in self.objects(data, "broken", where)
            ),
            cost=self.number(data, "cost", where),
            optimal=self.get(data, "optimal", bool, where),
            lower_bound=self.number(data, "lower_bound", where) if lower is not None else None,
        )


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "true or false",
    }
    return " or ".join(names.get(k, k.__name__) for k in _as_tuple(kind))
