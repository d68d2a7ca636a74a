"""Run (part of) a project's pytest suite in a scratch copy and read back each test's outcome.

pytest runs in a subprocess of its own session (so that a run past its time limit, or the
user's Ctrl-C, ends its whole process group), with planner's harness writing each outcome
to a file (``-p planner.plugin.harness --planner-report``): nothing is parsed from
pytest's output. Bytecode is not written, so a restored module is never shadowed by the
cached bytecode of its mutant.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["FAILING", "SuiteRun", "run_suite"]

FAILING = frozenset({"failed", "error"})
_POLL = 0.1


@dataclass(frozen=True)
class SuiteRun:
    """A run's outcomes (node id, or a file that did not collect, to pytest's outcome), its exit
    code and time; ``timed_out``: ended at its limit, while ``running`` ran; ``stopped``: ended
    because the audit was stopped (interrupted, or out of budget): its outcomes mean nothing."""

    outcomes: Mapping[str, str] = field(default_factory=dict)
    code: int = 0
    seconds: float = 0.0
    timed_out: bool = False
    running: str | None = None
    stopped: bool = False

    @property
    def failing(self) -> frozenset[str]:
        found = {node for node, outcome in self.outcomes.items() if outcome in FAILING}
        if self.timed_out and self.running:
            found.add(self.running)
        return frozenset(found)


def run_suite(
    cwd: Path,
    args: Sequence[str],
    *,
    pythonpath: Sequence[Path],
    timeout: float | None,
    stop: threading.Event,
) -> SuiteRun:
    """``pytest ARGS`` in ``cwd`` with ``pythonpath`` first on the import path, ended after ``timeout``
    seconds (a time-out) or as soon as ``stop`` is set (stopped)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("PLANNER_DEBUG", None)
    paths = [str(p) for p in pythonpath]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    with tempfile.TemporaryDirectory(prefix="planner-audit-run-") as tmp:
        report = Path(tmp, "report.jsonl")
        argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "planner.plugin.harness", "-q"]
        argv += [f"--planner-report={report}", "--", *args]
        started = time.monotonic()
        timed_out = stopped = False
        with open(Path(tmp, "pytest.log"), "w", encoding="utf-8") as log:
            process = subprocess.Popen(
                argv,
                cwd=cwd,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=os.name != "nt",
            )
            try:
                while process.poll() is None:
                    if stop.is_set():
                        stopped = True
                        break
                    if timeout is not None and time.monotonic() - started > timeout:
                        timed_out = True
                        break
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        process.wait(timeout=_POLL)
            finally:
                if process.poll() is None:
                    _kill(process)
        seconds = time.monotonic() - started
        outcomes, running = _read(report)
    return SuiteRun(outcomes, process.returncode, seconds, timed_out, running, stopped)


def _kill(process: subprocess.Popen[bytes]) -> None:
    """End pytest and whatever it started (its own session, its own process group)."""
    if os.name != "nt":
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    process.kill()
    process.wait()


def _read(report: Path) -> tuple[dict[str, str], str | None]:
    outcomes: dict[str, str] = {}
    running: str | None = None
    if not report.exists():
        return outcomes, running
    for line in report.read_text(encoding="utf-8").splitlines():
        try:
            event = json.loads(line)
        except ValueError:  # the last line, cut short by a kill
            continue
        kind = event.get("event")
        if kind == "start":
            running = str(event.get("id", ""))
        elif kind == "test":
            outcomes[str(event["id"])] = str(event["outcome"])
            running = None
        elif kind == "collect-error":
            outcomes[str(event.get("id") or "<collection>")] = "error"
    return outcomes, running
