"""The plan file: a :class:`~planner.model.Plan` as JSON, and back.

The plan file is the contract between ``planner plan`` and every consumer
(``show``, ``doubles``, ``select``, ``run``, ``render``, ``ci``). It is UTF-8
JSON with sorted keys, compact, so the same plan is the same bytes. Its schema is
versioned: this version writes ``planner-plan/2`` (each stub and driver listed
once, with the first and last step it is in force: the file grows linearly with
the graph) and reads ``planner-plan/1`` too (which listed every double in force at
every step); a reader refuses a schema it does not know. ``docs/plan-file.md``
documents every key, and ``planner/schemas/plan-2.schema.json`` is its JSON Schema.

Plan files may come from anyone, so reading validates them against that schema,
checks that the steps agree with each other, and refuses unit names with control
characters; nothing in a plan is executed.
"""

from __future__ import annotations

import json
from pathlib import Path

from planner.errors import PlanFileError, UsageError
from planner.model import SCHEMA, SCHEMAS_READ, Plan
from planner.planfile.write import (
    COMPARE_SCHEMA,
    PARETO_SCHEMA,
    comparison_to_dict,
    dumps,
    dumps_comparison,
    dumps_pareto,
    json_text,
    pareto_to_dict,
    plan_to_dict,
)

__all__ = [
    "COMPARE_SCHEMA",
    "PARETO_SCHEMA",
    "comparison_to_dict",
    "dumps",
    "dumps_comparison",
    "dumps_pareto",
    "json_text",
    "load",
    "loads",
    "pareto_to_dict",
    "plan_to_dict",
]


def load(path: str | Path) -> Plan:
    """Read the plan file at ``path``."""
    display = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{display}: no such plan file") from None  # a wrong command line, like any missing file
    except IsADirectoryError:
        raise PlanFileError("is a directory, not a plan file", path=display) from None
    except UnicodeDecodeError:
        raise PlanFileError("not UTF-8 text: not a plan file", path=display) from None
    except OSError as exc:
        raise PlanFileError(f"cannot read: {exc.strerror}", path=display) from None
    return loads(text, display=display)


def loads(text: str, *, display: str = "<plan>") -> Plan:
    """Parse a plan file's text (either schema version); ``display`` names it in errors."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanFileError(f"not JSON ({exc.msg} at column {exc.colno})", path=display, line=exc.lineno) from None
    except RecursionError:
        raise PlanFileError("JSON nesting too deep", path=display) from None
    except ValueError as exc:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        raise PlanFileError(f"not a plan file: {str(exc).split(';')[0]}", path=display) from None
    if not isinstance(data, dict):
        raise PlanFileError("not a plan file (expected a JSON object)", path=display)
    schema = data.get("schema")
    if schema == SCHEMA:
        from planner.planfile.read_v2 import read_v2

        return read_v2(data, display)
    if schema == "planner-plan/1":
        from planner.planfile.read_v1 import ReaderV1

        return ReaderV1(display).plan(data)
    known = " or ".join(repr(s) for s in SCHEMAS_READ)
    if schema is None:
        raise PlanFileError(f'not a plan file (no "schema" key; expected {known})', path=display)
    shown = repr(schema) if isinstance(schema, str) and schema.isprintable() and len(schema) < 60 else "of another kind"
    raise PlanFileError(
        f"plan schema {shown} is not supported (this planner reads {known}); make the plan again with this version",
        path=display,
    )
