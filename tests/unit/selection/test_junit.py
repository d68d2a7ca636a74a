"""A step's JUnit XML (planner's lean writer) against pytest's own ``--junitxml``, on the same tests."""

from __future__ import annotations

import re

import pytest

from tests.conftest import NO_HYPOTHESIS
from tests.unit.selection.test_pytest_step import write_plan

pytest_plugins = ["pytester"]

SUITE = """
import sys
import pytest

@pytest.fixture
def broken_setup():
    raise RuntimeError("setup <broke> & \\"quoted\\"")

@pytest.fixture
def broken_teardown():
    yield
    raise RuntimeError("teardown broke")

def test_passes(record_property):
    record_property("owner", "team <a> & \\x07bell")
    print("out \\x1b[31m colour")
    sys.stderr.write("err line\\n")

def test_fails():
    assert "caf\\u00e9 \\x00" == "tea", "a message\\twith a tab"

def test_setup_error(broken_setup):
    pass

def test_fails_then_teardown_error(broken_teardown):
    assert 0

def test_teardown_error(broken_teardown):
    pass

@pytest.mark.skip(reason="not today <really>")
def test_skip_mark():
    pass

def test_skip_inside():
    pytest.skip("Skipped: nested")

@pytest.mark.xfail(reason="known & tracked")
def test_xfail():
    assert 0

@pytest.mark.xfail(strict=True)
def test_xpass_strict():
    pass

@pytest.mark.xfail
def test_xpass():
    pass

@pytest.mark.parametrize("value", ["a<b", "x\\"y", "\\u00e9t\\u00e9", "tab\\there"])
def test_params(value):
    print(value)

class TestGroup:
    def test_method(self):
        pass
"""

IDS = [
    f"test_suite.py::{name}"
    for name in (
        "test_passes", "test_fails", "test_setup_error", "test_fails_then_teardown_error", "test_teardown_error",
        "test_skip_mark", "test_skip_inside", "test_xfail", "test_xpass_strict", "test_xpass",
        "test_params[a<b]", 'test_params[x"y]', "test_params[\\xe9t\\xe9]", "test_params[tab\\there]",
        "TestGroup::test_method",
    )
]  # fmt: skip
SLOW = pytest.mark.slow
_VARYING = re.compile(r' (time|timestamp|hostname)="[^"]*"')


def normalised(text: str) -> str:
    """The report without what changes between runs (times, timestamp) and the suite's name."""
    text = _VARYING.sub("", text)
    return re.sub(r'<testsuite name="[^"]*"', "<testsuite", text)


@pytest.mark.parametrize(
    "ini",
    [
        "",
        "junit_logging = all\njunit_duration_report = call\njunit_family = legacy",
        pytest.param("junit_logging = out-err\njunit_log_passing_tests = false\njunit_family = xunit1", marks=SLOW),
        pytest.param("junit_logging = system-out", marks=SLOW),
    ],
)
def test_the_step_report_is_what_pytest_writes_for_the_same_tests(pytester: pytest.Pytester, ini: str) -> None:
    pytester.makeini(f"[pytest]\n{ini}\n")
    pytester.makepyfile(test_suite=SUITE)
    plan = write_plan(pytester, [IDS])
    own = pytester.path / "pytest.xml"
    pytester.runpytest_subprocess(*NO_HYPOTHESIS, "-p", "no:planner", "--junitprefix=pre", f"--junitxml={own}")
    pytester.runpytest_subprocess(
        *NO_HYPOTHESIS, "-p", "no:planner", "-p", "planner.plugin.entry", f"--plan={plan}", "--plan-run",
        "--plan-keep-going", "--junitprefix=pre", f"--plan-junit-dir={pytester.path / 'junit'}",
    )  # fmt: skip
    ours = (pytester.path / "junit" / "step-1.xml").read_text(encoding="utf-8")
    theirs = own.read_text(encoding="utf-8")
    assert normalised(ours) == normalised(theirs)
    assert "<failure" in ours and "#x07" in ours and "&lt;b" in ours
