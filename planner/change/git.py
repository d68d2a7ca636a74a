"""The files that differ from a git revision, and the tree as it was there.

git runs as a subprocess with an argument list (never a shell), and the
revision is checked first: it may not start with ``-`` (git would read an
option) nor hold a control character or a space. The comparison is with the
*merge base* of the revision and ``HEAD``, as pull-request tools do: on a
branch, ``--changed-since origin/main`` means what the branch changed, not what
``main`` gained meanwhile. Files not committed yet (changed, or new and not
ignored) count too.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from planner.errors import UsageError

__all__ = ["GitChange", "changed_since", "check_ref", "extract_tree"]

_SHALLOW_HINT = " (in CI, fetch the history: actions/checkout with fetch-depth: 0, or GIT_DEPTH: 0 on GitLab)"


@dataclass(frozen=True)
class GitChange:
    """The files that differ from ``base`` (the merge base of ``since`` and ``HEAD``).

    ``paths``: POSIX, relative to ``cwd``, sorted; ``top``: the repository's
    top directory (absolute); ``missing``: the paths not on disk (deleted).
    """

    since: str
    base: str
    top: str
    paths: tuple[str, ...]
    missing: frozenset[str]


def check_ref(ref: str) -> str:
    """``ref`` if it can only be read as a revision, else a usage error."""
    if not ref or ref.startswith("-") or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in ref):
        raise UsageError(f"--changed-since {ref!r}: not a git revision (it may not start with '-' or hold spaces)")
    return ref


def _git(args: Sequence[str], cwd: str | os.PathLike[str], *, what: str) -> bytes:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, env=env, capture_output=True, stdin=subprocess.DEVNULL, check=False
        )
    except FileNotFoundError:
        raise UsageError("--changed-since needs git, which is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = f" ({message[-1].removeprefix('fatal: ')})" if message else ""
        raise UsageError(f"{what}{detail}")
    return done.stdout


def changed_since(ref: str, *, cwd: str | os.PathLike[str] = ".") -> GitChange:
    """The files that differ between the merge base of ``ref`` and ``HEAD``, and the working tree."""
    check_ref(ref)
    here = Path(cwd).resolve()
    top = _git(["rev-parse", "--show-toplevel"], here, what=f"{here} is not in a git repository").decode().strip()
    commit = _git(
        ["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        here,
        what=f"--changed-since {ref}: no such commit here{_SHALLOW_HINT}",
    )
    sha = commit.decode().strip()
    base = _git(
        ["merge-base", sha, "HEAD"], here, what=f"--changed-since {ref}: no common history with HEAD{_SHALLOW_HINT}"
    )
    base_sha = base.decode().strip()
    diff = _git(["diff", "--name-only", "-z", "--no-renames", base_sha, "--"], top, what="git diff")
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top, what="git ls-files")
    names = {name for name in (diff + untracked).split(b"\0") if name}
    paths: set[str] = set()
    missing: set[str] = set()
    for name in names:
        absolute = os.path.join(top, os.fsdecode(name))
        relative = Path(os.path.relpath(absolute, here)).as_posix()
        paths.add(relative)
        if not os.path.lexists(absolute):
            missing.add(relative)
    return GitChange(ref, base_sha, top, tuple(sorted(paths)), frozenset(missing))


def extract_tree(change: GitChange, tree: str | os.PathLike[str], into: str | os.PathLike[str]) -> Path | None:
    """Write the files of ``tree`` (a directory or file of the repository) as they were at
    ``change.base`` under ``into``; return where ``tree`` is there, or None if it was not
    in the repository then. Members are extracted with tarfile's ``data`` filter (no
    links out, no devices, no absolute paths)."""
    here = Path(tree).resolve()
    try:
        inside = here.relative_to(Path(change.top).resolve()).as_posix()
    except ValueError:
        return None
    spec = "." if inside == "." else inside
    try:
        data = _git(["archive", "--format=tar", change.base, "--", spec], change.top, what="git archive")
    except UsageError:
        return None  # the tree did not exist at the base revision
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(into, filter="data")
    target = Path(into, inside)
    return target if target.exists() else None
