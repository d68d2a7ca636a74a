"""An import-linter ``layers`` contract from a :class:`~planner.export.layers.Layering`.

The contract is TOML, the ``[tool.importlinter]`` table of a ``pyproject.toml``
(or a file of its own, read with ``lint-imports --config FILE``). Units of one
layer are independent siblings (``a | b``). A unit that is a package of other
units (``pkg`` beside ``pkg.mod``) is left out of the layers: import-linter's layer
``pkg`` would contain ``pkg.mod``; its own imports are then not checked. The broken
dependencies are the contract's ``ignore_imports``: planner stubs them, so the
code may keep them, and nothing else may point upwards.

Reference: https://import-linter.readthedocs.io/en/stable/contract_types.html#layers
"""

from __future__ import annotations

import json

from planner.export.layers import Layering

__all__ = ["import_linter_toml", "packages_of"]


def packages_of(units: set[str]) -> set[str]:
    """The units that are packages of other units (``a`` and ``a.b`` of ``a.b.c``)."""
    return {unit.rsplit(".", k)[0] for unit in units for k in range(1, unit.count(".") + 1)} & units


def _string(text: str) -> str:
    # JSON's escapes (\" \\ \n \uXXXX) are TOML basic-string escapes; ASCII keeps it so.
    return json.dumps(text, ensure_ascii=True)


def import_linter_toml(layering: Layering, *, type_checking: bool = False) -> str:
    """The contract as TOML text; ``type_checking`` says whether the graph counted those imports."""
    units = {unit for layer in layering.layers for unit in layer}
    packages = packages_of(units)
    roots = sorted({unit.split(".")[0] for unit in units})
    lines = [
        f"# Written by planner export import-linter from {layering.source or 'a graph'}.",
        "# The layers of the graph once its cycles are broken (top first); check with lint-imports.",
    ]
    if packages:
        lines.append("# Packages of other layers' modules, not themselves layers: " + ", ".join(sorted(packages)))
    lines += [
        "",
        "[tool.importlinter]",
        f"root_packages = [{', '.join(_string(root) for root in roots)}]",
        *([] if type_checking else ["exclude_type_checking_imports = true"]),
        "",
        "[[tool.importlinter.contracts]]",
        f"name = {_string(_name(layering))}",
        'type = "layers"',
        "layers = [",
    ]
    for k, layer in enumerate(layering.layers):
        kept = [unit for unit in layer if unit not in packages]
        if kept:
            lines.append(f"    {_string(' | '.join(kept))},  # layer {len(layering.layers) - k}")
    lines.append("]")
    ignored = [(u, v) for u, v in layering.broken if (u, v) in layering.imports]
    if ignored:
        lines.append("ignore_imports = [")
        lines += [f"    {_string(f'{u} -> {v}')}," for u, v in ignored]
        lines.append("]")
    return "\n".join(lines) + "\n"


def _name(layering: Layering) -> str:
    cycles = sum(1 for component in layering.components if len(component.units) > 1)
    if not layering.broken:
        return "Layers found by planner"
    proof = "proven optimal" if layering.proven else "not proven optimal"
    imports = "1 import breaks" if len(layering.broken) == 1 else f"{len(layering.broken)} imports break"
    return f"Layers found by planner; {imports} {cycles} cycle{'' if cycles == 1 else 's'} ({proof})"
