"""What the command line shows while it scans: a progress bar, the reports, a summary.

The bar goes to standard error, only when that is a terminal and only once the
scan has run for half a second (short scans print nothing but their summary).
It is refreshed by the scan's own callbacks, not by a thread, so the worker
processes can be forked safely.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

from planner.api import ScanReportListener

if TYPE_CHECKING:
    from planner.api import ScanOutcome, ScanSummary

__all__ = ["TerminalListener"]

_DELAY = 0.5
_REFRESH = 0.1


class TerminalListener(ScanReportListener):
    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet
        self.started = time.monotonic()
        self.total = 0
        self.done = 0
        self.bar: Any = None
        self.task: Any = None
        self.shown = 0.0

    def start(self, total: int) -> None:
        self.started = time.monotonic()
        self.total = total

    def advance(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if self.bar is None:
            if self.quiet or now - self.started < _DELAY or self.done >= self.total or not sys.stderr.isatty():
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("parsing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
                auto_refresh=False,
            )
            self.task = self.bar.add_task("parsing", total=self.total)
            self.bar.start()
        if now - self.shown >= _REFRESH:
            self.bar.update(self.task, completed=self.done)
            self.bar.refresh()
            self.shown = now

    def finished(self, result: ScanOutcome, summary: ScanSummary | None) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
        from planner.cli._scan_run import told_lines

        told = None if summary is None or self.quiet else str(summary)
        for line in told_lines(result.root, result.reports, result.notes, told):
            print(line, file=sys.stderr)
