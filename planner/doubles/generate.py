"""All the doubles of a plan: stub modules, drivers and the manifest, as text.

:func:`generate` is a pure function of the plan, the graph it was made from
and the source of its modules (a :class:`~planner.doubles.index.ProjectIndex`,
or ``None`` for a graph that is not a Python source tree). It writes:

- ``stubs/<path>.py``: the stub of every unit stubbed at some step
  (``stubs/shop/db.py`` for ``shop.db``; ``__init__.py`` for a package);
- ``drivers/test_driver_<unit>.py``: the driver of every unit driven at some
  step, for all its callers that are missing at some step;
- ``manifest.json``: for each step, the units it integrates and the stubs and
  drivers in force (the pytest plugin installs and runs those of the step it is
  asked for), and which units are packages (their ``__init__``).

Units without source (a DOT or class-data graph) get documented skeletons,
marked as such in the files and in the manifest.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planner.doubles.calls import uses_of
from planner.doubles.digest import MANIFEST_SCHEMA, OLD_MANIFEST_SCHEMAS, digest_text
from planner.doubles.drivers import skeleton_driver, write_driver
from planner.doubles.index import ProjectIndex
from planner.doubles.sources import DEFAULT_LINE_LENGTH
from planner.doubles.stubs import write_stub
from planner.doubles.text import comment, docstring_literal, is_identifier, is_module_name, layout, string_literal
from planner.errors import SourceError
from planner.model import Plan

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["MANIFEST", "MANIFEST_SCHEMA", "OLD_MANIFEST_SCHEMAS", "Doubles", "GeneratedFile", "generate"]

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class GeneratedFile:
    """One file of the output, by its POSIX path relative to the output directory."""

    path: str
    text: str


@dataclass(frozen=True)
class Doubles:
    """What ``planner doubles`` writes, and what it has to say about it."""

    files: tuple[GeneratedFile, ...]
    stubs: tuple[str, ...]
    drivers: tuple[str, ...]
    skeletons: tuple[str, ...]
    reports: tuple[str, ...]

    def file(self, path: str) -> str:
        """The text of the file at ``path`` (KeyError if there is none)."""
        for item in self.files:
            if item.path == path:
                return item.text
        raise KeyError(path)


def generate(plan: Plan, graph: nx.DiGraph | None, index: ProjectIndex | None, *, command: str) -> Doubles:
    """The doubles of ``plan`` (see the module docstring); ``command`` is named in every header."""
    reports: list[str] = []
    stubbed = _stubbed(plan, graph)
    driven = _driven(plan)
    files: list[GeneratedFile] = []
    stub_entries: dict[str, dict[str, Any]] = {}
    driver_entries: dict[str, dict[str, Any]] = {}
    skeletons: list[str] = []
    for unit in sorted(stubbed):
        written = _stub_file(unit, stubbed[unit], index, command, reports)
        if written is None:
            continue
        item, skeleton, source = written
        files.append(item)
        stub_entries[unit] = {"file": item.path, "skeleton": skeleton, "source": source}
        if index is not None and unit in index.texts:
            stub_entries[unit]["sha256"] = digest_text(index.texts[unit].text)
        if skeleton:
            skeletons.append(item.path)
    taken: set[str] = set()
    for unit in sorted(driven):
        callers = sorted(driven[unit])
        path = _driver_path(unit, taken)
        header = _header(
            command, f"the driver of {unit}", index.line_length if index is not None else DEFAULT_LINE_LENGTH
        )
        module = index.module(unit) if index is not None else None
        if module is not None and index is not None:
            uses = []
            for caller in callers:
                caller_module = index.module(caller)
                if caller_module is None:
                    reports.append(f"{unit}: caller {caller} has no source to read; no interface check for it")
                    continue
                uses.append(uses_of(caller_module, module))
            text, skeleton = write_driver(unit, uses, header=header, width=index.line_length), False
        else:
            names = sorted({n for d in plan.drivers if d.unit == unit for n in d.names})
            text, skeleton = skeleton_driver(unit, callers, names, header=header), True
            skeletons.append(path)
        files.append(GeneratedFile(path, text))
        driver_entries[unit] = {"file": path, "callers": callers, "skeleton": skeleton}
        if index is not None:
            # the call sites come from the callers' source: a caller changed since is a stale driver
            digests = {c: digest_text(index.texts[c].text) for c in callers if c in index.texts}
            driver_entries[unit]["sha256"] = digests
    if index is not None:
        reports += [str(error) for _, error in sorted(index.errors.items())]
    packages = sorted(unit for unit, text in index.texts.items() if text.package) if index is not None else []
    manifest = _manifest(plan, stub_entries, driver_entries, packages, command, reports)
    files.append(GeneratedFile(MANIFEST, manifest))
    return Doubles(
        files=tuple(sorted(files, key=lambda f: f.path)),
        stubs=tuple(sorted(stub_entries)),
        drivers=tuple(sorted(driver_entries)),
        skeletons=tuple(sorted(skeletons)),
        reports=tuple(reports),
    )


def _stubbed(plan: Plan, graph: nx.DiGraph | None) -> dict[str, dict[str, set[str]]]:
    """Each unit stubbed at some step, with each name its dependants take from it, and by whom.

    Read from the plan's spans (each stub once), not step by step: the steps' lists of doubles
    in force are worked out from all the spans for each step, quadratic in a long plan."""
    stubbed: dict[str, dict[str, set[str]]] = {}
    for stub in plan.stubs:
        used = stubbed.setdefault(stub.unit, {})
        for user in stub.for_:
            names = stub.names
            if graph is not None and graph.has_edge(user, stub.unit):
                names = tuple(graph.edges[user, stub.unit].get("names", ()))
            for name in names:
                used.setdefault(name, set()).add(user)
    return stubbed


def _driven(plan: Plan) -> dict[str, set[str]]:
    """Each unit driven at some step, with every caller it is driven for."""
    driven: dict[str, set[str]] = {}
    for driver in plan.drivers:
        driven.setdefault(driver.unit, set()).update(driver.for_)
    return driven


def _in_force(plan: Plan) -> tuple[list[set[str]], list[dict[str, set[str]]]]:
    """For each step (from 0), the units stubbed and each unit driven with the callers it
    plays: one pass over the spans, in time with what the manifest lists."""
    stubs: list[set[str]] = [set() for _ in plan.steps]
    drivers: list[dict[str, set[str]]] = [{} for _ in plan.steps]
    for stub in plan.stubs:
        for k in range(stub.first - 1, stub.last):
            stubs[k].add(stub.unit)
    for driver in plan.drivers:
        for k in range(driver.first - 1, driver.last):
            drivers[k].setdefault(driver.unit, set()).update(driver.for_)
    return stubs, drivers


def _header(command: str, what: str, width: int = DEFAULT_LINE_LENGTH) -> list[str]:
    """The header comment's lines (without ``# ``), wrapped to the project's ``width``."""
    import textwrap

    wrap = functools.partial(textwrap.wrap, width=max(width - 2, 40), break_on_hyphens=False, break_long_words=False)
    return [
        *wrap(f"Generated by planner doubles: {what}."),
        *wrap(f"Made by: {command}", subsequent_indent="  "),
        *wrap("Do not edit: running that command again with --force rewrites this file (docs/doubles.md)."),
        # Generated code mirrors the project's own (names, annotations, docstrings): the
        # project's linters and type checker have nothing to say about it. The blanket
        # exemption is itself a finding (PGH004) where a project selects every rule (attrs):
        # the second line exempts it, and is never reported unused (RUF100).
        "ruff: noqa",
        "ruff: noqa: PGH004",
        "mypy: ignore-errors",
    ]


def _stub_file(
    unit: str, used: Mapping[str, set[str]], index: ProjectIndex | None, command: str, reports: list[str]
) -> tuple[GeneratedFile, bool, str] | None:
    if not is_module_name(unit):
        reports.append(f"{unit!r}: not a Python module name, so no stub module can stand for it; none written")
        return None
    found = index.texts.get(unit) if index is not None else None
    package = found.package if found is not None else False
    path = "stubs/" + unit.replace(".", "/") + ("/__init__.py" if package else ".py")
    users = {name: tuple(sorted(who)) for name, who in used.items()}
    if index is not None and found is not None:
        try:
            what = f"the stub of {unit}, mirrored from {found.path} (never imported)"
            header = _header(command, what, index.line_length)
            stub = write_stub(index, unit, used=users, header=header)
        except SourceError as exc:
            reports.append(f"{unit}: {exc}; a skeleton instead")
        else:
            reports.extend(stub.reports)
            return GeneratedFile(path, stub.text), False, found.path
    return GeneratedFile(path, _skeleton_stub(unit, users, command)), True, ""


def _skeleton_stub(unit: str, used: Mapping[str, Sequence[str]], command: str) -> str:
    doc = (
        f"SKELETON stub of {unit}: planner has no source to read for it (the graph is not a\n"
        "Python source tree, the unit is a third-party package, or its module could not be\n"
        "read), so it cannot mirror the real signatures. Each name its dependants take is a\n"
        "stand-in that fails loudly when used: write the stub by hand, or configure the names\n"
        "from the tests.\n"
    )
    lines = [comment(line) for line in _header(command, f"a skeleton stub of {unit}")]
    lines += [docstring_literal(doc), "", "from planner.doubles import runtime as _planner", ""]
    lines.append(f"_planner.stub_module(__name__, source={string_literal('<no source>')})")
    names = [name for name in sorted(used) if is_identifier(name)]
    if names:
        lines.append("")
    for name in names:
        users = ", ".join(string_literal(u) for u in used[name]) + ("," if len(used[name]) == 1 else "")
        call = f"_planner.missing({string_literal(unit)}, {string_literal(name)}, used_by=({users}))"
        lines += _assign(name, call)
    return "\n".join(lines) + "\n"


def _assign(name: str, call: str) -> list[str]:
    import ast

    return layout(ast.parse(call, mode="eval").body, f"{name} = ")


def _driver_path(unit: str, taken: set[str]) -> str:
    stem = "test_driver_" + "".join(ch if ch.isascii() and (ch.isalnum() or ch == "_") else "_" for ch in unit)
    candidate, n = stem, 2
    while candidate.lower() in taken:
        candidate, n = f"{stem}_{n}", n + 1
    taken.add(candidate.lower())
    return f"drivers/{candidate}.py"


def _manifest(
    plan: Plan,
    stubs: Mapping[str, Mapping[str, Any]],
    drivers: Mapping[str, Mapping[str, Any]],
    packages: Sequence[str],
    command: str,
    reports: Sequence[str],
) -> str:
    stubbed, driven = _in_force(plan)
    steps = [
        {
            "index": step.index,
            "units": list(step.units),
            "stubs": sorted(unit for unit in stubbed[k] if unit in stubs),
            "drivers": [
                {"unit": unit, "for": sorted(driven[k][unit])} for unit in sorted(driven[k]) if unit in drivers
            ],
        }
        for k, step in enumerate(plan.steps)
    ]
    data = {
        "schema": MANIFEST_SCHEMA,
        "command": command,
        "plan": {
            "strategy": plan.strategy,
            "source": plan.graph.source,
            "graph_sha256": plan.graph.sha256,
            "steps": len(plan.steps),
        },
        "stubs": stubs,
        "drivers": drivers,
        "packages": list(packages),
        "steps": steps,
        "reports": list(reports),
    }
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
