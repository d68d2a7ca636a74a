"""The pytest side of planner's own subprocesses: collect, measure, report.

``planner plan --tests`` and ``planner run`` run pytest in a subprocess with
the project's own configuration and load this module with
``-p planner.plugin.harness``. It adds three options, each writing what
planner needs to read back, so that nothing is parsed from pytest's terminal
output:

``--planner-collect FILE``
    after collection, every item as JSON: node id, file, function, class and
    the names ``-k`` matches on it; the code pytest runs with it that lives
    elsewhere (``code``: where each fixture of its closure is defined,
    autouse and ``usefixtures`` included, the base classes of its class, and
    the test function itself when a base class in another file defines it);
    plus pytest's rootdir and the collection errors;
``--planner-measure FILE``
    under ``coverage run``, switch coverage.py's dynamic context to the node id
    of each test while its call phase runs (what pytest-cov's
    ``--cov-context=test`` does for all phases), so that a measured line says
    which test executed it; FILE gets the node ids whose call phase ran;
``--planner-report FILE``
    one JSON line per test starting and per finished test (its node id, its outcome as pytest's
    summary counts it, the first line of its failure), written as the run goes,
    so that ``planner run`` can show live counts and name the failing tests;
``--planner-running FILE`` (with ``--planner-report``)
    instead of a ``start`` line per test, the node id of the running test, overwritten in
    place at offset 0 (an empty line once it has finished): one system call, read only when
    pytest ends abnormally or is stopped (it names the test that hung or ended the interpreter);
``--planner-brief`` (with ``--planner-report``)
    a test that finished with nothing to say (no failure message) is one short line, ``=OUTCOME``,
    without its node id (``planner run`` counts them; it names only the failing tests).

It runs inside the project's test process: it imports nothing of planner and
no third-party module but pytest (and coverage.py, only when measuring).
"""

from __future__ import annotations

import functools
import inspect
import json
import os
from collections.abc import Generator
from typing import IO, Any

import pytest

