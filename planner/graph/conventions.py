"""Edge kinds and the defaults every algorithm reads edge attributes with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "DEFAULT_KIND",
    "KINDS",
    "KIND_ALIASES",
    "edge_breakable",
    "edge_kind",
    "edge_names",
    "edge_weight",
]

KINDS: Mapping[str, bool] = {
    "import": True,
    "use": True,
    "call": True,
    "associate": True,
    "aggregate": True,
    "dynamic": True,
    "advice": True,
    "pointcut": True,
    "compose": False,
    "inherit": False,
    "intertype": False,
}
"""Known edge kinds, each mapped to whether it is breakable by default."""

KIND_ALIASES: Mapping[str, str] = {
    "imports": "import",
    "uses": "use",
    "usage": "use",
    "calls": "call",
    "association": "associate",
    "aggregation": "aggregate",
    "composition": "compose",
    "inheritance": "inherit",
    "inherits": "inherit",
    "extends": "inherit",
    "implements": "inherit",
    "realization": "inherit",
}

DEFAULT_KIND = "use"


def edge_kind(data: Mapping[str, Any]) -> str:
    """The ``kind`` of an edge's attribute dict, with the default."""
    return str(data.get("kind", DEFAULT_KIND))


def edge_breakable(data: Mapping[str, Any]) -> bool:
    """Whether a stub may stand in on this edge (default: by kind)."""
    value = data.get("breakable")
    return KINDS.get(edge_kind(data), True) if value is None else bool(value)


def edge_weight(data: Mapping[str, Any]) -> float:
    """The stub cost of an edge (default 1)."""
    return float(data.get("weight", 1.0))


def edge_names(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The names the importer takes from the imported unit."""
    return tuple(data.get("names", ()))
