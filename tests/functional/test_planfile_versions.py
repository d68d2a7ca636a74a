"""Every consumer reads plan files of both schema versions, from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, RunCli

V1 = ROOT / "tests" / "assets" / "planfiles" / "shop-top-down.v1.json"


@pytest.fixture
def plans(tmp_path: Path, run_cli: RunCli) -> dict[str, Path]:
    """The same plan of graphs/shop.dot, as written by an earlier version (v1) and by this one (v2)."""
    shutil.copytree(ROOT / "graphs", tmp_path / "graphs")
    v1 = tmp_path / "v1.json"
    shutil.copy(V1, v1)
    v2 = tmp_path / "v2.json"
    run_cli("plan", "graphs/shop.dot", "--strategy", "top-down", "-o", v2, cwd=tmp_path, check=True)
    return {"v1": v1, "v2": v2}


def test_show_gives_the_same_table_for_both_versions(plans: dict[str, Path], run_cli: RunCli, tmp_path: Path) -> None:
    tables = [run_cli("show", plans[v], cwd=tmp_path, check=True).stdout for v in ("v1", "v2")]
    assert tables[0] == tables[1]
    assert "Stubs in force" in tables[0]


def test_show_converts_a_version_1_file_to_version_2(plans: dict[str, Path], run_cli: RunCli, tmp_path: Path) -> None:
    converted = json.loads(run_cli("show", plans["v1"], "--format", "json", cwd=tmp_path, check=True).stdout)
    fresh = json.loads(plans["v2"].read_text(encoding="utf-8"))
    assert converted["schema"] == fresh["schema"] == "planner-plan/2"
    assert converted["steps"] == fresh["steps"]
    # v1 kept one list of names per step for all the dependants served: spans and dependants are exact
    assert [(d["unit"], d["for"], d["first"], d["last"]) for d in converted["stubs"]] == [
        (d["unit"], d["for"], d["first"], d["last"]) for d in fresh["stubs"]
    ]
    assert converted["drivers"] == fresh["drivers"]


def test_every_consumer_reads_both_versions_alike(plans: dict[str, Path], run_cli: RunCli, tmp_path: Path) -> None:
    outputs = {}
    for version, plan in plans.items():
        out = tmp_path / version
        out.mkdir()
        run_cli("render", plan, "-o", out / "plan.mmd", cwd=tmp_path, check=True)
        ci = ["ci", "github", plan.name, "--run", "make integration-step"]
        workflow = run_cli(*ci, cwd=tmp_path, check=True).stdout
        run_cli("doubles", plan, "-o", out / "doubles", cwd=tmp_path, check=True)
        files = sorted(str(p.relative_to(out / "doubles")) for p in (out / "doubles").rglob("*.py"))
        refused = run_cli("select", plan, "--step", "1", cwd=tmp_path)
        assert refused.returncode == 2, refused.stderr  # a plan made without --tests has nothing to select
        outputs[version] = ((out / "plan.mmd").read_text(encoding="utf-8"), workflow.replace(version, "V"), files)
    assert "flowchart TB" in outputs["v1"][0]
    assert "make integration-step" in outputs["v1"][1]
    assert outputs["v1"][2]  # stubs and drivers were written
    assert outputs["v1"] == outputs["v2"]
