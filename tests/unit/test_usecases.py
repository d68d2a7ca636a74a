"""The use cases (planner.usecases) and the API that re-exports them (planner.api)."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from planner import api
from planner.errors import OutputError, UsageError
from planner.model import Options, Plan
from planner.selection.assign import assign
from planner.selection.collected import Analysis, Collected, Collection

API = Path(api.__file__)


def _type_checking_imports() -> dict[str, tuple[str, str]]:
    """What ``planner/api.py`` imports under TYPE_CHECKING: name -> (module, name there)."""
    tree = ast.parse(API.read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    found = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom) and node.module is not None
        for alias in node.names:
            found[alias.asname or alias.name] = (node.module, alias.name)
    return found


def test_the_api_declares_each_name_once_for_the_type_checker_and_once_for_loading() -> None:
    assert _type_checking_imports() == api._EXPORTS
    assert sorted(api.__all__) == sorted(api._EXPORTS)


def test_every_name_of_the_api_loads() -> None:
    for name in api.__all__:
        assert getattr(api, name) is not None, name
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        api.nothing  # noqa: B018


def test_importing_the_api_loads_no_heavy_library() -> None:
    code = (
        "import sys, planner.api\n"
        "print(sorted(m for m in ('networkx', 'pydot', 'rich', 'typer') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_command_line_modules_import_the_library_through_the_api() -> None:
    """What the import-linter contract checks, seen from one command: ``planner select``."""
    source = (Path(api.__file__).parent / "cli" / "select.py").read_text(encoding="utf-8")
    assert "planner.selection" not in source


def test_planning_with_values_is_planning_with_keywords() -> None:
    graph = nx.DiGraph([("app", "db"), ("db", "app"), ("app", "log")])
    options = Options(cycles="break", objective="specific-stubs", variant="depth-first")
    by_values = api.plan_source(graph, "top-down", options)
    by_keywords = api.make_plan(graph, strategy="top-down", variant="depth-first")
    assert api.plan_json(by_values) == api.plan_json(by_keywords)
    assert by_values.options == options


def test_a_strategy_refuses_an_option_it_does_not_take() -> None:
    with pytest.raises(UsageError, match="does not apply to the bottom-up strategy"):
        api.plan_source(nx.DiGraph([("a", "b")]), "bottom-up", Options(target_layer=1))


def test_comparing_a_loaded_graph_is_comparing_its_source() -> None:
    source = Path(__file__).parents[2] / "graphs" / "textbook.dot"
    compared = api.compare(source, cycles="break")
    assert api.compare_plans(api.load(source), Options()) == compared
    assert [r.strategy for r in compared.results] == [strategy for strategy, _ in api.COMPARED]


def _plan_with_tests(tmp_path: Path) -> Path:
    graph = nx.DiGraph([("app", "db")])
    ids = ["tests/test_db.py::test_a", "tests/test_app.py::test_b"]
    collection = Collection("/p", ("/p/tests",), tuple(Collected(i, "/p/" + i.split("::")[0]) for i in ids))
    analyses = {
        ids[0]: Analysis(("db",), "static", "white-box"),
        ids[1]: Analysis(("app", "db"), "static", "black-box"),
    }
    plan = assign(api.make_plan(graph), graph, collection, analyses, rootdir=".", args=("tests",), footprint="static")
    path = tmp_path / "plan.json"
    api.write_plan(plan, path)
    return path


def test_select_gives_the_node_ids_of_a_step(tmp_path: Path) -> None:
    path = _plan_with_tests(tmp_path)
    assert api.select(path, step=1) == api.StepSelection("tests/test_db.py::test_a\n")
    assert api.select(path, step=2, technique="white-box").notes[0].startswith("step 2 has no tests: skip it")
    with pytest.raises(UsageError, match="needs step K"):
        api.select(path, fmt="k")


def test_select_refuses_a_plan_without_tests(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    api.write_plan(api.make_plan(nx.DiGraph([("a", "b")])), path)
    with pytest.raises(UsageError, match="the plan assigns no tests"):
        api.select(path, step=1)


def test_ci_options_install_planner_by_name_when_the_project_does_not_require_it(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "shop"\ndependencies = ["attrs"]\n')
    options = api.ci_options("plan.json", directory=str(tmp_path))
    assert options.planner == "integration-planner"
    assert options.install == ()  # left for choose_ci_layout to take from what the project declares


# --- the library names parameters, the command line flags -------------------------------------


def test_an_error_names_the_parameter_for_the_library_and_the_flag_for_the_command_line() -> None:
    from planner.cli._flags import flag

    with pytest.raises(UsageError) as info:
        api.pareto(nx.DiGraph([("a", "b")]), time_limit=-1.0)
    error = info.value
    assert (error.parameter, error.parameters) == ("time_limit", ("time_limit",))
    assert str(error) == "time_limit must be a positive number of seconds, got -1"
    assert error.worded(flag) == "--time-limit must be a positive number of seconds, got -1"


def test_an_error_may_name_several_parameters(tmp_path: Path) -> None:
    from planner.cli._flags import flag

    plan = tmp_path / "plan.json"
    api.write_plan(api.make_plan(nx.DiGraph([("a", "b")])), plan)
    with pytest.raises(UsageError) as info:
        api.draw(plan, fmt="dot", strategy="top-down", target_layer=1)
    assert str(info.value).endswith("already planned: strategy, target_layer only plan a graph")
    assert info.value.worded(flag).endswith("already planned: --strategy, --target-layer only plan a graph")


def test_a_file_error_keeps_its_place_before_the_parameter(tmp_path: Path) -> None:
    from planner.cli._flags import flag

    target = tmp_path / "plan.json"
    target.write_text("{}")
    with pytest.raises(OutputError) as info:
        api.write_plan(api.make_plan(nx.DiGraph([("a", "b")])), target)
    assert str(info.value) == f"{target}: already exists; use force to overwrite it"
    assert info.value.worded(flag) == f"{target}: already exists; use --force to overwrite it"


def _two_steps_with_tests(*, doubles: bool | None = None) -> Plan:
    """A two-step plan whose steps name tests: hand-assigned (``doubles`` None), or placed by a
    selection for a run with or without the plan's doubles."""
    from dataclasses import replace

    from planner.model import Assignment, Selection

    plan = api.make_plan(nx.DiGraph([("app", "db")])).with_tests([["t/test_a.py::test_x"], []])
    if doubles is None:
        return plan
    test = Assignment("t/test_a.py::test_x", 1, ("db",), "static", "black-box")
    return replace(plan, selection=Selection(".", ("t",), "static", (test,), doubles=doubles))


