"""Benchmark: ``planner run`` (one pytest session) against one plain pytest run of the same suite.

Run from the repository root::

    python benchmarks/run.py                          # click, itsdangerous, pluggy, toolz; 5 rounds
    python benchmarks/run.py --rounds 3 --isolate click

The projects and their pinned test requirements are the slow tests' own
(tests/functional/test_real_projects.py): each sdist (downloaded once into
``.cache/sdists``) is copied to a temporary directory and planned bottom-up
with its tests; then, in each round and in alternating order, the same
interpreter runs ``python -m pytest TESTS`` and ``python -m planner run
plan.json`` on the copy. Each figure is the median wall time over the rounds;
the ratio is planner's median over pytest's (target: at most 1.1). Beside it,
the median CPU seconds (user and system, the command and its children), which
a loaded machine inflates less than wall time. With ``--isolate`` the round
also runs ``planner run --isolate`` (one pytest process per step, what
``planner run`` did before it ran one session). With ``--against DIR``, the
round also runs ``planner run`` from another checkout of planner (``DIR``,
e.g. main's worktree), on the same plan, so that a change is measured before
and after under the same load.

The commands run as a user's do, with bytecode caching on: a
``PYTHONDONTWRITEBYTECODE`` of the calling environment is dropped (with it,
every run compiles planner's modules and the project's tests again).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import sdists  # noqa: E402
from tests.functional.test_grimp_oracle import PACKAGES  # noqa: E402  (after the path is set)
from tests.functional.test_real_projects import PROJECTS, Project, counts, pinned_python  # noqa: E402


def prepare(name: str, python: str, into: Path) -> tuple[Path, int]:
    """A planned copy of the project's sdist, and its number of steps."""
    package, version, _, _ = PACKAGES[name]
    copy = into / name
    shutil.copytree(sdists.unpacked(package, version), copy, ignore=shutil.ignore_patterns("__pycache__"))
    project = PROJECTS[name]
    argv = [python, "-m", "planner", "plan", project.source, "--tests", project.tests, "--no-cache", "-o", "plan.json"]
    done = subprocess.run(argv, cwd=copy, env=environment(copy, project), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{name}: planner plan failed: {done.stderr.strip()[-500:]}")
    return copy, len(json.loads((copy / "plan.json").read_text())["steps"])


def environment(copy: Path, project: Project, root: Path = ROOT) -> dict[str, str]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    env["PYTHONPATH"] = os.pathsep.join([str(root), str(copy / project.path)])
    for name in ("PLANNER_DEBUG", "GITHUB_STEP_SUMMARY", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def timed(argv: list[str], copy: Path, project: Project, root: Path = ROOT) -> tuple[float, float, str]:
    """Wall and CPU seconds of ``argv`` in ``copy`` (planner from ``root``), and its last line of standard output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = environment(copy, project, root)
    done = subprocess.run(argv, cwd=copy, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[1:4])} failed in {copy}: {done.stdout[-800:]}{done.stderr[-800:]}")
    return seconds, cpu, done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("projects", nargs="*", default=sorted(PROJECTS), help="Projects (default: all four).")
    parser.add_argument("--rounds", type=int, default=5, help="Rounds per project (default 5).")
    parser.add_argument("--isolate", action="store_true", help="Also time 'planner run --isolate'.")
    parser.add_argument("--against", type=Path, default=None, help="Also time planner run from this checkout.")
    options = parser.parse_args()
    other = options.against.resolve() if options.against is not None else None
    python = pinned_python()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    if other is not None:
        print(f"planner run from {ROOT} and, as 'other', from {other}")
    head = f"{'project':<14}{'steps':>6}{'tests':>7}{'pytest s':>10}{'planner run s':>15}{'ratio':>7}"
    head += f"{'pytest CPU s':>14}{'planner CPU s':>15}{'ratio':>7}"
    head += f"{'--isolate s':>13}{'ratio':>7}" if options.isolate else ""
    print(head + (f"{'other s':>9}{'ratio':>7}{'other CPU':>11}{'ratio':>7}" if other else ""))
    with tempfile.TemporaryDirectory(prefix="run-bench-") as tmp:
        for name in options.projects:
            copy, steps = prepare(name, python, Path(tmp))
            project = PROJECTS[name]
            commands = {
                "pytest": [python, "-m", "pytest", project.tests],
                "planner": [python, "-m", "planner", "run", "plan.json"],
            }
            if options.isolate:
                commands["isolate"] = [python, "-m", "planner", "run", "plan.json", "--isolate"]
            if other is not None:
                commands["other"] = commands["planner"]
            times: dict[str, list[float]] = {key: [] for key in commands}
            cpus: dict[str, list[float]] = {key: [] for key in commands}
            last: dict[str, str] = {}
            for round_ in range(options.rounds):
                order = list(commands) if round_ % 2 == 0 else list(reversed(commands))
                for key in order:
                    root = other if key == "other" and other is not None else ROOT
                    seconds, cpu, last[key] = timed(commands[key], copy, project, root)
                    times[key].append(seconds)
                    cpus[key].append(cpu)
            tests = sum(counts(last["pytest"]).values())
            planned = counts(last["planner"].split(" in ")[0])
            planned.pop("failed", None)
            if planned != counts(last["pytest"]):
                raise SystemExit(f"{name}: planner run counted {planned}, pytest {counts(last['pytest'])}")
            median = {key: statistics.median(values) for key, values in times.items()}
            line = f"{name:<14}{steps:>6}{tests:>7}{median['pytest']:>10.2f}{median['planner']:>15.2f}"
            line += f"{median['planner'] / median['pytest']:>7.2f}"
            cpu = {key: statistics.median(values) for key, values in cpus.items()}
            line += f"{cpu['pytest']:>14.2f}{cpu['planner']:>15.2f}{cpu['planner'] / cpu['pytest']:>7.2f}"
            if options.isolate:
                line += f"{median['isolate']:>13.2f}{median['isolate'] / median['pytest']:>7.2f}"
            if other is not None:
                line += f"{median['other']:>9.2f}{median['other'] / median['pytest']:>7.2f}"
                line += f"{cpu['other']:>11.2f}{cpu['other'] / cpu['pytest']:>7.2f}"
            print(f"{line}  (load {os.getloadavg()[0]:.1f})", flush=True)


if __name__ == "__main__":
    main()
