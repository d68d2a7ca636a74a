"""Every command reads SOURCE the same way (planner.loaders.source.open_source)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import main
from tests.unit.loaders.test_cito_csv import write_system


def test_doubles_of_a_cito_csv_folder_plan_it_as_a_graph_not_a_source_tree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A folder was taken for a source tree here, and the CITO loader was handed the scanner's options.
    system = write_system(tmp_path)
    assert main(["doubles", str(system), "-o", str(tmp_path / "out")]) == 0
    assert "internal error" not in capsys.readouterr().err
    assert (tmp_path / "out/drivers/test_driver_Status.py").is_file()
