"""``-o``: ``-o -`` prints what the file would hold; a path that is not a regular file is refused."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import ROOT, RunCli
from tests.functional.test_cli import one_line_error

SHOP = "graphs/shop.dot"


@pytest.fixture(scope="module")
def plan_with_tests(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from planner.api import make_plan, write_plan

    path = tmp_path_factory.mktemp("plan") / "plan.json"
    write_plan(make_plan(ROOT / "examples/webshop", tests=[str(ROOT / "examples/webshop/tests")]), path)
    return path


COMMANDS = [
    ("plan", SHOP),
    ("plan", SHOP, "--format", "json"),
    ("plan", SHOP, "--format", "md"),
    ("compare", SHOP),
    ("scan", "examples/webshop"),
    ("render", SHOP, "--format", "dot"),
    ("render", SHOP, "--format", "mermaid"),
    ("show", "{plan}"),
    ("select", "{plan}", "--step", "12"),
    # the project declares no test requirements: the jobs are told how to install them (issue 13)
    ("ci", "github", "--install", "python -m pip install pytest", "{plan}"),
    ("ci", "gitlab", "--install", "python -m pip install pytest", "{plan}"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_dash_prints_the_bytes_the_file_gets(
    run_cli: RunCli, tmp_path: Path, plan_with_tests: Path, command: tuple[str, ...]
) -> None:
    # From the plan's directory, as planner ci wants the plan's path from the repository's top.
    args = ["plan.json" if arg == "{plan}" else str(ROOT / arg) if "/" in arg else arg for arg in command]
    out = tmp_path / ("out.json" if args[0] == "scan" else "out")
    to_file = run_cli(*args, "-o", out, cwd=plan_with_tests.parent, check=True)
    assert to_file.stdout == ""
    to_stdout = run_cli(*args, "-o", "-", cwd=plan_with_tests.parent, check=True)
    if args[0] == "ci":  # the file's header names the command that wrote it, -o FILE included
        assert to_stdout.stdout == run_cli(*args, cwd=plan_with_tests.parent, check=True).stdout
        made_by = f"planner {args[0]} {args[1]} plan.json "
        assert to_stdout.stdout.replace(made_by, f"{made_by}-o {out} ", 1) == out.read_text()
    else:
        assert to_stdout.stdout == out.read_text(encoding="utf-8")
    assert to_stdout.stdout.strip()
    assert "wrote" not in to_stdout.stderr
    assert not (plan_with_tests.parent / "-").exists()


def test_render_to_standard_output_needs_a_format(run_cli: RunCli) -> None:
    result = run_cli("render", SHOP, "-o", "-")
    assert one_line_error(result, 2).endswith("-o - writes to standard output: name the picture format with --format")


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_fifo_and_a_device_are_refused_by_the_command_line(run_cli: RunCli, tmp_path: Path, force: list[str]) -> None:
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    for command in (["plan", SHOP], ["render", SHOP, "--format", "dot"], ["scan", "examples/webshop"]):
        result = run_cli(*command, "-o", fifo, *force)
        assert one_line_error(result, 1).endswith(
            "plan.json: is a FIFO (named pipe), not a regular file: refusing to replace it"
        )
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    result = run_cli("plan", SHOP, "-o", "/dev/null", *force)
    assert "/dev/null: is a character device" in one_line_error(result, 1)
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_the_doubles_directory_cannot_go_to_standard_output(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("doubles", ROOT / SHOP, "-o", "-", cwd=tmp_path)
    assert one_line_error(result, 2) == (
        "planner: error: -o -: the doubles are a directory of files, not one stream; name a directory"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_the_doubles_directory_refuses_a_fifo_or_a_link_with_or_without_force(
    run_cli: RunCli, tmp_path: Path, force: list[str]
) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(tmp_path)
    for target in (fifo, link):
        result = run_cli("doubles", ROOT / SHOP, "-o", target, *force)
        assert one_line_error(result, 1) == (
            f"planner: error: {target}: exists and is not a directory; refusing to replace it"
        )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and link.is_symlink()
