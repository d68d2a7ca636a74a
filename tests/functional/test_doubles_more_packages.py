"""Doubles of werkzeug, requests, httpx and rich (pinned sdists from PyPI; issue 15).

For each package:

- at every step of its top-down, bottom-up and sandwich plans, with the step's doubles
  installed, ``import PKG`` works and every stub in force imports, derived from the real
  module (never the mirror, which is for modules that cannot be imported), and every
  double has the real signature (``doubles_steps``);
- the drivers of its bottom-up plan pass on the untouched package;
- a required keyword-only parameter added to a function its callers call fails the
  driver of the step that integrates it, naming each call site; once a caller changes
  after the doubles were written, the step is refused as stale, in one line.

Their dependencies (markupsafe, urllib3, idna, charset-normalizer, certifi, httpcore,
anyio, h11, sniffio, markdown-it-py, pygments) must be installed, else the test is skipped.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner import api
from tests.conftest import ROOT
from tests.functional.doubles_oracle import MORE, compare, markdown, unpacked

pytestmark = pytest.mark.slow

NEEDS = {
    "werkzeug": ("markupsafe",),
    "requests": ("urllib3", "idna", "charset_normalizer", "certifi"),
    "httpx": ("httpcore", "anyio", "h11", "idna", "certifi", "sniffio"),
    "rich": ("markdown_it", "pygments"),
}


@pytest.fixture
def copy(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of the package (alone in its directory: httpx's sdist has its own ``tests``)."""
    package: str = request.param
    for needed in NEEDS[package]:
        pytest.importorskip(needed)
    _, _, inner, tops = MORE[package]
    target = tmp_path / "src" / tops[0]
    shutil.copytree(unpacked(package) / inner / tops[0], target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


# The mirrored stubs (for modules that cannot be imported): least signature match rate as text. By
# parameters (names, kinds, which have a default: the measure) every one matches; as text,
# what differs is defaults that are objects made at import time (httpx's USE_CLIENT_DEFAULT, rich's
# box.HEAVY_HEAD, werkzeug's _missing) and httpx's functools.wraps. Methods made by a factory in the
# class body (werkzeug's deque_repr), class-body imports (EnvironBuilder.json_dumps) and dataclass
# fields with a default the mirror cannot compute (rich's Task._progress) are mirrored since (werkzeug
# 98.3 -> 99.3 %, rich 97.9 -> 98.1 %); derived stubs, used wherever the package imports, match 100 %
# (test_the_package_imports_at_every_step...).
MIRROR_RATES = {"werkzeug": 0.99, "requests": 1.0, "httpx": 0.86, "rich": 0.98}


@pytest.mark.parametrize("package", sorted(MORE))
def test_every_mirrored_stub_imports_alone(package: str, tmp_path: Path) -> None:
    for needed in NEEDS[package]:
        pytest.importorskip(needed)
    report = compare(package, tmp_path)  # each stub imported without site-packages: the package cannot be
    print(markdown([report]))
    assert report.import_failures == []
    assert report.imported == report.modules > 15
    assert report.rate >= MIRROR_RATES[package]
    assert report.shape_rate == 1.0, report.mismatches


def _env(src: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(src)]), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTEST_ADDOPTS", None)
    return env


def _pytest(*args: str, cwd: Path, src: Path) -> subprocess.CompletedProcess[str]:
    plugins = ["-p", "no:planner", "-p", "planner.plugin.entry", "-p", "no:cacheprovider", "-p", "no:randomly"]
    command = [sys.executable, "-m", "pytest", *plugins, *args]
    return subprocess.run(command, cwd=cwd, env=_env(src), capture_output=True, text=True, timeout=600)


def _doubles(copy: Path, strategy: str, out: Path) -> Path:
    plan = api.make_plan(copy, strategy=strategy)
    plan_file = out.with_suffix(".json")
    api.write_plan(plan, plan_file, force=True)
    api.write_doubles(api.make_doubles(plan_file), out, force=True)
    return plan_file


# Top-down stubs every module below the step (the most stubs, derived from the real modules) and
# bottom-up only the modules that close a cycle (each package's cycles differ): both on every
# package. A sandwich step's stubs are those top-down would have in force below the step and its
# drivers those of bottom-up; what sandwich adds is the order of the steps, proven on one package
# (this was every package, 12 runs; 9 now prove the same).
IMPORT_RUNS = [(p, s) for p in sorted(MORE) for s in ("top-down", "bottom-up")] + [("requests", "sandwich")]


