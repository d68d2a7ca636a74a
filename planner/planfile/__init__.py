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

from planner.base import jsontext
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
    "digest",
    "dumps",
    "dumps_comparison",
    "dumps_pareto",
    "json_text",
    "load",
    "loads",
    "pareto_to_dict",
    "plan_to_dict",
    "read",
]


def load(path: str | Path, *, checked: str | None = None) -> Plan:
    """Read the plan file at ``path``.

    ``checked``: the SHA-256 (:func:`digest`) of a text the caller has already read and checked
    against the schema, whole (``planner run`` hands it to its pytest session): a file with that
    text is not checked again, which saves compiling the schema's check (about 0.08 s) in a
    second process. Any other text is checked as always.
    """
    if checked is not None:
        return read(path, checked=checked)[0]
    display = str(path)
    return loads(_text(path, display), display=display)  # no digest to compute (hashlib: 0.004 s)


def digest(text: str) -> str:
    """The SHA-256 of a plan file's text, as :func:`read` returns it and ``load(checked=)`` takes it."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read(path: str | Path, *, checked: str | None = None) -> tuple[Plan, str]:
    """The plan file at ``path`` (see :func:`load`), and the :func:`digest` of the text read."""
    display = str(path)
    text = _text(path, display)
    sha = digest(text)
    return loads(text, display=display, schema_checked=checked is not None and checked == sha), sha


def _text(path: str | Path, display: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{display}: no such plan file") from None  # a wrong command line, like any missing file
    except IsADirectoryError:
        raise PlanFileError("is a directory, not a plan file", path=display) from None
    except UnicodeDecodeError:
        raise PlanFileError("not UTF-8 text: not a plan file", path=display) from None
    except OSError as exc:
        raise PlanFileError(f"cannot read: {exc.strerror}", path=display) from None


def loads(text: str, *, display: str = "<plan>", schema_checked: bool = False) -> Plan:
    """Parse a plan file's text (either schema version); ``display`` names it in errors.

    ``schema_checked``: this very text was checked against the schema already (see :func:`load`).
    """
    try:
        data = jsontext.loads(text)  # an integer too long for int() is a JSONDecodeError too, with its line
    except json.JSONDecodeError as exc:
        raise PlanFileError(f"not JSON ({exc.msg}; column {exc.colno})", path=display, line=exc.lineno) from None
    except RecursionError:
        raise PlanFileError("JSON nesting too deep", path=display) from None
    except ValueError as exc:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        raise PlanFileError(f"not a plan file: {str(exc).split(';')[0]}", path=display) from None
    if not isinstance(data, dict):
        raise PlanFileError("not a plan file (expected a JSON object)", path=display)
    schema = data.get("schema")
    if schema == SCHEMA:
        from planner.planfile.read_v2 import read_v2

        return read_v2(data, display, schema_checked=schema_checked)
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
