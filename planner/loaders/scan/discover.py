"""Find the files of a source tree that are modules, and name them.

The layouts, told apart by what ``SRC`` holds:

- a **package** directory (it has ``__init__.py``): its modules are named from
  the package's full dotted name (parent directories with ``__init__.py``
  count, so scanning ``django/db`` names ``django.db.models``);
- a **src layout** (a ``src/`` directory beside it): the top-level packages
  and modules in ``src/`` (and, on request, the tests directories beside it);
- otherwise a **flat layout**: every package and module in ``SRC``, each
  named from ``SRC`` (several top-level packages, scripts, and PEP 420
  namespace packages, that is directories without ``__init__.py``).

Never skipped silently: a ``.py`` file whose name is not an identifier (or
lies in such a directory), a module stated twice (``pkg/`` and ``pkg.py``),
and a symbolic link pointing outside ``SRC``, all reported. Skipped without a
report: hidden directories, ``__pycache__``, ``*.egg-info``, ``node_modules``,
``site-packages``, virtual environments (a ``pyvenv.cfg``), the directories ``planner
doubles`` writes (their ``manifest.json``), ``build`` and ``dist`` at the top of the tree
when they are no package, the paths ``exclude`` matches, what ``.gitignore`` ignores
(see :mod:`planner.loaders.scan.ignore`; unless ``gitignore`` is off) and, unless asked for, the
tests directories.
"""

from __future__ import annotations

import fnmatch
import keyword
import os
from dataclasses import dataclass
from pathlib import Path

from planner.loaders.scan.ignore import GitIgnore
from planner.loaders.scan.model import ModuleFile, ScanReport

__all__ = ["Discovery", "discover", "is_identifier"]

_ALWAYS_SKIPPED = frozenset({"__pycache__", "node_modules", "site-packages"})
_TESTS_ANYWHERE = frozenset({"tests"})
_TESTS_AT_TOP = frozenset({"tests", "test", "testing"})
_BUILT = frozenset({"build", "dist"})
MANIFEST = "manifest.json"
_DOUBLES_MARK = b'"command": "planner doubles'


