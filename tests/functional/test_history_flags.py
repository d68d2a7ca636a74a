"""`planner audit --history` plans each commit again as the plan was made: the recorded options
turn back into the flags of `planner plan`, and those flags make the same plan."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner.api import read_plan
from planner.audit.history import plan_flags
from tests.conftest import ROOT, RunCli

WEBSHOP = ROOT / "examples" / "webshop"


def test_the_recorded_options_plan_the_same_plan_again(run_cli: RunCli, tmp_path: Path) -> None:
    project = tmp_path / "webshop"
    shutil.copytree(WEBSHOP, project, ignore=shutil.ignore_patterns(".*cache*", "__pycache__"))
    first = [
        "plan", "src", "--strategy", "top-down", "--variant", "depth-first", "--cycles", "cluster",
        "--exclude", "cache.py", "--scope", "import-time", "--scope", "deferred", "--through-init",
        "--tests", "tests", "--with-doubles", "--format", "json", "-o", "first.json",
    ]  # fmt: skip
    made = run_cli(*first, cwd=project)
    assert made.returncode == 0, made.stderr
    flags = plan_flags(read_plan(project / "first.json"))
    assert flags == [
        "--strategy=top-down",
        "--variant=depth-first",
        "--cycles=cluster",
        "--exclude=cache.py",
        "--scope=import-time",
        "--scope=deferred",
        "--through-init",
        "--footprint=static",
        "--with-doubles",
    ]
    again = run_cli("plan", "src", *flags, "--tests=tests", "--format", "json", "-o", "again.json", cwd=project)
    assert again.returncode == 0, again.stderr
    assert (project / "again.json").read_bytes() == (project / "first.json").read_bytes()


# Every other option plan_flags gives back, one at a time, on a small project made for it: a
# dependency cycle (orders <-> payments) for the cycle-breaking options, an import of a
# third-party package (--external), a second top-level package (--package), a module that
# .gitignore leaves out (--no-gitignore), a tests directory inside the package
# (--include-tests) and tests to place (--footprint coverage; --with-doubles is the webshop's above,
# which collects its tests anyway: each collection is a pytest process of about 1.5 CPU seconds).
_PROJECT = {
    "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["src"]\n',
    "src/shop/__init__.py": "",
    "src/shop/app.py": "import yaml\n\nfrom shop import orders\n\n\ndef main():\n    return orders.total([1, 2])\n",
    "src/shop/orders.py": "from shop import db, payments\n\n\ndef total(items):\n"
    "    return db.save(sum(items)) + payments.fee()\n",
    "src/shop/payments.py": "from shop import orders\n\n\ndef fee():\n    return 1\n\n\n"
    "def refund():\n    return orders.total([])\n",
    "src/shop/db.py": "def save(value):\n    return value\n",
    "src/shop/generated.py": "from shop import db\n\nTABLE = db.save(3)\n",
    "src/shop/.gitignore": "generated.py\n",
    "src/shop/tests/test_db.py": "from shop import db\n\n\ndef test_save():\n    assert db.save(2) == 2\n",
    "src/other/__init__.py": "",
    "src/other/util.py": "from shop import app\n\nRESULT = app.main\n",
    "tests/test_orders.py": "from shop import orders\n\n\ndef test_total():\n    assert orders.total([1]) == 2\n",
    "tests/test_db.py": "from shop import db\n\n\ndef test_db():\n    assert db.save(1) == 1\n",
}


@pytest.fixture(scope="module")
def small_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project of :data:`_PROJECT`, written once: each case only reads it (and pytest's
    collection leaves its caches in it)."""
    root = tmp_path_factory.mktemp("history-flags") / "project"
    for name, text in _PROJECT.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("given", "recorded"),
    [
        (
            ["--strategy", "sandwich", "--target-layer", "2"],
            ["--strategy=sandwich", "--variant=breadth-first", "--target-layer=2"],
        ),
        (
            ["--objective", "generic-stubs", "--effort", "5000"],
            ["--strategy=bottom-up", "--objective=generic-stubs", "--effort=5000"],
        ),
        (["--time-limit", "30"], ["--strategy=bottom-up", "--time-limit=30.0"]),
        (["--package", "shop"], ["--strategy=bottom-up", "--package=shop"]),
        (["--external"], ["--strategy=bottom-up", "--external"]),
        (["--no-gitignore"], ["--strategy=bottom-up", "--no-gitignore"]),
        (["--include-tests"], ["--strategy=bottom-up", "--include-tests"]),
        pytest.param(
            ["--tests", "tests", "--footprint", "coverage"],
            ["--strategy=bottom-up", "--footprint=coverage"],
            marks=pytest.mark.slow,  # measures the tests under coverage.py: a few seconds
        ),
    ],
    ids=[
        "target-layer",
        "objective-effort",
        "time-limit",
        "package",
        "external",
        "no-gitignore",
        "include-tests",
        "footprint-coverage",
    ],
)
def test_each_recorded_option_turns_back_into_its_flag(
    run_cli: RunCli, small_project: Path, tmp_path: Path, given: list[str], recorded: list[str]
) -> None:
    """A flag renamed in the command line, or a recorded option plan_flags forgets or spells
    wrong, fails here: the flags must be the ones expected, and planner plan must take them and
    make the same bytes."""
    common = ["--no-cache", "--format", "json", "--force"]
    first = tmp_path / "first.json"
    made = run_cli("plan", "src", *given, *common, "-o", first, cwd=small_project)
    assert made.returncode == 0, made.stderr
    flags = plan_flags(read_plan(first))
    assert flags == recorded
    tests = ["--tests=tests"] if "--tests" in given else []
    again = run_cli("plan", "src", *flags, *tests, *common, "-o", tmp_path / "again.json", cwd=small_project)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again.json").read_bytes() == first.read_bytes()
