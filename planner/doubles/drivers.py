"""Driver modules: a pytest module per driven unit, playing the part of its missing callers.

:func:`write_driver` writes, for a unit and the callers that are missing at
some step of the plan:

- one interface check per caller (``test_calls_from_<caller>``): every name
  the caller takes from the unit exists, and every call site of the caller
  binds to the unit's real signature, checked against the real unit when the
  test runs (:func:`planner.doubles.runtime.check_interface`), so a signature
  and a call site that disagree fail at the step that integrates the unit,
  naming the call site (``file:line``);
- one skeleton test per function, class or method the callers call
  (``test_<name>``), with the callers' own calls as examples: a driver to
  complete, reported as skipped until it is
  (:func:`planner.doubles.runtime.todo`).

Every test carries the ``planner_driver`` marker (``unit``, and ``caller`` or
``callers``), which the pytest plugin uses to run those in force at a step.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from planner.doubles.calls import CallerUse, CallSite
from planner.doubles.text import LINE_LENGTH, comment, docstring_literal, is_identifier, layout, string_literal

__all__ = ["skeleton_driver", "test_name", "write_driver"]

_EXAMPLES = 5


def test_name(text: str) -> str:
    """``test_`` + ``text`` with every character that cannot be in a name replaced by ``_``."""
    name = "test_" + "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in text)
    return (
        name if is_identifier(name) else "test_" + "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in text)
    )


def _marker(arguments: list[str], width: int = LINE_LENGTH) -> list[str]:
    call = f"pytest.mark.planner_driver({', '.join(['unit=UNIT', *arguments])})"
    return layout(ast.parse(call, mode="eval").body, "@", width=width)


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _paragraphs(paragraphs: Sequence[str], width: int, indent: str = "") -> str:
    """A docstring's text: the paragraphs wrapped so that its lines fit ``width`` columns with the
    quotes (``indent``: the docstring's own), each ending with a newline."""
    import textwrap

    fill = max(width - len(indent) - 3, 40)
    filled = [textwrap.fill(p, fill, subsequent_indent=indent, break_on_hyphens=False) for p in paragraphs]
    return f"\n\n{indent}".join(filled) + "\n"


def _example(where: str, code: str, width: int) -> str:
    """``    path:line: code`` in a docstring, the code on a line of its own when both do not fit."""
    one = f"    {where} {code}"
    return one if len(one) <= width else f"    {where}\n        {code}"


def _head(header: Sequence[str], docstring: str) -> list[str]:
    return [
        *(comment(line) for line in header),
        docstring_literal(docstring),
        "",
        "from __future__ import annotations",
        "",
        "import pytest",
        "",
        "from planner.doubles import runtime as _planner",
        "",
    ]


def write_driver(unit: str, uses: Sequence[CallerUse], *, header: Sequence[str], width: int = LINE_LENGTH) -> str:
    """The driver module of ``unit``, from what each missing caller takes from it and calls,
    laid out within ``width`` columns where the code can be (the project's line length)."""
    callers = ", ".join(use.caller for use in uses)
    doc = _paragraphs(
        [
            f"Driver of {unit}: plays the part of {callers}, its callers not yet integrated.",
            f"test_calls_from_*: the names each caller takes from {unit} exist, and each of its call "
            "sites binds to the real signature (checked against the real unit when the test runs).",
            "test_* (the others): skeletons to complete, one per function, class or method the "
            "callers call; they are reported as skipped until they are written.",
        ],
        width,
    )
    lines = _head(header, doc)
    lines += [f"UNIT = {string_literal(unit)}", ""]
    taken: set[str] = set()
    for use in uses:
        lines += ["", *_interface_test(unit, use, taken, width), ""]
    called: dict[str, list[tuple[CallerUse, CallSite]]] = {}
    for use in uses:
        for call in use.calls:
            called.setdefault(call.target.replace("()", ""), []).append((use, call))
    for target in sorted(called):
        lines += ["", *_skeleton_test(unit, target, called[target], taken, width), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _interface_test(unit: str, use: CallerUse, taken: set[str], width: int) -> list[str]:
    name = _unique(test_name("calls_from_" + use.caller), taken)
    count = len(use.calls)
    names = ", ".join(use.names) or "nothing by name"
    doc = _paragraphs(
        [f"{use.caller} takes {names} from {unit}: they exist, and its {count} call site(s) bind."], width, "    "
    ).rstrip("\n")
    calls = ast.Tuple(
        [
            ast.Tuple(
                [
                    ast.Constant(call.line),
                    ast.Constant(call.target),
                    ast.Constant(call.positional),
                    ast.Tuple([ast.Constant(k) for k in call.keywords], ast.Load()),
                    ast.Constant(call.flags),
                    ast.Constant(call.text),
                ],
                ast.Load(),
            )
            for call in use.calls
        ],
        ast.Load(),
    )
    names_expr = ast.Tuple([ast.Constant(n) for n in use.names], ast.Load())
    return [
        *_marker([f"caller={string_literal(use.caller)}"], width),
        f"def {name}() -> None:",
        f"    {docstring_literal(doc)}",
        "    _planner.check_interface(",
        "        UNIT,",
        f"        path={string_literal(use.path)},",
        *layout(names_expr, "names=", ",", indent="        ", width=width),
        *layout(calls, "calls=", ",", indent="        ", width=width),
        "    )",
    ]


def _skeleton_test(
    unit: str, target: str, uses: list[tuple[CallerUse, CallSite]], taken: set[str], width: int
) -> list[str]:
    name = _unique(test_name(target), taken)
    callers = sorted({use.caller for use, _ in uses})
    examples = [_example(f"{use.path}:{call.line}:", call.text, width) for use, call in uses[:_EXAMPLES]]
    more = f"\n    ... and {len(uses) - _EXAMPLES} more" if len(uses) > _EXAMPLES else ""
    does = f"Drive {unit}.{target} as {', '.join(callers)} {'does' if len(callers) == 1 else 'do'}, e.g.:"
    doc = _paragraphs([does], width, "    ") + "\n" + "\n".join(examples) + more + "\n    "
    callers_expr = ", ".join(string_literal(c) for c in callers) + ("," if len(callers) == 1 else "")
    return [
        *_marker([f"callers=({callers_expr})", "todo=True"], width),
        f"def {name}() -> None:",
        f"    {docstring_literal(doc)}",
        f"    _planner.todo({string_literal(unit + '.' + target)})",
    ]


def skeleton_driver(unit: str, callers: Sequence[str], names: Sequence[str], *, header: Sequence[str]) -> str:
    """A driver skeleton for a unit that is not a Python module (a DOT or class-data node):
    one test to write per missing caller, each reported as skipped until written."""
    doc = (
        f"SKELETON driver of {unit}: planner has no source to read for it (the graph is not a\n"
        "Python source tree), so there is no interface check, only a test to write per caller\n"
        "that is missing while it is integrated. Each is reported as skipped until written.\n"
    )
    lines = _head(header, doc)
    lines += [f"UNIT = {string_literal(unit)}", ""]
    taken: set[str] = set()
    for caller in callers:
        name = _unique(test_name("as_" + caller), taken)
        shown = ", ".join(names) if names else "what it uses"
        doc = f"Play {caller}: call {unit} the way it does ({shown})."
        lines += [
            "",
            *_marker([f"callers=({string_literal(caller)},)", "todo=True"]),
            f"def {name}() -> None:",
            f"    {docstring_literal(doc)}",
            f"    _planner.todo({string_literal(unit)})",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"
