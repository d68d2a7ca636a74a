"""What the two CITO loaders share: dependency types and the stubbing complexity.

The class integration test order (CITO) literature describes a system by its
object relation diagram (ORD): classes, typed dependencies between them, and
for each dependency the attribute coupling A (how many attributes of the
server a stub must emulate) and the method coupling M (how many of its
methods). :mod:`planner.loaders.cito_ord` reads the text ORDs of the UFPR group
(Guizzo et al.), :mod:`planner.loaders.cito_csv` the CSV folders of the CUMT
group (Zhang, Jiang et al.); both map their type codes to planner edge kinds and
weigh every edge with the same stubbing complexity.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CSV_TYPES",
    "KIND_RANK",
    "ORD_KINDS",
    "Coupling",
    "CouplingScale",
    "edge_attrs",
    "strongest_kind",
    "stub_complexity",
]

ORD_KINDS: Mapping[str, str] = {
    "I": "inherit",
    "It": "intertype",
    "Ag": "compose",
    "As": "associate",
    "Us": "use",
    "Ad": "advice",
    "Pc": "pointcut",
    # Portuguese "heranca" (herança) is inheritance: two edges of the older
    # AJHSQLDB ORD are labelled so, where every other file says "I".
    "Iherenca": "inherit",
}
"""Dependency type codes of the text ORD files, mapped to planner edge kinds."""

CSV_TYPES: Mapping[int, tuple[str, str | None]] = {
    0: ("None", None),
    1: ("As", "associate"),
    2: ("Ag", "compose"),
    3: ("I", "inherit"),
    4: ("Dy", "dynamic"),
}
"""``Type`` column of ``deps_type.csv``: code -> (its ``Stype`` label, planner kind).

Type 0 (``None``) is no dependency at all, so it has no kind.
"""

KIND_RANK: Mapping[str, int] = {"inherit": 3, "compose": 2, "associate": 1, "dynamic": 0}
"""How constraining a kind is, for merging the types a pair is listed with.

Inheritance binds tightest (the subclass cannot even be compiled without its
parent), composition next (the part's lifetime is the whole's), then a plain
association, then a dynamic (polymorphic) dependency, which only exists at run time.
"""


def strongest_kind(kinds: Iterable[str]) -> str:
    """The most constraining of ``kinds`` (see :data:`KIND_RANK`)."""
    return max(kinds, key=KIND_RANK.__getitem__)


@dataclass(frozen=True)
class Coupling:
    """What a stub of the server must fake for one client: the A, M, R, P of an ORD.

    ``return_types`` and ``param_types`` are ``None`` where the data has no such
    measure at all (the CSV folders), so that an absent measure is not read as 0.
    """

    attributes: int = 0
    methods: int = 0
    return_types: int | None = None
    param_types: int | None = None


@dataclass(frozen=True)
class CouplingScale:
    """The system-wide maxima that normalise A and M in :func:`stub_complexity`."""

    attributes: int
    methods: int

    @classmethod
    def of(cls, couplings: Iterable[Coupling]) -> CouplingScale:
        """The maxima over ``couplings`` (0 for an empty system)."""
        items = list(couplings)
        return cls(
            attributes=max((c.attributes for c in items), default=0),
            methods=max((c.methods for c in items), default=0),
        )


def stub_complexity(coupling: Coupling, scale: CouplingScale) -> float:
    """The stubbing complexity SCplx(i, j) of the CITO literature.

    ``sqrt(0.5 * (A / Amax)**2 + 0.5 * (M / Mmax)**2)``, equal weights for the
    attribute and the method term, each normalised by its system-wide maximum so
    that neither dominates by scale; a term whose maximum is 0 contributes 0.
    From Briand, Feng and Labiche (2002), "Using genetic algorithms and coupling
    measures to devise optimal integration test orders", SEKE; the CUMT group's
    ``Couple_List.csv`` files hold exactly these values.

    >>> stub_complexity(Coupling(attributes=2, methods=1), CouplingScale(attributes=4, methods=2))
    0.5
    """
    total = 0.0
    if scale.attributes:
        total += 0.5 * (coupling.attributes / scale.attributes) ** 2
    if scale.methods:
        total += 0.5 * (coupling.methods / scale.methods) ** 2
    return math.sqrt(total)


def edge_attrs(kind: str, coupling: Coupling, scale: CouplingScale) -> dict[str, Any]:
    """The attributes of one CITO edge; ``breakable`` follows the kind in GraphBuilder."""
    attrs: dict[str, Any] = {
        "kind": kind,
        "attributes": coupling.attributes,
        "methods": coupling.methods,
        "weight": stub_complexity(coupling, scale),
    }
    if coupling.return_types is not None:
        attrs["return_types"] = coupling.return_types
    if coupling.param_types is not None:
        attrs["param_types"] = coupling.param_types
    return attrs
