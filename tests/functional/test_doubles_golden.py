"""Golden files: the stubs, drivers and manifest of a small hand-written package.

``tests/assets/doubles/inventory`` is planned top-down (stubs at every step) and
bottom-up (drivers); every file ``planner doubles`` writes is compared with
``tests/golden/doubles/<strategy>/``. After a deliberate change, regenerate with::

    UPDATE_GOLDEN=1 python -m pytest tests/functional/test_doubles_golden.py

and review the diff before committing. The generated files must also be
formatted (``ruff format --check``), the same whatever the hash seed, and
import as the real package's modules do.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner import api
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "doubles"
SOURCE = "tests/assets/doubles/inventory"
STRATEGIES = ["top-down", "bottom-up"]


def generate(strategy: str) -> dict[str, str]:
    command = f"planner doubles {SOURCE} --strategy {strategy} -o doubles"
    plan = api.make_plan(SOURCE, strategy=strategy)
    doubles = api.make_doubles(plan, command=command)
    return {item.path: item.text for item in doubles.files}


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_generated_files_match_the_golden_files(strategy: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    files = generate(strategy)
    folder = GOLDEN / strategy
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(folder, ignore_errors=True)
        for path, text in files.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
    want = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(want)
    for path, text in files.items():
        if text != want[path]:
            diff = "".join(difflib.unified_diff(want[path].splitlines(True), text.splitlines(True), path, "generated"))
            pytest.fail(f"{strategy}/{path} differs from the golden file (UPDATE_GOLDEN=1 regenerates it):\n{diff}")


def test_generated_files_are_formatted() -> None:
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    result = subprocess.run([ruff, "format", "--isolated", "--check", str(GOLDEN)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generation_is_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    outputs = []
    out = tmp_path / "doubles"
    for seed in ("1", "2"):
        command = [sys.executable, "-m", "planner", "doubles", SOURCE, "-s", "top-down", "-o", str(out), "--force"]
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert outputs[0] == outputs[1]


def test_the_golden_stubs_import_without_the_package(tmp_path: Path) -> None:
    """Every golden stub imports where the real package cannot be found (only the stubs root)."""
    probe = (
        "import importlib, sys\n"
        "for name in sys.argv[1:]:\n"
        "    module = importlib.import_module(name)\n"
        "    assert module.__planner_stub__, name\n"
    )
    stubs = GOLDEN / "top-down" / "stubs"
    names = ["inventory.items", "inventory.store"]
    env = {"PYTHONPATH": os.pathsep.join([str(stubs), str(ROOT)])}
    command = [sys.executable, "-S", "-B", "-c", probe, *names]  # -B: no bytecode written into the golden files
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def code_lines_over(text: str, width: int) -> list[str]:
    """The lines of ``text`` longer than ``width``, but for comment lines, docstrings (kept byte
    for byte) and lines long only because of one string literal (a path, a call site's text),
    which no formatter splits."""
    import io
    import tokenize

    kept: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        alone = token.line.strip() == token.string
        if token.type == tokenize.STRING and token.start[0] != token.end[0]:
            kept.update(range(token.start[0], token.end[0] + 1))
        elif (token.type == tokenize.COMMENT and alone) or (
            token.type == tokenize.STRING and len(token.line.rstrip("\n")) - len(token.string) <= width
        ):
            kept.add(token.start[0])
    return [line for n, line in enumerate(text.splitlines(), 1) if len(line) > width and n not in kept]


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_generated_files_follow_the_projects_line_length(strategy: str, tmp_path: Path) -> None:
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    shutil.copytree(ROOT / SOURCE, tmp_path / "inventory")
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 60\n", encoding="utf-8")
    out = tmp_path / "doubles"
    api.write_doubles(api.make_doubles(api.make_plan(tmp_path / "inventory", strategy=strategy)), out)
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.rglob("*.py")}
    assert {name: code_lines_over(text, 60) for name, text in texts.items()} == {name: [] for name in texts}
    at_88 = generate(strategy)  # the repository's own copy: no line length set, ruff's default
    assert any(code_lines_over(text, 60) for path, text in at_88.items() if path.endswith(".py"))
    # ruff, run where the project's configuration applies: formatted, and nothing to report
    for command in (["format", "--check"], ["check"]):
        done = subprocess.run([ruff, *command, "doubles"], cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
