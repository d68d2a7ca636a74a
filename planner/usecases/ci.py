"""Pipeline files: the plan a pipeline runs, and its file for GitHub Actions or GitLab CI."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import UsageError
from planner.model import Plan

if TYPE_CHECKING:
    from planner.ci import CiOptions
    from planner.ci.layout import LayoutChoice

__all__ = ["choose_ci_layout", "ci_options", "ci_pipeline", "ci_plan", "planner_requirement_warning"]


def ci_plan(plan: Plan | str | Path) -> Plan:
    """The plan a pipeline runs: ``plan`` itself, or read from a plan file."""
    from planner.usecases.plans import plan_in, read_plan

    if isinstance(plan, Plan):
        return plan
    found = plan_in(plan)
    if found is None and Path(plan).is_file():
        raise UsageError(f"{plan} is not a plan file: make one with 'planner plan SOURCE --tests DIR -o plan.json'")
    return found if found is not None else read_plan(plan)


def ci_pipeline(
    plan: Plan | str | Path,
    system: str,
    options: CiOptions,
    *,
    command: str = "",
    matrix: bool = False,
    wave: int | None = None,
) -> str:
    """The pipeline file of ``plan`` (a plan or a plan file) for ``system`` (``github`` or
    ``gitlab``), or with ``matrix`` the GitHub job matrix (of wave ``wave`` only, if given).
    ``command`` is named in the file's header. See ``docs/ci.md``."""
    from dataclasses import replace

    from planner.ci import github_matrix, github_workflow, gitlab_pipeline

    plan = ci_plan(plan)
    options = replace(options, command=command or options.command)
    if matrix:
        if system != "github":
            raise UsageError("{matrix} is a GitHub Actions matrix", parameter="matrix")
        return github_matrix(plan, options, wave=wave)
    if system == "github":
        return github_workflow(plan, options)
    if system == "gitlab":
        return gitlab_pipeline(plan, options)
    raise UsageError(f"unknown CI system {system!r} (choose from github, gitlab)")


def ci_options(
    plan_path: str,
    *,
    python: str = "3.12",
    install: Sequence[str] = (),
    planner: str = "",
    run: str | None = None,
    directory: str = ".",
    per_step: bool = False,
    image: str | None = None,
    declared: bool = True,
) -> CiOptions:
    """The pipeline's options, completed from the project in ``directory``: planner is installed
    by name when the project's requirements do not bring it; without ``install``, the install
    command is left for :func:`choose_ci_layout` to take from what the project declares
    (``declared``), else the default one."""
    from planner.ci import CiOptions
    from planner.ci.jobs import DEFAULT_INSTALL
    from planner.ci.project import DISTRIBUTION, lists_planner

    if not planner and run is None and lists_planner(Path(directory)) == "none":
        planner = DISTRIBUTION  # the project's requirements do not bring planner: the jobs install it by name
    return CiOptions(
        plan_path=plan_path,
        python=python,
        install=tuple(install) if install else () if declared and run is None else DEFAULT_INSTALL,
        planner=planner,
        run=run,
        per_step=per_step,
        directory=directory,
        image=image,
    )


def choose_ci_layout(
    plan: Plan,
    options: CiOptions,
    *,
    layout: str | None = None,
    lanes: int = 4,
    durations: str | None = None,
    job_seconds: float = 60.0,
) -> LayoutChoice:
    """The pipeline's layout (``single``, ``waves`` or ``lanes``; None: the cheapest that fits) and
    its estimated cost, with the step durations recorded in ``durations`` (a JUnit directory)."""
    from dataclasses import replace
    from typing import cast

    from planner.ci.cost import CostModel, Layout
    from planner.ci.jobs import checked_options, pipeline_waves, step_command
    from planner.ci.layout import choose_layout, recorded_seconds

    if layout not in (None, "single", "waves", "lanes"):
        raise UsageError(f"{{layout}} {layout}: choose from single, waves, lanes", parameter="layout")
    if not options.install:  # the plan's and the options' own errors first, then what the project declares
        checked_options(options)
        pipeline_waves(plan, options)
        step_command(plan, options)
        options = replace(options, install=_declared_install(options.directory))
    recorded = recorded_seconds(durations) if durations is not None else {}
    return choose_layout(
        plan,
        options,
        layout=cast("Layout | None", layout),
        lanes=lanes,
        recorded=recorded,
        model=CostModel(job_seconds=job_seconds),
    )


def _declared_install(directory: str) -> tuple[str, ...]:
    """How the jobs install the project with its test requirements, as the project declares them."""
    from planner.ci.project import declared_test_install

    found = declared_test_install(Path(directory))
    if found is None:
        where = Path(directory).as_posix()
        raise UsageError(
            f"cannot tell how the jobs install the tests' requirements: {where} declares no test extra, "
            "dependency group or requirements file naming pytest; give {install} CMD",
            parameter="install",
        )
    return found


def planner_requirement_warning(options: CiOptions) -> str | None:
    """A warning when the project requires the package index's other ``planner``: its jobs would
    run that one, and stop at their 'python -m planner --version' step or worse."""
    from planner.ci.project import DISTRIBUTION, lists_planner

    if options.planner or options.run is not None or lists_planner(Path(options.directory)) != "other":
        return None
    where = Path(options.directory, "pyproject.toml").as_posix()
    return (
        f"{where} requires 'planner', which on the package index is another project: "
        f"require {DISTRIBUTION} instead, or give --planner SPEC"
    )
