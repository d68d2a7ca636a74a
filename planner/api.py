"""The public Python API, and what the command line calls: it only re-exports.

The use cases live in :mod:`planner.usecases`, one module each; beside them, the values
they take and return, the closed vocabularies, and the text of their answers (tables,
Markdown, JSON) that the command line prints. Every name loads on first use (PEP 562), so
``import planner.api`` imports neither networkx nor pydot nor rich, and the command line
may take its vocabularies from here at no cost.

>>> from planner.api import make_plan
>>> plan = make_plan("graphs/textbook.dot", strategy="bottom-up")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.audit import AuditRequest, MutantResult, default_workers
    from planner.audit.text import (
        audit_json,
        audit_markdown,
        audit_table,
        history_json,
        history_markdown,
        history_table,
        interface_json,
        interface_markdown,
        interface_table,
    )
    from planner.base.files import refuse_existing, write_bytes_atomic
    from planner.base.wording import ranges
    from planner.change.plan import ChangeRequest
    from planner.ci import CiOptions
    from planner.ci.cost import CostModel
    from planner.ci.layout import LayoutChoice
    from planner.cycles.objectives import parse_pareto
    from planner.cycles.options import DEFAULT_EFFORT, DEFAULT_PARETO_EFFORT, OBJECTIVES
    from planner.doubles.generate import Doubles
    from planner.loaders import FORMATS as INPUT_FORMATS
    from planner.loaders.python import Listener as ScanReportListener
    from planner.loaders.python import ScanOutcome, ScanSummary
    from planner.loaders.scan import ScanOptions
    from planner.loaders.scan.scopes import SCOPES
    from planner.loaders.source import SourceTree, open_source
    from planner.planfile import dumps_comparison as comparison_json
    from planner.planfile import dumps_pareto as pareto_json
    from planner.project import ProjectConfig, guess_source, guess_tests, inside, read_config
    from planner.render import FORMATS as PICTURE_FORMATS
    from planner.render import format_of as picture_format
    from planner.render.collapse import MAX_NODES
    from planner.report import (
        check_markdown,
        comparison_markdown,
        comparison_table,
        pareto_csv,
        pareto_markdown,
        pareto_table,
        plan_markdown,
        plan_table,
    )
    from planner.selection.placement import placement_warnings, plan_differences
    from planner.strategies import CYCLE_MODES, STRATEGIES, VARIANTS
    from planner.usecases.audit import audit_history, audit_interfaces, audit_localisation
    from planner.usecases.ci import (
        choose_ci_layout,
        ci_options,
        ci_pipeline,
        ci_plan,
        planner_requirement_warning,
    )
    from planner.usecases.compare import COMPARED, compare, compare_plans
    from planner.usecases.doubles import doubles_of_source, make_doubles, write_doubles
    from planner.usecases.draw import draw
    from planner.usecases.export import export_contract
    from planner.usecases.graphs import graph_json, load, scan, scan_json
    from planner.usecases.pareto import pareto
    from planner.usecases.plan import TestRequest, make_plan, plan_graph, plan_source
    from planner.usecases.plans import plan_digest, plan_in, plan_json, read_plan, write_plan
    from planner.usecases.run import blame_run, run_steps
    from planner.usecases.select import SelectFormat, StepSelection, select

_EXPORTS: dict[str, tuple[str, str]] = {}
"""Each name of the API: the module it comes from, and its name there."""


def _from(module: str, *names: str, **renamed: str) -> None:
    _EXPORTS.update({name: (module, name) for name in names})
    _EXPORTS.update({name: (module, original) for name, original in renamed.items()})


# The use cases (planner.usecases), one module each.
_from("planner.usecases.graphs", "graph_json", "load", "scan", "scan_json")
_from("planner.usecases.plans", "plan_digest", "plan_in", "plan_json", "read_plan", "write_plan")
_from("planner.usecases.plan", "TestRequest", "make_plan", "plan_graph", "plan_source")
_from("planner.usecases.compare", "COMPARED", "compare", "compare_plans")
_from("planner.usecases.pareto", "pareto")
_from("planner.usecases.draw", "draw")
_from("planner.usecases.doubles", "doubles_of_source", "make_doubles", "write_doubles")
_from("planner.usecases.ci", "choose_ci_layout", "ci_options", "ci_pipeline", "ci_plan", "planner_requirement_warning")
_from("planner.usecases.export", "export_contract")
_from("planner.usecases.audit", "audit_history", "audit_interfaces", "audit_localisation")
_from("planner.usecases.run", "blame_run", "run_steps")
_from("planner.usecases.select", "SelectFormat", "StepSelection", "select")

# The values the use cases take, and the closed vocabularies of their options.
_from("planner.loaders.scan", "ScanOptions")
_from("planner.loaders.scan.scopes", "SCOPES")
_from("planner.change.plan", "ChangeRequest")
_from("planner.ci", "CiOptions")
_from("planner.ci.cost", "CostModel")
_from("planner.ci.layout", "LayoutChoice")
_from("planner.audit", "AuditRequest", "MutantResult", "default_workers")
_from("planner.doubles.generate", "Doubles")
_from("planner.strategies", "CYCLE_MODES", "STRATEGIES", "VARIANTS")
_from("planner.cycles.options", "DEFAULT_EFFORT", "DEFAULT_PARETO_EFFORT", "OBJECTIVES")
_from("planner.cycles.objectives", "parse_pareto")
_from("planner.loaders", INPUT_FORMATS="FORMATS")
_from("planner.loaders.source", "SourceTree", "open_source")
_from("planner.loaders.python", "ScanOutcome", "ScanSummary", ScanReportListener="Listener")
_from("planner.render", PICTURE_FORMATS="FORMATS", picture_format="format_of")
_from("planner.render.collapse", "MAX_NODES")
_from("planner.project", "ProjectConfig", "guess_source", "guess_tests", "inside", "read_config")

# The text of the answers: tables, Markdown, JSON, CSV; and writing it.
_from(
    "planner.report",
    "check_markdown",
    "comparison_markdown",
    "comparison_table",
    "pareto_csv",
    "pareto_markdown",
    "pareto_table",
    "plan_markdown",
    "plan_table",
)
_from("planner.planfile", comparison_json="dumps_comparison", pareto_json="dumps_pareto")
_from(
    "planner.audit.text",
    "audit_json",
    "audit_markdown",
    "audit_table",
    "history_json",
    "history_markdown",
    "history_table",
    "interface_json",
    "interface_markdown",
    "interface_table",
)
_from("planner.selection.placement", "placement_warnings", "plan_differences")
_from("planner.base.wording", "ranges")
_from("planner.base.files", "refuse_existing", "write_bytes_atomic")

__all__ = [
    "COMPARED",
    "CYCLE_MODES",
    "DEFAULT_EFFORT",
    "DEFAULT_PARETO_EFFORT",
    "INPUT_FORMATS",
    "MAX_NODES",
    "OBJECTIVES",
    "PICTURE_FORMATS",
    "SCOPES",
    "STRATEGIES",
    "VARIANTS",
    "AuditRequest",
    "ChangeRequest",
    "CiOptions",
    "CostModel",
    "Doubles",
    "LayoutChoice",
    "MutantResult",
    "ProjectConfig",
    "ScanOptions",
    "ScanOutcome",
    "ScanReportListener",
    "ScanSummary",
    "SelectFormat",
    "SourceTree",
    "StepSelection",
    "TestRequest",
    "audit_history",
    "audit_interfaces",
    "audit_json",
    "audit_localisation",
    "audit_markdown",
    "audit_table",
    "blame_run",
    "check_markdown",
    "choose_ci_layout",
    "ci_options",
    "ci_pipeline",
    "ci_plan",
    "compare",
    "compare_plans",
    "comparison_json",
    "comparison_markdown",
    "comparison_table",
    "default_workers",
    "doubles_of_source",
    "draw",
    "export_contract",
    "graph_json",
    "guess_source",
    "guess_tests",
    "history_json",
    "history_markdown",
    "history_table",
    "inside",
    "interface_json",
    "interface_markdown",
    "interface_table",
    "load",
    "make_doubles",
    "make_plan",
    "open_source",
    "pareto",
    "pareto_csv",
    "pareto_json",
    "pareto_markdown",
    "pareto_table",
    "parse_pareto",
    "picture_format",
    "placement_warnings",
    "plan_differences",
    "plan_graph",
    "plan_digest",
    "plan_in",
    "plan_json",
    "plan_markdown",
    "plan_source",
    "plan_table",
    "planner_requirement_warning",
    "ranges",
    "read_config",
    "read_plan",
    "refuse_existing",
    "run_steps",
    "scan",
    "scan_json",
    "select",
    "write_bytes_atomic",
    "write_doubles",
    "write_plan",
]


def __getattr__(name: str) -> Any:
    """Load ``name`` from its module on first use (PEP 562), and keep it here."""
    try:
        module, original = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'planner.api' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), original)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
