"""The suite's own pytest sessions leave out Hypothesis' plugin by its entry-point name
(tests/conftest.py, ``NO_HYPOTHESIS``): if Hypothesis renamed it, ``-p no:...`` would block
nothing, and every session would pay 0.7 s of CPU again without a word."""

from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, distribution, entry_points

import pytest

from tests.conftest import NO_HYPOTHESIS


def test_the_name_left_out_is_hypothesis_pytest_entry_point() -> None:
    try:
        distribution("hypothesis")
    except PackageNotFoundError:
        pytest.skip("hypothesis is not installed: there is no plugin to leave out")
    plugins = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    blocked = NO_HYPOTHESIS[1].removeprefix("no:")
    assert blocked in plugins and "hypothesis" in plugins[blocked], plugins


def test_the_sessions_of_this_suite_are_told_to_leave_it_out() -> None:
    assert " ".join(NO_HYPOTHESIS) in os.environ.get("PYTEST_ADDOPTS", "")
