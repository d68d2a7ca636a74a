"""Reading ``planner-plan/2`` files: the JSON Schema first, then what a schema cannot say.

``planner/schemas/plan-2.schema.json`` is the one description of the format: the
reader validates a file against it (compiled once by fastjsonschema, which is fast
enough for plans of 100,000 units), and only then checks that the parts agree:

1. ``steps[k].index`` is ``k + 1``, and ``metrics.steps`` is the number of steps;
2. each unit is integrated by one step, and its name is printable;
3. a stub ``{unit: v, for: U, first, last}``: each ``u`` of ``U`` is integrated at
   step ``first`` and ``v`` at step ``last + 1``; a driver: ``v`` is integrated at
   ``first`` and each ``u`` of ``U`` at ``last + 1``;
4. both ends of each broken edge are integrated by some step;
5. with a ``selection``: each node id once, each test's step exists, and
   ``steps[k].tests`` lists the selection's tests of that step, in order; every node
   id is one pytest can take safely (:func:`planner.nodeids.check_node_id`).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from planner.errors import GraphLoadError, PlanFileError
from planner.graph import check_name
from planner.model import (
    Assignment,
    BrokenEdge,
    Change,
    ChangedFile,
    Component,
    GraphInfo,
    Metrics,
    Options,
    Plan,
    Selection,
    SpanSteps,
)
from planner.nodeids import check_node_id

__all__ = ["read_v2", "schema_v2"]

_MAX_MESSAGE = 300


@functools.cache
def schema_v2() -> dict[str, Any]:
    """The JSON Schema of ``planner-plan/2`` files."""
    text = (Path(__file__).parent.parent / "schemas" / "plan-2.schema.json").read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


@functools.cache
def _validator() -> tuple[Callable[[Any], Any], type[Exception]]:
    """The compiled schema check and the exception class it raises, kept together.

    The class is the one of the fastjsonschema module that compiled the check: a module
    imported again later (pytest's in-process runs drop the modules they imported) has
    another class of the same name, which would not catch what this check raises.
    """
    import fastjsonschema

    return fastjsonschema.compile(schema_v2()), fastjsonschema.JsonSchemaValueException


def _printable(text: str) -> str:
    """A validator's message made safe to print: no control characters, bounded length."""
    safe = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    return safe if len(safe) <= _MAX_MESSAGE else safe[: _MAX_MESSAGE - 1] + "…"


def _worded(message: str) -> str:
    """A pattern the schema names in ``message``, said in words."""
    for name, wording in _PATTERNS.items():
        pattern = schema_v2()["definitions"][name]["pattern"]
        message = message.replace(f"must match pattern {pattern}", wording)
    return message


_PATTERNS = {
    "node_id": "must be a pytest node id: no control character or line break, not starting with '-' or '@'",
    "unit": "must be a unit name: not empty, no control character or line break",
    "text": "must be text without control characters or line breaks",
}


def read_v2(data: dict[str, Any], display: str) -> Plan:
    """The plan of the ``planner-plan/2`` data ``data`` (read from ``display``)."""
    validate, invalid = _validator()
    try:
        validate(data)
    except invalid as exc:
        message = getattr(exc, "message", str(exc))
        if message.startswith("data"):
            message = "plan" + message[4:]
        raise PlanFileError(_printable(_worded(message)), path=display) from None
    return _Builder(display).plan(data)


class _Builder:
    """Builds the plan from schema-valid data, checking that its parts agree."""

    def __init__(self, display: str) -> None:
        self.display = display

    def fail(self, where: str, message: str) -> PlanFileError:
        return PlanFileError(f"{where}: {message}", path=self.display)

    def plan(self, data: dict[str, Any]) -> Plan:
        raw_steps: list[dict[str, Any]] = data["steps"]
        step_of: dict[str, int] = {}
        for k, step in enumerate(raw_steps):
            if step["index"] != k + 1:
                raise self.fail(f"plan.steps[{k}].index", f"expected {k + 1}, got {step['index']}")
            for j, unit in enumerate(step["units"]):
                if unit in step_of:
                    raise self.fail(
                        f"plan.steps[{k}].units[{j}]", f"{unit!r} is integrated by step {step_of[unit]} already"
                    )
                try:
                    check_name(unit)
                except GraphLoadError as exc:
                    raise self.fail(f"plan.steps[{k}].units[{j}]", exc.message) from None
                step_of[unit] = k + 1
        if data["metrics"]["steps"] != len(raw_steps):
            raise self.fail(
                "plan.metrics.steps", f"{data['metrics']['steps']}, but the plan has {len(raw_steps)} steps"
            )
        stubs = self.spans(data["stubs"], "plan.stubs", step_of, stub=True)
        drivers = self.spans(data["drivers"], "plan.drivers", step_of, stub=False)
        broken = []
        for k, item in enumerate(data["broken_edges"]):
            for end in ("importer", "imported"):
                if item[end] not in step_of:
                    raise self.fail(f"plan.broken_edges[{k}].{end}", f"{item[end]!r} is integrated by no step")
            broken.append(BrokenEdge(item["importer"], item["imported"], item["kind"], float(item["cost"])))
        tests = tuple(
            tuple(self.node_ids(step.get("tests", []), f"plan.steps[{k}]")) for k, step in enumerate(raw_steps)
        )
        selection = self.selection(data["selection"], raw_steps, tests) if "selection" in data else None
        options, graph, metrics = data["options"], data["graph"], data["metrics"]
        return Plan(
            strategy=data["strategy"],
            options=Options(
                cycles=options["cycles"],
                objective=options["objective"],
                variant=options.get("variant"),
                target_layer=options.get("target_layer"),
                time_limit=float(options["time_limit"]) if "time_limit" in options else None,
                effort=options.get("effort"),
            ),
            graph=GraphInfo(
                source=graph["source"],
                sha256=graph["sha256"],
                units=graph["units"],
                edges=graph["edges"],
                format=graph.get("format", ""),
                scan=tuple(
                    (key, tuple(value) if isinstance(value, list) else bool(value))
                    for key, value in sorted(graph.get("scan", {}).items())
                ),
            ),
            steps=SpanSteps(
                tuple(tuple(step["units"]) for step in raw_steps),
                tuple(step["wave"] for step in raw_steps),
                stubs,
                drivers,
                tests,
            ),
            broken_edges=tuple(broken),
            metrics=Metrics(
                steps=metrics["steps"],
                waves=metrics["waves"],
                specific_stubs=metrics["specific_stubs"],
                generic_stubs=metrics["generic_stubs"],
                drivers=metrics["drivers"],
                stub_complexity=float(metrics["stub_complexity"]),
            ),
            components=tuple(
                Component(
                    units=tuple(c["units"]),
                    method=c["method"],
                    broken=tuple((b["importer"], b["imported"]) for b in c["broken"]),
                    cost=float(c["cost"]),
                    optimal=c["optimal"],
                    lower_bound=float(c["lower_bound"]) if c.get("lower_bound") is not None else None,
                )
                for c in data.get("components", [])
            ),
            notes=tuple(data.get("notes", [])),
            selection=selection,
            change=_change(data["change"]) if "change" in data else None,
        )

    def spans(
        self, items: list[dict[str, Any]], where: str, step_of: dict[str, int], *, stub: bool
    ) -> tuple[tuple[int, int, str, str, tuple[str, ...]], ...]:
        """The specific spans of the stubs (or drivers), each checked against the steps."""
        result = []
        for k, item in enumerate(items):
            unit, first, last = item["unit"], item["first"], item["last"]
            at = f"{where}[{k}]"
            if unit not in step_of:
                raise self.fail(f"{at}.unit", f"{unit!r} is integrated by no step")
            own, others = (last + 1, first) if stub else (first, last + 1)
            if step_of[unit] != own:
                raise self.fail(at, f"{unit!r} is integrated at step {step_of[unit]}, not {own}")
            names = tuple(item["names"])
            for j, user in enumerate(item["for"]):
                if user not in step_of:
                    raise self.fail(f"{at}.for[{j}]", f"{user!r} is integrated by no step")
                if step_of[user] != others:
                    raise self.fail(f"{at}.for[{j}]", f"{user!r} is integrated at step {step_of[user]}, not {others}")
                result.append((first, last, user, unit, names))
        return tuple(result)

    def node_ids(self, ids: list[str], where: str) -> list[str]:
        for k, node_id in enumerate(ids):
            problem = check_node_id(node_id)
            if problem is not None:
                raise self.fail(f"{where}.tests[{k}]", f"node id {_printable(repr(node_id))} {problem}")
        return ids

    def selection(
        self, section: dict[str, Any], raw_steps: list[dict[str, Any]], tests: tuple[tuple[str, ...], ...]
    ) -> Selection:
        where = "plan.selection"
        n = len(raw_steps)
        seen: set[str] = set()
        by_step: list[list[str]] = [[] for _ in range(n)]
        assignments = []
        for k, item in enumerate(section["tests"]):
            node_id = item["id"]
            if node_id in seen:
                raise self.fail(f"{where}.tests[{k}].id", f"{_printable(repr(node_id))} is listed twice")
            seen.add(node_id)
            problem = check_node_id(node_id)
            if problem is not None:
                raise self.fail(f"{where}.tests[{k}].id", f"node id {_printable(repr(node_id))} {problem}")
            if not 1 <= item["step"] <= n:
                raise self.fail(f"{where}.tests[{k}].step", f"no step {item['step']} (the plan has {n})")
            by_step[item["step"] - 1].append(node_id)
            assignments.append(
                Assignment(
                    node_id=node_id,
                    step=item["step"],
                    footprint=tuple(item["footprint"]),
                    method=item["method"],
                    technique=item["technique"],
                    keywords=tuple(item.get("keywords", ())),
                    indirect=tuple(item.get("indirect", ())),
                )
            )
        new_dependencies = []
        for k, step in enumerate(raw_steps):
            if tuple(by_step[k]) != tests[k]:
                raise self.fail(f"plan.steps[{k}].tests", f"do not match {where}.tests of step {k + 1}")
            new_dependencies.append(tuple((e["importer"], e["imported"]) for e in step.get("new_dependencies", ())))
        return Selection(
            rootdir=section["rootdir"],
            args=tuple(section["args"]),
            footprint=section["footprint"],
            tests=tuple(assignments),
            new_dependencies=tuple(new_dependencies),
            doubles=section.get("doubles", False) is True,
        )


def _change(data: dict[str, Any]) -> Change:
    return Change(
        since=data["since"],
        base=data["base"],
        files=tuple(ChangedFile(f["path"], f["effect"], f["reason"], tuple(f["units"])) for f in data["files"]),
        everything=data["everything"],
        units=tuple((u["unit"], u["why"]) for u in data["units"]),
        unselected_tests=data.get("unselected_tests", 0),
    )
