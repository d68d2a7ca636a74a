"""``planner run`` starts without typer, pydantic or rich, and reads its arguments as the typer command does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.functional.test_run_faults import FILES, env

HEAVY = ("typer", "click", "pydantic", "rich", "networkx")


def test_the_tables_name_exactly_the_typer_commands_options() -> None:
    import typer.main

    from planner.cli._run_fast import FLAGS, NEGATIONS, VALUES
    from planner.cli.app import app

    command = typer.main.get_command(app).commands["run"]  # type: ignore[attr-defined]  # a group's commands
    flags: dict[str, str | None] = {}
    negations: dict[str, str | None] = {}
    values: dict[str, str | None] = {}
    for param in command.params:
        if param.param_type_name != "option":
            continue
        for name in param.opts:
            (flags if param.is_flag else values)[name] = param.name
        for name in param.secondary_opts:
            negations[name] = param.name
    assert flags == FLAGS
    assert negations == NEGATIONS
    assert values == VALUES


@pytest.mark.parametrize(
    ("args", "parsed"),
    [
        (["plan.json"], {"plan_file": "plan.json", "pytest_args": []}),
        (
            ["plan.json", "--keep-going", "--from-step", "3", "--timeout=2.5", "-fjson", "--", "-n", "2", "-x"],
            {
                "plan_file": "plan.json",
                "keep_going": True,
                "from_step": "3",
                "timeout": "2.5",
                "fmt": "json",
                "pytest_args": ["-n", "2", "-x"],
            },
        ),
        (
            ["--junit-dir", "out", "plan.json", "--strict-plan", "--isolate", "--", "--", "-k", "not slow"],
            {
                "plan_file": "plan.json",
                "junit_dir": "out",
                "strict_plan": True,
                "isolate": True,
                "pytest_args": ["--", "-k", "not slow"],
            },
        ),
    ],
)
def test_the_fast_path_reads_the_arguments_as_click_does(args: list[str], parsed: dict[str, object]) -> None:
    from planner.cli._run_fast import _parse

    assert _parse(args) == parsed


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["plan.json", "--help"],
        ["plan.json", "--no-such-option"],
        ["plan.json", "--from-step", "0"],
        ["plan.json", "--from-step", "two"],
        ["plan.json", "--timeout", "0"],
        ["plan.json", "--format", "xml"],
        ["plan.json", "-f", "json", "--format", "text"],
        ["plan.json", "--keep-going=yes"],
        ["plan.json", "--junit-dir"],
    ],
)
def test_what_the_fast_path_is_unsure_of_goes_to_typer(args: list[str]) -> None:
    from planner.cli._run_fast import fast_run

    assert fast_run(args) is None  # nothing was run: typer answers, with its own message


def test_planner_run_imports_none_of_the_heavy_libraries(tmp_path: Path) -> None:
    root = tmp_path / "tiny"
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    made = subprocess.run(
        [sys.executable, "-m", "planner", "plan", "src", "--tests", "tests", "--no-cache", "-o", "plan.json"],
        cwd=root, env=env(), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    code = (
        "import sys; from planner.cli import main; code = main(['run', 'plan.json']); "
        "print(code, sorted({m.partition('.')[0] for m in sys.modules} & set(sys.argv[1:])))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *HEAVY], cwd=root, env=env(), capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert done.stdout.splitlines()[-1] == "0 []", done.stdout + done.stderr
    assert "passed  tiny.top: 2 passed" in done.stderr  # the progress, plain: stderr is no terminal
