"""``planner render`` from the command line: every format, every input, every refusal."""

from __future__ import annotations

import json
import re
import shutil
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from planner import api
from tests.conftest import RunCli

EXAMPLES = ["shop.dot", "textbook.dot", "classes.dot"]
STRATEGIES = ["top-down", "bottom-up", "sandwich", "big-bang"]
SVG = "{http://www.w3.org/2000/svg}"
needs_graphviz = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz is not installed (apt-get install graphviz)"
)


def _svg_nodes(path: Path) -> dict[str, set[str]]:
    """Each drawn node's text, by its class (``unit``, ``stub``, ``driver``, ...)."""
    root = ET.parse(path).getroot()
    found: dict[str, set[str]] = {}
    for g in root.iter(f"{SVG}g"):
        classes = (g.get("class") or "").split()
        if "node" not in classes:
            continue
        text = " ".join("".join(t.itertext()) for t in g.iter(f"{SVG}text"))
        for name in classes:
            found.setdefault(name, set()).add(text)
    return found


@needs_graphviz
@pytest.mark.parametrize("example", EXAMPLES)
def test_the_svg_of_a_graph_draws_every_unit(run_cli: RunCli, tmp_path: Path, example: str) -> None:
    output = tmp_path / "graph.svg"
    result = run_cli("render", f"graphs/{example}", "-o", output)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"planner: wrote {output}"
    units = set(api.load(f"graphs/{example}").nodes)
    assert _svg_nodes(output)["unit"] == units


@needs_graphviz
@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("strategy", STRATEGIES)
def test_the_svg_of_a_plan_numbers_every_unit_with_its_step(
    run_cli: RunCli, tmp_path: Path, example: str, strategy: str
) -> None:
    output = tmp_path / "plan.svg"
    run_cli("render", f"graphs/{example}", "-s", strategy, "-o", output, check=True)
    plan = api.make_plan(f"graphs/{example}", strategy=strategy)
    want = {f"{s.index}. {u} wave {s.wave}" for s in plan.steps for u in s.units}
    assert _svg_nodes(output)["unit"] == want


