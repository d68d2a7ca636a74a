"""The command line turns the cyclic garbage collector off while a command runs (a short
process building large acyclic structures), never for ``planner run`` (it hosts the user's
pytest session), and always gives it back, even when the command fails."""

from __future__ import annotations

import gc

import pytest

from planner.cli import _without_cyclic_gc, main


def test_a_command_runs_without_the_collector_and_gives_it_back() -> None:
    assert gc.isenabled()
    with _without_cyclic_gc(["plan", "graph.json"]):
        assert not gc.isenabled()
    assert gc.isenabled()


def test_run_keeps_the_collector_for_the_users_tests() -> None:
    with _without_cyclic_gc(["run", "plan.json"]):
        assert gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error() -> None:
    with pytest.raises(RuntimeError), _without_cyclic_gc(["show", "plan.json"]):
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_failing_command_in_process_leaves_the_collector_on(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "no-such-plan.json"]) != 0
    assert "no-such-plan.json" in capsys.readouterr().err
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off() -> None:
    gc.disable()
    try:
        with _without_cyclic_gc(["plan", "graph.json"]):
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
