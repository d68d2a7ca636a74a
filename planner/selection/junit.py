"""One step's JUnit XML, written as pytest's ``--junitxml`` writes it, at a fraction of the cost.

The session run (:mod:`planner.plugin.pytest_session`) writes one report per step. pytest's
own writer (``_pytest.junitxml.LogXML``) builds an ElementTree node per test and keeps a
reporter object per test id, looked up several times per report; on a suite of 600 tests
that was about 0.05 CPU s, 3 % of the suite. :class:`StepXML` keeps, per test, the
attributes and the already escaped child elements as text, and writes the file in one go
when the step closes.

What it writes is what ``LogXML`` writes for the same reports, byte for byte but for the
times, the timestamp and the suite's name (``step-K``): the same elements (``testsuites`` /
``testsuite`` / ``properties`` / ``testcase`` with ``failure``, ``error``, ``skipped``,
``system-out``, ``system-err``), attributes in the same order, the same escaping (invalid
XML characters shown as ``#xNN``, as pytest does; then ElementTree's escaping), and the same
``junit_family`` (``xunit2`` by default; ``xunit1``/``legacy`` add ``file`` and ``line``),
``junit_logging``, ``junit_log_passing_tests``, ``junit_duration_report`` and
``--junitprefix``. A test run under xdist is not written here: the session runs without
xdist (``-n`` runs one process per step, with pytest's own ``--junitxml``).

It runs inside the project's test process, imported by the session only: no planner import.
"""

from __future__ import annotations

import functools
import os
import platform
import re
import time
from datetime import UTC, datetime
from typing import Any

import pytest

__all__ = ["StepXML"]

