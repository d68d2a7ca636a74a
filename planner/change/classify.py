"""What each changed file does to a change-aware plan, judged by its path alone.

A pure function over POSIX paths relative to the directory the plan is made in
(the *project*): nothing is opened, and a path leading out of the project is
never followed (it is ignored, unless it is in the scanned tree or the tests).
The rules, first match wins:

1. compiled bytecode (``__pycache__``, ``*.pyc``): ignored;
2. outside the project, the scanned tree and the tests: ignored;
3. a file matching a global glob (:data:`DEFAULT_GLOBAL_FILES`, plus
   ``--global-file``): everything is planned;
4. the file of a unit: the unit changed;
5. the file of a unit of the base revision that is no unit now (deleted,
   renamed, unparseable): gone, its former dependants are affected;
6. a test module: its tests run;
7. any other file under the tests: everything (a helper module or data that
   any test may use);
8. in the scanned tree: a Python file that is no unit was excluded from the
   scan (ignored), unless it was deleted and no revision tells who imported it
   (everything); type information (``*.pyi``, ``py.typed``) is ignored; any
   other file is package data, which every module of its top-level package may
   read (those units changed), or, outside any package, ignored;
9. anything else: ignored.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planner.model import ChangedFile

__all__ = ["DEFAULT_GLOBAL_FILES", "Project", "classify"]

DEFAULT_GLOBAL_FILES: tuple[tuple[str, str], ...] = (
    ("conftest.py", "a pytest conftest: its fixtures and hooks can affect any test"),
    ("pyproject.toml", "the project's configuration (build, dependencies, pytest)"),
    ("setup.cfg", "the project's configuration"),
    ("setup.py", "the project's build script"),
    ("tox.ini", "test configuration"),
    ("pytest.ini", "pytest's configuration"),
    ("requirements*.txt", "the project's dependencies"),
    ("constraints*.txt", "the project's dependency constraints"),
    ("Pipfile", "the project's dependencies"),
    ("*.lock", "locked dependencies (poetry.lock, uv.lock, Pipfile.lock, pdm.lock, ...)"),
)
"""Files that can affect every unit or test: a glob (matched against the file name, or
against the whole path when it holds a ``/``) and why."""


@dataclass(frozen=True)
class Project:
    """What the paths are judged against; every path POSIX, relative to the project.

    ``tree``: the scanned tree (a directory, or one file); ``unit_files``: each
    unit's file; ``old_unit_files``: the same at the base revision, when known;
    ``test_files``: the files tests were collected from; ``test_paths``: the
    paths given to ``--tests``; ``missing``: the changed paths that are not on
    disk; ``global_files``: the globs of files that can affect everything, and why.
    """

    tree: str
    unit_files: Mapping[str, str]
    old_unit_files: Mapping[str, str] | None = None
    test_files: frozenset[str] = frozenset()
    test_paths: tuple[str, ...] = ()
    missing: frozenset[str] = frozenset()
    global_files: tuple[tuple[str, str], ...] = DEFAULT_GLOBAL_FILES


def classify(paths: Sequence[str], project: Project) -> tuple[ChangedFile, ...]:
    """Each of ``paths`` (sorted, without duplicates) with its effect and the reason for it."""
    packages = _package_dirs(project.unit_files)
    return tuple(_one(path, project, packages) for path in sorted(set(map(normalize, paths))))


def normalize(path: str) -> str:
    """``path`` as a normal POSIX path (``./a/../b`` is ``b``); never resolves links."""
    return posixpath.normpath(path.replace("\\", "/")) if path else "."


def within(path: str, top: str) -> bool:
    """Whether ``path`` is ``top`` or under it (both normalized, relative to the same place)."""
    if top == ".":
        return not (path == ".." or path.startswith("../") or path.startswith("/"))
    return path == top or path.startswith(top.rstrip("/") + "/")


def _one(path: str, project: Project, packages: Mapping[str, str]) -> ChangedFile:
    name = posixpath.basename(path)
    tree = normalize(project.tree)
    in_tree = within(path, tree)
    test_paths = [normalize(p) for p in project.test_paths]
    in_tests = any(within(path, t) for t in test_paths)
    if "__pycache__" in path.split("/") or name.endswith((".pyc", ".pyo")):
        return ChangedFile(path, "ignored", "compiled bytecode")
    if not within(path, ".") and not in_tree and not in_tests:
        return ChangedFile(path, "ignored", "outside the project (the directory the plan is made in)")
    for glob, why in project.global_files:
        if fnmatch.fnmatchcase(path if "/" in glob else name, glob):
            return ChangedFile(path, "everything", f"{why} (matches {glob})")
    unit = project.unit_files.get(path)
    if unit is not None:
        return ChangedFile(path, "unit", "the file of a unit", (unit,))
    old = project.old_unit_files.get(path) if project.old_unit_files is not None else None
    if old is not None:
        return ChangedFile(
            path,
            "gone",
            "the file of a unit at the base revision that is gone (deleted, renamed, unparseable): "
            "its former dependants are affected",
            (old,),
        )
    if path in project.test_files:
        return ChangedFile(path, "tests", "a test module: its tests run")
    if in_tests:
        return ChangedFile(path, "everything", "a file of the tests that is no test module: any test may use it")
    if in_tree:
        return _in_tree(path, name, project, packages)
    return ChangedFile(path, "ignored", "outside the scanned tree and the tests")


def _in_tree(path: str, name: str, project: Project, packages: Mapping[str, str]) -> ChangedFile:
    if name.endswith(".py"):
        if path in project.missing and project.old_unit_files is None:
            return ChangedFile(
                path,
                "everything",
                "a deleted Python file: without a revision (--changed-since) who imported it is unknown",
            )
        return ChangedFile(path, "ignored", "a Python file that is no unit of the graph (excluded from the scan)")
    if name.endswith(".pyi") or name == "py.typed":
        return ChangedFile(path, "ignored", "type information only")
    top = _top_package(path, packages)
    if top is None:
        return ChangedFile(path, "ignored", "not Python code, nor in a package")
    directory, package = top
    units = tuple(sorted(u for f, u in project.unit_files.items() if within(f, directory)))
    return ChangedFile(path, "unit", f"data of the package {package}: any of its modules may read it", units)


def _package_dirs(unit_files: Mapping[str, str]) -> dict[str, str]:
    """Each package directory (holding a unit's ``__init__.py``) and its unit."""
    return {posixpath.dirname(f): u for f, u in unit_files.items() if posixpath.basename(f) == "__init__.py"}


def _top_package(path: str, packages: Mapping[str, str]) -> tuple[str, str] | None:
    """The outermost package directory holding ``path``, and its unit."""
    found = None
    directory = posixpath.dirname(path)
    while directory not in ("", ".", "/"):
        if directory in packages:
            found = (directory, packages[directory])
        directory = posixpath.dirname(directory)
    return found
