"""Change-aware plans: which units a change can affect (``planner plan --changed-since REF``).

The flow: :func:`~planner.change.git.changed_since` asks git (a subprocess, with
an argument list) for the files that differ from a revision, or the user gives
the list (``--changed-files``); :func:`~planner.change.classify.classify` says
what each file does to the plan (the file of a unit, a test module, a file that
can affect everything, ...), by its path alone: no changed file is ever opened;
:func:`~planner.change.affected.affected_units` adds every unit that depends on
a changed one, transitively. The plan then steps through those units only; the
others count as integrated from the start. See ``docs/ci.md``.
"""

from __future__ import annotations

from planner.change.affected import affected_units
from planner.change.classify import DEFAULT_GLOBAL_FILES, Project, classify

__all__ = ["DEFAULT_GLOBAL_FILES", "Project", "affected_units", "classify"]
