"""The typer application: every command registered on one app."""

from __future__ import annotations

from typing import Annotated

import typer

from planner._version import __version__
from planner.cli import audit as audit_command
from planner.cli import ci as ci_command
from planner.cli import compare, plan, run_steps, show
from planner.cli import doubles as doubles_command
from planner.cli import export as export_command
from planner.cli import render as render_command
from planner.cli import scan as scan_command
from planner.cli import select as select_command

app = typer.Typer(
    name="planner",
    help="Plan integration testing from a dependency graph: the order, the stubs and drivers "
    "each step needs, the tests of each step, and CI pipelines.",
    add_completion=True,
    no_args_is_help=True,
    # Plain help: rich's help formatter costs 0.1 s of start-up (see docs/benchmarks.md).
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"planner {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks instead of one-line errors.")] = False,
) -> None:
    """Plan integration testing from a dependency graph."""


# In the order a user meets them: source -> graph -> plan -> artifacts.
app.command("scan")(scan_command.scan)
app.command("plan")(plan.plan)
app.command("compare")(compare.compare)
app.command("show")(show.show)
app.command("doubles")(doubles_command.doubles)
app.command("select")(select_command.select)
app.command("run")(run_steps.run)  # cli/run_steps.py: planner.cli.run is the console script
app.command("render")(render_command.render)
# issue 19: how well the plan localises defects, and what change-aware plans miss
app.command("audit")(audit_command.audit)
# issue 8: CI pipeline files (a sub-app: planner ci github, planner ci gitlab)
app.add_typer(ci_command.app, name="ci")
# issue 17: the layers and proven cycle breaks, for import-linter and tach
app.command("export")(export_command.export)
