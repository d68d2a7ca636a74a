"""``planner ci``: CI pipeline files from a plan's waves (``github``, ``gitlab``)."""

from __future__ import annotations

import shlex
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from planner.cli._common import STDOUT, Force, Output, emit

if TYPE_CHECKING:
    from planner.ci import CiOptions

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
        help="A pip requirement that installs planner in each job, when the --install commands do not "
        "bring it (a version from your index, a wheel in the repository, a git URL).",
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
) -> None:
    """Write a GitHub Actions workflow that runs PLAN: one job per wave, its steps as a matrix.

    Each wave's job needs the wave below it, so a failing wave stops the waves above it; every
    job checks out the code, sets up Python, installs the project and planner, and runs its
    step with 'pytest --plan=PLAN --plan-step=K'. Steps without tests get no job. Write it
    with -o .github/workflows/integration.yml.
    """
    from planner import api
    from planner.errors import UsageError

    if wave is not None and not matrix:
        raise UsageError("--wave goes with --matrix")
    options = _options(plan, python, install, planner, run, directory, per_step=per_step)
    command = ["planner", "ci", "github", plan, *_flags(output, per_step, python, install, planner, run, directory)]
    text = api.ci_pipeline(plan, "github", options, command=shlex.join(command), matrix=matrix, wave=wave)
    emit(text, output=output, force=force)
    if not matrix:
        _warn_without_planner(options)


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
) -> None:
    """Write a GitLab CI pipeline that runs PLAN: one stage per wave, one job per step.

    GitLab starts a stage when the stages before it passed, so a failing wave stops the waves
    above it; every job installs the project and planner and runs its step with
    'pytest --plan=PLAN --plan-step=K', keeping its JUnit report. Steps without tests get no
    job. Write it with -o .gitlab-ci.yml.
    """
    from planner import api

    options = _options(plan, python, install, planner, run, directory, image=image)
    flags = _flags(output, False, python, install, planner, run, directory)
    if image is not None:
        flags += ["--image", image]
    command = shlex.join(["planner", "ci", "gitlab", plan, *flags])
    emit(api.ci_pipeline(plan, "gitlab", options, command=command), output=output, force=force)
    _warn_without_planner(options)


def _warn_without_planner(options: CiOptions) -> None:
    """Say so when nothing visibly installs planner in the jobs (they would stop at their
    'python -m planner --version' step)."""
    from pathlib import Path

    from planner.ci.project import lists_planner

    if options.planner or options.run is not None or lists_planner(Path(options.directory)) is not False:
        return
    where = Path(options.directory, "pyproject.toml").as_posix()
    print(
        f"planner: warning: {where} does not require planner, which runs each step in the jobs: "
        "add it to the test extra, or give --planner SPEC",
        file=sys.stderr,
    )


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
) -> CiOptions:
    from planner.ci import CiOptions
    from planner.ci.jobs import DEFAULT_INSTALL

    return CiOptions(
        plan_path=plan,
        python=python,
        install=tuple(install) if install else DEFAULT_INSTALL,
        planner=planner,
        run=run,
        per_step=per_step,
        directory=directory,
        image=image,
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
