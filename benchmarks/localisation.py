"""Benchmark: does the failing step name the mutated unit? Mutants of real projects, their own suites.

Run from the repository root::

    nice -n 10 python3 benchmarks/localisation.py                 # every project, 10 mutants each
    nice -n 10 python3 benchmarks/localisation.py --mutants 20 sqlparse

For each project (an sdist from PyPI, downloaded once into ``.cache/sdists``):

1. ``planner plan SOURCE --tests TESTS`` (bottom-up; static footprints, the default, or
   ``--footprint coverage``);
2. the plain suite once (``pytest`` with planner's harness reporting each test's outcome):
   tests failing already are left out of what follows;
3. first-order mutants of the package's modules (``tests/mutants.py``, seeded), each
   written in place and the plain suite run once; a mutant is *killed* when some test
   fails (or errors) that passed on the untouched code;
4. the step ``planner run`` stops at is the first step holding a killing test (each
   step runs its tests in the same order as the plain run); the real ``planner run
   --format json`` then runs on the mutant, and the mutant is *localised* when the
   failing step's explanation names the mutated unit: the step integrates it, or a
   dependency it exercises for the first time ends at it (the plan's new dependencies),
   or it is among the three suspects the summary shows (Ochiai over what the step's
   tests executed), or among the units its failing tests exercise for the first time.
   The table counts each reason apart: "first suspect" is the strictest.

The table also gives, per project, the tests whose footprint is empty (the group that
exercises no unit of the graph) and the share of the suite in its largest step. The
slow tests (``tests/functional/test_localisation.py``) run mutants through the real
``planner run``, step by step, and check it stops where this script says.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import sdists  # noqa: E402  (after the path is set)
from tests.mutants import Mutant, mutants  # noqa: E402


@dataclass(frozen=True)
class Project:
    dist: str
    version: str
    source: str  # what planner scans, relative to the sdist
    tests: str  # what pytest collects
    path: str  # where the package is imported from ("" for the sdist's root)


PROJECTS = {
    "sqlparse": Project("sqlparse", "0.5.3", "sqlparse", "tests", ""),
    "marshmallow": Project("marshmallow", "3.23.1", "src", "tests", "src"),
    "humanize": Project("humanize", "4.11.0", "src", "tests", "src"),
    "cachetools": Project("cachetools", "5.5.0", "src", "tests", "src"),
    "more-itertools": Project("more-itertools", "10.5.0", "more_itertools", "tests", ""),
}
FAILING = frozenset({"failed", "error"})


class PlanError(Exception):
    """planner could not plan the project (its suite does not collect here, say)."""


def environment(copy: Path, project: Project) -> dict[str, str]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    # planner comes from the environment it is installed in; its checkout is not put on the path,
    # where its ``tests`` package would shadow the project's own (``from tests.base import ...``)
    env["PYTHONPATH"] = str(copy / project.path)
    env.pop("PLANNER_DEBUG", None)
    return env


def plan(copy: Path, project: Project, footprint: str = "static") -> dict[str, Any]:
    argv = [sys.executable, "-m", "planner", "plan", project.source, "--tests", project.tests, "--no-cache"]
    argv += ["--footprint", footprint]
    done = subprocess.run(
        [*argv, "-o", "plan.json", "--force"],
        cwd=copy,
        env=environment(copy, project),
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if done.returncode != 0:
        raise PlanError(f"{project.dist} {project.version}: planner plan failed: {done.stderr.strip()[-300:]}")
    data: dict[str, Any] = json.loads((copy / "plan.json").read_text())
    return data


def outcomes(copy: Path, project: Project) -> tuple[dict[str, str], int]:
    """Each test's outcome in a plain run of the suite (planner's harness reports them), and the exit code."""
    with tempfile.TemporaryDirectory(prefix="planner-mutant-") as tmp:
        report = Path(tmp, "report.jsonl")
        argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "planner.plugin.harness", "-q"]
        done = subprocess.run(
            [*argv, f"--planner-report={report}", project.tests],
            cwd=copy,
            env=environment(copy, project),
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        found: dict[str, str] = {}
        if report.exists():
            for line in report.read_text().splitlines():
                event = json.loads(line)
                if event.get("event") == "test":
                    found[event["id"]] = event["outcome"]
                elif event.get("event") == "collect-error":
                    found[event["id"] or "<collection>"] = "error"
    return found, done.returncode


def run(copy: Path, project: Project) -> dict[str, Any]:
    """``planner run plan.json --format json``: the real run, with its blame of the failing step."""
    with tempfile.TemporaryDirectory(prefix="planner-run-") as tmp:
        done = subprocess.run(
            [sys.executable, "-m", "planner", "run", "plan.json", "--format", "json", "--junit-dir", tmp],
            cwd=copy,
            env=environment(copy, project),
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
    try:
        data: dict[str, Any] = json.loads(done.stdout)
    except ValueError:
        raise PlanError(f"planner run gave no JSON (exit {done.returncode}): {done.stderr.strip()[-300:]}") from None
    return data


def suspect_rank(suspects: list[dict[str, Any]], unit: str) -> int | None:
    """The mutated unit's rank among the suspects (units with the same score share a rank), or None."""
    for suspect in suspects:
        if suspect["unit"] == unit:
            return 1 + sum(1 for other in suspects if other["score"] > suspect["score"])
    return None


