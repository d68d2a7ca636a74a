"""What ``planner run`` shows while it runs: step k of n, its units, live counts (rich, standard error).

On a terminal a spinner line shows the running step's counts and gives way to
one line per finished step; elsewhere (CI logs) only the per-step lines are
printed, as plain text, without rich and without any work per test (rich's
console, imported and set up, was about 0.1 s of a short run).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

from planner.selection.run_result import Outcome, RunListener, StepResult

__all__ = ["Progress"]


class Progress(RunListener):
    """Step k of n, the units it integrates and its live counts, on standard error (rich)."""

    def __init__(self) -> None:
        self._console: Any = None
        self._plain: bool | None = None
        self.live: Any = None
        self.total = 0
        self.header = ""
        self.planned = 0
        self.counts: dict[str, int] = {}

    @property
    def console(self) -> Any:
        """rich's console, made at the first line to show: by then pytest is starting in its own process."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=True, highlight=False)
        return self._console

    @property
    def plain(self) -> bool:
        """Whether standard error is no terminal (a CI log, a file): lines without rich, no live counts."""
        if self._plain is None:
            forced = any(os.environ.get(name) for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"))
            self._plain = not forced and not sys.stderr.isatty()
        return self._plain

    def run_started(self, total: int) -> None:
        self.total = total

    def step_started(self, step: int, total: int, units: Sequence[str], planned: int) -> None:
        self.total = total
        self.header = f"step {step}/{total}: integrating {', '.join(units)}"
        self.planned = planned
        self.counts = {}
        if not self.plain and self.console.is_terminal and planned:
            from rich.live import Live
            from rich.spinner import Spinner

            self.live = Live(Spinner("dots", self._status()), console=self.console, transient=True)
            self.live.start()

    def _status(self) -> str:
        done = sum(self.counts.values())
        counts = ", ".join(f"{n} {k}" for k, n in self.counts.items())
        return f"{self.header}: {done}/{self.planned} tests" + (f" ({counts})" if counts else "")

    def test_finished(self, step: int, outcome: Outcome) -> None:
        if self.live is not None:
            self.counts[outcome.outcome] = self.counts.get(outcome.outcome, 0) + 1
            from rich.spinner import Spinner

            self.live.update(Spinner("dots", self._status()))

    def step_finished(self, result: StepResult) -> None:
        from planner.selection.summary import step_line

        self.stop()
        if self.plain:
            sys.stderr.write(step_line(result, self.total) + "\n")
            sys.stderr.flush()
            return
        from rich.text import Text

        styles = {"failed": "bold red", "interrupted": "bold red", "passed": "green", "empty": "dim", "not-run": "dim"}
        style = styles[result.status]
        self.console.print(Text(step_line(result, self.total), style=style))

    def stop(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None
