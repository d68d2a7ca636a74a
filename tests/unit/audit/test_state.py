"""The state file: what --resume reads back, and what it ignores."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.audit.model import MutantResult
from planner.audit.state import State, state_key
from planner.errors import OutputError

RESULT = MutantResult(
    "pkg.a",
    1,
    "pkg/a.py",
    3,
    "ROR",
    "abc",
    "late",
    2,
    step=3,
    units=("pkg.b",),
    dependency=("pkg.b", "pkg.a"),
    killer="t.py::x",
)


def test_results_are_read_back_on_resume_only(tmp_path: Path) -> None:
    path = tmp_path / "audit" / "k.jsonl"
    State(path, resume=False).add(RESULT)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"fate": "late", "unit": "cut sho')  # a line an interrupted run cut short
    assert State(path, resume=True).done == {("pkg.a", 1, "abc"): RESULT}
    assert State(path, resume=False).done == {}
    assert path.read_text(encoding="utf-8") == ""


def test_the_key_changes_with_what_changes_the_figures() -> None:
    keys = {
        state_key(b"plan", per_unit=3, seed=0, all_tests=False),
        state_key(b"plan", per_unit=4, seed=0, all_tests=False),
        state_key(b"plan", per_unit=3, seed=1, all_tests=False),
        state_key(b"plan", per_unit=3, seed=0, all_tests=True),
        state_key(b"plan2", per_unit=3, seed=0, all_tests=False),
    }
    assert len(keys) == 5


def test_the_tests_failing_before_any_mutant_are_read_back(tmp_path: Path) -> None:
    path = tmp_path / "k.jsonl"
    state = State(path, resume=False)
    state.add_baseline(("t.py::broken",))
    state.add(RESULT)
    again = State(path, resume=True)
    assert again.baseline_failing == ("t.py::broken",)
    assert list(again.done.values()) == [RESULT]


def test_a_state_file_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(OutputError, match=r"cannot write the audit's state file .*: give another state_dir"):
        State(tmp_path / "file" / "audit" / "k.jsonl", resume=False)
