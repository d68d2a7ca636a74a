"""tach's module configuration (``tach.toml``) from a :class:`~planner.export.layers.Layering`.

Every unit is a tach module that declares exactly the dependencies the graph
found, so ``tach check`` refuses any new one: the dependencies that are not
broken all point to lower layers, so the order planner found holds. The broken
dependencies (the ones that point upwards, which planner stubs) are declared
``deprecated``: tach accepts them and lists them as the imports to remove.
Each module's layer is a comment (``layer-1`` depends on nothing): tach's own
``layers`` refuse an upward import even when it is declared deprecated, so a
graph with cycles cannot state them.
tach gives each file to its nearest enclosing module, so a package unit owns
only its ``__init__.py``.

Reference: https://docs.gauge.sh/usage/configuration
"""

from __future__ import annotations

import json

from planner.export.layers import Layering

__all__ = ["tach_toml"]


def _string(text: str) -> str:
    # JSON's escapes (\" \\ \n \uXXXX) are TOML basic-string escapes; ASCII keeps it so.
    return json.dumps(text, ensure_ascii=True)


def tach_toml(layering: Layering, *, source_root: str = ".", type_checking: bool = False) -> str:
    """The configuration as TOML text; ``source_root`` is the directory holding the top packages.

    ``type_checking`` says whether the graph counted imports under ``if TYPE_CHECKING:``.
    """
    layer_of = layering.layer_of()
    broken = set(layering.broken)
    needs: dict[str, list[str]] = {unit: [] for unit in layer_of}
    for importer, imported in layering.dependencies:
        if (importer, imported) in layering.imports:
            needs[importer].append(imported)
    top = len(layering.layers)
    lines = [
        f"# Written by planner export tach from {layering.source or 'a graph'}.",
        "# Each module with the dependencies planner found, in its layer (layer-1 depends on nothing);",
        "# the deprecated ones are where planner breaks cycles. Check with: tach check --exact",
        "",
        f"source_roots = [{_string(source_root)}]",
        "exact = true",
        f"ignore_type_checking_imports = {'false' if type_checking else 'true'}",
    ]
    for unit in sorted(layer_of):
        depends = [
            f"{{ path = {_string(dep)}, deprecated = true }}" if (unit, dep) in broken else _string(dep)
            for dep in needs[unit]
        ]
        lines += [
            "",
            f"[[modules]]  # layer-{layer_of[unit]} of {top}",
            f"path = {_string(unit)}",
            f"depends_on = [{', '.join(depends)}]",
        ]
    return "\n".join(lines) + "\n"
