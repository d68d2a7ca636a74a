"""Interface mutants: does each step's driver catch a change of the interface it drives?

The adequacy criterion of interface mutation (Delamaro, Maldonado and Mathur, "Interface
Mutation: an approach for integration testing", IEEE TSE 27(3), 2001), for the interfaces
planner's drivers check. For each dependency ``u -> v`` that a driver plays (``v`` is
integrated before its caller ``u``) and each function or method of ``v`` that ``u``
calls, the signature is mutated:

- ``remove``: its last parameter removed;
- ``add``: a required keyword-only parameter added;
- ``rename``: its last parameter renamed;
- ``default``: the default value of its last defaulted parameter changed.

Each mutant is written into a scratch copy of the project, and the driver's check
(``planner.doubles.interface.check_interface``, what every ``test_calls_from_*`` of a
generated driver runs) is run against it for each caller, in a subprocess. A driver checks
that call sites bind to the signature: it catches ``remove`` and ``add`` where a call site
is affected, ``rename`` where a call passes that parameter by name, and never ``default``
(a default is behaviour, for the suite to check).
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from planner.audit.scratch import copy_project

__all__ = [
    "OPERATORS",
    "CallerCalls",
    "InterfaceMutant",
    "InterfaceReport",
    "audit_interfaces",
    "binds_differently",
    "signature_mutants",
]

Operator = Literal["remove", "add", "rename", "default"]
OPERATORS: tuple[Operator, ...] = ("remove", "add", "rename", "default")

Call = tuple[int, str, int, tuple[str, ...], int, str]
"""A call site as the drivers state it: (line, target, positional, keywords, flags, text)."""


@dataclass(frozen=True)
class CallerCalls:
    """What caller ``caller`` (file ``path``) takes from ``unit`` and its call sites into it."""

    caller: str
    unit: str
    path: str
    names: tuple[str, ...]
    calls: tuple[Call, ...]


@dataclass(frozen=True)
class InterfaceMutant:
    """One signature mutant of ``target`` in ``unit`` (its def at ``file:line``), and the callers
    whose driver check fails on it (``caught``: caller to the first problem, ``file:line: ...``)."""

    unit: str
    target: str
    operator: Operator
    file: str
    line: int
    callers: tuple[str, ...]
    caught: tuple[tuple[str, str], ...]
    visible: bool = True
    """Whether it changes how a call site binds (:func:`binds_differently`): what a driver can catch."""


@dataclass(frozen=True)
class InterfaceReport:
    plan: str
    mutants: tuple[InterfaceMutant, ...]
    command: str
    plan_sha256: str = ""


def _def_of(tree: ast.Module, target: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The def a call target runs: ``f``, ``Cls`` (its ``__init__``), ``Cls.m`` or ``Cls().m``."""
    owner, _, attribute = target.partition(".")
    owner = owner.removesuffix("()")
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == owner and not attribute:
            return node
        if isinstance(node, ast.ClassDef) and node.name == owner:
            wanted = attribute or "__init__"
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == wanted:
                    return item
    return None


def _mutate(function: ast.FunctionDef | ast.AsyncFunctionDef, operator: Operator, *, method: bool) -> Changed | None:
    """Apply ``operator`` to ``function``'s parameters in place: what it changed, or None if it does not apply."""
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    own = positional[1:] if method and positional else positional
    if operator == "add":
        arguments.kwonlyargs.append(ast.arg("planner_added"))
        arguments.kw_defaults.append(None)
        return ("planner_added", None)
    if operator in ("remove", "rename"):
        if not own:
            return None
        last = own[-1]
        changed = (last.arg, len(own) - 1)
        if operator == "rename":
            last.arg += "_renamed"
            return changed
        if len(arguments.defaults) > 0 and positional[-1] is last:
            arguments.defaults.pop()
        (arguments.args if last in arguments.args else arguments.posonlyargs).remove(last)
        return changed
    defaults = [d for d in (*arguments.defaults, *arguments.kw_defaults) if isinstance(d, ast.Constant)]
    if not defaults:
        return None
    value = defaults[-1].value
    if isinstance(value, bool):
        defaults[-1].value = not value
    elif isinstance(value, int | float):
        defaults[-1].value = value + 1
    elif isinstance(value, str):
        defaults[-1].value = value + "_changed"
    elif value is None:
        defaults[-1].value = 0
    else:
        return None
    return ("", None)


Changed = tuple[str, int | None]
"""The parameter a signature mutant touches: its name and position (after ``self``), or ("", None)."""


