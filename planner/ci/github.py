"""A GitHub Actions workflow, and a job matrix, from a plan (see ``docs/ci.md``).

One job per wave, running the wave's steps side by side as a matrix
(``--per-step``: one job per step), each wave ``needs`` the wave below it, so
a failing wave stops every wave above it (``fail-fast: false``: every step
of the failing wave still reports). The step number reaches the command
through the environment (``PLANNER_STEP``), set from the matrix or literally.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

from planner.ci.jobs import (
    CHECK_PLANNER,
    JUNIT_DIR,
    CiOptions,
    Job,
    checked_options,
    junit_path,
    lane_script,
    pipeline_waves,
    run_command,
    step_command,
    waves,
    without_job,
)
from planner.ci.text import command, display_name, quote, units_variable
from planner.ci.yaml_text import header, yaml_text
from planner.model import Plan

__all__ = ["ACTIONS", "github_matrix", "github_workflow"]

ACTIONS = {
    "checkout": "actions/checkout@v5",
    "setup-python": "actions/setup-python@v6",
    "upload-artifact": "actions/upload-artifact@v6",
}
"""The actions the jobs use, by major version."""


def github_matrix(plan: Plan, options: CiOptions, *, wave: int | None = None) -> str:
    """The steps with jobs as a GitHub matrix (``{"include": [...]}``), one line of JSON.

    For ``strategy.matrix: ${{ fromJSON(...) }}`` in a workflow of your own;
    ``wave`` keeps one wave's steps. Each entry: ``step``, ``wave``, ``name`` and
    ``units`` (a JSON list, as ``PLANNER_UNITS``).
    """
    checked_options(options)
    include = [_entry(job) for w in waves(plan, options) for job in w.jobs if wave is None or job.wave == wave]
    return json.dumps({"include": include}, ensure_ascii=True, separators=(",", ":")) + "\n"


def _entry(job: Job) -> dict[str, Any]:
    return {
        "step": job.step,
        "wave": job.wave,
        "name": display_name(job.step, job.units),
        "units": units_variable(job.units),
    }


def github_workflow(plan: Plan, options: CiOptions) -> str:
    """The workflow file's text: deterministic, the same plan and options giving the same bytes."""
    options = checked_options(options)
    planned = pipeline_waves(plan, options)
    run = step_command(plan, options)
    jobs: dict[str, Any] = {}
    if options.layout == "single":
        jobs["integration"] = _single_job(options)
    elif options.layout == "lanes":
        for n, lane in enumerate(options.lanes, start=1):
            jobs[f"lane-{n}"] = _lane_job(n, lane, run, options)
    for wave in planned if options.layout == "waves" else ():
        if options.per_step:
            for job in wave.jobs:
                jobs[f"step-{job.step}"] = _step_job(job, wave.after, planned, run, options)
        else:
            jobs[f"wave-{wave.wave}"] = _wave_job(wave.wave, wave.jobs, wave.after, run, options)
    defaults: dict[str, Any] = {"shell": "bash"}
    if options.directory != ".":
        defaults["working-directory"] = options.directory
    data = {
        "name": "integration",
        "on": ["push", "pull_request", "workflow_dispatch"],
        "permissions": {"contents": "read"},
        "defaults": {"run": defaults},
        "jobs": jobs,
    }
    count = sum(len(w.jobs) for w in planned)
    kind = "job" if options.per_step else "matrix job"
    summary = f"{plan.strategy}, {len(plan.steps)} steps in {plan.metrics.waves} waves; {count} step {kind}s"
    if options.layout != "waves":
        summary = f"{plan.strategy}, {len(plan.steps)} steps in {plan.metrics.waves} waves; " + (
            "one job running planner run" if options.layout == "single" else f"{len(options.lanes)} lanes"
        )
    comments = header("github", options.plan_path, summary, options.command, without_job(plan, options))
    return yaml_text(data, comments)


def _needs(after: int | None, planned: tuple[Any, ...], per_step: bool) -> list[str]:
    if after is None:
        return []
    if not per_step:
        return [f"wave-{after}"]
    below = next(w for w in planned if w.wave == after)
    return [f"step-{job.step}" for job in below.jobs]