def _doubles_manifest(path: str) -> bool:
    """Whether ``path`` is the manifest of a directory written by ``planner doubles`` (its
    keys are sorted: ``command`` comes first)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(256)
    except OSError:
        return False
    return _DOUBLES_MARK in head


@dataclass(frozen=True)
class Discovery:
    """The modules found (sorted by name), the namespace packages, the reports."""

    modules: tuple[ModuleFile, ...]
    namespaces: frozenset[str]
    reports: tuple[ScanReport, ...]
    files: int
    """``.py`` files seen: the modules, and those reported as not modules."""
    notes: tuple[str, ...] = ()
    """What was left out by design: in a src layout, the ``.py`` files beside ``src/``."""
    directories: tuple[str, ...] = ()
    """Every directory whose listing the result depends on (see :mod:`planner.loaders.scan.proof`)."""
    provable: bool = True
    """Whether those listings are all it depends on: not so after a symbolic link (whose
    target may change unseen) or a directory that could not be listed."""
    ignore_files: tuple[str, ...] = ()
    """The ``.gitignore`` (and ``.git/info/exclude``) files read: their content shapes the result."""


def is_identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


def discover(
    root: Path,
    *,
    display: str,
    exclude: tuple[str, ...] = (),
    include_tests: bool = False,
    gitignore: bool = True,
    packages: tuple[str, ...] = (),
) -> Discovery:
    """The modules under ``root`` (a directory, or one ``.py`` file); with ``packages``, only
    those top-level packages and modules of a flat or src layout."""
    walker = _Walker(root, display, exclude, include_tests, GitIgnore(os.fspath(root)) if gitignore else None)
    walker.packages = frozenset(packages)
    notes: tuple[str, ...] = ()
    if root.is_file():
        walker.file(root, root.name, None)
    elif (root / "__init__.py").is_file():
        prefix = _package_name(root, walker.listed)
        if prefix is None:
            walker.report(".", None, f"directory name {root.resolve().name!r} is not a Python identifier")
        else:
            walker.files += 1
            walker.add(prefix, root / "__init__.py", "package")
            walker.directory(root, prefix)
    elif (root / "src").is_dir() and not (root / "src" / "__init__.py").exists():
        walker.directory(root / "src", None)
        if include_tests:
            for name in sorted(_TESTS_AT_TOP):
                if (root / name).is_dir():
                    walker.enter(root / name, None)
        notes = _beside_src(root, walker.listed)
    else:
        walker.directory(root, None)
    modules = tuple(sorted(walker.modules.values(), key=lambda m: m.name))
    if walker.ignore is not None:  # the rule files and the directories above looked at shape the result too
        walker.listed += walker.ignore.directories
    return Discovery(
        modules,
        frozenset(walker.namespaces),
        tuple(sorted(walker.reports)),
        walker.files,
        notes,
        tuple(walker.listed),
        walker.provable,
        tuple(walker.ignore.files) if walker.ignore is not None else (),
    )


def _beside_src(root: Path, listed: list[str]) -> tuple[str, ...]:
    """A note naming the ``.py`` files of a src layout outside ``src/`` (setup.py, docs/conf.py,
    scripts): not the package's modules, left out, and said so. The tests directories beside
    ``src/`` have their own option, and are not named."""
    skipped = {"src", *_TESTS_AT_TOP}
    found: list[str] = []
    listed.append(os.fspath(root))
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        name = entry.name
        if name in skipped or name.startswith(".") or name in _ALWAYS_SKIPPED or name.endswith(".egg-info"):
            continue
        if entry.is_file() and name.endswith(".py"):
            found.append(name)
        elif entry.is_dir(follow_symlinks=False) and not (Path(entry.path) / "pyvenv.cfg").exists():
            for dirpath, dirnames, filenames in os.walk(entry.path):
                listed.append(dirpath)
                dirnames[:] = sorted(
                    d
                    for d in dirnames
                    if not d.startswith(".") and d not in _ALWAYS_SKIPPED and not d.endswith(".egg-info")
                )
                if "pyvenv.cfg" in filenames:
                    dirnames[:] = []
                    continue
                found += sorted(Path(dirpath, f).relative_to(root).as_posix() for f in filenames if f.endswith(".py"))
    if not found:
        return ()
    named = ", ".join(found[:4]) + (f" and {len(found) - 4} more" if len(found) > 4 else "")
    return (f"src layout: {len(found)} .py file{'s' if len(found) != 1 else ''} outside src/ left out ({named})",)


def _package_name(directory: Path, listed: list[str]) -> str | None:
    """The dotted name of a package directory: its ancestors with ``__init__.py`` count."""
    resolved = directory.resolve()
    parts = [resolved.name]
    parent = resolved.parent
    listed.append(os.fspath(parent))  # the ancestors looked at: an __init__.py there renames all
    while parent != parent.parent and (parent / "__init__.py").is_file() and is_identifier(parent.name):
        parts.append(parent.name)
        parent = parent.parent
        listed.append(os.fspath(parent))
    if not all(is_identifier(part) for part in parts):
        return None
    return ".".join(reversed(parts))


class _Walker:
    """Walks with ``os.scandir`` and string paths: on trees of thousands of
    directories (django's locales), ``pathlib`` costs more than the scan."""

    def __init__(
        self, root: Path, display: str, exclude: tuple[str, ...], include_tests: bool, ignore: GitIgnore | None
    ) -> None:
        self.root = os.fspath(root)
        self.prefix = os.path.join(self.root, "")
        self.real_root = os.path.realpath(self.root)
        self.display = display
        self.exclude = tuple(pattern.strip("/") for pattern in exclude if pattern.strip("/"))
        self.include_tests = include_tests
        self.ignore = ignore
        self.packages: frozenset[str] = frozenset()
        self.modules: dict[str, ModuleFile] = {}
        self.namespaces: set[str] = set()
        self.reports: list[ScanReport] = []
        self.files = 0
        self.listed: list[str] = []
        self.provable = True

    def relative(self, path: Path | str) -> str:
        text = os.fspath(path)
        if text == self.root:
            return os.path.basename(text)
        # every path the walk makes starts with the prefix: no os.path.relpath (slow)
        text = text[len(self.prefix) :] if text.startswith(self.prefix) else os.path.relpath(text, self.root)
        return text if os.sep == "/" else text.replace(os.sep, "/")

    def report(self, rel: str, line: int | None, message: str) -> None:
        whole = rel in (".", "") or (rel == os.path.basename(self.root) and os.path.isfile(self.root))
        shown = self.display if whole else os.path.join(self.display, rel)
        self.reports.append(ScanReport(Path(shown).as_posix(), line, message))

    def excluded(self, rel: str, name: str) -> bool:
        return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p) for p in self.exclude)

    def add(self, name: str, path: Path | str, kind: str) -> None:
        rel = self.relative(path)
        module = ModuleFile(name, rel, kind, os.fspath(path))
        if name in self.modules:
            first = self.modules[name]
            if first.kind == "module" and kind == "package":  # the package is the one imported
                first, module = module, first
            self.report(module.path, None, f"module {name} is also {first.path}; this file is not the one imported")
            module = first
        self.modules[name] = module

    def inside(self, path: str) -> bool:
        """Whether a symbolic link stays in the tree (reported when it does not)."""
        self.provable = False
        target = os.path.realpath(path)
        if not os.path.exists(target):
            self.report(self.relative(path), None, "broken or looping symbolic link: skipped")
            return False
        if target != self.real_root and not target.startswith(self.real_root.rstrip(os.sep) + os.sep):
            self.report(self.relative(path), None, "symbolic link pointing outside the project tree: skipped")
            return False
        return True

    def enter(self, directory: Path | str, prefix: str | None) -> None:
        """A directory below ``prefix`` (``None``: at the top of a root)."""
        path = os.fspath(directory)
        name = os.path.basename(path)
        entries = self.listing(path)
        if entries is None:
            return  # unreadable, reported
        init = None
        for entry in entries:
            if entry.name == "pyvenv.cfg":
                return  # a virtual environment
            if entry.name == "__init__.py" and entry.is_file():
                init = entry
            if entry.name == MANIFEST and _doubles_manifest(entry.path):
                return  # the stubs and drivers 'planner doubles' wrote: generated, not the project's code
        if prefix is None and init is None and name in _BUILT:
            return  # build/ or dist/ at the top, not a package: copies of the code made by a build
        if not is_identifier(name):
            found = self.python_files(path)
            self.files += len(found)
            if found:
                named = ", ".join(found[:3]) + (f" and {len(found) - 3} more" if len(found) > 3 else "")
                self.report(
                    self.relative(path),
                    None,
                    f"directory name is not a Python identifier: its .py files are not modules ({named})",
                )
            return
        dotted = f"{prefix}.{name}" if prefix else name
        if init is not None and self.exclude and self.excluded(self.relative(init.path), init.name):
            init = None  # an excluded __init__.py: the directory is walked as a namespace package
        if init is not None:
            self.files += 1
        if init is not None and (not init.is_symlink() or self.inside(init.path)):
            self.add(dotted, init.path, "package")
        else:
            self.namespaces.add(dotted)
        self.entries(entries, dotted)

    def python_files(self, path: str) -> list[str]:
        """The names ending in ``.py`` below ``path`` (as ``Path.rglob("*.py")`` finds them:
        symbolic links to directories listed, not entered), relative, sorted."""
        found = []
        for dirpath, dirnames, filenames in os.walk(path):
            self.listed.append(dirpath)
            inner = os.path.relpath(dirpath, path)
            for name in (*dirnames, *filenames):
                if name.endswith(".py"):
                    found.append(name if inner == "." else Path(inner, name).as_posix())
        return sorted(found)

    def directory(self, directory: Path | str, prefix: str | None) -> None:
        entries = self.listing(os.fspath(directory))
        if entries is not None:
            self.entries(entries, prefix)

    def gitignored(self, entry: os.DirEntry[str], is_dir: bool) -> bool:
        return self.ignore is not None and self.ignore.ignored(entry.path, is_dir=is_dir)

    def listing(self, path: str) -> list[os.DirEntry[str]] | None:
        try:
            with os.scandir(path) as listing:
                entries = list(listing)  # in no order: the results are sorted at the end
        except OSError as exc:
            self.provable = False
            self.report(self.relative(path), None, f"cannot list: {exc.strerror}")
            return None
        self.listed.append(path)
        if self.ignore is not None and any(entry.name == ".gitignore" for entry in entries):
            self.ignore.load(path)
        return entries

    def entries(self, entries: list[os.DirEntry[str]], prefix: str | None) -> None:
        for entry in entries:
            name = entry.name
            if prefix is None and self.packages and name.removesuffix(".py") not in self.packages:
                continue
            if self.exclude and self.excluded(self.relative(entry.path), name):
                continue
            link = entry.is_symlink()
            if link and not self.inside(entry.path):
                continue
            if entry.is_dir():
                if self.skipped_directory(name, prefix) or self.gitignored(entry, True):
                    continue
                if link:
                    continue  # a link to a directory of the tree: scanned where it is (no loops)
                self.enter(entry.path, prefix)
            elif (
                name.endswith(".py") and name != "__init__.py" and entry.is_file() and not self.gitignored(entry, False)
            ):
                self.file(entry.path, name, prefix)

    def skipped_directory(self, name: str, prefix: str | None) -> bool:
        if name.startswith(".") or name in _ALWAYS_SKIPPED or name.endswith(".egg-info"):
            return True
        if not self.include_tests:
            if name in _TESTS_ANYWHERE:
                return True
            if prefix is None and name in _TESTS_AT_TOP:
                return True
        return False

    def file(self, path: Path | str, name: str, prefix: str | None) -> None:
        self.files += 1
        stem = name[:-3] if name.endswith(".py") else name
        if not name.endswith(".py"):
            self.report(self.relative(path), None, "not a .py file: give a Python file or a directory")
            return
        if not is_identifier(stem):
            self.report(self.relative(path), None, "file name is not a Python identifier: not importable as a module")
            return
        self.add(f"{prefix}.{stem}" if prefix else stem, path, "module")
