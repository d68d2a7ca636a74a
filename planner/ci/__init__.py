"""CI pipeline files from a plan: a GitHub Actions workflow, a GitLab CI pipeline, a job matrix.

The plan's waves become the pipeline's order: the jobs of a wave run side by
side, and each wave waits for the wave below it, so a failing wave stops
every wave above it. Each job checks out the code, sets up Python, installs
the project (and planner, whose pytest plugin runs the step), and runs its
step's tests with ``pytest --plan=PLAN --plan-step=K``.

Plan files may come from anyone, so no string of a plan is ever pasted into a
command: a command holds the step number (an integer) through the environment
(``PLANNER_STEP``), and the user's own strings (the plan's path, the install
commands) quoted with :func:`shlex.quote`; the test paths a plan collected are
checked (relative, inside the project, nothing a CI system would evaluate) and
quoted too. Unit names appear only in job names and in the ``PLANNER_UNITS``
variable (a JSON list), with every ``$`` written ``\\u0024`` there and every
``${{`` broken in names, so GitHub never evaluates them as expressions. The
YAML is written by PyYAML's ``safe_dump``. See ``docs/ci.md``.
"""

from __future__ import annotations

from planner.ci.github import github_matrix, github_workflow
from planner.ci.gitlab import gitlab_pipeline
from planner.ci.jobs import CiOptions

__all__ = ["CiOptions", "github_matrix", "github_workflow", "gitlab_pipeline"]
