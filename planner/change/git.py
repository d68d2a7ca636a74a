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

import os
import shutil
import subprocess
import tarfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from planner.errors import UsageError

__all__ = ["GitChange", "changed_since", "check_ref", "extract_tree"]

_SHALLOW_HINT = "; in CI, fetch the history (actions/checkout with fetch-depth: 0, or GIT_DEPTH: 0 on GitLab)"


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
        raise UsageError(
            f"{{changed_since}} {ref!r}: not a git revision (it may not start with '-' or hold spaces)",
            parameter="changed_since",
        )
    return ref


def _env() -> dict[str, str]:
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C"}


def _git(args: Sequence[str], cwd: str | os.PathLike[str], *, what: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, env=_env(), capture_output=True, stdin=subprocess.DEVNULL, check=False
        )
    except FileNotFoundError:
        raise UsageError("{changed_since} needs git, which is not installed", parameter="changed_since") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = f" ({message[-1].removeprefix('fatal: ')})" if message else ""
        raise UsageError(f"{what}{detail}", parameter="changed_since")  # ``what`` may name it
    return done.stdout


def changed_since(ref: str, *, cwd: str | os.PathLike[str] = ".") -> GitChange:
    """The files that differ between the merge base of ``ref`` and ``HEAD``, and the working tree."""
    check_ref(ref)
    here = Path(cwd).resolve()
    top = _git(["rev-parse", "--show-toplevel"], here, what=f"{here} is not in a git repository").decode().strip()
    commit = _git(
        ["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        here,
        what=f"{{changed_since}} {ref}: no such commit here{_SHALLOW_HINT}",
    )
    sha = commit.decode().strip()
    base = _git(
        ["merge-base", sha, "HEAD"], here, what=f"{{changed_since}} {ref}: no common history with HEAD{_SHALLOW_HINT}"
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
    in the repository then. Only regular files are written, each checked to stay under
    ``into`` (no links, no devices, no absolute paths)."""
    here = Path(tree).resolve()
    try:
        inside = here.relative_to(Path(change.top).resolve()).as_posix()
    except ValueError:
        return None
    spec = "." if inside == "." else inside
    argv = ["git", "archive", "--format=tar", change.base, "--", spec]
    # Streamed: the tree may be large, and is never held in memory whole.
    with subprocess.Popen(
        argv, cwd=change.top, env=_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as process:
        assert process.stdout is not None
        try:
            with tarfile.open(fileobj=process.stdout, mode="r|") as archive:
                _extract_files(archive, Path(into))
        except tarfile.TarError:
            process.kill()
            return None  # no archive: the tree did not exist at the base revision
    if process.returncode != 0:
        return None
    target = Path(into, inside)
    return target if target.exists() else None


def _extract_files(archive: tarfile.TarFile, into: Path) -> None:
    """Write the regular files of ``archive`` under ``into``; anything else, or a name
    leading out of ``into``, is skipped (tarfile's ``data`` filter is not in every 3.11)."""
    top = into.resolve()
    for member in archive:
        if not member.isfile():
            continue
        target = (top / member.name).resolve()
        if top not in target.parents:
            continue
        source = archive.extractfile(member)
        if source is None:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with source, open(target, "wb") as out:
            shutil.copyfileobj(source, out)
