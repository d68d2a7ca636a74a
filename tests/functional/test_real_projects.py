"""Tests per step and ``planner run`` on real projects from PyPI, with their own test suites (slow).

Each project is a source distribution at a pinned version, downloaded once into
``.cache/sdists`` (gitignored; ``PLANNER_SDIST_CACHE`` moves it; see
``test_grimp_oracle.py``), copied into a temporary directory and planned
bottom-up with its tests. Everything runs in a virtual environment the test
makes once (``.cache/venvs``, gitignored) with the projects' test requirements
at pinned versions (pytest, and freezegun for itsdangerous: a newer pytest may
refuse an old suite, as pytest 9.2 refuses click 8.1.7's parametrize
iterators) and planner's own dependencies; planner is imported from this
checkout and each project from its copy (``PYTHONPATH``), never from an
installed version. For each project:

1. the union of the steps' selections is exactly what ``pytest --collect-only``
   collects, no test twice;
2. ``planner run`` on the untouched copy passes, with as many passed (skipped,
   xfailed) tests as a plain pytest run;
3. a bug injected into a low-level module makes ``planner run`` stop at the
   step that integrates it, name it, with every step before it passing; the
   stop is also the first step holding a test that fails in a plain run.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.functional.test_grimp_oracle import unpacked

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Bug:
    file: str
    text: str
    replacement: str
    unit: str  # the unit the bug is in
    stops_at: str  # the unit integrated by the step the run must stop at


@dataclass(frozen=True)
class Project:
    source: str  # what planner scans, relative to the sdist
    tests: str  # what pytest collects
    path: str  # where the package is imported from ("" for the sdist's root)


PROJECTS = {
    "itsdangerous": Project("src", "tests", "src"),
    "pluggy": Project("src", "testing", "src"),
    "click": Project("src", "tests", "src"),
    "toolz": Project("toolz", "toolz/tests", ""),  # toolz keeps its tests inside the package
}

BUGS = {
    "itsdangerous": Bug(
        "src/itsdangerous/encoding.py",
        'string += b"=" * (-len(string) % 4)',
        'string += b""',
        "itsdangerous.encoding",
        "itsdangerous.encoding",
    ),
    # pytest itself runs on the copy's pluggy: the bug is in a part pytest does not use
    "pluggy": Bug(
        "src/pluggy/_tracing.py",
        'lines = ["{}{} [{}]\\n".format(indent, content, ":".join(tags))]',
        'lines = ["{}{} [{}]\\n".format(indent, content, "/".join(tags))]',
        "pluggy._tracing",
        "pluggy._tracing",
    ),
    "click": Bug(
        "src/click/parser.py",
        "        out.append(lex.token)\n",
        "        pass\n",
        "click.parser",
        "click.parser",
    ),
    # click's parser tests do not split options: the first step whose tests do is click.core's
    "click (split_opt)": Bug(
        "src/click/parser.py",
        "return opt[:2], opt[2:]",
        "return opt[:1], opt[1:]",
        "click.parser",
        "click.core",
    ),
    "toolz": Bug(
        "toolz/dicttoolz.py",
        "    for d in dicts:\n        rv.update(d)",
        "    for d in dicts[:1]:\n        rv.update(d)",
        "toolz.dicttoolz",
        "toolz.dicttoolz",
    ),
}


# The projects' test requirements, pinned: the suites above pass with these.
PINS = (
    "pytest==9.0.3",
    "pluggy==1.6.0",
    "iniconfig==2.3.0",
    "packaging==26.2",
    "pygments==2.20.0",
    "freezegun==1.5.5",
    "python-dateutil==2.9.0.post0",
)
VENVS = ROOT / ".cache" / "venvs"


def pinned_python() -> str:
    """The interpreter of a virtual environment with the pins and planner's dependencies (made once).

    Raises :class:`RuntimeError` if pip cannot install them (no network). The benchmark of
    ``planner run`` (benchmarks/run.py) uses the same environment.
    """
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    needs = [d for d in project["dependencies"] if not d.startswith("pytest")] + list(PINS)
    key = hashlib.sha256("\n".join([sys.version, *needs]).encode()).hexdigest()[:12]
    venv = VENVS / f"selection-{key}"
    interpreter = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    VENVS.mkdir(parents=True, exist_ok=True)
    # pytest-xdist's workers may need it at once: one makes it, the others wait for it
    with open(VENVS / f".selection-{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (venv / "complete").exists():
            _make_venv(venv, interpreter, needs)
    return str(interpreter)


def _make_venv(venv: Path, interpreter: Path, needs: list[str]) -> None:
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=600)
    install = [str(interpreter), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *needs]
    result = subprocess.run(install, capture_output=True, text=True, timeout=1200, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"cannot install the pinned test requirements: {result.stderr.strip()[-300:]}")
    (venv / "complete").write_text("\n".join(needs) + "\n")


@pytest.fixture(scope="module")
def python() -> str:
    """The interpreter of the pinned environment (:func:`pinned_python`)."""
    try:
        return pinned_python()
    except RuntimeError as exc:
        pytest.skip(str(exc))


def environment(copy: Path, project: Project) -> dict[str, str]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(copy / project.path)])
    env.pop("PLANNER_DEBUG", None)
    return env


def run(argv: list[str], copy: Path, project: Project) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, cwd=copy, env=environment(copy, project), capture_output=True, text=True, timeout=1200, check=False
    )


def planner(python: str, copy: Path, project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return run([python, "-m", "planner", *args], copy, project)


def plain_pytest(python: str, copy: Path, project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return run([python, "-m", "pytest", "-p", "no:cacheprovider", *args, project.tests], copy, project)


def counts(line: str) -> dict[str, int]:
    """``589 passed, 21 skipped, 1 xfailed in 5.48s`` -> {"passed": 589, ...}."""
    return {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|skipped|xfailed|xpassed|errors?)\b", line)}


Planned = tuple[Path, dict[str, Any]]


@pytest.fixture(scope="module")
def planned(python: str, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Planned]:
    """A copy of a project's sdist, planned bottom-up with its tests (plan.json), once per project."""
    done: dict[str, Planned] = {}

    def plan(name: str) -> Planned:
        if name not in done:
            project = PROJECTS[name]
            copy = tmp_path_factory.mktemp(name) / name
            shutil.copytree(unpacked(name), copy, ignore=shutil.ignore_patterns(".benchmarks", "__pycache__"))
            args = ("plan", project.source, "--tests", project.tests, "--no-cache", "-o", "plan.json")
            result = planner(python, copy, project, *args)
            assert result.returncode == 0, result.stderr
            done[name] = (copy, json.loads((copy / "plan.json").read_text()))
        return done[name]

    return plan


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_the_steps_together_are_the_whole_suite(python: str, planned: Callable[[str], Planned], name: str) -> None:
    copy, plan = planned(name)
    project = PROJECTS[name]
    result = planner(python, copy, project, "select", "plan.json", "--format", "json")
    selected = [node_id for step in json.loads(result.stdout)["steps"] for node_id in step["tests"]]
    collected = plain_pytest(python, copy, project, "--collect-only", "-q")
    ids = [line for line in collected.stdout.splitlines() if "::" in line]
    assert len(ids) > 100
    assert len(selected) == len(set(selected)), "a test is in two steps"
    assert sorted(selected) == sorted(ids)
    # most tests run before the last step: the selection localises
    last = plan["steps"][-1]["index"]
    early = sum(1 for test in plan["selection"]["tests"] if test["step"] < last)
    assert early > len(ids) / 2, f"{early} of {len(ids)} tests before the last step"


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_planner_run_passes_as_pytest_does(python: str, planned: Callable[[str], Planned], name: str) -> None:
    copy, plan = planned(name)
    project = PROJECTS[name]
    result = planner(python, copy, project, "run", "plan.json")
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.endswith("every step passed") and f"in {len(plan['steps'])} of {len(plan['steps'])} steps" in last
    plain = plain_pytest(python, copy, project)
    assert plain.returncode == 0, plain.stdout[-2000:]
    expected = counts(plain.stdout.strip().splitlines()[-1])
    got = counts(last.split(" in ")[0])
    assert got.pop("failed") == 0
    assert got == expected


