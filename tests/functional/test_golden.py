"""Golden files: the table, JSON and Markdown outputs on the example graphs.

Each expected output lives in ``tests/golden/``; a difference fails with a
diff. After a deliberate change, regenerate them with::

    UPDATE_GOLDEN=1 python -m pytest tests/functional/test_golden.py

and review the diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import main
from tests.golden_checks import check_golden

GOLDEN = Path(__file__).parents[1] / "golden"
EXAMPLES = ["shop.dot", "textbook.dot", "classes.dot"]
FORMATS = {"table": "txt", "json": "json", "md": "md"}

CASES = [
    (f"plan/{example.removesuffix('.dot')}.{strategy}.{ext}", ["plan", f"graphs/{example}", "-s", strategy, "-f", fmt])
    for example in EXAMPLES
    for strategy in ("top-down", "bottom-up", "sandwich", "big-bang")
    for fmt, ext in FORMATS.items()
]
CASES += [
    (
        f"plan/{example.removesuffix('.dot')}.top-down-dfs.txt",
        ["plan", f"graphs/{example}", "-s", "top-down", "--variant", "depth-first"],
    )
    for example in EXAMPLES
]
CASES += [
    (f"compare/{example.removesuffix('.dot')}.{ext}", ["compare", f"graphs/{example}", "-f", fmt])
    for example in EXAMPLES
    for fmt, ext in FORMATS.items()
]


@pytest.mark.parametrize(("name", "args"), CASES, ids=[name for name, _ in CASES])
def test_output_matches_the_golden_file(
    name: str, args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(Path(__file__).parents[2])
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(args) == 0
    check_golden(GOLDEN / name, capsys.readouterr().out)
