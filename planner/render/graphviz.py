"""Running Graphviz's ``dot``: DOT text in, SVG, PNG or PDF out.

``dot`` runs as a subprocess with an argument list and the DOT text on its
standard input: no shell, no temporary file, nothing from the graph on its
command line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence

from planner.errors import GraphvizMissingError, RenderError

__all__ = ["INSTALL", "find_dot", "run_dot", "svgs"]

INSTALL = (
    "install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz; "
    "others: https://graphviz.org/download/)"
)


def find_dot(purpose: str) -> str:
    """The path of ``dot``, or a one-line error saying what to install for ``purpose``."""
    path = shutil.which("dot")
    if path is None:
        raise GraphvizMissingError(
            f"{purpose} needs Graphviz, whose 'dot' program is not on PATH: {INSTALL}; "
            ".dot and .mmd output need no Graphviz"
        )
    return path


def run_dot(text: str, fmt: str, *, purpose: str) -> bytes:
    """Lay out and draw the DOT ``text`` as ``fmt`` (``svg``, ``png``, ``pdf``)."""
    command = [find_dot(purpose), f"-T{fmt}"]
    try:
        result = subprocess.run(command, input=text.encode("utf-8"), capture_output=True, check=False)
    except OSError as exc:
        raise RenderError(f"cannot run Graphviz ({command[0]}): {exc.strerror}") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError(f"Graphviz failed: {message[0] if message else f'exit code {result.returncode}'}")
    return result.stdout


_XML_HEAD = re.compile(rb"<\?xml ")


def svgs(texts: Sequence[str], *, purpose: str) -> list[str]:
    """Draw several DOT graphs as SVG in one run of ``dot`` (one process, not one each).

    ``dot`` writes one SVG document per graph, each opening with an XML
    declaration; the output is split there (labels cannot contain one: their
    ``<`` is escaped).
    """
    if not texts:
        return []
    output = run_dot("\n".join(texts), "svg", purpose=purpose)
    starts = [m.start() for m in _XML_HEAD.finditer(output)]
    if len(starts) != len(texts):  # pragma: no cover - would be a Graphviz change
        raise RenderError(f"Graphviz drew {len(starts)} pictures for {len(texts)} graphs")
    ends = [*starts[1:], len(output)]
    return [output[a:b].decode("utf-8") for a, b in zip(starts, ends, strict=True)]
