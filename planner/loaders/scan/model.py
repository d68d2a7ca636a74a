"""The values the scanner works with: options, parse records, reports, results.

Everything here is a frozen dataclass of tuples, so a scan's result can be
compared, hashed and cached, and nothing downstream mutates it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from planner.loaders.scan.scopes import DEFAULT_MAX_FILE_SIZE, DEFAULT_SCOPES, GRIMP_SCOPES, SCOPE_STRENGTH, SCOPES

__all__ = [
    "DEFAULT_MAX_FILE_SIZE",
    "DEFAULT_SCOPES",
    "GraphOptions",
    "graph_options",
    "with_graph_options",
    "GRIMP_SCOPES",
    "SCOPES",
    "SCOPE_STRENGTH",
    "Binding",
    "EdgeInfo",
    "FileRecord",
    "ImportRecord",
    "ModuleFile",
    "ScanOptions",
    "ScanReport",
    "ScanResult",
    "ScanStats",
]


@dataclass(frozen=True)
class ScanOptions:
    """What a scan turns into units and edges (see ``docs/scanning.md``).

    ``scopes``: the scopes whose statements become dependencies.
    ``external``: keep imports of third-party packages as one node per top-level name.
    ``exclude``: globs matched against each path relative to the root, and against its name.
    ``include_tests``: scan tests directories too (``tests`` anywhere, ``test`` at the top).
    ``through_init``: see through package ``__init__`` re-exports to the defining module.
    ``strict``: any report makes the scan fail.
    ``cache_dir``: where per-file parse results are kept (``None``: no cache).
    ``jobs``: worker processes for parsing (``0``: one per CPU, when it pays).
    ``packages``: at the top of a flat or src layout, scan only these top-level packages
    and modules (empty: every one).
    ``gitignore``: leave out what the ``.gitignore`` files of the tree (and of its repository
    above it, up to the directory holding ``.git``) ignore, as git does.
    ``max_file_size``: a file of more bytes is reported and not parsed (parsing takes
    some 200 times a file's size in memory: a 6 MB module took 1.3 GB).
    """

    scopes: frozenset[str] = DEFAULT_SCOPES
    external: bool = False
    exclude: tuple[str, ...] = ()
    include_tests: bool = False
    through_init: bool = False
    strict: bool = False
    cache_dir: str | None = None
    jobs: int = 0
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    gitignore: bool = True
    packages: tuple[str, ...] = ()


GraphOptions = tuple[tuple[str, "bool | tuple[str, ...]"], ...]
"""The scanner options that shape a graph and differ from the defaults, as sorted pairs
(``(("scopes", ("deferred", ...)), ("through_init", True))``): what a plan records so
that the same graph can be scanned again."""


def graph_options(options: ScanOptions) -> GraphOptions:
    """The options of ``options`` that shape the graph and are not the defaults."""
    found: list[tuple[str, bool | tuple[str, ...]]] = []
    if options.exclude:
        found.append(("exclude", tuple(options.exclude)))
    for name in ("external", "include_tests", "through_init"):
        if getattr(options, name):
            found.append((name, True))
    if options.packages:
        found.append(("packages", tuple(options.packages)))
    if not options.gitignore:
        found.append(("no_gitignore", True))
    if options.scopes != DEFAULT_SCOPES:
        found.append(("scopes", tuple(s for s in SCOPES if s in options.scopes)))
    return tuple(sorted(found))


def with_graph_options(options: ScanOptions | None, recorded: GraphOptions) -> ScanOptions:
    """``options`` (or the defaults) with the graph-shaping options ``recorded`` by a plan,
    unless ``options`` already asks for some of its own (the user's choice wins)."""
    base = options if options is not None else ScanOptions()
    if graph_options(base) or not recorded:
        return base
    values = dict(recorded)
    scopes, exclude, packages = values.get("scopes"), values.get("exclude"), values.get("packages")
    return replace(
        base,
        scopes=frozenset(s for s in SCOPES if s in scopes) if isinstance(scopes, tuple) else base.scopes,
        exclude=exclude if isinstance(exclude, tuple) else (),
        packages=packages if isinstance(packages, tuple) else (),
        external=values.get("external") is True,
        include_tests=values.get("include_tests") is True,
        through_init=values.get("through_init") is True,
        gitignore=values.get("no_gitignore") is not True,
    )


@dataclass(frozen=True, order=True)
class ScanReport:
    """A file the scan could not turn into a module (or a link it did not follow)."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Binding:
    """One name an import statement binds: ``name`` from the module, bound as ``alias``."""

    name: str
    alias: str


@dataclass(frozen=True)
class ImportRecord:
    """One import as written, before resolution (depends on the file's content only).

    ``kind``: ``import`` (``import a.b as c``), ``from`` (``from .a import b``) or
    ``string`` (``importlib.import_module("a.b")``). ``module`` is the dotted name
    as written (without the leading dots, which ``level`` counts). ``package`` is
    the second argument of a relative ``import_module`` (a literal, or
    ``__name__``/``__package__``).
    """

    kind: str
    module: str
    level: int
    bindings: tuple[Binding, ...]
    line: int
    scope: str
    statement: str
    package: str | None = None


@dataclass(frozen=True)
class FileRecord:
    """What parsing one file gives: its imports, its top-level names and the
    attribute chains read on the names its imports bind (``db.fetch`` ->
    ``("db", ("fetch",))``). ``error`` is ``(line, message)`` for a file that
    does not parse."""

    imports: tuple[ImportRecord, ...] = ()
    defines: tuple[str, ...] = ()
    uses: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = ()
    error: tuple[int | None, str] | None = None


@dataclass(frozen=True)
class ModuleFile:
    """A file that is a module: its dotted name, its path relative to the root."""

    name: str
    path: str
    kind: str  # "module" or "package"
    absolute: str = field(compare=False, default="")


@dataclass(frozen=True)
class EdgeInfo:
    """One resolved dependency ``importer -> imported`` and the statements stating it."""

    importer: str
    imported: str
    names: tuple[str, ...]
    lines: tuple[int, ...]
    scopes: tuple[str, ...]
    statements: tuple[str, ...]

    @property
    def scope(self) -> str:
        return min(self.scopes, key=SCOPE_STRENGTH.__getitem__)

    @property
    def weight(self) -> int:
        return max(1, len(self.names))


@dataclass(frozen=True)
class ScanStats:
    """``files`` seen; of the modules, ``parsed`` and ``cached``; ``hashed``: modules read and
    hashed because the cache could not prove them unchanged by their signature."""

    files: int
    parsed: int
    cached: int
    seconds: float
    hashed: int = 0


@dataclass(frozen=True)
class ScanResult:
    """Modules, edges (sorted), external packages kept, and the reports."""

    root: str
    modules: tuple[ModuleFile, ...]
    edges: tuple[EdgeInfo, ...]
    externals: tuple[str, ...]
    reports: tuple[ScanReport, ...]
    stats: ScanStats
    notes: tuple[str, ...] = ()
    """What was left out by design and is worth saying (not a report: ``--strict`` ignores it)."""