@needs_graphviz
def test_the_svg_of_a_step_marks_the_stubs_and_drivers_in_force(run_cli: RunCli, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    run_cli("plan", "graphs/shop.dot", "-s", "top-down", "-o", plan_file, check=True)
    plan = api.read_plan(plan_file)
    output = tmp_path / "step.svg"
    run_cli("render", plan_file, "--step", "5", "-o", output, check=True)
    nodes = _svg_nodes(output)
    step = plan.steps[4]
    assert nodes["stub"] == {f"stub for {s.unit}" for s in step.stubs}
    assert nodes.get("driver", set()) == {f"driver for {d.unit}" for d in step.drivers}
    assert nodes["current"] == {f"5. {u} wave {step.wave}" for u in step.units}
    assert len(nodes["pending"]) == sum(len(s.units) for s in plan.steps[5:])


@needs_graphviz
@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG\r\n\x1a\n"), (".pdf", b"%PDF-")])
def test_png_and_pdf_come_from_graphviz(run_cli: RunCli, tmp_path: Path, suffix: str, magic: bytes) -> None:
    output = tmp_path / f"plan{suffix}"
    run_cli("render", "graphs/textbook.dot", "-s", "bottom-up", "-o", output, check=True)
    assert output.read_bytes().startswith(magic)
    time.sleep(1.1)  # Graphviz writes the time, to the second, into a PDF: planner fixes it
    again = tmp_path / f"again{suffix}"
    run_cli("render", "graphs/textbook.dot", "-s", "bottom-up", "-o", again, check=True)
    assert again.read_bytes() == output.read_bytes()


def test_a_plan_file_is_recognised_and_drawn_from_the_file_alone(run_cli: RunCli, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    run_cli("plan", "graphs/shop.dot", "-s", "bottom-up", "-o", plan_file, check=True)
    from_file = tmp_path / "from-file.dot"
    on_the_fly = tmp_path / "on-the-fly.dot"
    run_cli("render", plan_file, "-o", from_file, check=True)
    run_cli("render", "graphs/shop.dot", "-s", "bottom-up", "-o", on_the_fly, check=True)
    # Every dependency of this plan runs between steps, so the plan file alone draws all of it.
    assert from_file.read_text() == on_the_fly.read_text()


def test_a_clustered_plan_needs_its_graph_for_the_dependencies_inside_a_step(run_cli: RunCli, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    run_cli("plan", "graphs/shop.dot", "--cycles", "cluster", "-o", plan_file, check=True)
    alone = run_cli("render", plan_file, "-o", tmp_path / "alone.dot")
    assert alone.returncode == 0 and "--graph SOURCE" in alone.stderr
    with_graph = run_cli("render", plan_file, "--graph", "graphs/shop.dot", "-o", tmp_path / "with.dot")
    assert with_graph.returncode == 0 and "note:" not in with_graph.stderr
    assert (tmp_path / "with.dot").read_text().count("->") == (tmp_path / "alone.dot").read_text().count("->") + 2


def test_the_graph_of_a_plan_must_be_the_one_it_was_made_from(run_cli: RunCli, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    run_cli("plan", "graphs/shop.dot", "-o", plan_file, check=True)
    result = run_cli("render", plan_file, "--graph", "graphs/textbook.dot", "-o", tmp_path / "x.dot")
    assert result.returncode == 1
    assert result.stderr.startswith(f"planner: error: {plan_file}: the plan was made from another graph")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.dot").exists()


def test_without_graphviz_dot_and_mermaid_work_and_the_rest_says_what_to_install(
    run_cli: RunCli, tmp_path: Path
) -> None:
    empty = {"PATH": ""}
    for suffix in (".dot", ".mmd"):
        result = run_cli("render", "graphs/shop.dot", "-s", "sandwich", "-o", tmp_path / f"ok{suffix}", env=empty)
        assert result.returncode == 0, result.stderr
    for suffix in (".svg", ".png", ".pdf", ".html"):
        output = tmp_path / f"no{suffix}"
        result = run_cli("render", "graphs/shop.dot", "-o", output, env=empty)
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr
        assert "needs Graphviz" in lines[0] and "apt-get install graphviz" in lines[0]
        assert "https://graphviz.org/download/" in lines[0]
        assert not output.exists()


def test_an_unknown_suffix_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("render", "graphs/shop.dot", "-o", tmp_path / "picture.jpg")
    assert result.returncode == 2
    assert "cannot tell the picture format from '.jpg'" in result.stderr
    assert ".svg" in result.stderr and ".mmd" in result.stderr
    assert not (tmp_path / "picture.jpg").exists()


def test_an_existing_output_is_kept_without_force(run_cli: RunCli, tmp_path: Path) -> None:
    output = tmp_path / "picture.dot"
    output.write_text("mine\n")
    result = run_cli("render", "graphs/shop.dot", "-o", output)
    assert result.returncode == 1
    assert result.stderr.strip() == f"planner: error: {output}: already exists; use --force to overwrite it"
    assert output.read_text() == "mine\n"
    assert run_cli("render", "graphs/shop.dot", "-o", output, "--force").returncode == 0
    assert output.read_text().startswith("digraph planner {")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["graphs/shop.dot", "--step", "2"], "--step shows a step of a plan"),
        (["graphs/shop.dot", "-s", "bottom-up", "--step", "13"], "--step 13 is out of range: the plan has 12 steps"),
        (["graphs/shop.dot", "-s", "bottom-up", "--depth", "1"], "--depth is for graph pictures, not plans"),
        (["graphs/shop.dot", "--graph", "graphs/shop.dot"], "--graph goes with a plan file"),
        (["graphs/shop.dot", "-s", "sideways"], "unknown strategy 'sideways'"),
        (["graphs/nowhere.dot"], "graphs/nowhere.dot: no such file or directory"),
        (["graphs/shop.dot", "--depth", "0"], "Invalid value for '--depth'"),
    ],
)
def test_requests_that_cannot_be_drawn_are_refused_in_one_line(
    run_cli: RunCli, tmp_path: Path, args: list[str], message: str
) -> None:
    result = run_cli("render", *args, "-o", tmp_path / "x.dot")
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_plan_file_refuses_planning_options_and_unknown_schemas(run_cli: RunCli, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    run_cli("plan", "graphs/shop.dot", "-o", plan_file, check=True)
    result = run_cli("render", plan_file, "-s", "top-down", "-o", tmp_path / "x.dot")
    assert result.returncode == 2 and "is a plan file, already planned: --strategy" in result.stderr
    data = json.loads(plan_file.read_text())
    data["schema"] = "planner-plan/9"
    future = tmp_path / "future.json"
    future.write_text(json.dumps(data))
    result = run_cli("render", future, "-o", tmp_path / "x.dot")
    assert result.returncode == 1
    assert "plan schema 'planner-plan/9' is not supported" in result.stderr


def test_a_graph_in_node_link_json_is_not_mistaken_for_a_plan(run_cli: RunCli, tmp_path: Path) -> None:
    output = tmp_path / "shop.mmd"
    run_cli("render", "graphs/shop.json", "-o", output, check=True)
    assert output.read_text().startswith('---\ntitle: "graphs/shop.json: 12 units, 20 dependencies"')


@needs_graphviz
def test_a_page_of_a_graph_shows_the_default_plan_and_says_so(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("render", "graphs/textbook.dot", "-o", tmp_path / "plan.html")
    assert result.returncode == 0
    assert "note: no --strategy given: the page shows the bottom-up plan" in result.stderr
    assert "<h1>Integration plan: bottom-up</h1>" in (tmp_path / "plan.html").read_text()


@needs_graphviz
def test_a_page_of_a_plan_file_compares_the_strategies_on_the_graph_it_names(run_cli: RunCli, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    run_cli("plan", "graphs/shop.dot", "-s", "top-down", "-o", plan_file, check=True)  # source: graphs/shop.dot
    run_cli("render", plan_file, "-o", tmp_path / "here.html", check=True)
    here = (tmp_path / "here.html").read_text()
    assert "Every strategy planned on the same graph" in here and "<tr><td>big-bang" in here
    # From elsewhere the recorded path names nothing (or another graph): the page says how to give it.
    run_cli("render", plan_file, "-o", tmp_path / "there.html", cwd=tmp_path, check=True)
    assert "The other strategies are not shown" in (tmp_path / "there.html").read_text()


def test_around_draws_a_neighbourhood_and_refuses_a_plan(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "around.mmd"
    run_cli("render", "graphs/shop.dot", "--around", "shop.db", "--depth", "1", "-o", out, check=True)
    text = out.read_text(encoding="utf-8")
    assert "6 units within 1 of shop.db" in text
    assert "shop.app" not in text  # two dependencies away
    refused = run_cli("render", "graphs/shop.dot", "--around", "shop.db", "-s", "top-down", "-o", tmp_path / "p.mmd")
    assert refused.returncode == 2
    assert refused.stderr == "planner: error: --around is for graph pictures, not plans (leave out --strategy)\n"


def _svg_width(path: Path) -> float:
    """The picture's width in points, as Graphviz writes it (``width="1099pt"``)."""
    return float(ET.parse(path).getroot().get("width", "0").removesuffix("pt"))


def test_a_big_graph_collapses_to_packages_unless_max_nodes_says_otherwise(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "packages.mmd"
    done = run_cli("render", "tests/assets/render/packages.json", "-o", out, check=True)
    assert "60 units collapsed to 21 packages to stay within --max-nodes 25" in done.stderr
    text = out.read_text(encoding="utf-8")
    assert "collapsed to 21 packages to fit --max-nodes 25 (0 draws every unit)" in text
    assert len(re.findall(r"^ +n\d+[\[(]", text, flags=re.M)) == 21  # node declarations
    whole = tmp_path / "whole.mmd"
    done = run_cli("render", "tests/assets/render/packages.json", "--max-nodes", "0", "-o", whole, check=True)
    assert "collapsed" not in done.stderr + whole.read_text(encoding="utf-8")
    assert len(re.findall(r"^ +n\d+[\[(]", whole.read_text(encoding="utf-8"), flags=re.M)) == 60
    bad = run_cli("render", "tests/assets/render/packages.json", "--max-nodes", "-1", "-o", tmp_path / "x.mmd")
    assert bad.returncode == 2 and "--max-nodes" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.slow
@needs_graphviz
def test_a_real_flat_package_stays_within_1500_points(run_cli: RunCli, tmp_path: Path) -> None:
    """rich 13.9.4: 78 modules, all directly in ``rich``, one import cycle of 53 of them."""
    from tests import sdists

    try:
        rich = sdists.unpacked("rich", "13.9.4") / "rich"
    except sdists.DownloadError as exc:
        pytest.skip(str(exc))
    widths = {}
    for name, args in {
        "graph, whole": ["--max-nodes", "0"],
        "graph": [],
        "plan, whole": ["-s", "bottom-up", "--max-nodes", "0"],
        "plan": ["-s", "bottom-up"],
    }.items():
        out = tmp_path / f"{name}.svg"
        run_cli("render", rich, *args, "-o", out, check=True)
        widths[name] = _svg_width(out)
    assert widths["graph"] <= 1500 and widths["plan"] <= 1500, widths
    assert widths["graph, whole"] > 3 * widths["graph"] and widths["plan, whole"] > 3 * widths["plan"], widths


def test_render_takes_the_scanner_options(tmp_path: Path) -> None:
    """The scan options are declared once and every command that scans takes them: render too."""
    from planner.cli import main

    whole, without = tmp_path / "whole.mmd", tmp_path / "without.mmd"
    assert main(["render", "examples/webshop", "-o", str(whole)]) == 0
    assert main(["render", "examples/webshop", "-o", str(without), "--exclude", "cache.py", "--no-cache"]) == 0
    assert '("shop.cache")' in whole.read_text()
    assert "shop.cache" not in without.read_text()
    assert main(["render", "examples/webshop", "-o", str(tmp_path / "x.mmd"), "--scope", "nowhere"]) == 2
