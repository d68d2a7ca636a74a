"""The command line, end to end, through a real subprocess."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import RunCli, planner_cli, webshop_copy


def one_line_error(result: subprocess.CompletedProcess[str], code: int) -> str:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_plan_prints_a_table(run_cli: RunCli) -> None:
    result = run_cli("plan", "graphs/shop.dot", check=True)
    assert "Integration plan: bottom-up, graphs/shop.dot (12 units, 20 dependencies)" in result.stdout
    assert "12 steps in 7 waves; 1 specific stub (1 generic), 10 drivers" in result.stdout
    assert "shop.cache, shop.db: broke shop.cache -> shop.db" in result.stdout


@pytest.mark.parametrize("strategy", ["top-down", "bottom-up", "sandwich", "big-bang"])
def test_plan_json_is_the_plan_file(run_cli: RunCli, strategy: str) -> None:
    result = run_cli("plan", "graphs/textbook.dot", "--strategy", strategy, "--format", "json", check=True)
    data = json.loads(result.stdout)
    assert data["schema"] == "planner-plan/2"
    assert data["strategy"] == strategy


def test_plan_writes_a_file_and_refuses_to_overwrite_it(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    first = run_cli("plan", "graphs/shop.dot", "-o", out, check=True)
    assert first.stdout == ""
    assert f"wrote {out}" in first.stderr
    before = out.read_bytes()
    assert json.loads(before)["strategy"] == "bottom-up"

    again = run_cli("plan", "graphs/shop.dot", "--strategy", "top-down", "-o", out)
    assert "already exists; use --force to overwrite it" in one_line_error(again, 1)
    assert out.read_bytes() == before

    run_cli("plan", "graphs/shop.dot", "--strategy", "top-down", "-o", out, "--force", check=True)
    assert json.loads(out.read_bytes())["strategy"] == "top-down"


@pytest.mark.parametrize("command", ["plan", "compare", "scan"])
def test_an_existing_output_is_refused_before_any_work(run_cli: RunCli, tmp_path: Path, command: str) -> None:
    """Not after a long scan: the source is not even read (here it does not exist)."""
    out = tmp_path / "kept.json"
    out.write_text("mine")
    result = run_cli(command, tmp_path / "no-such-source", "-o", out)
    assert "kept.json: already exists; use --force" in one_line_error(result, 1)
    assert out.read_text() == "mine"


def test_output_format_follows_the_extension(run_cli: RunCli, tmp_path: Path) -> None:
    run_cli("plan", "graphs/shop.dot", "-o", tmp_path / "plan.md", check=True)
    assert (tmp_path / "plan.md").read_text().startswith("### Integration plan: bottom-up")
    run_cli("plan", "graphs/shop.dot", "-o", tmp_path / "plan.txt", check=True)
    assert "┃ Step ┃" in (tmp_path / "plan.txt").read_text()


def test_show_and_plan_from_print_a_saved_plan(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    run_cli("plan", "graphs/shop.dot", "--strategy", "sandwich", "-o", out, check=True)
    direct = run_cli("plan", "graphs/shop.dot", "--strategy", "sandwich", check=True).stdout
    assert run_cli("show", out, check=True).stdout == direct
    assert run_cli("plan", "--from", out, check=True).stdout == direct
    assert run_cli("show", out, "--format", "json", check=True).stdout == out.read_text()


def test_show_refuses_an_unknown_schema(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    run_cli("plan", "graphs/shop.dot", "-o", out, check=True)
    data = json.loads(out.read_text())
    data["schema"] = "planner-plan/9"
    out.write_text(json.dumps(data))
    line = one_line_error(run_cli("show", out), 1)
    assert line == (
        f"planner: error: {out}: plan schema 'planner-plan/9' is not supported "
        "(this planner reads 'planner-plan/1' or 'planner-plan/2'); make the plan again with this version"
    )


def test_compare_shows_every_strategy(run_cli: RunCli) -> None:
    table = run_cli("compare", "graphs/shop.dot", check=True).stdout
    for label in ("top-down", "bottom-up", "sandwich (layer", "big-bang"):
        assert label in table
    data = json.loads(run_cli("compare", "graphs/shop.dot", "--format", "json", check=True).stdout)
    assert data["schema"] == "planner-compare/1"
    labels = [s["label"] for s in data["strategies"]]
    assert labels[:3] == ["top-down (breadth-first)", "top-down (depth-first)", "bottom-up"]
    bottom_up = data["strategies"][2]["metrics"]
    assert bottom_up["specific_stubs"] == 1 and bottom_up["drivers"] == 10


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["plan", "nope.dot"], 2, "planner: error: nope.dot: no such file or directory"),
        (["plan", "graphs/shop.dot", "--strategy", "middle-out"], 2, "unknown strategy 'middle-out'"),
        (["plan", "graphs/shop.dot", "--bogus"], 2, "planner plan: error: No such option: --bogus"),
        (["plan", "graphs/shop.dot", "--from", "x.json"], 2, "give either SOURCE"),
        (["plan", "graphs/shop.dot", "--target-layer", "2"], 2, "--target-layer does not apply to the bottom-up"),
        (["plan", "graphs/shop.dot", "--target-layer", "two"], 2, "Invalid value for '--target-layer'"),
        (["frobnicate"], 2, "No such command 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(run_cli: RunCli, args: list[str], code: int, fragment: str) -> None:
    assert fragment in one_line_error(run_cli(*args), code)


@pytest.mark.parametrize(
    ("name", "text", "fragment"),
    [
        ("bad.dot", "digraph {\n a -> \n}\n", "bad.dot:2: DOT syntax error"),
        ("graph.json", '{"hello": "world"}', 'not a node-link graph: expected an object with "nodes"'),
        ("cycle.dot", "digraph { a -> b [kind=inherit]; b -> a [kind=inherit] }", "cycle closed only by unbreakable"),
    ],
)
def test_bad_input_exits_1_with_one_line(run_cli: RunCli, tmp_path: Path, name: str, text: str, fragment: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    assert fragment in one_line_error(run_cli("plan", path), 1)


def test_debug_shows_the_traceback(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "bad.dot"
    path.write_text("digraph {")
    result = run_cli("plan", path, "--debug", real=True)  # the traceback the interpreter prints
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "GraphLoadError" in result.stderr


def test_version_and_help(run_cli: RunCli) -> None:
    from planner import __version__

    assert run_cli("--version", check=True).stdout == f"planner {__version__}\n"
    help_text = run_cli("--help", check=True).stdout
    for command in ("plan", "compare", "show"):
        assert command in help_text
    assert "--target-layer" in run_cli("plan", "--help", check=True).stdout


@pytest.mark.parametrize("command", [["plan", "--format", "json"], ["plan", "-s", "sandwich", "-f", "md"], ["compare"]])
def test_output_is_the_same_whatever_the_hash_seed(run_cli: RunCli, command: list[str]) -> None:
    outputs = {
        run_cli(command[0], "graphs/classes.dot", *command[1:], env={"PYTHONHASHSEED": seed}, check=True).stdout
        for seed in ("0", "1", "4242")
    }
    assert len(outputs) == 1


def test_bare_planner_prints_its_help_as_help_does(run_cli: RunCli) -> None:
    bare = run_cli()
    assert bare.returncode == 2  # still a usage mistake for a script, as git does
    assert bare.stderr == ""
    assert bare.stdout == run_cli("--help", check=True).stdout
    assert bare.stdout.startswith("Usage: planner [OPTIONS] COMMAND [ARGS]...\n")
    assert "\nCommands:\n" in bare.stdout
    sub = run_cli("ci")
    assert sub.returncode == 2
    assert sub.stdout == run_cli("ci", "--help", check=True).stdout


def test_a_piped_table_keeps_its_rows_whole_instead_of_wrapping_at_80_columns(run_cli: RunCli) -> None:
    piped = run_cli("plan", "graphs/shop.dot", env={"COLUMNS": ""}, check=True).stdout.splitlines()
    assert (
        "  shop.cache, shop.db: broke shop.cache -> shop.db (cost 1, briand-heuristic+local-search, proven optimal)"
        in (piped)
    )
    (row,) = [line for line in piped if "shop.cache    │ shop.db" in line]
    assert "shop.cache, shop.config, shop.money" in row
    assert max(map(len, piped)) > 100


# One invocation of every command both ways: the in-process run that most tests use (planner_cli)
# prints what the real ``python -m planner`` prints, byte for byte, with the same exit code.
# (run and audit always go to a real subprocess; test_selection_cli and test_audit_cli run them.)
BOTH_WAYS = [
    ["scan", "src", "--format", "json"],
    ["plan", "src", "--format", "md"],
    ["compare", "src"],
    ["show", "plan.json"],
    ["select", "plan.json", "--step", "3"],
    ["render", "plan.json", "-o", "-", "--format", "dot"],
    ["export", "import-linter", "src"],
    ["ci", "github", "plan.json"],
    ["doubles", "plan.json", "-o", "doubles"],
    ["plan", "no-such-source"],  # a one-line error and its exit code
]


@pytest.mark.parametrize("args", BOTH_WAYS, ids=lambda args: "-".join(args[:2]))
def test_in_process_and_real_subprocess_runs_print_the_same(
    planned_webshop: Path, tmp_path: Path, args: list[str]
) -> None:
    runs = []
    for real in (False, True):
        where = webshop_copy(planned_webshop, tmp_path / str(real))
        done = planner_cli(*args, cwd=where, real=real)
        written = {
            p.relative_to(where).as_posix(): p.read_bytes() for p in (where / "doubles").rglob("*") if p.is_file()
        }
        # the time a scan took, and how much of it the parse cache answered (the first run fills it)
        seconds = re.sub(r"\d+\.\d+ s\b|\b\d+ from cache\b", "N", done.stderr)
        runs.append((done.returncode, done.stdout, seconds, written))
    assert runs[0] == runs[1]
    assert runs[0][0] == (2 if args[1] == "no-such-source" else 0), runs[0][2]