def _technique_of_a_plan_without_selection() -> None:
    from planner.selection.export import step_tests

    step_tests(_two_steps_with_tests(), 1, technique="black-box")


def _k_of_a_plan_without_selection() -> None:
    from planner.selection.export import k_for_step

    k_for_step(_two_steps_with_tests(), 1)


def _run_from_a_step_out_of_range() -> None:
    from planner.selection.runner import run_plan

    run_plan(_two_steps_with_tests(), "plan.json", from_step=9)


def _run_with_doubles_a_plan_placed_without() -> None:
    from planner.selection.runner import run_plan

    run_plan(_two_steps_with_tests(doubles=False), "plan.json", doubles="doubles")


def _run_without_doubles_a_plan_placed_with() -> None:
    from planner.selection.runner import run_plan

    run_plan(_two_steps_with_tests(doubles=True), "plan.json")


def _coverage_footprints_of_a_graph_file() -> None:
    from planner.selection import analyse_tests

    analyse_tests(nx.DiGraph([("app", "db")]), ["tests"], footprint="coverage")


@pytest.mark.parametrize(
    ("call", "library", "command_line"),
    [
        (
            _technique_of_a_plan_without_selection,
            "technique needs a plan made with --tests",
            "--technique needs a plan made with --tests",
        ),
        (_k_of_a_plan_without_selection, "fmt k needs a plan made with", "--format k needs a plan made with"),
        (_run_from_a_step_out_of_range, "from_step 9: the plan has steps 1 to 2", "--from-step 9: the plan has"),
        (
            _run_with_doubles_a_plan_placed_without,
            "plan.json: its tests were placed for a run without doubles: plan again with --with-doubles to run "
            "them with doubles",
            "plan again with --with-doubles to run them with --doubles",
        ),
        (
            _run_without_doubles_a_plan_placed_with,
            "(planner plan --with-doubles): give doubles DIR, or plan again without --with-doubles",
            "give --doubles DIR, or plan again without --with-doubles",
        ),
    ],
    ids=["technique", "format-k", "from-step", "doubles-given", "doubles-missing"],
)
def test_the_selection_names_parameters_and_the_command_line_their_flags(
    call: Callable[[], None], library: str, command_line: str
) -> None:
    from planner.cli._flags import flag

    with pytest.raises(UsageError) as info:
        call()
    assert library in str(info.value)
    assert command_line in info.value.worded(flag)
    assert all(f"--{p}" not in str(info.value) for p in info.value.parameters)


