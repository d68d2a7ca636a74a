"""Doubles of real packages from PyPI (click, itsdangerous, attrs; pinned sdists, see doubles_oracle).

- every stub of every module imports where the real package cannot be imported, and the
  signatures of all public functions, classes and methods match the real ones, but for
  the mismatches pinned below, each with its reason;
- the drivers pass on the untouched package, and fail, naming the call site, at the step
  that integrates a module one of whose functions lost a parameter its callers pass;
- the pytest plugin runs one step of a plan over the package's own tests, stubs installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner import api
from tests.conftest import ROOT
from tests.functional.doubles_oracle import PACKAGES, compare, markdown, unpacked

pytestmark = pytest.mark.slow

# package: (least match rate, {reason: mismatches}); docs/doubles.md quotes these.
EXPECTED = {
    "click": (0.99, {"typing.Union members in another order": 2}),
    "itsdangerous": (1.0, {}),
    "attrs": (0.94, {"default value repr": 3}),
}


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_every_stub_imports_and_signatures_match_the_real_ones(package: str, tmp_path: Path) -> None:
    report = compare(package, tmp_path)
    print(markdown([report]))  # shown with -s: the match rate and each mismatch with its reason
    assert report.import_failures == []
    assert report.imported == report.modules > 0
    least, reasons = EXPECTED[package]
    assert dict(report.reasons()) == reasons, report.mismatches
    assert report.rate >= least
    assert report.shape_rate == 1.0  # by parameters (names, kinds, defaults present), the measure
    assert report.compared > 40


def run_pytest(*args: str, cwd: Path, path: list[Path]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, [*path, ROOT])), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTEST_ADDOPTS", None)
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:planner",
        "-p",
        "planner.plugin.entry",
        "-p",
        "no:cacheprovider",
        *args,
    ]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_the_drivers_pass_on_the_untouched_package(package: str, tmp_path: Path) -> None:
    _, _, inner, tops = PACKAGES[package]
    src = unpacked(package) / inner
    plan = api.make_plan(src / tops[0], strategy="bottom-up")
    out = tmp_path / "doubles"
    api.write_doubles(api.make_doubles(plan), out)
    result = run_pytest(str(out / "drivers"), "-q", cwd=tmp_path, path=[src])
    assert result.returncode == 0, result.stdout[-3000:]
    counts = {kind: int(n) for n, kind in re.findall(r"(\d+) (passed|skipped|failed)", result.stdout)}
    assert counts.get("passed", 0) > 10 and "failed" not in counts


# package: (module, signature text, the same without one parameter (bound in the body instead, so
# that the module still works), the call site the driver must name, cycle handling).
# attrs: attr._make calls attr.setters at import time, and the two form a cycle; broken
# (bottom-up stubs setters), _make cannot even be imported without configuring the stub,
# so the cycle is integrated as one step instead.
BREAKS = {
    "click": (
        "utils.py",
        "    color: t.Optional[bool] = None,\n) -> None:\n",
        ") -> None:\n    color = None\n",
        "*/click/_termui_impl.py:*: echo(*got an unexpected keyword argument 'color'*",
        "break",
    ),
    "itsdangerous": (
        "encoding.py",
        "def int_to_bytes(num: int) -> bytes:\n",
        "def int_to_bytes() -> bytes:\n    num = 0\n",
        "*/itsdangerous/timed.py:48: int_to_bytes(self.get_timestamp()): too many positional arguments*",
        "break",
    ),
    "attrs": (
        "_make.py",
        "    alias=None,\n):\n",
        "):\n    alias = None\n",
        "*/attr/_next_gen.py:*: attrib(*got an unexpected keyword argument 'alias'*",
        "cluster",
    ),
}


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_a_dropped_parameter_fails_the_driver_of_the_step_that_integrates_it(package: str, tmp_path: Path) -> None:
    _, _, inner, tops = PACKAGES[package]
    copy = tmp_path / "src" / tops[0]
    shutil.copytree(unpacked(package) / inner / tops[0], copy)
    module, signature, changed, site, cycles = BREAKS[package]
    source = copy / module
    text = source.read_text(encoding="utf-8")
    assert text.count(signature) == 1
    source.write_text(text.replace(signature, changed), encoding="utf-8")
    plan = api.make_plan(copy, strategy="bottom-up", cycles=cycles)
    unit = f"{tops[0]}.{module.removesuffix('.py')}"
    step = plan.step_of()[unit]
    plan_file, out = tmp_path / "plan.json", tmp_path / "doubles"
    api.write_plan(plan, plan_file)
    api.write_doubles(api.make_doubles(plan_file), out)
    args = ["--plan", str(plan_file), "--plan-step", str(step), "--doubles", str(out), str(out / "drivers")]
    result = run_pytest(*args, "-q", "-ra", cwd=tmp_path, path=[tmp_path / "src"])
    assert result.returncode == 1, result.stdout[-3000:]
    lines = result.stdout.splitlines()
    failed = [line for line in lines if line.startswith("FAILED")]
    # only interface checks of the driver of the changed unit fail (one per caller passing the parameter)
    assert failed and all(f"test_driver_{unit.replace('.', '_')}.py::test_calls_from_" in f for f in failed), failed
    pattern = re.compile(re.escape(site).replace(r"\*", ".*"))
    assert any(pattern.fullmatch(line.removeprefix("E").strip()) for line in lines), result.stdout[-3000:]


def test_the_doubles_of_attrs_follow_its_line_length_and_pass_its_ruff(tmp_path: Path) -> None:
    """attrs formats with black at 79 columns and lints with ruff, every rule selected."""
    from tests.functional.test_doubles_golden import code_lines_over

    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    root = unpacked("attrs")
    for strategy in ("top-down", "bottom-up"):
        api.write_doubles(
            api.make_doubles(api.make_plan(root / "src" / "attr", strategy=strategy)), tmp_path / strategy
        )
    texts = {p.relative_to(tmp_path).as_posix(): p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.py")}
    assert len(texts) > 20
    assert {path: code_lines_over(text, 79) for path, text in texts.items()} == {path: [] for path in texts}
    config = ["--config", str(root / "pyproject.toml")]
    checked = subprocess.run([ruff, "check", *config, str(tmp_path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout[-3000:]  # no PGH004 for the blanket exemption either
    # black's width, which ruff's formatter matches (attrs' ruff configuration leaves formatting to black)
    formatted = subprocess.run(
        [ruff, "format", "--check", *config, "--line-length", "79", str(tmp_path)], capture_output=True, text=True
    )
    assert formatted.returncode == 0, formatted.stdout[-3000:]


STEP_PROBE = """
import sys