def _wave_job(wave: int, jobs: tuple[Job, ...], after: int | None, run: str, options: CiOptions) -> dict[str, Any]:
    job: dict[str, Any] = {"name": "${{ matrix.name }}"}
    if after is not None:
        job["needs"] = [f"wave-{after}"]
    job["runs-on"] = "ubuntu-latest"
    job["strategy"] = {"fail-fast": False, "matrix": {"include": [_entry(j) for j in jobs]}}
    job["env"] = {
        "PLANNER_STEP": "${{ matrix.step }}",
        "PLANNER_WAVE": str(wave),
        "PLANNER_UNITS": "${{ matrix.units }}",
    }
    job["steps"] = _steps(run, "${{ matrix.step }}", options)
    return job


def _step_job(job: Job, after: int | None, planned: tuple[Any, ...], run: str, options: CiOptions) -> dict[str, Any]:
    result: dict[str, Any] = {"name": display_name(job.step, job.units)}
    needs = _needs(after, planned, per_step=True)
    if needs:
        result["needs"] = needs
    result["runs-on"] = "ubuntu-latest"
    result["env"] = {
        "PLANNER_STEP": str(job.step),
        "PLANNER_WAVE": str(job.wave),
        "PLANNER_UNITS": units_variable(job.units),
    }
    result["steps"] = _steps(run, str(job.step), options)
    return result


def _single_job(options: CiOptions) -> dict[str, Any]:
    """One job: every step in order in one pytest session (``planner run``), every step's report kept."""
    steps = _setup(options)
    steps.append({"name": "Run the steps", "run": run_command(options)})
    report = posixpath.normpath(posixpath.join(options.directory, JUNIT_DIR))
    steps.append(
        {
            "name": "Keep the steps' JUnit reports",
            "if": "always()",
            "uses": ACTIONS["upload-artifact"],
            "with": {"name": "junit-steps", "path": report, "if-no-files-found": "ignore"},
        }
    )
    return {"name": "planner run", "runs-on": "ubuntu-latest", "steps": steps}


def _lane_job(n: int, lane: tuple[int, ...], run: str, options: CiOptions) -> dict[str, Any]:
    """One lane: its steps in plan order, stopping at its first failing step."""
    listed = ", ".join(map(str, lane))
    steps = _setup(options)
    steps.append({"name": "Run the lane's steps", "run": lane_script(run)})
    if options.run is None:
        report = posixpath.normpath(posixpath.join(options.directory, JUNIT_DIR))
        steps.append(
            {
                "name": "Keep the steps' JUnit reports",
                "if": "always()",
                "uses": ACTIONS["upload-artifact"],
                "with": {"name": f"junit-lane-{n}", "path": report, "if-no-files-found": "ignore"},
            }
        )
    return {
        "name": f"lane {n}: step{'s' if len(lane) > 1 else ''} {listed}",
        "runs-on": "ubuntu-latest",
        "env": {"PLANNER_STEPS": " ".join(map(str, lane))},
        "steps": steps,
    }


def _setup(options: CiOptions) -> list[dict[str, Any]]:
    """Check out, set up Python, install the project (and planner), check planner is there."""
    steps: list[dict[str, Any]] = [
        {"uses": ACTIONS["checkout"], "with": {"persist-credentials": False}},
        {"uses": ACTIONS["setup-python"], "with": {"python-version": options.python}},
    ]
    for install in options.install:
        steps.append({"name": "Install the project", "run": command(install, "install")})
    if options.planner:
        steps.append({"name": "Install planner", "run": f"python -m pip install {quote(options.planner)}"})
    if options.run is None:
        steps.append({"name": "Check planner is installed", "run": CHECK_PLANNER})
    return steps


def _steps(run: str, step: str, options: CiOptions) -> list[dict[str, Any]]:
    steps = _setup(options)
    steps.append({"name": "Run the step" if options.run is not None else "Run the step's tests", "run": run})
    if options.run is None:
        report = posixpath.normpath(posixpath.join(options.directory, junit_path(step)))
        steps.append(
            {
                "name": "Keep the step's JUnit report",
                "if": "always()",
                "uses": ACTIONS["upload-artifact"],
                "with": {"name": f"junit-step-{step}", "path": report, "if-no-files-found": "ignore"},
            }
        )
    return steps
