"""The command line's flag for each library parameter that an error may name.

The library speaks in parameters (``max_nodes must be ...``), the command line in flags
(``--max-nodes must be ...``): an error below :mod:`planner.cli` names the parameter at
fault (:attr:`planner.errors.PlannerError.parameters`), and the command line's error
handler shows it as the flag of this table. Where the names differ only by ``_`` and
``-`` the flag is derived; the table lists every parameter an error names, so that a
test can check each flag exists.
"""

from __future__ import annotations

__all__ = ["FLAGS", "flag"]

FLAGS: dict[str, str] = {
    # plan, compare, pareto (planner plan --pareto)
    "strategy": "--strategy",
    "variant": "--variant",
    "target_layer": "--target-layer",
    "cycles": "--cycles",
    "objective": "--objective",
    "objectives": "--pareto",
    "time_limit": "--time-limit",
    "effort": "--effort",
    "format_in": "--format-in",
    "strict": "--strict",
    # tests placed at the steps (plan), chosen (select), run (run)
    "footprint": "--footprint",
    "technique": "--technique",
    "from_step": "--from-step",
    "doubles": "--doubles",
    # change-aware plans
    "changed_since": "--changed-since",
    "changed_files": "--changed-files",
    "global_files": "--global-file",
    # render
    "audits": "--audit",
    "step": "--step",
    "graph": "--graph",
    "around": "--around",
    "depth": "--depth",
    "collapse_cycles": "--collapse-cycles",
    "max_nodes": "--max-nodes",
    "fmt": "--format",
    # doubles
    "source": "--source",
    "tree": "--source",
    # ci
    "matrix": "--matrix",
    "layout": "--layout",
    "lanes": "--lanes",
    "durations": "--durations",
    "run": "--run",
    "install": "--install",
    "planner": "--planner",
    "python": "--python",
    "image": "--image",
    "directory": "--working-directory",
    # audit
    "history": "--history",
    "state_dir": "--cache-dir",
    # every command that writes a file
    "force": "--force",
    # the scanner
    "scope": "--scope",
    "exclude": "--exclude",
}
"""Library parameter -> command-line flag."""


def flag(parameter: str) -> str:
    """The flag of ``parameter`` (``max_nodes`` -> ``--max-nodes``)."""
    return FLAGS.get(parameter, "--" + parameter.replace("_", "-"))