_ILLEGAL = "[^\u0009\u000a\u000d\u0020-\u007e\u0080-\ud7ff\ue000-\ufffd\u10000-\u10ffff]"
"""What pytest's ``bin_xml_escape`` replaces (its pattern, kept as pytest spells it). Compiled only
for a text that is not plain printable ASCII: compiling it costs more than a short suite's report."""
_ATTRIBUTE = re.compile('[&<>"\r\n\t]')
_TEXT = re.compile("[&<>]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}


def _visible(value: object) -> str:
    """pytest's ``bin_xml_escape``: characters XML cannot hold, shown as ``#xNN``."""
    text = str(value)
    if text.isascii() and text.isprintable():
        return text  # the common case: nothing to replace
    return _illegal().sub(_shown, text)


@functools.cache
def _illegal() -> re.Pattern[str]:
    return re.compile(_ILLEGAL)


def _shown(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"#x{code:02X}" if code <= 0xFF else f"#x{code:04X}"


def _attribute(value: str) -> str:
    """ElementTree's escaping of an attribute value."""
    return _ATTRIBUTE.sub(lambda found: _ENTITIES[found.group()], value) if _ATTRIBUTE.search(value) else value


def _text(value: str) -> str:
    """ElementTree's escaping of text."""
    return _TEXT.sub(lambda found: _ENTITIES[found.group()], value) if _TEXT.search(value) else value


def _element(tag: str, attributes: list[tuple[str, str]], text: str | None = None) -> str:
    """``<tag a="v" />`` or ``<tag a="v">text</tag>``, as ElementTree writes it (values not yet escaped)."""
    head = tag + "".join(f' {name}="{_attribute(value)}"' for name, value in attributes)
    if not text:
        return f"<{head} />"
    return f"<{head}>{_text(text)}</{tag}>"


def _names(nodeid: str) -> list[str]:
    """pytest's ``mangle_test_address``: the dotted file path, the classes, the test's name."""
    path, bracket, params = nodeid.partition("[")
    names = path.split("::")
    names[0] = names[0].replace("/", ".")
    if names[0].endswith(".py"):
        names[0] = names[0][:-3]
    names[-1] += bracket + params
    return names


class _Case:
    """One ``testcase`` element in the making."""

    __slots__ = ("attributes", "children", "duration", "properties")

    def __init__(self) -> None:
        self.attributes: list[tuple[str, str]] = []
        self.children: list[str] = []
        self.duration = 0.0
        self.properties: list[tuple[str, str]] = []

    def xml(self) -> str:
        head = "testcase" + "".join(f' {name}="{_attribute(value)}"' for name, value in self.attributes)
        head += f' time="{self.duration:.3f}"'
        inner = self.children
        if self.properties:
            props = "".join(f'<property name="{_attribute(n)}" value="{_attribute(v)}" />' for n, v in self.properties)
            inner = [f"<properties>{props}</properties>", *inner]
        if not inner:
            return f"<{head} />"
        return f"<{head}>{''.join(inner)}</testcase>"


class StepXML:
    """The JUnit XML report of one step, to ``path``; configured as ``--junitxml`` would be."""

    def __init__(self, path: str, config: pytest.Config, suite_name: str) -> None:
        self.path = path
        self.prefix: str | None = config.option.junitprefix
        self.suite_name = suite_name
        self.logging: str = config.getini("junit_logging")
        self.log_passing: bool = config.getini("junit_log_passing_tests")
        self.duration_report: str = config.getini("junit_duration_report")
        family = config.getini("junit_family")
        self.legacy = family in ("xunit1", "legacy")
        self.stats = dict.fromkeys(("error", "passed", "failure", "skipped"), 0)
        self.cases: dict[str, _Case] = {}
        self.order: list[_Case] = []
        self.failed_calls: set[str] = set()
        self.double_fails = 0
        self.started = time.time()
        self.clock = time.perf_counter()

    # -- what LogXML does per report

    def _case(self, nodeid: str) -> _Case:
        case = self.cases.get(nodeid)
        if case is None:
            case = self.cases[nodeid] = _Case()
            self.order.append(case)
        return case

    def _open(self, report: Any) -> _Case:
        case = self._case(report.nodeid)
        if not case.attributes:
            names = _names(report.nodeid)
            classes = names[:-1]
            if self.prefix:
                classes.insert(0, self.prefix)
            attributes = [("classname", ".".join(classes)), ("name", _visible(names[-1]))]
            if self.legacy:
                attributes.append(("file", report.location[0]))
                if report.location[1] is not None:
                    attributes.append(("line", str(report.location[1])))
                if hasattr(report, "url"):
                    attributes.append(("url", report.url))
            case.attributes = attributes
        return case

    def _add(self, case: _Case, tag: str, attributes: list[tuple[str, str]], text: str | None = None) -> None:
        if tag in self.stats:
            self.stats[tag] += 1
        case.children.append(_element(tag, attributes, None if text is None else _visible(text)))

    def logreport(self, report: pytest.TestReport) -> None:
        """``LogXML.pytest_runtest_logreport`` for a run without xdist."""
        nodeid = report.nodeid
        if report.passed:
            if report.when == "call":
                self._open(report)
                self.stats["passed"] += 1
        elif report.failed:
            if report.when == "teardown" and nodeid in self.failed_calls:
                # a failure in call and an error in teardown: two testcase elements, as the schema wants
                self._finalize(report)
                self.double_fails += 1
            case = self._open(report)
            if report.when == "call":
                self._failure(case, report)
                self.failed_calls.add(nodeid)
                if not self.log_passing:
                    self._output(case, report)
            else:
                self._error(case, report)
        elif report.skipped:
            self._skipped(self._open(report), report)
        if self.duration_report in ("total", report.when):
            self._case(nodeid).duration += getattr(report, "duration", 0.0)
        if report.when == "teardown":
            self._output(self._open(report), report)
            self._finalize(report)
            self.failed_calls.discard(nodeid)

    def collect_error(self, report: pytest.CollectReport) -> None:
        """``LogXML.pytest_collectreport`` for a file that pytest could not collect."""
        case = self._open(report)
        if report.failed:
            self._add(case, "error", [("message", "collection failure")], str(report.longrepr))
        else:
            self._add(case, "skipped", [("message", "collection skipped")], str(report.longrepr))

    def _finalize(self, report: Any) -> None:
        case = self.cases.pop(report.nodeid, None)
        if case is None:
            return
        for name, value in report.user_properties:
            case.properties.append((str(name), _visible(str(value))))

    def _failure(self, case: _Case, report: pytest.TestReport) -> None:
        if hasattr(report, "wasxfail"):
            # pytest writes the text of no details as "None"; so do we, for the same file
            self._add(case, "skipped", [("message", "xfail-marked test passes unexpectedly")], "None")
            return
        crash = getattr(report.longrepr, "reprcrash", None)
        message = crash.message if crash is not None else str(report.longrepr)
        self._add(case, "failure", [("message", _visible(message))], str(report.longrepr))

    def _error(self, case: _Case, report: pytest.TestReport) -> None:
        crash = getattr(report.longrepr, "reprcrash", None)
        reason = crash.message if crash is not None else str(report.longrepr)
        message = f'failed on {"teardown" if report.when == "teardown" else "setup"} with "{reason}"'
        self._add(case, "error", [("message", _visible(message))], str(report.longrepr))

    def _skipped(self, case: _Case, report: pytest.TestReport) -> None:
        if hasattr(report, "wasxfail"):
            reason = str(report.wasxfail)
            reason = reason[8:] if reason.startswith("reason: ") else reason
            self._add(case, "skipped", [("type", "pytest.xfail"), ("message", _visible(reason))])
            return
        assert isinstance(report.longrepr, tuple)  # a skip's (path, line, message), as pytest asserts too
        filename, lineno, reason = report.longrepr
        reason = reason[9:] if reason.startswith("Skipped: ") else reason
        details = f"{filename}:{lineno}: {reason}"
        self._add(case, "skipped", [("type", "pytest.skip"), ("message", _visible(reason))], details)
        self._output(case, report)

    def _output(self, case: _Case, report: pytest.TestReport) -> None:
        """``write_captured_output``: the captured log, stdout and stderr, as ``junit_logging`` says."""
        if (not self.log_passing and report.passed) or self.logging == "no":
            return
        text = ""
        if self.logging in ("log", "all"):
            text = _section(report.caplog, " Captured Log ")
        if self.logging in ("system-out", "out-err", "all"):
            text += _section(report.capstdout, " Captured Out ")
            self._add(case, "system-out", [], text)
            text = ""
        if self.logging in ("system-err", "out-err", "all"):
            text += _section(report.capstderr, " Captured Err ")
            self._add(case, "system-err", [], text)
            text = ""
        if text:
            self._add(case, "system-out", [], text)

    # -- the file

    def write(self) -> None:
        """Write the report (the tests that finished so far: an interrupted step keeps them)."""
        tests = sum(self.stats.values()) - self.double_fails
        stamp = datetime.fromtimestamp(self.started, UTC).astimezone().isoformat()
        suite = [
            ("name", self.suite_name),
            ("errors", str(self.stats["error"])),
            ("failures", str(self.stats["failure"])),
            ("skipped", str(self.stats["skipped"])),
            ("tests", str(tests)),
            ("time", f"{time.perf_counter() - self.clock:.3f}"),
            ("timestamp", stamp),
            ("hostname", platform.node()),
        ]
        head = "testsuite" + "".join(f' {name}="{_attribute(value)}"' for name, value in suite)
        cases = "".join(case.xml() for case in self.order)
        body = f"<{head}>{cases}</testsuite>" if cases else f"<{head} />"
        os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
        with open(self.path, "w", encoding="utf-8") as handle:
            handle.write(f'<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests">{body}</testsuites>')


def _section(content: str, header: str) -> str:
    return "\n".join([header.center(80, "-"), content, ""])
