"""The ``--doubles DIR`` part of the pytest plugin: one step's stubs, drivers and fixture.

``pytest --plan=PLAN --plan-step=K --doubles=DIR`` (DIR written by
``planner doubles``):

- before any conftest or test module is imported, an import hook puts the
  stubs in force at step K (``DIR/manifest.json``) in place of the real
  modules. Where the real module can be imported, its stub is derived from it:
  ``import shop.db`` imports the real module, whose functions and methods
  become doubles once collection is over (:mod:`planner.doubles.derive`);
  where it cannot, ``DIR/stubs/shop/db.py`` (the mirror) stands in, unless
  the real module changed since it was written. A stubbed package keeps the
  real package's path, so its real submodules still import. A package not
  integrated by step K, and not stubbed, is imported *bare*: its path without
  its ``__init__``, so that importing one of its integrated modules does not
  run the package's own code (which imports, as package ``__init__`` files do,
  modules not integrated yet), until a name it defines is read from it. Other
  modules import as usual. The hook, and the stub and bare modules, are gone
  after the session;
- a driver whose call sites were read from a caller that changed since is
  refused (stale), in one line;
- the driver modules in force at step K are added to the collection, and of
  their tests, those for the callers that are missing at step K run (every
  driver test carries the ``planner_driver`` marker). A step whose plan names no
  test of the suite (``suite`` false) collects only them when no path is given on
  the command line: collecting the suite's own paths (``testpaths``) would import
  every test module only to deselect them all;
- the ``planner_stubs`` fixture configures the stubs (:class:`StepStubs`),
  and every stub is reset after each test.

:class:`DoublesPlugin` is registered by :mod:`planner.plugin.entry`, which
reads the plan; this module imports nothing of planner but the runtime, the
derived stubs and the digest.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import sys
from collections.abc import Generator, Iterator, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from planner.doubles import derive, runtime
from planner.doubles.digest import MANIFEST_SCHEMA, OLD_MANIFEST_SCHEMAS, digest_file

__all__ = ["DoublesPlugin", "StepStubs", "planner_stubs"]

_KEY = pytest.StashKey["DoublesPlugin"]()


class _StubLoader(importlib.machinery.SourceFileLoader):
    """Loads a stub from its file, writing no bytecode into the doubles directory."""

    def set_data(self, path: str, data: Any, *, _mode: int = 0o666) -> None:
        return None


class _BareLoader(importlib.abc.Loader):
    """Loads a package without running its ``__init__``: just its path, for its modules.

    Its ``__init__`` runs, once, the first time a name that is not one of its submodules
    is read from it (the real code of a derived stub taking a name the package defines):
    until then, importing its modules does not run it.
    """

    def __init__(self, real: importlib.abc.Loader | None) -> None:
        self.real = real

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        module.__planner_bare__ = True  # type: ignore[attr-defined]
        real = self.real

        def __getattr__(name: str) -> Any:
            path = getattr(module, "__path__", [])
            if real is None or name.startswith("__") or _submodule(module.__name__, name, path):
                raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
            del module.__getattr__  # run once, without coming back here
            module.__planner_bare_run__ = True  # type: ignore[attr-defined]
            real.exec_module(module)
            return getattr(module, name)

        module.__getattr__ = __getattr__  # type: ignore[method-assign]


def _locate(name: str) -> str | None:
    """The file of module ``name``, found as the import system would, without importing anything."""
    path: list[str] | None = None
    spec = None
    parts = name.split(".")
    for index in range(len(parts)):
        spec = importlib.machinery.PathFinder.find_spec(".".join(parts[: index + 1]), path)
        if spec is None:
            return None
        path = list(spec.submodule_search_locations or [])
    return spec.origin if spec is not None and spec.has_location else None


def _submodule(package: str, name: str, path: Sequence[str]) -> bool:
    return importlib.machinery.PathFinder.find_spec(f"{package}.{name}", list(path)) is not None


class _DerivedLoader(importlib.abc.Loader):
    """Loads the real module of a stubbed unit, to be doubled once collected
    (:mod:`planner.doubles.derive`); where the real module fails to import (a platform
    it is not written for, a module not written yet), the mirrored stub file instead."""

    def __init__(
        self, real: importlib.abc.Loader, origin: str, stub: Path, fallbacks: dict[str, str], digest: str | None
    ) -> None:
        self.real = real
        self.origin = origin
        self.stub = stub
        self.fallbacks = fallbacks
        self.digest = digest

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.real.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        name = module.__name__
        try:
            self.real.exec_module(module)
        except Exception as exc:  # noqa: BLE001 - any failure of the real module: the mirror stands in
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
            if self.digest is not None and digest_file(self.origin) != self.digest:
                raise ImportError(
                    f"{name} cannot be imported here ({reason}), and its mirrored stub {self.stub} was made "
                    f"before {self.origin} changed: write the doubles again (planner doubles PLAN -o DIR --force)"
                ) from None
            self.fallbacks[name] = reason
            keep = {k: v for k, v in vars(module).items() if k in _MODULE_DUNDERS}
            vars(module).clear()
            vars(module).update(keep)
            module.__file__ = str(self.stub)
            sys.modules[name] = module
            _StubLoader(name, str(self.stub)).exec_module(module)
            return
        derive.register(module, origin=self.origin)


_MODULE_DUNDERS = frozenset(
    {"__name__", "__loader__", "__package__", "__spec__", "__path__", "__file__", "__cached__", "__builtins__"}
)


class _StubFinder(importlib.abc.MetaPathFinder):
    """Finds the stubs in force first, ahead of every other finder, and the packages
    not integrated yet, bare."""

    def __init__(self, stubs: Mapping[str, Path], bare: frozenset[str] = frozenset(), *, derive: bool = True) -> None:
        self.stubs = dict(stubs)
        self.bare = bare
        self.derive = derive
        self.fallbacks: dict[str, str] = {}
        self.digests: dict[str, str] = {}

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        file = self.stubs.get(fullname)
        if file is not None and self.derive:
            real = self._real_spec(fullname, path)
            if real is not None and real.loader is not None and real.origin and real.has_location:
                digest = self.digests.get(fullname)
                real.loader = _DerivedLoader(real.loader, real.origin, file, self.fallbacks, digest)
                return real
        if file is None:
            if fullname not in self.bare:
                return None
            real = self._real_spec(fullname, path)
            if real is None or real.submodule_search_locations is None:
                return None
            spec = importlib.machinery.ModuleSpec(fullname, _BareLoader(real.loader), is_package=True)
            spec.submodule_search_locations = list(real.submodule_search_locations)
            return spec
        locations: list[str] | None = None
        if file.name == "__init__.py":
            real = self._real_spec(fullname, path)
            locations = list(real.submodule_search_locations or []) if real is not None else []
        loader = _StubLoader(fullname, str(file))
        return importlib.util.spec_from_file_location(
            fullname, file, loader=loader, submodule_search_locations=locations
        )

    def _real_spec(self, fullname: str, path: Sequence[str] | None) -> importlib.machinery.ModuleSpec | None:
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path)
            if spec is not None:
                return spec
        return None


class StepStubs:
    """What the ``planner_stubs`` fixture gives a test: the stubs in force at its step.

    ``stubs["shop.db"]`` is the stub module; ``configure("shop.db.fetch",
    return_value=...)`` (or ``side_effect=``, or ``value=`` for a constant)
    configures a function, a method (``"shop.models.Order.total"``), a class
    (its construction); ``mock(...)`` gives the mock to assert on;
    ``instance("shop.models.Order", total=...)`` a mock instance;
    ``build("shop.models.Product", ...)`` a real instance of a stub class.
    """

    def __init__(self, step: int, stubs: Mapping[str, Path]) -> None:
        self.step = step
        self.units = tuple(sorted(stubs))

    def __getitem__(self, unit: str) -> ModuleType:
        if unit not in self.units:
            shown = ", ".join(self.units) or "none"
            raise KeyError(f"{unit} is not stubbed at step {self.step} (stubs in force: {shown})")
        return importlib.import_module(unit)

    def __contains__(self, unit: object) -> bool:
        return unit in self.units

    def _load(self, target: str | Any) -> None:
        if isinstance(target, str):
            found = [unit for unit in self.units if target == unit or target.startswith(unit + ".")]
            if not found:
                shown = ", ".join(self.units) or "none"
                raise LookupError(f"{target}: not in a stub in force at step {self.step} (stubs: {shown})")
            importlib.import_module(max(found, key=len))

    def configure(self, target: str | Any, **settings: Any) -> Any:
        self._load(target)
        return runtime.configure(target, **settings)

    def mock(self, target: str | Any) -> Any:
        self._load(target)
        return runtime.mock(target)

    def instance(self, target: str | type, **attributes: Any) -> Any:
        self._load(target)
        return runtime.instance(target, **attributes)

    def build(self, target: str | type, *args: Any, **kwargs: Any) -> Any:
        self._load(target)
        return runtime.build(target, *args, **kwargs)


class DoublesPlugin:
    """The stubs and drivers of one step (see the module docstring)."""

    def __init__(
        self,
        directory: Path,
        step: int,
        stubs: Mapping[str, Path],
        drivers: Mapping[str, tuple[Path, set[str]]],
        bare: frozenset[str] = frozenset(),
        *,
        suite: bool = True,
    ) -> None:
        self.shown = directory
        self.directory = directory.resolve()
        self.step = step
        self.stubs = dict(stubs)
        self.drivers = dict(drivers)
        self.bare = bare
        self.suite = suite
        self.finder = _StubFinder(stubs, bare)
        self.todo: set[str] = set()
        self.caller_digests: dict[str, dict[str, str]] = {}

    @classmethod
    def from_manifest(
        cls, directory: str | Path, *, step: int, strategy: str, sha256: str, steps: int, suite: bool = True
    ) -> DoublesPlugin:
        """Read ``DIR/manifest.json`` and check it was written for this plan; errors are
        :class:`pytest.UsageError` with one line saying what is wrong. ``suite``: whether step
        ``step`` runs tests of the suite (false: the plan names none, only drivers run)."""
        root = Path(directory)
        manifest_path = root / "manifest.json"
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise pytest.UsageError(
                f"{manifest_path}: no such file: DIR must be written by 'planner doubles'"
            ) from None
        except (OSError, ValueError) as exc:
            raise pytest.UsageError(f"{manifest_path}: cannot read the manifest: {exc}") from None
        if isinstance(manifest, dict) and manifest.get("schema") in OLD_MANIFEST_SCHEMAS:
            raise pytest.UsageError(
                f"{manifest_path}: written by an older planner doubles ({manifest['schema']}, without the digests "
                f"that tell a stale double); write them again: planner doubles PLAN -o {root} --force"
            )
        if not isinstance(manifest, dict) or manifest.get("schema") != MANIFEST_SCHEMA:
            raise pytest.UsageError(f"{manifest_path}: not a planner doubles manifest ({MANIFEST_SCHEMA})")
        made = manifest.get("plan", {})
        if (made.get("graph_sha256"), made.get("strategy"), made.get("steps")) != (sha256, strategy, steps):
            raise pytest.UsageError(
                f"{root}: its doubles were made from another plan ({made.get('strategy')} of "
                f"{made.get('source')}); write them again: planner doubles PLAN -o {root} --force"
            )
        if not 1 <= step <= steps:
            raise pytest.UsageError(f"--plan-step {step}: the plan has steps 1 to {steps}")
        entry = manifest["steps"][step - 1]
        stubs = {unit: root / manifest["stubs"][unit]["file"] for unit in entry["stubs"]}
        drivers = {d["unit"]: (root / manifest["drivers"][d["unit"]]["file"], set(d["for"])) for d in entry["drivers"]}
        for path in [*stubs.values(), *(p for p, _ in drivers.values())]:
            if not path.is_file():
                raise pytest.UsageError(f"{path}: missing from the doubles directory; write it again with --force")
        integrated = {unit for done in manifest["steps"][:step] for unit in done["units"]}
        bare = frozenset(manifest.get("packages", ())) - integrated - set(stubs)
        plugin = cls(root, step, stubs, drivers, bare, suite=suite)
        plugin.finder.digests = {u: manifest["stubs"][u]["sha256"] for u in stubs if "sha256" in manifest["stubs"][u]}
        plugin.caller_digests = {u: dict(manifest["drivers"][u].get("sha256", {})) for u in drivers}
        return plugin

    # --- the import hook ----------------------------------------------------------------

    def install(self) -> None:
        early = sorted(unit for unit in (*self.stubs, *self.bare) if unit in sys.modules)
        if early:
            raise pytest.UsageError(
                f"{', '.join(early)} already imported before the stubs of step {self.step} could be put in place "
                "(by a plugin loaded earlier?): their stubs cannot stand in for them"
            )
        sys.meta_path.insert(0, self.finder)
        runtime.set_step(self.step)

    def uninstall(self) -> None:
        if self.finder in sys.meta_path:
            sys.meta_path.remove(self.finder)
        for name, module in list(sys.modules.items()):
            if hasattr(module, "__planner_stub__") or hasattr(module, "__planner_bare__"):
                del sys.modules[name]
        derive.uninstall()
        runtime.forget()
        runtime.set_step(None)

    # --- pytest hooks ---------------------------------------------------------------------

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[_KEY] = self
        # The directory, not its files: pytest names a file given outside the rootdir
        # by nothing at all, but the files of a directory given by their own names.
        drivers = [str(self.directory / "drivers")] if self.drivers else []
        if not self.suite and config.args_source is not pytest.Config.ArgsSource.ARGS:
            # No test of the suite runs at this step and no path was given: pytest would
            # collect its testpaths (or the current directory), importing every test module
            # only to deselect them all. The drivers alone (none: pytest's "no tests ran").
            config.args[:] = drivers
        else:
            config.args += drivers

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        """A driver whose call sites were read from a caller that changed since is refused."""
        for unit, (path, missing) in sorted(self.drivers.items()):
            for caller in sorted(missing):
                expected = self.caller_digests.get(unit, {}).get(caller)
                origin = _locate(caller)
                if expected is None or origin is None or digest_file(origin) == expected:
                    continue
                raise pytest.UsageError(
                    f"{path}: stale: its call sites were read from {caller} ({origin}), which changed since; "
                    f"write the doubles again: planner doubles PLAN -o {self.shown} --force"
                )

    def pytest_ignore_collect(self, collection_path: Path, config: pytest.Config) -> bool | None:
        """Driver modules not in force at this step are not even imported."""
        if collection_path.suffix == ".py" and collection_path.parent.resolve() == self.directory / "drivers":
            in_force = {path.resolve() for path, _ in self.drivers.values()}
            return collection_path.resolve() not in in_force or None
        return None

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self.uninstall()

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Every import of the collection done: the derived stubs lose their behaviour now."""
        derive.install()

    def pytest_report_header(self, config: pytest.Config) -> list[str]:
        stubs = ", ".join(sorted(self.stubs)) or "none"
        drivers = ", ".join(f"{u} (for {', '.join(sorted(f))})" for u, (_, f) in sorted(self.drivers.items()))
        lines = [f"planner doubles: step {self.step} from {self.shown}: stubs {stubs}; drivers {drivers or 'none'}"]
        if self.bare:
            lines.append(f"planner doubles: packages not integrated yet, imported bare: {', '.join(sorted(self.bare))}")
        return lines

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        keep, drop = [], []
        for item in items:
            marker = item.get_closest_marker("planner_driver")
            if marker is None:
                keep.append(item)
                continue
            unit = marker.kwargs.get("unit")
            callers = set(marker.kwargs.get("callers") or (marker.kwargs.get("caller"),))
            missing = self.drivers.get(unit, (None, set()))[1] if isinstance(unit, str) else set()
            if callers & missing:
                keep.append(item)
                if marker.kwargs.get("todo"):
                    self.todo.add(item.nodeid)
            else:
                drop.append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        """A stub's failure is shown from the test down to the code that called the stub;
        the mock machinery below is left out (the message says what the stub lacks)."""
        report = yield
        excinfo = call.excinfo
        if excinfo is None or not report.failed or not excinfo.errisinstance(runtime.StubError):
            return report
        # From the test (or, in a fixture, the first frame that is not pytest's) down to the
        # code that called the stub; pytest's, pluggy's and the mock machinery's frames left out.
        entries = [e for e in excinfo.traceback if not _pytest_frame(str(e.path))]
        start = next((i for i, e in enumerate(entries) if str(e.path) == str(item.path)), 0)
        kept = [e for e in entries[start:] if not _machinery(str(e.path)) and not e.ishidden(excinfo)]
        if kept:
            excinfo.traceback = type(excinfo.traceback)(kept)
            style = item.config.getoption("tbstyle", "auto")
            report.longrepr = excinfo.getrepr(
                style="long" if style == "auto" else style,
                showlocals=bool(item.config.getoption("showlocals", False)),
                tbfilter=False,
            )
        return report

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        for unit, reason in sorted(self.finder.fallbacks.items()):
            terminalreporter.write_line(
                f"planner doubles: {unit} could not be imported ({reason}): its mirrored stub stood in"
            )
        skipped = {report.nodeid for report in terminalreporter.stats.get("skipped", [])}
        todo = len(self.todo & skipped)
        if todo:
            terminalreporter.write_line(
                f"planner doubles: {todo} driver test(s) of step {self.step} still to complete (reported as skipped)"
            )


_PYTEST_DIRS = tuple(
    str(Path(module.__file__).parent) + "/"
    for module in (pytest, sys.modules.get("_pytest"), sys.modules.get("pluggy"))
    if module is not None and module.__file__ is not None
)


def _pytest_frame(path: str) -> bool:
    return path.startswith(_PYTEST_DIRS)


def _machinery(path: str) -> bool:
    runtime_files = ("runtime.py", "standins.py", "_state.py")
    return path == "<string>" or path.endswith(("unittest/mock.py", *(f"planner/doubles/{f}" for f in runtime_files)))


@pytest.fixture
def planner_stubs(request: pytest.FixtureRequest) -> StepStubs:
    """The stubs in force at this step, to configure from the test (see :class:`StepStubs`)."""
    plugin = request.config.stash.get(_KEY, None)
    if plugin is None:
        pytest.fail("planner_stubs needs pytest --plan=PLAN --plan-step=K --doubles=DIR", pytrace=False)
    return StepStubs(plugin.step, plugin.stubs)


@pytest.fixture(autouse=True)
def _planner_reset_stubs() -> Iterator[None]:
    """Every stub forgets its configuration and calls after each test."""
    yield
    runtime.reset()
