"""Plan files: read, write, recognise."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.model import Plan

__all__ = ["plan_in", "plan_json", "read_plan", "write_plan"]


def read_plan(path: str | Path) -> Plan:
    """Read a plan file (refusing a schema version this planner does not know)."""
    from planner.planfile import load  # by its full name: the module itself, never a stale package attribute

    return load(path)


def write_plan(plan: Plan, path: str | Path, *, force: bool = False, pretty: bool = False) -> None:
    """Write ``plan`` as a plan file, atomically; an existing file needs ``force``."""
    from planner import planfile
    from planner.base.files import write_text_atomic

    write_text_atomic(path, planfile.dumps(plan, pretty=pretty), force=force)


def plan_json(plan: Plan, *, pretty: bool = False) -> str:
    """The plan file's text (compact; ``pretty``: indented for people)."""
    from planner import planfile

    return planfile.dumps(plan, pretty=pretty)


def plan_digest(plan: Plan) -> str:
    """The SHA-256 of the plan's canonical JSON: the same plan gives the same digest, however its
    file is indented (an audit records it, and is shown beside that plan only)."""
    import hashlib

    return hashlib.sha256(plan_json(plan).encode("utf-8")).hexdigest()


def plan_in(path: str | Path) -> Plan | None:
    """The plan in ``path`` if it is a plan file (JSON with a ``planner-plan/...`` schema), else None.

    A graph file or a source tree gives None without being parsed as a plan;
    a plan file with a bad key raises :class:`~planner.errors.PlanFileError`.
    """
    from planner import planfile
    from planner.loaders.source import plan_file

    found = plan_file(path)
    return None if found is None else planfile.loads(found.text, display=str(found.path))
