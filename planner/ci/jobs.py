"""What a pipeline runs, whatever the CI system: the waves, their steps, and each step's command.

Pure functions of a plan and the user's options: no file is read or written.
A step with no tests gets no job (it would run nothing; ``planner run``
counts it as passed too) unless ``--run`` gives the command each job runs; a
wave whose steps all have no job gets none either, and the wave above it
waits for the one below it instead.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Literal

from planner.ci.text import check_text, command, quote, relative_path
from planner.errors import PlanFileError, UsageError
from planner.model import Plan

__all__ = [
    "CHECK_PLANNER",
    "JUNIT_DIR",
    "CiOptions",
    "Job",
    "Wave",
    "checked_options",
    "junit_path",
    "lane_script",
    "run_command",
    "step_command",
    "waves",
    "without_job",
]

DEFAULT_INSTALL = ("python -m pip install -e .[test]",)
"""How the project is installed by default: editable, with its ``test`` extra."""

CHECK_PLANNER = "python -m planner --version"
"""Run after the installs: a job without planner (whose pytest plugin runs the step) stops
here with ``No module named planner`` rather than at pytest's unknown ``--plan`` option."""


@dataclass(frozen=True)
class CiOptions:
    """The user's choices: ``plan_path`` as the pipeline will see it (from the repository's
    top); ``layout``: one job running ``planner run`` (``single``), a job per step wave by wave
    (``waves``), or parallel jobs each running its steps in order (``lanes``);
    ``install``: commands installing the project; ``planner``: the pip requirement for
    planner itself (``""``, the default: the install commands bring it); ``run``: a command replacing
    the step's pytest run; ``directory``: where the plan was made, from the repository's
    top; ``command``: the command line that made the file, for its header."""

    plan_path: str
    python: str = "3.12"
    install: tuple[str, ...] = DEFAULT_INSTALL
    planner: str = ""
    run: str | None = None
    per_step: bool = False
    directory: str = "."
    image: str | None = None
    command: str = ""
    layout: Literal["single", "waves", "lanes"] = "waves"
    lanes: tuple[tuple[int, ...], ...] = ()
    """With the ``lanes`` layout: the steps of each lane, in plan order (:func:`planner.ci.cost.pack_lanes`)."""


@dataclass(frozen=True)
class Job:
    """One step's job: its step, wave and units, and how many tests it runs."""

    step: int
    wave: int
    units: tuple[str, ...]
    tests: int


@dataclass(frozen=True)
class Wave:
    """The jobs of one wave, and the wave below it that has jobs (``None`` for the first)."""

    wave: int
    jobs: tuple[Job, ...]
    after: int | None


def waves(plan: Plan, options: CiOptions) -> tuple[Wave, ...]:
    """The plan's waves that have jobs, in order, each waiting for the one before."""
    if options.run is None and not plan.assigns_tests:
        raise UsageError(
            f"{options.plan_path} assigns no tests: plan with --tests DIR, or give {{run}} CMD, the command each "
            "step's job runs (it finds PLANNER_STEP, PLANNER_WAVE and PLANNER_UNITS in its environment)",
            parameter="run",
        )
    grouped: dict[int, list[Job]] = {}
    for step in plan.steps:
        if step.tests or options.run is not None:
            grouped.setdefault(step.wave, []).append(Job(step.index, step.wave, tuple(step.units), len(step.tests)))
    result = []
    after = None
    for wave in sorted(grouped):
        result.append(Wave(wave, tuple(grouped[wave]), after))
        after = wave
    return tuple(result)


def pipeline_waves(plan: Plan, options: CiOptions) -> tuple[Wave, ...]:
    """:func:`waves`, refusing a plan none of whose steps would get a job."""
    planned = waves(plan, options)
    if not planned:
        raise UsageError(f"{options.plan_path}: no step has tests to run: there is nothing to put in a pipeline")
    return planned


def without_job(plan: Plan, options: CiOptions) -> tuple[int, ...]:
    """The steps that get no job (no tests to run)."""
    return tuple(s.index for s in plan.steps if options.run is None and not s.tests)


JUNIT_DIR = "planner-junit"
"""Where the jobs write the steps' JUnit XML, relative to the directory the plan was made in."""


def run_command(options: CiOptions) -> str:
    """The single job's command: ``planner run`` on the plan, its reports in :data:`JUNIT_DIR`."""
    plan_file = relative_path(posixpath.relpath(options.plan_path, options.directory), "the plan's path", user=True)
    return f"python -m planner run {quote(plan_file)} --junit-dir {JUNIT_DIR}"


def lane_script(run: str) -> str:
    """A lane job's script: each step of ``$PLANNER_STEPS`` (integers) in order, stopping at the first failure."""
    return f"for PLANNER_STEP in $PLANNER_STEPS; do\n  export PLANNER_STEP\n  {run} || exit 1\ndone\n"


def junit_path(step: str) -> str:
    """Where a step's JUnit XML goes, relative to the directory the plan was made in."""
    return f"{JUNIT_DIR}/step-{step}.xml"


def step_command(plan: Plan, options: CiOptions) -> str:
    """The shell command a job runs for step ``$PLANNER_STEP``, from the directory the plan was made in."""
    if options.run is not None:
        return command(options.run, "run")
    plan_file = relative_path(posixpath.relpath(options.plan_path, options.directory), "the plan's path", user=True)
    parts = ["python -m pytest", quote(f"--plan={plan_file}"), '--plan-step="$PLANNER_STEP"']
    selection = plan.selection
    rootdir = "."
    args: tuple[str, ...] = ()
    if selection is not None:
        rootdir = _plan_path(selection.rootdir, "plan.selection.rootdir", options)
        args = tuple(
            _plan_path(posixpath.join(rootdir, arg), f"plan.selection.args[{k}]", options)
            for k, arg in enumerate(selection.args)
        )
    parts.append(quote(f"--rootdir={rootdir}"))
    parts.append(f'--junitxml="{junit_path("$PLANNER_STEP")}"')
    parts += [quote(arg) for arg in args]
    return " ".join(parts)


def _plan_path(path: str, where: str, options: CiOptions) -> str:
    """A path taken from the plan file, checked before it goes into a command."""
    try:
        return relative_path(path, where)
    except UsageError as exc:
        raise PlanFileError(f"{where}: {exc.message}", path=options.plan_path) from None


def checked_options(options: CiOptions) -> CiOptions:
    """``options`` with every user string checked (no control character, no ``${{``)."""
    for text, parameter in ((options.python, "python"), (options.image or "", "image")):
        what = "{" + parameter + "}"
        check_text(text, what, parameter=parameter)
        if any(c.isspace() for c in text):
            raise UsageError(f"{what} {text!r}: no spaces", parameter=parameter)
    relative_path(options.directory, "{directory}", user=True, parameter="directory")
    try:
        relative_path(options.plan_path, "PLAN", user=True)
    except UsageError:
        raise UsageError(
            f"PLAN {options.plan_path!r}: give the plan's path from the repository's top (run planner ci there)"
        ) from None
    from_directory = posixpath.relpath(options.plan_path, options.directory)
    relative_path(from_directory, "PLAN, from {directory}", user=True, parameter="directory")
    for install in options.install:
        command(install, "install")
    if options.planner:
        command(f"python -m pip install {quote(options.planner)}", "planner")
    check_text(options.command, "the command line")
    return options