@pytest.mark.parametrize(("copy", "strategy"), IMPORT_RUNS, indirect=["copy"])
def test_the_package_imports_at_every_step_with_its_doubles(copy: Path, strategy: str, tmp_path: Path) -> None:
    plan_file = _doubles(copy, strategy, tmp_path / "doubles")
    probe = [
        sys.executable,
        "-m",
        "tests.functional.doubles_steps",
        str(plan_file),
        str(tmp_path / "doubles"),
        copy.name,
    ]
    done = subprocess.run(probe, cwd=tmp_path, env=_env(copy.parent), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    steps = json.loads(done.stdout)
    assert {k: v["error"] for k, v in steps.items() if v["error"]} == {}
    assert {k: v["mirrored"] for k, v in steps.items() if v["mirrored"]} == {}
    compared = sum(v["compared"] for v in steps.values())
    assert sum(v["matched"] for v in steps.values()) == compared  # derived: the real signatures, all of them
    if strategy == "top-down":
        assert compared > 500 and all(v["derived"] for k, v in steps.items() if k != str(len(steps)))


@pytest.mark.parametrize("copy", sorted(MORE), indirect=True)
def test_the_drivers_pass_on_the_untouched_package(copy: Path, tmp_path: Path) -> None:
    _doubles(copy, "bottom-up", tmp_path / "doubles")
    result = _pytest(str(tmp_path / "doubles" / "drivers"), "-q", cwd=tmp_path, src=copy.parent)
    assert result.returncode == 0, result.stdout[-3000:]
    counts = {kind: int(n) for n, kind in re.findall(r"(\d+) (passed|skipped|failed)", result.stdout)}
    assert counts.get("passed", 0) > 40 and "failed" not in counts


def _inject(copy: Path, manifest: dict[str, object]) -> tuple[str, str, str]:
    """Add a required keyword-only parameter to a function of a driven unit that a caller calls
    by name; (unit, function, one caller). The function still works: it never reads it."""
    drivers: dict[str, dict[str, object]] = manifest["drivers"]  # type: ignore[assignment]
    for unit, entry in sorted(drivers.items()):
        path = copy.parent / (unit.replace(".", "/") + ".py")
        if not path.is_file():
            continue
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            args = node.args
            if args.vararg or args.kwarg or args.kwonlyargs or not args.args:
                continue
            for caller in entry["callers"]:  # type: ignore[attr-defined]
                caller_path = copy.parent / (caller.replace(".", "/") + ".py")
                if not caller_path.is_file():
                    caller_path = copy.parent / caller.replace(".", "/") / "__init__.py"
                caller_text = caller_path.read_text(encoding="utf-8")
                if re.search(rf"\bfrom [\w.]+ import [^\n]*\b{node.name}\b", caller_text) and re.search(
                    rf"(?<![\w.]){node.name}\(", caller_text
                ):
                    parts: list[ast.arg | ast.expr] = [*args.args, *args.defaults]
                    parts += [a.annotation for a in args.args if a.annotation]
                    line, col = max((p.end_lineno or 0, p.end_col_offset or 0) for p in parts)
                    lines = source.splitlines(keepends=True)
                    lines[line - 1] = lines[line - 1][:col] + ", *, planner_injected" + lines[line - 1][col:]
                    path.write_text("".join(lines), encoding="utf-8")
                    return unit, node.name, caller
    raise AssertionError("no function to change")


@pytest.mark.parametrize("copy", sorted(MORE), indirect=True)
def test_an_injected_mismatch_fails_its_step_and_a_stale_driver_is_refused(copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "doubles"
    _doubles(copy, "bottom-up", out)
    unit, function, caller = _inject(copy, json.loads((out / "manifest.json").read_text(encoding="utf-8")))
    plan_file = _doubles(copy, "bottom-up", out)  # the doubles of the changed package
    step = api.read_plan(plan_file).step_of()[unit]
    args = ["--plan", str(plan_file), "--plan-step", str(step), "--doubles", str(out), str(out / "drivers")]
    result = _pytest(*args, "-q", cwd=tmp_path, src=copy.parent)
    assert result.returncode == 1, result.stdout[-3000:]
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert failed and all(f"test_driver_{unit.replace('.', '_')}.py::test_calls_from_" in f for f in failed), failed
    pattern = (
        rf"\.py:\d+: .*: missing a required (keyword-only )?argument: 'planner_injected' \(calling {unit}\.{function}\("
    )
    assert re.search(pattern, result.stdout), result.stdout[-3000:]
    caller_file = copy.parent / (caller.replace(".", "/") + ".py")
    if not caller_file.is_file():
        caller_file = copy.parent / caller.replace(".", "/") / "__init__.py"
    caller_file.write_text(caller_file.read_text(encoding="utf-8") + "\n# changed after the doubles\n")
    stale = _pytest(*args, "-q", cwd=tmp_path, src=copy.parent)
    assert stale.returncode == pytest.ExitCode.USAGE_ERROR, stale.stdout[-2000:]
    assert re.search(rf"ERROR: .*: stale: its call sites were read from {re.escape(caller)} ", stale.stderr)


COMPAT_PROBE = """
import json, sys
import requests.compat as compat
facts = [compat.has_simplejson, compat.json.__name__, compat.Mapping.__module__, bool(compat.__planner_stub__)]
print(json.dumps(facts))
"""


def test_the_mirror_of_requests_compat_keeps_its_import_guards(tmp_path: Path) -> None:
    """Imported without site-packages (simplejson cannot be there): the flag is False, as in the real
    module, json is the standard library's, and a standard-library re-export is the real class."""
    from planner.doubles.sources import read_tree
    from planner.doubles.stubs import write_stub
    from planner.loaders.python import graph_from_scan
    from planner.loaders.scan import ScanOptions, scan

    index = read_tree(graph_from_scan(scan(unpacked("requests") / "src" / "requests", options=ScanOptions())))
    stub = write_stub(
        index, "requests.compat", used={"json": ("requests.models",), "Mapping": ("requests.utils",)}, header=[]
    )
    target = tmp_path / "stubs" / "requests" / "compat.py"
    target.parent.mkdir(parents=True)
    target.write_text(stub.text, encoding="utf-8")
    (target.parent / "__init__.py").write_text("", encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path / "stubs"), str(ROOT)])}
    done = subprocess.run([sys.executable, "-S", "-B", "-c", COMPAT_PROBE], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == [False, "json", "collections.abc", True]