@pytest.mark.parametrize("bug", sorted(BUGS))
def test_a_bug_in_a_low_level_module_stops_the_run_at_its_step(
    python: str, planned: Callable[[str], Planned], tmp_path: Path, bug: str
) -> None:
    name = bug.split(" ")[0]
    copy, plan = planned(name)
    project, injected = PROJECTS[name], BUGS[bug]
    broken = tmp_path / name
    shutil.copytree(copy, broken, ignore=shutil.ignore_patterns(".planner", "__pycache__"))
    source = (broken / injected.file).read_text()
    assert source.count(injected.text) == 1
    (broken / injected.file).write_text(source.replace(injected.text, injected.replacement))

    result = planner(python, broken, project, "run", "plan.json")
    assert result.returncode == 1, result.stdout + result.stderr
    step_of_unit = {unit: s["index"] for s in plan["steps"] for unit in s["units"]}
    k, total = step_of_unit[injected.stops_at], len(plan["steps"])
    assert k >= step_of_unit[injected.unit]  # never before the step that integrates the bug
    assert f"Step {k} of {total} failed. It integrates {injected.stops_at}." in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.startswith("step ")]  # the steps' progress
    assert all(re.match(rf"step +{i}/{total} (passed|empty )", lines[i - 1]) for i in range(1, k)), result.stderr
    assert re.match(rf"step +{k}/{total} FAILED", lines[k - 1])
    assert all(" not run " in line for line in lines[k:])
    # the oracle: the first step holding a test that fails in a plain pytest run of the broken copy
    plain = plain_pytest(python, broken, project, "-rfE")
    failing = {m.group(1) for m in re.finditer(r"^(?:FAILED|ERROR) (.+?)(?: - .*)?$", plain.stdout, re.MULTILINE)}
    step_of = {test["id"]: test["step"] for test in plan["selection"]["tests"]}
    assert failing and min(step_of[node_id] for node_id in failing) == k
    named = re.findall(r"^  (.+?) \((?:failed|error)\)", result.stdout, re.MULTILINE)
    assert named and set(named) <= failing
