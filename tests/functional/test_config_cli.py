"""``[tool.planner]`` in pyproject.toml and the defaults a project declares, from the command line.

Each test writes a small real project, runs ``planner`` in it (``planner.cli.main``, the
console script's own function) and reads what a user would: the plan's JSON, the
graph's units, the one error line.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from planner.cli import main

PACKAGE = {
    "__init__.py": "",
    "web.py": "from shopkit import orders\n",
    "orders.py": "from shopkit import db\n",
    "db.py": "",
}
TESTS = {"tests/test_orders.py": "from shopkit import orders\n\ndef test_orders():\n    assert orders\n"}


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def shop(root: Path, pyproject: str, *, at: str = "src/shopkit", extra: dict[str, str] | None = None) -> Path:
    """A project: the shopkit package at ``at``, and ``pyproject`` (a [project] table is added)."""
    files = {f"{at}/{name}": text for name, text in PACKAGE.items()}
    files["pyproject.toml"] = '[project]\nname = "shopkit"\nversion = "1"\n' + textwrap.dedent(pyproject)
    (root / ".git").mkdir(parents=True)  # the project is a repository: nothing above it counts
    return write(root, {**files, **(extra or {})})


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def plan_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code, out, err = run(capsys, "plan", "--format", "json", "--no-cache", *args)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("config", "flags", "expected"),
    [
        ("", [], "bottom-up"),  # the built-in default
        ('[tool.planner]\nstrategy = "top-down"\n', [], "top-down"),  # the top-level table
        ('[tool.planner]\nstrategy = "top-down"\n[tool.planner.plan]\nstrategy = "big-bang"\n', [], "big-bang"),
        ('[tool.planner.plan]\nstrategy = "big-bang"\n', ["-s", "sandwich"], "sandwich"),  # a flag beats all
        (
            '[tool.planner]\nstrategy = "top-down"\n[tool.planner.plan]\nstrategy = "big-bang"\n',
            ["-s", "bottom-up"],
            "bottom-up",
        ),
    ],
)
def test_a_flag_beats_the_command_table_which_beats_the_top_level_table_which_beats_the_default(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    config: str,
    flags: list[str],
    expected: str,
) -> None:
    monkeypatch.chdir(shop(tmp_path, config))
    assert plan_json(capsys, "src/shopkit", *flags)["strategy"] == expected


def test_the_top_level_table_reaches_every_command_that_has_the_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(shop(tmp_path, '[tool.planner]\nsource = "src/shopkit"\nexclude = ["db.py"]\n'))
    code, out, err = run(capsys, "scan", "-f", "json", "--no-cache")
    assert code == 0, err
    assert sorted(n["id"] for n in json.loads(out)["nodes"]) == ["shopkit", "shopkit.orders", "shopkit.web"]
    assert units(capsys, "--exclude", "web.py") == ["shopkit", "shopkit.db", "shopkit.orders"]  # the flag wins


def test_configured_paths_are_the_projects_from_any_directory_below_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = shop(tmp_path, '[tool.planner]\nsource = "src/shopkit"\n', extra={"docs/x.txt": ""})
    monkeypatch.chdir(root / "docs")
    plan = plan_json(capsys)
    assert plan["graph"]["source"] == "../src/shopkit"  # type: ignore[index]
    assert plan["graph"]["units"] == 4  # type: ignore[index]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            '[tool.planner]\nstratgy = "top-down"\n',
            "pyproject.toml: [tool.planner] stratgy: unknown key (did you mean 'strategy'?)",
        ),
        ("[tool.planner.plan]\ntarget-layers = 2\n", "pyproject.toml: [tool.planner.plan] target-layers: unknown key"),
        ('[tool.planner.plann]\nstrategy = "top-down"\n', "pyproject.toml: [tool.planner.plann]: unknown table"),
        ('[tool.planner]\nformat = "json"\n', "pyproject.toml: [tool.planner] format: unknown key at the top level"),
        (
            '[tool.planner.plan]\noutput = "plan.json"\n',
            "[tool.planner.plan] output: unknown key (an option for one run only)",
        ),
        ("[tool.planner.plan]\nstrategy = 3\n", "[tool.planner.plan] strategy: expected a string, got an integer"),
        ('[tool.planner.plan]\nstrategy = "middle-out"\n', "[tool.planner.plan] strategy: unknown value 'middle-out'"),
        ("[tool.planner]\njobs = -1\n", "[tool.planner] jobs: expected at least 0, got -1"),
        ("[tool.planner]\nexternal = 1\n", "[tool.planner] external: expected a boolean, got an integer"),
        ('[tool.planner]\nexclude = "db.py"\n', "[tool.planner] exclude: expected an array, got a string"),
        ('[tool.planner]\nsource = "../elsewhere"\n', "[tool.planner] source: '../elsewhere' leads out of the project"),
        (
            '[tool.planner.ci.github]\nlanes = "4"\n',
            "[tool.planner.ci.github] lanes: expected an integer, got a string",
        ),
        ("[tool.planner\n", "pyproject.toml: not valid TOML"),
    ],
)
def test_a_bad_configuration_is_one_line_naming_the_file_and_key_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], config: str, message: str
) -> None:
    monkeypatch.chdir(shop(tmp_path, config))
    code, out, err = run(capsys, "plan", "src/shopkit")
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith("planner: error: pyproject.toml: ") and message in err, err


# --- no SOURCE: what the project declares ------------------------------------------------------------


def units(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    code, out, err = run(capsys, "scan", "-f", "json", "--no-cache", *args)
    assert code == 0, err
    return sorted(node["id"] for node in json.loads(out)["nodes"])


SHOPKIT = ["shopkit", "shopkit.db", "shopkit.orders", "shopkit.web"]


@pytest.mark.parametrize(
    ("pyproject", "at", "note"),
    [
        ("", "src/shopkit", "the src layout"),
        ("", "shopkit", "a package named like the project"),
        ('[tool.setuptools.packages.find]\nwhere = ["lib"]\n', "lib/shopkit", "[tool.setuptools.packages.find]"),
        (
            '[tool.setuptools]\npackages = ["shopkit"]\npackage-dir = {"" = "code"}\n',
            "code/shopkit",
            "[tool.setuptools] packages",
        ),
        (
            '[tool.hatch.build.targets.wheel]\npackages = ["python/shopkit"]\n',
            "python/shopkit",
            "[tool.hatch.build.targets.wheel] packages",
        ),
        ('[tool.poetry]\npackages = [{include = "shopkit", from = "lib"}]\n', "lib/shopkit", "[tool.poetry] packages"),
        ('[tool.flit.module]\nname = "shopkit"\n', "shopkit", "[tool.flit.module] name"),
        ('[tool.pdm.build]\npackage-dir = "source"\n', "source/shopkit", "[tool.pdm.build] package-dir"),
    ],
)
def test_with_no_source_the_declared_package_is_scanned_and_nothing_beside_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    pyproject: str,
    at: str,
    note: str,
) -> None:
    beside = {"examples/demo.py": "import shopkit\n", "docs/conf.py": "", "benchmarks/bench.py": "", "setup.py": ""}
    monkeypatch.chdir(shop(tmp_path, pyproject, at=at, extra=beside))
    code, out, err = run(capsys, "scan", "-f", "json", "--no-cache")
    assert code == 0, err
    assert sorted(node["id"] for node in json.loads(out)["nodes"]) == SHOPKIT
    assert f"planner: note: planning {at}, from {note} in pyproject.toml" in err


def test_several_packages_in_a_flat_layout_are_scanned_together_without_their_neighbours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = {
        "shopcli/__init__.py": "",
        "shopcli/main.py": "from shopkit import web\n",
        "examples/demo.py": "import shopkit\n",
        "docs/conf.py": "",
    }
    monkeypatch.chdir(
        shop(tmp_path, '[tool.setuptools]\npackages = ["shopkit", "shopcli"]\n', at="shopkit", extra=extra)
    )
    assert units(capsys) == ["shopcli", "shopcli.main", *SHOPKIT]
    plan = plan_json(capsys, "--no-gitignore")
    assert plan["graph"]["scan"] == {"no_gitignore": True, "packages": ["shopcli", "shopkit"]}  # type: ignore[index]
    # the plan file records them, and reads back (its schema knows them)
    assert run(capsys, "plan", "-o", "plan.json", "--no-cache")[0] == 0
    from planner import api

    assert dict(api.read_plan("plan.json").graph.scan) == {"packages": ("shopcli", "shopkit")}


def test_planner_plan_with_no_source_takes_the_tests_pytest_is_told_to_collect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest_ini = '[tool.pytest.ini_options]\ntestpaths = ["checks"]\npythonpath = ["src"]\n'
    checks = {"checks/test_orders.py": TESTS["tests/test_orders.py"], "tests/test_not_these.py": "def test_x(): pass\n"}
    monkeypatch.chdir(shop(tmp_path, pytest_ini, extra=checks))
    plan = plan_json(capsys)
    tests = [t for step in plan["steps"] for t in step["tests"]]  # type: ignore[attr-defined]
    assert tests == ["checks/test_orders.py::test_orders"]
    # a SOURCE on the command line plans just that, as before
    assert [t for s in plan_json(capsys, "src/shopkit")["steps"] for t in s["tests"]] == []  # type: ignore[attr-defined]


def test_when_nothing_tells_the_error_says_what_to_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"pyproject.toml": '[project]\nname = "nothing-here"\n', "tools/x.py": ""})
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "plan")
    assert code == 2
    assert err == (
        "planner: error: pyproject.toml: cannot tell which package to plan: nothing declares one; write "
        'source = "path/to/package" under [tool.planner] in pyproject.toml, or give SOURCE\n'
    )
    (tmp_path / "pyproject.toml").unlink()
    code, _, err = run(capsys, "compare")
    assert code == 2 and "no SOURCE given, and no pyproject.toml here or above" in err


# --- .gitignore ------------------------------------------------------------------------------------------


def test_the_scan_leaves_out_what_gitignore_ignores_unless_told_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = {
        ".gitignore": "src/shopkit/generated/\n*_pb2.py\n",
        "src/shopkit/generated/__init__.py": "",
        "src/shopkit/generated/api.py": "",
        "src/shopkit/api_pb2.py": "",
    }
    monkeypatch.chdir(shop(tmp_path, "", extra=extra))
    assert units(capsys) == SHOPKIT
    assert units(capsys, "--no-gitignore") == sorted(
        [*SHOPKIT, "shopkit.api_pb2", "shopkit.generated", "shopkit.generated.api"]
    )
    (tmp_path / "pyproject.toml").write_text(
        (tmp_path / "pyproject.toml").read_text() + "[tool.planner.scan]\ngitignore = false\n"
    )
    assert "shopkit.api_pb2" in units(capsys)
    assert units(capsys, "--gitignore") == SHOPKIT


def test_a_command_group_table_reaches_its_commands_and_a_commands_own_table_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = (
        '[tool.planner.ci]\npython = "3.12"\nplanner = "planner"\nrun = "make check"\n'
        '[tool.planner.ci.github]\npython = "3.11"\n'
    )
    monkeypatch.chdir(shop(tmp_path, config))
    assert run(capsys, "plan", "src/shopkit", "-o", "plan.json", "--no-cache")[0] == 0
    github = run(capsys, "ci", "github", "plan.json")[1]
    assert "python-version: '3.11'" in github  # [tool.planner.ci.github] over [tool.planner.ci]
    assert "python:3.12" in run(capsys, "ci", "gitlab", "plan.json")[1]  # [tool.planner.ci]
    assert "python-version: '3.13'" in run(capsys, "ci", "github", "plan.json", "--python", "3.13")[1]
