"""Reading ``planner-plan/1`` files, which listed every double in force at every step.

Version 2 (:mod:`planner.planfile.read_v2`) lists each double once; this reader is
kept so that plans written by earlier versions still work with every command. It
checks every key and type by hand, as it always did.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from planner.base.nodeids import check_node_id
from planner.errors import GraphLoadError, PlanFileError, UsageError
from planner.graph import check_name
from planner.model import (
    CHANGE_EFFECTS,
    TECHNIQUES,
    Assignment,
    BrokenEdge,
    Change,
    ChangedFile,
    Component,
    Driver,
    GraphInfo,
    Metrics,
    Options,
    Plan,
    Selection,
    Step,
    Stub,
)

__all__ = ["ReaderV1"]


class ReaderV1:
    """Reads a ``planner-plan/1`` file, checking each key as it builds the values.

    Version 1 listed, at every step, every double in force; the steps it gives are those lists.
    """

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
        from planner.loaders.scan.model import SCOPES  # here: the scanner's package is not needed otherwise

        where = "plan.graph.scan"
        if not isinstance(data, dict):
            raise self.fail(where, f"expected an object, got {type(data).__name__}")
        result: list[tuple[str, bool | tuple[str, ...]]] = []
        for key in sorted(data):
            if key in ("exclude", "scopes", "packages"):
                values = self.names(data, key, where, unit=False)
                unknown = [v for v in values if key == "scopes" and v not in SCOPES]
                if unknown:
                    raise self.fail(f"{where}.scopes", f"unknown scope {unknown[0]!r}")
                result.append((key, values))
            elif key in ("external", "include_tests", "through_init", "no_gitignore"):
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

    def options(self, options: dict[str, Any]) -> Options:
        try:
            return Options.of(
                cycles=self.get(options, "cycles", str, "plan.options"),
                objective=self.get(options, "objective", str, "plan.options"),
                variant=options.get("variant") if isinstance(options.get("variant"), str) else None,
                target_layer=self.get(options, "target_layer", int, "plan.options")
                if "target_layer" in options
                else None,
                time_limit=self.number(options, "time_limit", "plan.options") if "time_limit" in options else None,
            )
        except UsageError as exc:  # a word out of the vocabularies, or a bound that makes no sense
            raise self.fail("plan.options", exc.message) from None

    def plan(self, data: Any) -> Plan:
        if not isinstance(data, dict):
            raise PlanFileError("not a plan file (expected a JSON object)", path=self.display)
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
            options=self.options(options),
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