__all__ = ["pytest_addoption", "pytest_configure"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("planner-harness", "planner's subprocess harness (not for direct use)")
    group.addoption("--planner-collect", metavar="FILE", default=None, help="Write the collected items to FILE.")
    group.addoption("--planner-measure", metavar="FILE", default=None, help="Per-test coverage contexts.")
    group.addoption("--planner-report", metavar="FILE", default=None, help="Write each test's outcome to FILE.")
    group.addoption("--planner-running", metavar="FILE", default=None, help="Keep the running test's id in FILE.")
    group.addoption("--planner-brief", action="store_true", default=False, help="Brief lines for quiet tests.")


def pytest_configure(config: pytest.Config) -> None:
    collect = config.getoption("planner_collect")
    if collect:
        config.pluginmanager.register(_Collector(collect), "planner-harness-collect")
    measure = config.getoption("planner_measure")
    if measure:
        config.pluginmanager.register(_Measure(measure), "planner-harness-measure")
    report = config.getoption("planner_report")
    if report and not hasattr(config, "workerinput"):  # xdist's workers: their controller reports
        reporter = _Reporter(
            report, running=config.getoption("planner_running"), brief=config.getoption("planner_brief")
        )
        config.pluginmanager.register(reporter, "planner-harness-report")


def keywords(item: pytest.Item) -> set[str]:
    """The names ``pytest -k`` matches against ``item`` (as pytest's own matcher gathers them)."""
    names = set()
    for node in item.listchain():
        if isinstance(node, pytest.Session):
            continue
        if isinstance(node, pytest.Directory) and isinstance(node.parent, pytest.Session):
            continue  # the rootdir's own name is not matched
        names.add(node.name)
    names.update(item.listextrakeywords())
    function = getattr(item, "function", None)
    if function is not None:
        names.update(getattr(function, "__dict__", {}))
    names.update(mark.name for mark in item.iter_markers())
    return names


def _where(obj: object) -> tuple[str, str] | None:
    """(file, qualified name) of a function or class, if Python source defines it (looked up once per
    object: every test of a suite asks for the same fixtures)."""
    try:
        return _located(obj)
    except TypeError:  # an unhashable callable: look it up every time
        return _located.__wrapped__(obj)


@functools.lru_cache(maxsize=4096)
def _located(obj: object) -> tuple[str, str] | None:
    try:
        obj = inspect.unwrap(obj)  # type: ignore[arg-type]  # any object; unwrap only follows __wrapped__
        path = inspect.getsourcefile(obj)  # type: ignore[arg-type]  # a function or a class
    except (TypeError, ValueError):
        return None
    qualname = getattr(obj, "__qualname__", None)
    if not path or not isinstance(qualname, str) or "<locals>" in qualname:
        return None
    return os.path.abspath(path), qualname


def _fixture_defs(item: pytest.Item) -> list[tuple[Any, bool]]:
    """The fixture definitions ``item`` runs, each with whether the test asks for it (by an
    argument or ``usefixtures``, or through a fixture it asks for) rather than getting it by
    ``autouse`` only. For each name, the definition that applies, and the ones it overrides
    when it requests its own name (``super()`` for fixtures)."""
    info = getattr(item, "_fixtureinfo", None)
    by_name = getattr(info, "name2fixturedefs", None) or {}
    chosen: dict[str, list[Any]] = {}
    for name in getattr(item, "fixturenames", ()):
        defs = list(by_name.get(name, ()))
        while defs:
            last = defs.pop()
            chosen.setdefault(name, []).append(last)
            if name not in getattr(last, "argnames", ()):
                break
    asked = set(getattr(info, "argnames", ()))
    for mark in item.iter_markers("usefixtures"):
        asked.update(str(arg) for arg in mark.args)
    todo = list(asked)
    while todo:
        for fixturedef in chosen.get(todo.pop(), ()):
            for arg in getattr(fixturedef, "argnames", ()):
                if arg not in asked:
                    asked.add(arg)
                    todo.append(arg)
    return [(d, name in asked) for name, defs in chosen.items() for d in defs]


def code_sites(item: pytest.Item) -> list[dict[str, str]]:
    """The code pytest runs for ``item`` besides the test's own function in its own file:
    ``{"kind": "fixture"|"autouse"|"base"|"function", "path": file, "name": qualified name}``."""
    sites: dict[tuple[str, str, str], None] = {}
    for fixturedef, asked in _fixture_defs(item):
        where = _where(getattr(fixturedef, "func", None))
        if where is not None:
            sites["fixture" if asked else "autouse", *where] = None
    cls = getattr(item, "cls", None)
    if isinstance(cls, type):
        for base in cls.__mro__[1:]:
            if base.__module__ in ("builtins", "unittest.case"):
                continue
            where = _where(base)
            if where is not None:
                sites["base", *where] = None
    function = getattr(item, "function", None)
    where = _where(function) if function is not None else None
    if where is not None and os.path.normcase(where[0]) != os.path.normcase(os.fspath(item.path)):
        sites["function", *where] = None
    return [{"kind": kind, "path": path, "name": name} for kind, path, name in sites]


class _Collector:
    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[dict[str, Any]] = []
        self.errors: list[dict[str, str]] = []

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.errors.append({"id": report.nodeid, "message": _text(report.longrepr)[-4000:]})

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        for item in session.items:
            cls = getattr(item, "cls", None)
            location = item.location
            self.items.append(
                {
                    "id": item.nodeid,
                    "path": os.fspath(item.path),
                    "function": getattr(item, "originalname", None) if isinstance(item, pytest.Function) else None,
                    "class": cls.__qualname__ if isinstance(cls, type) else None,
                    "line": location[1] + 1 if location[1] is not None else None,
                    "keywords": sorted(keywords(item)),
                    "code": code_sites(item),
                }
            )

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        data = {
            "rootdir": os.fspath(session.config.rootpath),
            "items": self.items,
            "errors": self.errors,
        }
        with open(self.path, "w", encoding="utf-8") as handle:
            json.dump(data, handle)


class _Measure:
    def __init__(self, path: str) -> None:
        self.path = path
        self.ran: list[str] = []

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, None, None]:
        import coverage

        measuring = coverage.Coverage.current()
        if measuring is None:
            return (yield)
        self.ran.append(item.nodeid)
        measuring.switch_context(item.nodeid)
        try:
            return (yield)
        finally:
            measuring.switch_context("")

    def pytest_sessionfinish(self) -> None:
        with open(self.path, "w", encoding="utf-8") as handle:
            json.dump(self.ran, handle)