def signature_mutants(source: str, target: str) -> list[tuple[Operator, int, str, Changed]]:
    """Each operator that applies to ``target``'s def in ``source``: (operator, the def's line, mutated
    source, the parameter changed).

    >>> source = "def f(a, b=1):" + chr(10) + "    return a" + chr(10)
    >>> [(operator, line, changed) for operator, line, _, changed in signature_mutants(source, "f")]
    [('add', 1, ('planner_added', None)), ('default', 1, ('', None)), ('remove', 1, ('b', 1)), ('rename', 1, ('b', 1))]
    """
    found = []
    for operator in OPERATORS:
        tree = ast.parse(source)
        function = _def_of(tree, target)
        if function is None:
            return []
        method = "." in target or function.name == "__init__"
        changed = _mutate(function, operator, method=method)
        if changed is not None:
            found.append((operator, function.lineno, ast.unparse(tree) + "\n", changed))
    return sorted(found)


def binds_differently(operator: Operator, changed: Changed, calls: Sequence[Call]) -> bool:
    """Whether the mutant changes how one of ``calls`` binds: what a driver's check can see.

    A required parameter added changes every call without ``**kwargs``; a parameter removed,
    the calls that pass it (by position or name, or that unpack arguments); a parameter
    renamed, the calls that pass it by name; a default, none.
    """
    name, position = changed
    for _, _, positional, keywords, flags, _ in calls:
        if operator == "add" and not flags & 2:
            return True
        if operator == "remove" and (flags or name in keywords or (position is not None and positional > position)):
            return True
        if operator == "rename" and (name in keywords or flags & 2):
            return True
    return False


_CHECK = """
import json, sys
from planner.doubles.interface import check_interface
found = {}
for caller, unit, path, names, calls in json.loads(sys.argv[1]):
    try:
        sites = [(c[0], c[1], c[2], tuple(c[3]), c[4], c[5]) for c in calls]
        check_interface(unit, path=path, names=names, calls=sites)
        found[caller] = None
    except AssertionError as exc:
        found[caller] = str(exc).splitlines()[1] if len(str(exc).splitlines()) > 1 else str(exc)
    except BaseException as exc:
        skipped = type(exc).__name__ == "Skipped"  # the unit cannot be imported here: nothing checked
        found[caller] = None if skipped else f"{type(exc).__name__}: {exc}"
print(json.dumps(found))
"""


def _check(copy: Path, uses: Sequence[CallerCalls], pythonpath: Sequence[Path]) -> dict[str, str | None]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env["PYTHONPATH"] = os.pathsep.join(
        [*(str(p) for p in pythonpath), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])]
    )
    payload = json.dumps([[u.caller, u.unit, u.path, list(u.names), [list(c) for c in u.calls]] for u in uses])
    done = subprocess.run(
        [sys.executable, "-c", _CHECK, payload],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        problem = lines[-1] if lines else f"exit code {done.returncode}"
        return {u.caller: problem for u in uses}
    found: dict[str, str | None] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def audit_interfaces(
    uses: Sequence[CallerCalls],
    files: Mapping[str, str],
    *,
    plan_path: str,
    project: Path,
    bases: Sequence[str],
) -> InterfaceReport:
    """Signature mutants of every unit a driver drives, each checked by the drivers of its callers."""
    by_unit: dict[str, list[CallerCalls]] = {}
    for use in uses:
        if use.calls and use.unit in files:
            by_unit.setdefault(use.unit, []).append(use)
    mutants: list[InterfaceMutant] = []
    scratch = Path(tempfile.mkdtemp(prefix="planner-audit-interfaces-"))
    try:
        copy = copy_project(project, scratch / "copy")
        paths = [copy / base for base in bases]
        for unit in sorted(by_unit):
            file = files[unit]
            target_file = copy / file
            original = target_file.read_bytes()
            source = original.decode("utf-8")
            callers = sorted(by_unit[unit], key=lambda u: u.caller)
            for target in sorted({call[1] for use in callers for call in use.calls}):
                affected = [u for u in callers if any(call[1] == target for call in u.calls)]
                sites = [call for use in affected for call in use.calls if call[1] == target]
                for operator, line, text, changed in signature_mutants(source, target):
                    try:
                        target_file.write_text(text, encoding="utf-8")
                        found = _check(copy, affected, paths)
                    finally:
                        target_file.write_bytes(original)
                    caught = tuple(sorted((c, p) for c, p in found.items() if p is not None))
                    mutants.append(
                        InterfaceMutant(
                            unit,
                            target,
                            operator,
                            file,
                            line,
                            tuple(u.caller for u in affected),
                            caught,
                            binds_differently(operator, changed, sites),
                        )
                    )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return InterfaceReport(plan_path, tuple(mutants), f"planner audit {plan_path} --interfaces")
