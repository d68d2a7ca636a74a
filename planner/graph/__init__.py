"""Graph conventions, validation and helpers.

A dependency graph is a :class:`networkx.DiGraph` whose nodes are **units**
(module, class, package: anything integrated as a whole), named by strings.

**Edge direction**: ``u -> v`` means *u depends on v* (u imports, uses or
inherits from v). Callers are *higher*, callees *lower*; roots have no
dependants, leaves no dependencies. Every module of planner keeps this
direction.

Edge attributes (all optional in input files; :func:`normalize_graph` and the
loaders fill in the defaults):

``kind``       one of :data:`KINDS` (default ``use``)
``weight``     the cost of stubbing ``v`` for ``u`` (float >= 0, default 1)
``breakable``  whether a stub may stand in for ``v`` on this edge (default:
               by kind; inheritance, composition and inter-type declarations
               are unbreakable)
``names``      the symbols ``u`` takes from ``v`` (tuple of str)
``lines``      the lines of ``u`` where the dependency is stated (tuple of int)
``scope``      for Python imports: where the import runs (see the scanner)
``attributes``, ``methods``
               attribute and method coupling (the A and M of the class
               integration test order literature), where the data has them

Graph attributes ``source``, ``format`` and ``sha256`` say where a loaded graph
came from; they end up in the plan file.
"""

from planner.graph.builder import GraphBuilder, canonical_digest, check_name, normalize_edge_attrs, normalize_graph
from planner.graph.conventions import (
    DEFAULT_KIND,
    KIND_ALIASES,
    KINDS,
    edge_breakable,
    edge_kind,
    edge_names,
    edge_weight,
)
from planner.graph.index import IndexedGraph, strongly_connected_components

__all__ = [
    "DEFAULT_KIND",
    "KINDS",
    "KIND_ALIASES",
    "GraphBuilder",
    "IndexedGraph",
    "canonical_digest",
    "check_name",
    "edge_breakable",
    "edge_kind",
    "edge_names",
    "edge_weight",
    "normalize_edge_attrs",
    "normalize_graph",
    "strongly_connected_components",
]
