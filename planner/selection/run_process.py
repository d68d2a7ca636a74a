"""One pytest subprocess of ``planner run``, watched: its events, a step time limit, Ctrl-C.

The harness (``--planner-report``) writes one JSON line per event (``=OUTCOME`` for
a test with nothing to say, under ``--planner-brief``); this module reads them as
they come and hands each to the caller. With ``running`` (the harness's
``--planner-running``), the test that was running is read from that file once,
when pytest has ended, instead of from a ``start`` event per test. It also enforces the
time limit of a step (``timeout``, in seconds, counted from the start of the
process or from the last ``step`` start event) and handles Ctrl-C: in both
cases pytest is sent SIGINT, as a terminal would, so that it ends the session
properly (the open step keeps the JUnit XML of its finished tests), and is
killed if it has not ended a few seconds later.

pytest runs in its own process group, so that a Ctrl-C typed in the terminal
reaches planner only, and pytest gets exactly one SIGINT, from planner.

With ``fork`` (``planner run``'s own process, on Linux), the pytest process is a fork of
planner's instead of a new interpreter: it runs ``pytest.console_main()`` as ``python -m
pytest`` would (the same arguments, working directory, environment, ``sys.path[0]``, standard
streams and SIGINT handler; its exit handlers run at its end), and it skips the interpreter's
start-up and the standard library planner has imported already, which on a short suite were
a fifth of the run. Only a process that is lean and planner's own may fork this way (not a
library user's program, whose state the tests would inherit; not a process running pytest
already, nor one with threads): the caller says so.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from planner.selection.forked import Forked, can_fork
from planner.selection.process import pytest_env

__all__ = ["Ended", "watch"]

_POLL = 0.1
_GRACE = 10.0
"""Seconds pytest has to end its session after SIGINT before it is killed."""


@dataclass(frozen=True)
class Ended:
    """How the process ended: its exit code, and whether planner ended it and which test was running."""

    code: int
    timed_out: bool = False
    interrupted: bool = False
    running: str | None = None


def watch(
    argv: Sequence[str],
    *,
    cwd: Path,
    log: Path,
    report: Path,
    on_event: Callable[[dict[str, Any]], None],
    timeout: float | None = None,
    running_file: Path | None = None,
    fork: bool = False,
) -> Ended:
    """Run ``argv`` (pytest with the harness writing ``report``, and ``running_file`` if given),
    its output to ``log``; ``fork``: as a fork of this process where that is possible (see above)."""
    report.unlink(missing_ok=True)
    if running_file is not None:
        running_file.unlink(missing_ok=True)
    running: str | None = None
    timed_out = interrupted = False
    clock = time.monotonic()
    reader: IO[str] | None = None

    def drain(final: bool) -> None:
        nonlocal running, clock, reader
        if reader is None and report.exists():
            reader = open(report, encoding="utf-8")  # noqa: SIM115 - read while pytest writes it
        if reader is None:
            return
        for event in _events(reader, final=final):
            kind = event.get("event")
            if kind == "start":
                running = str(event.get("id", ""))
            elif kind == "test":
                running = None
            elif kind == "step" and event.get("state") == "start":
                clock = time.monotonic()
            on_event(event)

    with open(log, "w", encoding="utf-8") as out, _interruptible_child():
        process: subprocess.Popen[bytes] | Forked | None = None
        if fork and can_fork(argv):
            with contextlib.suppress(OSError):  # a fork refused (memory, a process limit): a new interpreter
                process = Forked.start(list(argv[3:]), cwd=cwd, env=pytest_env(), log=out)
        if process is None:
            process = subprocess.Popen(
                list(argv),
                cwd=cwd,
                env=pytest_env(),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=os.name != "nt",
            )
        wait, close = _exit_waiter(process)
        try:
            try:
                while process.poll() is None:
                    drain(final=False)
                    if timeout is not None and time.monotonic() - clock > timeout:
                        timed_out = True
                        _stop(process, drain)
                        break
                    wait(_POLL)  # returns as soon as pytest ends
            except KeyboardInterrupt:
                interrupted = True
                _stop(process, drain)
            drain(final=True)
        finally:
            close()
            if process.poll() is None:
                process.kill()
                process.wait()
            if reader is not None:
                reader.close()
    report.unlink(missing_ok=True)
    if running_file is not None:
        running = _running(running_file)
        running_file.unlink(missing_ok=True)
    code = process.wait()  # ended already: its exit code
    return Ended(code, timed_out=timed_out, interrupted=interrupted, running=running)


def _exit_waiter(process: subprocess.Popen[bytes] | Forked) -> tuple[Callable[[float], None], Callable[[], None]]:
    """A wait of at most some seconds that ends when ``process`` ends, and what closes it.

    On Linux, a poll on the process's pidfd: planner wakes once per interval, or at once when
    pytest ends. Elsewhere ``Popen.wait(timeout)``, which polls with growing sleeps (about ten
    wake-ups per interval: on a loaded machine each may take the CPU from pytest)."""
    import select

    if hasattr(os, "pidfd_open") and hasattr(select, "poll"):
        try:
            descriptor = os.pidfd_open(process.pid)
        except OSError:  # a kernel older than 5.3, or a sandbox that refuses it
            descriptor = -1
        if descriptor >= 0:
            poller = select.poll()
            poller.register(descriptor, select.POLLIN)

            def poll(seconds: float) -> None:
                poller.poll(seconds * 1000)

            return poll, lambda: os.close(descriptor)

    def wait(seconds: float) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=seconds)

    return wait, lambda: None


@contextlib.contextmanager
def _interruptible_child() -> Iterator[None]:
    """Start pytest able to take SIGINT even where planner was started with SIGINT ignored (a
    job started with ``&`` by a shell script): an ignored signal stays ignored across ``exec``,
    and a pytest that ignores SIGINT cannot end its session when its time is up; it would be
    killed, and the step's JUnit XML lost. A handled signal is reset to the default in the
    new program, so SIGINT is handled (and planner's own disposition restored) while pytest
    starts."""
    if os.name == "nt" or signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGINT, lambda number, frame: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop(process: subprocess.Popen[bytes] | Forked, drain: Callable[[bool], None]) -> None:
    """SIGINT, as Ctrl-C in a terminal; killed if pytest has not ended after a grace period."""
    if os.name == "nt":  # no SIGINT to a child on Windows: end it
        process.terminate()
    else:
        process.send_signal(signal.SIGINT)
    deadline = time.monotonic() + _GRACE
    while process.poll() is None and time.monotonic() < deadline:
        try:
            drain(False)
            time.sleep(_POLL)
        except KeyboardInterrupt:  # a second Ctrl-C: do not wait
            break
    if process.poll() is None:
        process.kill()
        process.wait()


def _running(path: Path) -> str | None:
    """The first line of the harness's ``--planner-running`` file: the test running when pytest ended."""
    try:
        with open(path, "rb") as handle:
            first = handle.readline()
    except OSError:
        return None
    if not first.endswith(b"\n"):
        return None  # cut short: never complete
    return first[:-1].decode("utf-8", "surrogateescape") or None


def _events(reader: IO[str], *, final: bool) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    while True:
        position = reader.tell()
        line = reader.readline()
        if not line:
            return events
        if not line.endswith("\n") and not final:
            reader.seek(position)  # a line still being written
            return events
        if line[0] == "=":  # --planner-brief: a test with nothing to say
            events.append({"event": "test", "id": "", "outcome": line[1:].rstrip("\n")})
            continue
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict):
            events.append(event)
