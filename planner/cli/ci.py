"""``planner ci``: CI pipeline files from a plan's waves (``github``, ``gitlab``)."""

from __future__ import annotations

import shlex
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from planner.cli._common import STDOUT, Force, Output, emit

if TYPE_CHECKING:
    from planner.api import CiOptions, LayoutChoice

app = typer.Typer(
    name="ci",
    help="CI pipeline files from a plan: the waves run in order, the steps of a wave side by side.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

Plan = Annotated[
    str,
    typer.Argument(
        metavar="PLAN",
        help="A plan file made with 'planner plan --tests' (its path from the repository's top, as committed).",
        show_default=False,
    ),
]
Python = Annotated[str, typer.Option("--python", metavar="VERSION", help="The Python version the jobs set up.")]
Install = Annotated[
    list[str] | None,
    typer.Option(
        "--install",
        metavar="CMD",
        help="A command that installs the project, run in each job (repeatable; default: "
        "python -m pip install -e .[test]). One command each: it is quoted, not run by a shell.",
        show_default=False,
    ),
]
PlannerSpec = Annotated[
    str,
    typer.Option(
        "--planner",
        metavar="SPEC",
        help="A pip requirement that installs planner in each job (default: integration-planner, when the "
        "project's pyproject.toml does not require it; a pinned version, a wheel in the repository, a git URL).",
        show_default=False,
    ),
]
Run = Annotated[
    str | None,
    typer.Option(
        "--run",
        metavar="CMD",
        help="Run CMD in each step's job instead of the step's tests (needed for a plan without tests); "
        "it finds PLANNER_STEP, PLANNER_WAVE and PLANNER_UNITS (a JSON list) in its environment.",
        show_default=False,
    ),
]
LayoutOption = Annotated[
    str | None,
    typer.Option(
        "--layout",
        metavar="single|waves|lanes",
        help="single: one job running 'planner run'; waves: a job per step, wave after wave; lanes: at most "
        "--lanes jobs side by side, each running its steps in order (default: single for a suite whose "
        "job takes at most 10 minutes, lanes otherwise; waves with --run).",
        show_default=False,
    ),
]
Lanes = Annotated[int, typer.Option("--lanes", metavar="N", min=1, help="With --layout lanes: at most N jobs.")]
Durations = Annotated[
    str | None,
    typer.Option(
        "--durations",
        metavar="DIR",
        help="The --junit-dir of an earlier 'planner run': each step's recorded seconds pack the lanes "
        "and make the estimate (default: 0.05 s a test).",
        show_default=False,
    ),
]
JobSeconds = Annotated[
    float,
    typer.Option(
        "--job-seconds",
        metavar="SECONDS",
        min=0,
        help="What a job costs before its tests (checkout, Python, installs).",
    ),
]
Directory = Annotated[
    str,
    typer.Option(
        "--working-directory",
        metavar="DIR",
        help="Where the plan was made, from the repository's top: the jobs run there.",
    ),
]


@app.command("github")
def github(
    plan: Plan,
    output: Output = None,
    force: Force = False,
    per_step: Annotated[
        bool, typer.Option("--per-step", help="One job per step (each needing the jobs of the wave below).")
    ] = False,
    matrix: Annotated[
        bool,
        typer.Option(
            "--matrix", help="Print the steps as a JSON matrix (one line) for a workflow of your own, instead."
        ),
    ] = False,
    wave: Annotated[
        int | None,
        typer.Option("--wave", metavar="N", help="With --matrix: only the steps of wave N.", show_default=False),
    ] = None,
    python: Python = "3.12",
    install: Install = None,
    planner: PlannerSpec = "",
    run: Run = None,
    directory: Directory = ".",
    layout: LayoutOption = None,
    lanes: Lanes = 4,
    durations: Durations = None,
    job_seconds: JobSeconds = 60.0,
) -> None:
    """Write a GitHub Actions workflow that runs PLAN: one job, waves of jobs, or lanes.

    single: one job runs 'planner run' (every step in order in one pytest session) and keeps
    every step's JUnit report. waves: one job per wave, its steps as a matrix, each wave needing
    the wave below it (--per-step: one job per step). lanes: at most --lanes jobs side by side,
    the steps packed by their durations, each lane running its steps in plan order. Every job
    checks out the code, sets up Python and installs the project and planner; steps without
    tests get no job. Prints the layout's estimated jobs, critical path and runner-minutes beside
    one plain pytest job's on standard error. Write it with -o .github/workflows/integration.yml.
    """
    from planner import api
    from planner.errors import UsageError

    if wave is not None and not matrix:
        raise UsageError("--wave goes with --matrix")
    if per_step and layout not in (None, "waves"):
        raise UsageError("--per-step goes with --layout waves")
    options = _options(plan, python, install, planner, run, directory, per_step=per_step, declared=not matrix)
    flags = _flags(output, per_step, python, install, planner, run, directory)
    flags += _layout_flags(layout, lanes, durations, job_seconds)
    if matrix:
        text = api.ci_pipeline(plan, "github", options, command=shlex.join(["planner", "ci", "github", plan, *flags]),
                               matrix=True, wave=wave)  # fmt: skip
        emit(text, output=output, force=force)
        return
    read = api.ci_plan(plan)  # once: at 100,000 steps reading the plan is a third of the command
    choice = api.choose_ci_layout(
        read,
        options,
        layout="waves" if per_step else layout,
        lanes=lanes,
        durations=durations,
        job_seconds=job_seconds,
    )
    command = shlex.join(["planner", "ci", "github", plan, *flags])
    emit(api.ci_pipeline(read, "github", choice.options, command=command), output=output, force=force)
    _report(choice, durations, job_seconds)
    _warn_without_planner(choice.options)


@app.command("gitlab")
def gitlab(
    plan: Plan,
    output: Output = None,
    force: Force = False,
    python: Python = "3.12",
    image: Annotated[
        str | None,
        typer.Option("--image", metavar="IMAGE", help="The jobs' image (default: python:VERSION).", show_default=False),
    ] = None,
    install: Install = None,
    planner: PlannerSpec = "",
    run: Run = None,
    directory: Directory = ".",
    layout: LayoutOption = None,
    lanes: Lanes = 4,
    durations: Durations = None,
    job_seconds: JobSeconds = 60.0,
) -> None:
    """Write a GitLab CI pipeline that runs PLAN: one job, waves of jobs, or lanes.

    single: one job runs 'planner run' and keeps every step's JUnit report. waves: one stage
    per wave, one job per step; GitLab starts a stage when the stages before it passed, so a
    failing wave stops the waves above it. lanes: at most --lanes jobs side by side, the steps
    packed by their durations, each lane running its steps in plan order. Prints the layout's
    estimated jobs, critical path and runner-minutes beside one plain pytest job's on standard
    error. Write it with -o .gitlab-ci.yml.
    """
    from planner import api

    options = _options(plan, python, install, planner, run, directory, image=image)
    flags = _flags(output, False, python, install, planner, run, directory)
    if image is not None:
        flags += ["--image", image]
    flags += _layout_flags(layout, lanes, durations, job_seconds)
    read = api.ci_plan(plan)
    choice = api.choose_ci_layout(
        read, options, layout=layout, lanes=lanes, durations=durations, job_seconds=job_seconds
    )
    command = shlex.join(["planner", "ci", "gitlab", plan, *flags])
    emit(api.ci_pipeline(read, "gitlab", choice.options, command=command), output=output, force=force)
    _report(choice, durations, job_seconds)
    _warn_without_planner(choice.options)


def _report(choice: LayoutChoice, durations: str | None, job_seconds: float) -> None:
    """The layout's estimated cost beside plain pytest's, on standard error."""
    from planner.api import CostModel

    def minutes(seconds: float) -> str:
        return f"{seconds / 60:.1f} min"

    chosen, plain = choice.estimate, choice.baseline
    jobs = f"{chosen.jobs} job{'s' if chosen.jobs != 1 else ''}"
    line = (
        f"planner ci: layout {chosen.layout}: {jobs}, critical path {minutes(chosen.critical_path)}, "
        f"{chosen.runner_seconds / 60:.1f} runner-minutes; plain pytest: 1 job, {minutes(plain.critical_path)}, "
        f"{plain.runner_seconds / 60:.1f} runner-minutes"
    )
    print(line, file=sys.stderr)
    if chosen.lower_bound is not None:
        gap = (chosen.critical_path - chosen.lower_bound) / chosen.lower_bound if chosen.lower_bound else 0.0
        how = "optimal packing" if chosen.optimal else "longest-first packing"
        print(
            f"planner ci: the critical path is {gap:.0%} above its lower bound of {minutes(chosen.lower_bound)} "
            f"({how})",
            file=sys.stderr,
        )
    where = f"recorded for {choice.recorded} steps in {durations}" if durations else "estimated"
    print(
        f"planner ci: step durations {where} ({CostModel().test_seconds:g} s a test otherwise); "
        f"{job_seconds:g} s a job before its tests",
        file=sys.stderr,
    )


def _layout_flags(layout: str | None, lanes: int, durations: str | None, job_seconds: float) -> list[str]:
    flags = ["--layout", layout] if layout is not None else []
    if lanes != 4:
        flags += ["--lanes", str(lanes)]
    if durations is not None:
        flags += ["--durations", durations]
    if job_seconds != 60.0:
        flags += ["--job-seconds", f"{job_seconds:g}"]
    return flags


def _warn_without_planner(options: CiOptions) -> None:
    from planner import api

    warning = api.planner_requirement_warning(options)
    if warning is not None:
        print(f"planner: warning: {warning}", file=sys.stderr)


def _options(
    plan: str,
    python: str,
    install: list[str] | None,
    planner: str,
    run: str | None,
    directory: str,
    *,
    per_step: bool = False,
    image: str | None = None,
    declared: bool = True,
) -> CiOptions:
    from planner import api

    return api.ci_options(
        plan,
        python=python,
        install=install or (),
        planner=planner,
        run=run,
        directory=directory,
        per_step=per_step,
        image=image,
        declared=declared,
    )


def _flags(
    output: object,
    per_step: bool,
    python: str,
    install: list[str] | None,
    planner: str,
    run: str | None,
    directory: str,
) -> list[str]:
    """The options given, as they would be typed again (for the header of the file)."""
    flags = ["-o", str(output)] if output is not None and str(output) != STDOUT else []
    if per_step:
        flags.append("--per-step")
    if python != "3.12":
        flags += ["--python", python]
    for command in install or ():
        flags += ["--install", command]
    if planner:
        flags += ["--planner", planner]
    if run is not None:
        flags += ["--run", run]
    if directory != ".":
        flags += ["--working-directory", directory]
    return flags