def test_coverage_footprints_name_the_parameter(monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    from planner.cli._flags import flag

    monkeypatch.setitem(sys.modules, "coverage", None)  # not installed
    with pytest.raises(UsageError) as info:
        _coverage_footprints_of_a_graph_file()
    assert str(info.value).startswith("footprint coverage needs coverage.py: pip install")
    assert info.value.worded(flag).startswith("--footprint coverage needs coverage.py")
    monkeypatch.setitem(sys.modules, "coverage", types.SimpleNamespace(__version__="7"))  # installed
    with pytest.raises(UsageError) as info:
        _coverage_footprints_of_a_graph_file()
    assert str(info.value) == "footprint coverage needs a graph scanned from a source tree (its files are measured)"
    assert info.value.worded(flag).startswith("--footprint coverage needs a graph scanned")


def test_every_flag_of_the_table_is_an_option_of_a_command() -> None:
    import typer.main

    from planner.cli._flags import FLAGS
    from planner.cli.app import app

    options: set[str] = set()

    def walk(command: object) -> None:
        for param in getattr(command, "params", ()):
            options.update(param.opts)
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(app))
    assert set(FLAGS.values()) - options == set()


def test_the_command_line_says_the_flag(tmp_path: Path) -> None:
    """End to end, as a user sees it: the flag, on one line, exit code 2."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "planner",
            "render",
            str(Path(api.__file__).parents[1] / "graphs/shop.dot"),
            "-o",
            str(tmp_path / "shop.dot"),
            "--step",
            "2",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "planner: error: --step shows a step of a plan: give a plan file, or --strategy to plan SOURCE\n"
    )


# --- one validated Options value ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"cycles": "ignore"}, "unknown cycle handling 'ignore' (choose from break, cluster)"),
        ({"objective": "speed"}, "unknown objective 'speed'"),
        ({"variant": "sideways"}, "unknown variant 'sideways'"),
        ({"time_limit": 0.0}, "time_limit must be a positive number of seconds, got 0"),
        ({"effort": 0}, "effort must be a positive number of work units, got 0"),
        ({"time_limit": 1.0, "effort": 5}, "time_limit and effort are two ways to bound cycle breaking"),
    ],
)
def test_options_are_checked_when_they_are_made(given: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Options.of(**given)  # type: ignore[arg-type]


def test_checked_options_are_their_own_words() -> None:
    options = Options.of(cycles="cluster", objective="generic-stubs", variant="depth-first", effort=7)
    assert options == Options("cluster", "generic-stubs", "depth-first", None, None, 7)


def test_a_plan_file_with_a_word_out_of_the_vocabulary_is_a_plan_file_error(tmp_path: Path) -> None:
    import json

    from planner.errors import PlanFileError

    path = tmp_path / "plan.json"
    api.write_plan(api.make_plan(nx.DiGraph([("a", "b")])), path)
    data = json.loads(path.read_text())
    data["options"]["cycles"] = "ignore"
    path.write_text(json.dumps(data))
    with pytest.raises(PlanFileError, match="cycles"):
        api.read_plan(path)
