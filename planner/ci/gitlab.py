"""A GitLab CI pipeline from a plan (see ``docs/ci.md``).

One stage per wave (``wave-1``, ``wave-2``, ...) in order, one job per step in
its wave's stage: GitLab runs the jobs of a stage side by side and starts a
stage only when every job of the stages before it passed, so a failing wave
stops every wave above it. The step number reaches the command through the
job's variables (``PLANNER_STEP``); each job keeps its JUnit report, which
GitLab shows in merge requests.
"""

from __future__ import annotations

import posixpath
from typing import Any

from planner.ci.jobs import (
    CHECK_PLANNER,
    JUNIT_DIR,
    CiOptions,
    checked_options,
    junit_path,
    lane_script,
    pipeline_waves,
    run_command,
    step_command,
    without_job,
)
from planner.ci.text import command, display_name, quote, units_variable
from planner.ci.yaml_text import header, yaml_text
from planner.model import Plan

__all__ = ["gitlab_pipeline"]


def gitlab_pipeline(plan: Plan, options: CiOptions) -> str:
    """The ``.gitlab-ci.yml`` text: deterministic, the same plan and options giving the same bytes."""
    options = checked_options(options)
    planned = pipeline_waves(plan, options)
    run = step_command(plan, options)
    before = []
    if options.directory != ".":
        before.append(f"cd {quote(options.directory)}")
    before += [command(install, "install") for install in options.install]
    if options.planner:
        before.append(f"python -m pip install {quote(options.planner)}")
    if options.run is None:
        before.append(CHECK_PLANNER)
    data: dict[str, Any] = {
        "stages": [f"wave-{w.wave}" for w in planned] if options.layout == "waves" else ["test"],
        "default": {"image": options.image or f"python:{options.python}", "before_script": before},
    }
    reports = posixpath.normpath(posixpath.join(options.directory, JUNIT_DIR, "step-*.xml"))
    if options.layout == "single":
        data["planner run"] = {
            "stage": "test",
            "script": [run_command(options)],
            "artifacts": {"when": "always", "reports": {"junit": reports}},
        }
    for n, lane in enumerate(options.lanes if options.layout == "lanes" else (), start=1):
        entry: dict[str, Any] = {
            "stage": "test",
            "variables": {"PLANNER_STEPS": " ".join(map(str, lane))},
            "script": [lane_script(run)],
        }
        if options.run is None:
            entry["artifacts"] = {"when": "always", "reports": {"junit": reports}}
        data[f"lane {n}: step{'s' if len(lane) > 1 else ''} {', '.join(map(str, lane))}"] = entry
    for wave in planned if options.layout == "waves" else ():
        for job in wave.jobs:
            entry = {
                "stage": f"wave-{wave.wave}",
                "variables": {
                    "PLANNER_STEP": str(job.step),
                    "PLANNER_WAVE": str(job.wave),
                    "PLANNER_UNITS": units_variable(job.units),
                },
                "script": [run],
            }
            if options.run is None:
                report = posixpath.normpath(posixpath.join(options.directory, junit_path(str(job.step))))
                entry["artifacts"] = {"when": "always", "reports": {"junit": report}}
            data[display_name(job.step, job.units)] = entry
    count = sum(len(w.jobs) for w in planned)
    jobs = {
        "waves": f"{count} step jobs",
        "single": "one job running planner run",
        "lanes": f"{len(options.lanes)} lanes",
    }
    summary = f"{plan.strategy}, {len(plan.steps)} steps in {plan.metrics.waves} waves; {jobs[options.layout]}"
    comments = header("gitlab", options.plan_path, summary, options.command, without_job(plan, options))
    return yaml_text(data, comments)
