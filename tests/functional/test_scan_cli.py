"""``planner scan`` and scanning on the fly, through the real command line (a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, RunCli
from tests.golden_checks import check_golden

GOLDEN = ROOT / "tests" / "golden" / "scan"
FLAT = "tests/assets/scan/flat"


def scan_golden(name: str, text: str) -> None:
    check_golden(GOLDEN / name, text)


@pytest.mark.parametrize(("name", "args"), [("webshop.txt", []), ("webshop.json", ["-f", "json"])])
def test_scan_the_webshop(run_cli: RunCli, name: str, args: list[str]) -> None:
    result = run_cli("scan", "examples/webshop", "--no-cache", *args, check=True)
    scan_golden(name, result.stdout)
    assert result.stderr.startswith(
        "planner: scanned examples/webshop: 12 files, 12 units, 20 edges, 1 cycle, 0 files reported"
    )


def test_the_explanation_names_the_statement_behind_each_edge(run_cli: RunCli) -> None:
    out = run_cli("scan", "examples/webshop", "--no-cache", check=True).stdout
    assert "shop.cache\n  -> shop.config  (import-time; names: get)\n       14: from shop import config\n" in out
    assert "  -> shop.db  (deferred; names: fetch)\n       40: from shop import db" in out


def test_a_written_graph_plans_like_the_tree(run_cli: RunCli, tmp_path: Path) -> None:
    graph = tmp_path / "shop.json"
    run_cli("scan", "examples/webshop", "-o", graph, check=True)
    again = run_cli("scan", "examples/webshop", "-o", graph)
    assert again.returncode == 1 and "already exists; use --force" in again.stderr
    from_file = json.loads(run_cli("plan", graph, "-f", "json", check=True).stdout)
    from_tree = json.loads(run_cli("plan", "examples/webshop", "-f", "json", check=True).stdout)
    assert from_file["graph"]["sha256"] == from_tree["graph"]["sha256"]
    assert from_file["steps"] == from_tree["steps"]
    written = json.loads(graph.read_text())
    assert written["graph"]["root"] == "examples/webshop" and len(written["edges"]) == 20


def test_reports_go_to_standard_error_and_strict_fails(run_cli: RunCli) -> None:
    result = run_cli("scan", FLAT, "--no-cache")
    assert result.returncode == 0
    reported = [line for line in result.stderr.splitlines() if line.startswith("planner: reported: ")]
    assert len(reported) == 6
    assert f"planner: reported: {FLAT}/broken.py:3: syntax error: invalid syntax: not a module" in reported
    strict = run_cli("scan", FLAT, "--no-cache", "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[-1].startswith(f"planner: error: {FLAT}/bad-name.py: file name is not")
    assert "Traceback" not in strict.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["scan", "{empty}"], 1, "no Python modules found"),
        (["scan", "no/such/dir"], 2, "no/such/dir: no such file or directory"),
        (["scan", "examples/webshop", "--scope", "sometimes"], 2, "unknown scope 'sometimes'"),
        (["scan", "examples/webshop", "-o", "{empty}/g.dot"], 2, "name the file *.json"),
        (["scan", "examples/webshop", "--no-cache", "--cache-dir", "x"], 2, "contradict"),
        (["plan", FLAT, "--strict"], 1, "bad-name.py: file name is not a Python identifier"),
    ],
)
def test_bad_requests_get_one_line(run_cli: RunCli, tmp_path: Path, args: list[str], code: int, message: str) -> None:
    result = run_cli(*[arg.replace("{empty}", str(tmp_path)) for arg in args])
    assert result.returncode == code
    errors = [line for line in result.stderr.splitlines() if line.startswith("planner: error:")]
    assert len(errors) == 1 and message in errors[0]


def test_plan_and_compare_take_the_scanner_options(run_cli: RunCli) -> None:
    plain = run_cli("plan", "examples/webshop", "-f", "json", check=True)
    import_time = run_cli("plan", "examples/webshop", "--scope", "import-time", "-f", "json", check=True)
    assert json.loads(plain.stdout)["graph"]["edges"] == 20
    assert json.loads(import_time.stdout)["graph"]["edges"] == 19  # cache -> db is deferred
    assert "0 cycles" in import_time.stderr
    compare = run_cli("compare", FLAT, "--through-init", "--include-tests", "--external", "-f", "json", check=True)
    assert json.loads(compare.stdout)["graph"]["units"] == 22  # + tests.test_alpha, requests, yaml


def test_graph_files_ignore_scanner_options(run_cli: RunCli) -> None:
    result = run_cli("plan", "graphs/shop.dot", "--external", "--strict", check=True)
    assert "planner: scanned" not in result.stderr


def test_the_webshop_suite_passes() -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly"],
        cwd=ROOT / "examples" / "webshop",
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout.splitlines()[-1]


@pytest.mark.slow
def test_a_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    import pty
    import threading

    package = tmp_path / "big"
    package.mkdir()
    (package / "__init__.py").write_text("")
    body = "".join(f"def f{i}(x):\n    return [y * {i} for y in range(x) if y % 3]\n\n" for i in range(300))
    for i in range(400):
        (package / f"m{i}.py").write_text(f"from big import m{max(i - 1, 0)}\n" + body)
    command: list[str | os.PathLike[str]] = [
        sys.executable,
        "-m",
        "planner",
        "scan",
        str(package),
        "--no-cache",
        "-j",
        "1",
        "-o",
        tmp_path / "g.json",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", "COLUMNS": "100"}
    primary, secondary = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:  # read while it runs: a full terminal buffer would block the writer
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        run = subprocess.run(command, stderr=secondary, stdout=subprocess.DEVNULL, env=env, timeout=300)
    finally:
        os.close(secondary)
        reader.join(timeout=30)
        os.close(primary)
    seen = b"".join(chunks)
    assert run.returncode == 0
    assert b"parsing" in seen and b"/401" in seen  # the bar, on the terminal
    piped = subprocess.run([*command[:-2], "-o", tmp_path / "h.json"], capture_output=True, env=env, timeout=300)
    assert b"parsing" not in piped.stderr  # not on a pipe
    assert piped.stderr.decode().count("\n") == 2  # the summary and "wrote ..."


def test_reports_are_printed_before_an_empty_scan_fails(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("x = (\n")
    result = run_cli("scan", tmp_path, "--no-cache")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"planner: reported: {tmp_path}/broken.py:1: syntax error: '(' was never closed: not a module",
        f"planner: error: {tmp_path}: no Python modules found; 1 file(s) reported",
    ]