import pytest

from click import parser, utils
from planner.doubles import runtime


def test_click_utils_is_its_stub_and_click_is_bare():
    assert utils.__planner_stub__.endswith("click/utils.py")
    assert sys.modules["click"].__planner_bare__  # click/__init__.py is integrated last: not run
    assert not hasattr(parser, "__planner_stub__")  # integrated at this step: the real one


def test_an_unconfigured_call_fails_naming_the_stub_and_the_step():
    with pytest.raises(runtime.NotConfigured, match=r"the stub of click\\.utils \\(in force at step 6\\)"):
        utils.format_filename("x")


def test_a_configured_stub_answers(planner_stubs):
    planner_stubs.configure("click.utils.format_filename", return_value="shown")
    assert utils.format_filename(b"x", shorten=True) == "shown"
    planner_stubs.mock("click.utils.format_filename").assert_called_once_with(b"x", shorten=True)
"""


def test_the_plugin_runs_a_step_over_the_packages_own_tests(tmp_path: Path) -> None:
    """click bottom-up, step 6: click.parser is integrated and click.utils is still a stub."""
    root = unpacked("click")
    plan = api.make_plan(root / "src" / "click", strategy="bottom-up")
    assert plan.steps[5].units == ("click.parser",)
    assert [stub.unit for stub in plan.steps[5].stubs] == ["click.utils"]
    plan_file, out = tmp_path / "plan.json", tmp_path / "doubles"
    api.write_plan(plan, plan_file)
    api.write_doubles(api.make_doubles(plan_file), out)
    tests = tmp_path / "tests"
    shutil.copytree(root / "tests", tests)
    (tests / "test_step6.py").write_text(STEP_PROBE, encoding="utf-8")
    args = ["--plan", str(plan_file), "--plan-step", "6", "--doubles", str(out)]
    files = ["tests/test_parser.py", "tests/test_compat.py", "tests/test_step6.py"]
    # click.Context comes from click/__init__.py, integrated at the last step: not one of step 6's tests
    later = "--deselect=tests/test_parser.py::test_parser_collects_prefixes"
    result = run_pytest(*args, *files, later, cwd=tmp_path, path=[root / "src"])
    assert result.returncode == 0, result.stdout[-3000:]
    assert "planner doubles: packages not integrated yet, imported bare: click" in result.stdout
    assert re.search(r"\b32 passed, 32 skipped, 9 deselected\b", result.stdout), result.stdout[-1000:]
    assert "planner doubles: 32 driver test(s) of step 6 still to complete" in result.stdout