class _Reporter:
    """Each test's outcome, the way pytest's closing line counts it."""

    def __init__(self, path: str, *, running: str | None = None, brief: bool = False) -> None:
        self.handle: IO[str] = open(path, "w", encoding="utf-8")  # noqa: SIM115 - open for the session, closed at its end
        self.outcomes: dict[str, tuple[str, str]] = {}
        self.brief = brief
        self.running: int | None = None
        if running is not None:
            self.running = os.open(running, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)

    def write(self, data: dict[str, Any]) -> None:
        self.handle.write(json.dumps(data) + "\n")
        self.handle.flush()

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.write({"event": "collected", "ids": [item.nodeid for item in session.items]})

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.write({"event": "collect-error", "id": report.nodeid, "message": _crash(report)})

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        outcome = _outcome(report)
        if outcome is None:
            return
        current = self.outcomes.get(report.nodeid)
        # An error in teardown after a failure still counts the test once, as failed and errored
        # by pytest; one outcome per test is enough here, and the first failure is the one to show.
        if current is None or current[0] in ("passed", "skipped", "xfailed", "xpassed"):
            self.outcomes[report.nodeid] = (outcome, _crash(report) if outcome in ("failed", "error") else "")

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        # a test that ends the interpreter (or hangs) is named by it
        if self.running is None:
            self.write({"event": "start", "id": nodeid})
        else:
            os.pwrite(self.running, nodeid.encode("utf-8", "surrogateescape") + b"\n", 0)

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        outcome, message = self.outcomes.pop(nodeid, ("passed", ""))
        if self.running is not None:
            os.pwrite(self.running, b"\n", 0)  # nothing runs (what follows the first line is stale)
        if self.brief and not message:
            self.handle.write(f"={outcome}\n")
            self.handle.flush()
        else:
            self.write({"event": "test", "id": nodeid, "outcome": outcome, "message": message})

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self.write({"event": "finished", "exitstatus": int(exitstatus)})
        self.handle.close()
        if self.running is not None:
            os.close(self.running)  # the test Ctrl-C or a time limit stopped stays named


def _outcome(report: pytest.TestReport) -> str | None:
    xfail = hasattr(report, "wasxfail")
    if report.when == "call":
        if report.passed:
            return "xpassed" if xfail else "passed"
        if report.skipped:
            return "xfailed" if xfail else "skipped"
        return "failed"
    if report.failed:
        return "error"
    if report.skipped:  # skipped in setup (skip marks, pytest.skip in a fixture)
        return "xfailed" if xfail else "skipped"
    return None


def _crash(report: pytest.CollectReport | pytest.TestReport) -> str:
    """The one line that says why: the exception's message where pytest has it."""
    crash = getattr(report.longrepr, "reprcrash", None)
    message = getattr(crash, "message", None)
    text = message if isinstance(message, str) else _text(report.longrepr)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[0] if lines else "")[:500]


def _text(longrepr: object) -> str:
    if longrepr is None:
        return ""
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # (path, line, message) of a skip
        return str(longrepr[2])
    return str(longrepr)
