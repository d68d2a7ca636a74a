"""``planner scan ... -o GRAPH.json`` runs without typer, pydantic, networkx or rich,
and writes what the typer command writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

FLAT = "tests/assets/scan/flat"
HEAVY = ("networkx", "typer", "click", "pydantic", "rich", "pydot")


def _typer_scan(args: list[str]) -> None:
    import typer.main

    from planner.cli.app import app

    typer.main.get_command(app).main(["scan", *args], prog_name="planner", standalone_mode=False)


@pytest.mark.parametrize(
    "args",
    [
        ["examples/webshop", "-o", "{out}"],
        ["examples/webshop", "--output={out}", "--scope", "import-time"],
        [FLAT, "-o{out}", "--external", "--through-init", "--include-tests", "--scope=all", "-j", "1"],
        [FLAT, "--exclude", "alpha", "--exclude=gamma/*", "--output", "{out}", "--scope", "deferred,guarded"],
    ],
)
def test_the_fast_path_writes_what_the_typer_command_writes(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.cli._scan_run import fast_scan

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "cache"))
    fast, slow = tmp_path / "fast.json", tmp_path / "slow.json"
    assert fast_scan([arg.replace("{out}", str(fast)) for arg in args])
    told_fast = capsys.readouterr().err.replace(str(fast), "OUT")
    _typer_scan([arg.replace("{out}", str(slow)) for arg in args])
    told_slow = capsys.readouterr().err.replace(str(slow), "OUT")
    assert fast.read_bytes() == slow.read_bytes()
    assert told_fast.split("(")[0] == told_slow.split("(")[0]  # the seconds differ
    assert fast.read_text().count("\n") == 1  # compact: one line


@pytest.mark.parametrize(
    "args",
    [
        ["examples/webshop"],  # text: the typer command explains the graph
        ["examples/webshop", "--help"],
        ["examples/webshop", "-o", "g.json", "--no-such-option"],
        ["examples/webshop", "-o", "g.json", "-o", "h.json"],
        ["examples/webshop", "-o", "g.json", "--jobs", "-1"],
        ["examples/webshop", "-o", "g.json", "--force=yes"],
        ["examples/webshop", "other", "-o", "g.json"],
        ["-o", "g.json"],
    ],
)
def test_what_the_fast_path_is_unsure_of_goes_to_typer(args: list[str]) -> None:
    from planner.cli._scan_run import fast_scan

    assert fast_scan(args) is False


def test_scan_to_a_file_imports_none_of_the_heavy_libraries(tmp_path: Path) -> None:
    out = tmp_path / "g.json"
    code = (
        "import sys; from planner.cli import main; "
        f"code = main(['scan', 'examples/webshop', '--cache-dir', {str(tmp_path)!r}, '-o', {str(out)!r}]); "
        "print(code, sorted({m.partition('.')[0] for m in sys.modules} & set(sys.argv[1:])))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *HEAVY], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split("\n")[0] == "0 []", done.stderr
    assert len(json.loads(out.read_text())["edges"]) == 20


def test_an_unchanged_tree_is_answered_from_its_proof_alone(tmp_path: Path) -> None:
    import shutil
    import time

    tree = tmp_path / "webshop"
    shutil.copytree(ROOT / "examples" / "webshop" / "src", tree)
    time.sleep(2.2)  # past the racy-timestamp window: the files are settled
    out = tmp_path / "g.json"
    code = (
        "import sys; from planner.cli import main; "
        f"code = main(['scan', {str(tree)!r}, '--cache-dir', {str(tmp_path / 'cache')!r}, '-o', {str(out)!r}, "
        "'--force']); "
        "print(code, sorted(m for m in sys.modules if m in sys.argv[1:]))"
    )
    unneeded = ["ast", "dataclasses", "planner.loaders.scan.model", "planner.loaders.scan.steps", *HEAVY]
    runs = [
        subprocess.run([sys.executable, "-c", code, *unneeded], cwd=ROOT, capture_output=True, text=True, timeout=120)
        for _ in range(2)
    ]
    cold, warm = runs
    assert cold.stdout.startswith(
        "0 ['ast', 'dataclasses', 'planner.loaders.scan.model', 'planner.loaders.scan.steps']"
    )
    assert warm.stdout.split("\n")[0] == "0 []", warm.stderr
    assert cold.stderr.split("(")[0] == warm.stderr.split("(")[0]
    assert "(12 from cache" in warm.stderr
