"""``planner export``: the contracts it writes are accepted by lint-imports and tach themselves,
which then refuse a new upward import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import RunCli

BIN = Path(sys.executable).parent

FILES = {
    "pkg/__init__.py": "",
    "pkg/ui.py": "from pkg import db, log\n",
    "pkg/db.py": "from pkg import log\n\n\ndef current():\n    from pkg import ui\n\n    return ui\n",
    "pkg/log.py": "import json\n",
    "pkg/report.py": "from pkg import log\n",
}


def project(root: Path) -> Path:
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def tool(name: str, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run one of the checkers, with the project first on the path: lint-imports beside this interpreter;
    tach from $PLANNER_TACH, its own virtual environment (.ci/run makes it: installed beside pytest, tach's
    pytest plugin would load into every run of the suite's real projects), else beside this interpreter."""
    exe = Path(os.environ["PLANNER_TACH"]) if name == "tach" and os.environ.get("PLANNER_TACH") else BIN / name
    if not exe.exists():
        pytest.skip(f"{name} is not installed (.ci/run installs tach in .venv-tach and sets PLANNER_TACH)")
    env = {**os.environ, "PYTHONPATH": str(cwd / "src") if (cwd / "src").is_dir() else str(cwd)}
    return subprocess.run(
        [str(exe), *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_lint_imports_keeps_the_exported_contract_and_breaks_it_on_a_new_upward_import(
    run_cli: RunCli, tmp_path: Path
) -> None:
    root = project(tmp_path)
    run_cli("export", "import-linter", "pkg", "-o", "contract.toml", cwd=root, check=True)
    kept = tool("lint-imports", "contract.toml", cwd=root)
    assert kept.returncode == 0, kept.stdout
    assert "1 kept, 0 broken" in kept.stdout
    assert "(1 ignored import)" in kept.stdout
    (root / "pkg" / "log.py").write_text("import json\n\nfrom pkg import report\n", encoding="utf-8")
    broken = tool("lint-imports", "contract.toml", cwd=root)
    assert broken.returncode == 1
    assert "pkg.log is not allowed to import pkg.report" in broken.stdout


def test_tach_accepts_the_exported_modules_and_refuses_a_new_dependency(run_cli: RunCli, tmp_path: Path) -> None:
    root = project(tmp_path)
    run_cli("export", "tach", "pkg", "-o", "tach.toml", cwd=root, check=True)
    kept = tool("tach", "check", "--exact", cwd=root)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    assert "is deprecated" in kept.stdout + kept.stderr  # the broken dependency, tolerated
    (root / "pkg" / "log.py").write_text("import json\n\nfrom pkg import report\n", encoding="utf-8")
    broken = tool("tach", "check", "--exact", cwd=root)
    assert broken.returncode == 1
    assert "pkg.report" in broken.stdout + broken.stderr


@pytest.mark.parametrize("which", ["import-linter", "tach"])
def test_the_export_is_deterministic_and_an_existing_file_is_refused(
    run_cli: RunCli, tmp_path: Path, which: str
) -> None:
    root = project(tmp_path)
    first = run_cli("export", which, "pkg", cwd=root, check=True).stdout
    assert first == run_cli("export", which, "pkg", "--no-cache", cwd=root, check=True).stdout
    (root / "out.toml").write_text("mine\n", encoding="utf-8")
    refused = run_cli("export", which, "pkg", "-o", "out.toml", cwd=root)
    assert refused.returncode == 1
    assert refused.stderr == "planner: error: out.toml: already exists; use --force to overwrite it\n"
    assert (root / "out.toml").read_text(encoding="utf-8") == "mine\n"
    run_cli("export", which, "pkg", "-o", "out.toml", "--force", cwd=root, check=True)
    assert (root / "out.toml").read_text(encoding="utf-8") == first


def test_tach_source_roots_are_relative_to_the_file(run_cli: RunCli, tmp_path: Path) -> None:
    project(tmp_path / "src")
    run_cli("export", "tach", "src/pkg", "-o", "tach.toml", cwd=tmp_path, check=True)
    assert 'source_roots = ["src"]' in (tmp_path / "tach.toml").read_text(encoding="utf-8")
    run_cli("export", "tach", "src/pkg", "-o", "conf/tach.toml", cwd=tmp_path, check=True)
    assert 'source_roots = ["../src"]' in (tmp_path / "conf" / "tach.toml").read_text(encoding="utf-8")


def test_a_graph_of_non_modules_and_an_unknown_tool_are_one_line_errors(run_cli: RunCli, tmp_path: Path) -> None:
    dot = tmp_path / "g.dot"
    dot.write_text('digraph { "web app" -> db }\n', encoding="utf-8")
    bad = run_cli("export", "tach", dot)
    assert bad.returncode == 2
    assert bad.stderr == (
        "planner: error: unit 'web app' is not a dotted Python module name: only module graphs can be exported\n"
    )
    unknown = run_cli("export", "pylint", dot)
    assert unknown.returncode == 2
    assert len(unknown.stderr.splitlines()) == 1
    assert "'pylint' is not one of 'import-linter', 'tach'" in unknown.stderr


@pytest.mark.slow
def test_both_tools_accept_the_export_of_a_real_package_with_a_cycle(run_cli: RunCli, tmp_path: Path) -> None:
    """Jinja2 3.1.4: 25 modules, one cycle of 17 broken at 5 imports (not installed in the test environment,
    so the checkers see the copy)."""
    from tests import sdists

    try:
        sdist = sdists.unpacked("Jinja2", "3.1.4")
    except sdists.DownloadError as exc:
        pytest.skip(str(exc))
    shutil.copytree(sdist / "src", tmp_path / "src")
    run_cli("export", "import-linter", "src/jinja2", "-o", "contract.toml", cwd=tmp_path, check=True)
    run_cli("export", "tach", "src/jinja2", "-o", "tach.toml", cwd=tmp_path, check=True)
    contract = (tmp_path / "contract.toml").read_text(encoding="utf-8")
    assert "5 imports break 1 cycle (proven optimal)" in contract
    linted = tool("lint-imports", "contract.toml", cwd=tmp_path)
    assert linted.returncode == 0, linted.stdout
    assert "1 kept, 0 broken" in linted.stdout
    checked = tool("tach", "check", "--exact", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "All modules validated" in checked.stdout + checked.stderr
