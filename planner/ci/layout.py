"""Which layout a pipeline gets, what it costs, and where each step's duration comes from.

:func:`choose_layout` takes the user's choice (or none: the single job when the
suite is small, :data:`SMALL_SUITE_SECONDS`, lanes otherwise; waves with
``--run``, whose command runs per step), packs the lanes, and estimates the
layout's cost beside one plain pytest job's (:mod:`planner.ci.cost`).
:func:`recorded_seconds` reads the durations of an earlier ``planner run``
from its JUnit XML files (``step-K.xml``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from planner.ci.cost import CostModel, Estimate, Layout, estimate, pack_lanes, step_seconds
from planner.ci.jobs import CiOptions
from planner.errors import InputError, UsageError
from planner.model import Plan

__all__ = ["SMALL_SUITE_SECONDS", "LayoutChoice", "choose_layout", "recorded_seconds"]

SMALL_SUITE_SECONDS = 600.0
"""A suite whose single job would take at most this long (10 minutes) gets the single job by default."""
_STEP_XML = re.compile(r"step-([1-9][0-9]*)\.xml")


@dataclass(frozen=True)
class LayoutChoice:
    """The options with the layout (and lanes) filled in, its estimate, and plain pytest's."""

    options: CiOptions
    estimate: Estimate
    baseline: Estimate
    recorded: int
    """How many steps' durations were recorded (the others are estimated)."""


def choose_layout(
    plan: Plan,
    options: CiOptions,
    *,
    layout: Layout | None,
    lanes: int,
    recorded: Mapping[int, float],
    model: CostModel,
) -> LayoutChoice:
    """The layout asked for (``None``: chosen by size), its lanes packed, and what it costs."""
    if lanes < 1:
        raise UsageError(f"{{lanes}} {lanes}: give at least 1", parameter="lanes")
    if options.run is not None:
        seconds = {s.index: recorded.get(s.index, model.start_seconds) for s in plan.steps}
        if layout == "single":
            raise UsageError(
                "{layout} single runs the plan's tests with planner run: {run} goes with waves or lanes",
                parameter=("layout", "run"),
            )
    else:
        seconds = step_seconds(plan, recorded, model)
    baseline = estimate(plan, seconds, model, "pytest")
    if layout is None:
        small = estimate(plan, seconds, model, "single").critical_path <= SMALL_SUITE_SECONDS
        layout = "waves" if options.run is not None else "single" if small else "lanes"
    chosen = estimate(plan, seconds, model, layout, lanes=lanes)
    packed: tuple[tuple[int, ...], ...] = ()
    if layout == "lanes" and seconds:
        packed = pack_lanes({k: model.start_seconds + s for k, s in seconds.items()}, lanes).lanes
    return LayoutChoice(
        replace(options, layout=layout, lanes=packed),
        chosen,
        baseline,
        sum(1 for k in seconds if k in recorded),
    )


def recorded_seconds(directory: str | os.PathLike[str]) -> dict[int, float]:
    """Each step's seconds, from the ``step-K.xml`` JUnit files of an earlier run in ``directory``."""
    import xml.etree.ElementTree as ET

    folder = Path(directory)
    if not folder.is_dir():
        raise UsageError(
            f"{{durations}} {directory}: no such directory (give the --junit-dir of a planner run)",
            parameter="durations",
        )
    seconds: dict[int, float] = {}
    for entry in sorted(folder.iterdir()):
        found = _STEP_XML.fullmatch(entry.name)
        if not found or not entry.is_file():
            continue
        try:
            root = ET.parse(entry).getroot()
            suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
            seconds[int(found.group(1))] = sum(float(s.get("time", "0") or 0) for s in suites)
        except (ET.ParseError, ValueError, OSError) as exc:
            raise InputError(f"not a JUnit XML report: {exc}", path=os.fspath(entry)) from None
    return seconds
