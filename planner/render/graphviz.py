"""Running Graphviz's ``dot``: DOT text in, SVG, PNG or PDF out.

``dot`` runs as a subprocess with an argument list and the DOT text on its
standard input: no shell, no temporary file, nothing from the graph on its
command line.
"""

from __future__ import annotations

import re
import shutil
import subprocess

from planner.errors import GraphvizMissingError, RenderError

__all__ = ["INSTALL", "find_dot", "run_dot", "without_ids"]

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
    return _fixed_date(result.stdout) if fmt == "pdf" else result.stdout


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}(Z|[+-]\d\d'\d\d'?)?\)")


def _fixed_date(pdf: bytes) -> bytes:
    """The PDF with the time Graphviz (cairo) wrote into it replaced by a fixed one, so the
    same plan gives the same bytes. The replacement has the same length: no offset moves."""

    def fixed(match: re.Match[bytes]) -> bytes:
        old = match.group(0)
        new = b"/" + match.group(1) + b" (D:19700101000000Z)"
        return new.ljust(len(old)) if len(new) <= len(old) else old

    return _PDF_DATE.sub(fixed, pdf)


_ID_TITLE = re.compile(r"<title>(?:planner|legend|cluster_c\d+|n\d+(?:&#45;&gt;n\d+)?)</title>\n?")


def without_ids(svg: bytes) -> bytes:
    """Graphviz's SVG without the ``<title>`` of each node, edge and cluster.

    They hold only the numbers planner gives nodes (``n3``, ``n3->n5``), which a
    browser would show as the tooltip of every box; the names are in the labels.
    """
    return _ID_TITLE.sub("", svg.decode("utf-8")).encode("utf-8")