def module_file(copy: Path, project: Project, unit: str) -> Path | None:
    base = copy / project.path / Path(*unit.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def chosen_mutants(
    copy: Path, project: Project, data: dict[str, Any], count: int, seed: int
) -> list[tuple[str, Path, str, Mutant]]:
    """``count`` mutants of the plan's units, seeded: (unit, its file, its source, the mutant)."""
    units = sorted(u for s in data["steps"] for u in s["units"])
    files = {u: f for u in units if (f := module_file(copy, project, u)) is not None}
    candidates = []
    for unit, path in sorted(files.items()):
        text = path.read_text(encoding="utf-8")
        for k, mutant in enumerate(mutants(text, count=3, seed=seed)):
            candidates.append((unit, path, text, k, mutant))
    chosen = random.Random(seed).sample(candidates, min(count, len(candidates)))
    return [(unit, path, text, mutant) for unit, path, text, _, mutant in sorted(chosen, key=lambda c: (c[0], c[3]))]


def first_failing_step(data: dict[str, Any], killers: list[str]) -> int:
    """The step ``planner run`` stops at: the first one holding a killing test."""
    step_of: dict[str, int] = {t["id"]: t["step"] for t in data["selection"]["tests"]}
    planned = [step_of[k] for k in killers if k in step_of]
    first: int = min(planned) if planned else next(s["index"] for s in data["steps"] if s.get("tests"))
    return first


def measure(name: str, count: int, seed: int, footprint: str = "static") -> dict[str, Any]:
    project = PROJECTS[name]
    with tempfile.TemporaryDirectory(prefix=f"planner-loc-{name}-") as tmp:
        copy = Path(tmp, name)
        source = sdists.unpacked(project.dist, project.version)
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", ".benchmarks"))
        started = time.monotonic()
        data = plan(copy, project, footprint)
        steps = data["steps"]
        selection = data["selection"]
        step_of = {t["id"]: t["step"] for t in selection["tests"]}
        total = len(step_of)
        unplaced = sum(1 for t in selection["tests"] if not t["footprint"])
        sizes = [len(s.get("tests", ())) for s in steps]
        base, _ = outcomes(copy, project)
        broken = {node for node, outcome in base.items() if outcome in FAILING}
        rows = []
        for unit, path, text, mutant in chosen_mutants(copy, project, data, count, seed):
            path.write_text(mutant.source, encoding="utf-8")
            try:
                found, code = outcomes(copy, project)
            finally:
                path.write_text(text, encoding="utf-8")
            killers = sorted(node for node, o in found.items() if o in FAILING and node not in broken)
            if not killers and code not in (0, 1, 5):
                killers = ["<collection>"]
            row: dict[str, Any] = {
                "unit": unit,
                "line": mutant.line,
                "operator": mutant.operator,
                "killed": bool(killers),
            }
            if killers:
                first = first_failing_step(data, killers)
                path.write_text(mutant.source, encoding="utf-8")
                try:
                    ran = run(copy, project)
                finally:
                    path.write_text(text, encoding="utf-8")
                # judged on the step the real run stopped at (the same as ``first`` unless the steps of
                # one session see another order or shared state than the plain suite)
                failed = [s for s in ran["steps"] if s["status"] == "failed"]
                stopped = failed[0] if failed else None
                step = steps[(stopped["index"] if stopped else first) - 1]
                ends = {edge[1] for edge in stopped["new_dependencies"]} if stopped else set()
                integrated = stopped is not None and (unit in stopped["units"] or unit in ends)
                blame = stopped.get("blame", {}) if stopped else {}
                suspects = blame.get("suspects", [])
                rank = suspect_rank(suspects, unit)
                row.update(
                    step=first,
                    run_step=stopped["index"] if stopped else None,
                    step_units=step["units"],
                    integrated=integrated,
                    rank=rank,
                    blame_source=blame.get("source"),
                    first_exercised=unit in blame.get("first_exercised", ()),
                    named=len(blame.get("first_exercised", ())),
                    # named in the step's explanation, before its failing tests: integrated there, among
                    # the three suspects the summary shows, or exercised there for the first time
                    localised=integrated
                    or (rank is not None and rank <= 3)
                    or unit in blame.get("first_exercised", ()),
                )
            rows.append(row)
        killed = [r for r in rows if r["killed"]]
        return {
            "project": f"{project.dist} {project.version}",
            "tests": total,
            "steps": len(steps),
            "unplaced": unplaced,
            "largest": max(sizes) / total if total else 0.0,
            "failing_before": len(broken),
            "mutants": len(rows),
            "killed": len(killed),
            "localised": sum(1 for r in killed if r["localised"]),
            "integrated": sum(1 for r in killed if r["integrated"]),
            "blamed": sum(1 for r in killed if r["rank"] == 1),
            "top3": sum(1 for r in killed if r["rank"] is not None and r["rank"] <= 3),
            "first": sum(1 for r in killed if r["first_exercised"]),
            "named": [r["named"] for r in killed if r["first_exercised"] and not r["integrated"]],
            "stops_as_predicted": sum(1 for r in killed if r["run_step"] == r["step"]),
            "misses": [r for r in killed if not r["localised"]],
            "seconds": time.monotonic() - started,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("projects", nargs="*", choices=[[], *PROJECTS], default=[])
    parser.add_argument("--mutants", type=int, default=10, help="Mutants per project (default 10).")
    parser.add_argument("--seed", type=int, default=12, help="The mutants' seed (default 12).")
    parser.add_argument("--footprint", choices=["static", "coverage"], default="static", help="planner's footprints.")
    args = parser.parse_args()
    names = args.projects or list(PROJECTS)
    print(
        "| project | tests | steps | no footprint | largest step | mutants | killed "
        "| step integrates it | first suspect | top 3 | first exercised | localised | share |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    misses = []
    for name in names:
        try:
            r = measure(name, args.mutants, args.seed, args.footprint)
        except PlanError as exc:
            print(f"<!-- {exc} -->", flush=True)
            continue
        share = f"{100 * r['localised'] / r['killed']:.0f} %" if r["killed"] else "-"
        print(
            f"| {r['project']} | {r['tests']} | {r['steps']} | {r['unplaced']} | {100 * r['largest']:.0f} % "
            f"| {r['mutants']} | {r['killed']} | {r['integrated']} | {r['blamed']} | {r['top3']} | {r['first']} "
            f"| {r['localised']} | {share} |",
            flush=True,
        )
        misses += [(r["project"], m) for m in r["misses"]]
        print(
            f"<!-- {r['project']}: {r['seconds']:.0f} s, {r['failing_before']} failing before, planner run stopped "
            f"where predicted for {r['stops_as_predicted']} of {r['killed']}; first-exercised lists where that "
            f"alone names the unit: sizes {r['named']} -->",
            flush=True,
        )
    for project, miss in misses:
        print(
            f"- {project}: {miss['operator']} in {miss['unit']} line {miss['line']}: stops at step {miss['step']} "
            f"({', '.join(miss['step_units'])}); rank among the suspects {miss['rank']} ({miss['blame_source']})"
        )


if __name__ == "__main__":
    main()
