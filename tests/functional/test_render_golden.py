"""Golden files for the DOT and Mermaid pictures: no Graphviz needed.

Every example graph in ``graphs/`` is drawn as a graph, as the plan of each
strategy, as one step of a plan and collapsed by packages; the expected text
lives in ``tests/golden/render/``. After a deliberate change, regenerate with::

    UPDATE_GOLDEN=1 python -m pytest tests/functional/test_render_golden.py

and look at the diff (and at the pictures) before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import main
from tests.conftest import RunCli
from tests.golden_checks import check_golden

ROOT = Path(__file__).parents[2]
GOLDEN = ROOT / "tests" / "golden" / "render"
EXAMPLES = ["shop.dot", "textbook.dot", "classes.dot"]
STRATEGIES = ["top-down", "bottom-up", "sandwich", "big-bang"]
PACKAGES = "tests/assets/render/packages.json"

CASES: list[tuple[str, list[str]]] = []
for example in EXAMPLES:
    stem = example.removesuffix(".dot")
    source = f"graphs/{example}"
    CASES.append((f"{stem}.graph", [source]))
    CASES += [(f"{stem}.{strategy}", [source, "-s", strategy]) for strategy in STRATEGIES]
    CASES.append((f"{stem}.bottom-up.step-4", [source, "-s", "bottom-up", "--step", "4"]))
    CASES.append((f"{stem}.top-down.step-3", [source, "-s", "top-down", "--step", "3"]))
CASES += [
    ("shop-json.graph", ["graphs/shop.json"]),
    ("shop-graphml.graph", ["graphs/shop.graphml"]),
    ("shop.graph.depth-1", ["graphs/shop.dot", "--depth", "1"]),
    ("shop.graph.collapse-cycles", ["graphs/shop.dot", "--collapse-cycles"]),
    ("classes.cluster", ["graphs/classes.dot", "-s", "bottom-up", "--cycles", "cluster"]),
    ("packages.graph.depth-1", [PACKAGES, "--depth", "1"]),
    ("packages.graph.depth-2", [PACKAGES, "--depth", "2"]),
    ("packages.graph.depth-2-cycles", [PACKAGES, "--depth", "2", "--collapse-cycles"]),
]
PARAMS = [(f"{name}.{ext}", args) for name, args in CASES for ext in ("dot", "mmd")]


@pytest.mark.parametrize(("name", "args"), PARAMS, ids=[name for name, _ in PARAMS])
def test_picture_matches_the_golden_file(
    name: str, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    output = tmp_path / name
    assert main(["render", *args, "-o", str(output)]) == 0
    check_golden(GOLDEN / name, output.read_text(encoding="utf-8"))


def test_the_pictures_are_the_same_whatever_the_hash_seed(run_cli: RunCli, tmp_path: Path) -> None:
    texts = []
    for seed in ("0", "1", "12345"):
        output = tmp_path / f"shop-{seed}.dot"
        run_cli(
            "render",
            "graphs/shop.dot",
            "-s",
            "sandwich",
            "--step",
            "5",
            "-o",
            output,
            env={"PYTHONHASHSEED": seed},
            check=True,
        )
        texts.append(output.read_bytes())
    assert texts[0] == texts[1] == texts[2]
