"""Every step of a plan with its doubles installed, in one interpreter: does ``import PKG`` work?

``python -m tests.functional.doubles_steps PLAN DIR PKG`` puts the stubs of each
step in place as the pytest plugin does (:class:`~planner.plugin.pytest_doubles.DoublesPlugin`),
imports ``PKG`` and every stub in force, then doubles the derived stubs as the
plugin does once collection is over, and compares the signature of every double
with the real function's. It prints one JSON object: per step, ``error`` (the
one-line failure, or null), the stubs ``derived`` and ``mirrored``, and the
signatures ``compared`` and ``matched``. The modules of ``PKG`` are forgotten
between steps, so each step imports them afresh.
"""

from __future__ import annotations

import importlib
import inspect
import json
import sys
from typing import Any

from planner.api import read_plan
from planner.doubles import derive
from planner.plugin.pytest_doubles import DoublesPlugin


def _signature(value: Any) -> str:
    try:
        return str(inspect.signature(value))
    except (TypeError, ValueError):
        return "?"


def _inner(raw: Any) -> Any:
    raw = raw.__func__ if isinstance(raw, staticmethod | classmethod) else raw
    return raw.fget if isinstance(raw, property) else raw


def run_step(plan_file: str, directory: str, package: str, step: int) -> dict[str, Any]:
    plan = read_plan(plan_file)
    plugin = DoublesPlugin.from_manifest(
        directory, step=step, strategy=plan.strategy, sha256=plan.graph.sha256, steps=len(plan.steps)
    )
    out: dict[str, Any] = {"error": None, "derived": [], "mirrored": [], "compared": 0, "matched": 0}
    plugin.install()
    try:
        importlib.import_module(package)
        for unit in sorted(plugin.stubs):
            importlib.import_module(unit)
        derive.install()
        importlib.import_module(package)
        for unit in sorted(plugin.stubs):
            module = sys.modules[unit]
            kind = "derived" if getattr(module, "__planner_derived__", False) else "mirrored"
            out[kind].append(unit)
        for owner, name, real, existed in list(derive._UNDO):  # what was doubled, and the real one
            stubbed = isinstance(owner, type) or owner.__name__ in plugin.stubs
            if not existed or not stubbed or name == "__new__":
                continue  # an importer's name rebound, or a constructor
            out["compared"] += 1
            out["matched"] += _signature(_inner(real)) == _signature(_inner(vars(owner)[name]))
    except Exception as exc:  # noqa: BLE001 - the probe reports any failure of the step, in one line
        out["error"] = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    finally:
        plugin.uninstall()
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]
    out["mirrored"] += sorted(set(plugin.finder.fallbacks) - set(out["mirrored"]))
    out["why"] = dict(plugin.finder.fallbacks)
    return out


def main(plan_file: str, directory: str, package: str) -> dict[int, dict[str, Any]]:
    steps = len(read_plan(plan_file).steps)
    return {step: run_step(plan_file, directory, package, step) for step in range(1, steps + 1)}


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4]), indent=1, sort_keys=True))
