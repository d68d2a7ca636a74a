"""A pytest process forked from planner's, standing in for ``python -m pytest ARGS``.

``planner run`` starts pytest once per session. A new interpreter costs its start-up and
the import of the standard library that planner's process has imported already (about a
fifth of a 0.4 s suite's run). A fork of planner's process skips both: the child sets up
what ``python -m pytest`` would have (working directory, environment, ``sys.argv``,
``sys.path[0]``, standard streams on the log, SIGINT raising KeyboardInterrupt, a session
of its own) and calls ``pytest.console_main()``; at its end it runs the exit handlers the
session registered, waits for the threads it left, flushes, and leaves with
``os._exit`` (it never returns into planner's code).

Only where that is safe (:func:`can_fork`): Linux (a fork without ``exec`` is unsafe on
macOS), a process with one thread and no pytest imported (planner's own command, not a
library user's program or a test process, whose state the tests would inherit), unless
``PLANNER_NO_FORK`` is set (then pytest starts as a new interpreter, as it did before).
:class:`Forked` offers the part of ``subprocess.Popen`` that planner's watch uses.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from typing import IO

__all__ = ["Forked", "can_fork"]


def can_fork(argv: Sequence[str]) -> bool:
    """Whether ``argv`` is ``python -m pytest ...`` with this interpreter, and this process may fork to run it."""
    import threading

    return (
        sys.platform == "linux"
        and list(argv[:3]) == [sys.executable, "-m", "pytest"]
        and "pytest" not in sys.modules
        and threading.active_count() == 1
        and not os.environ.get("PLANNER_NO_FORK")
    )


class Forked:
    """A forked pytest process: its ``pid`` and, once it has ended, its ``returncode`` (``-N``: signal N)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    @classmethod
    def start(cls, args: Sequence[str], *, cwd: os.PathLike[str] | str, env: Mapping[str, str], log: IO[str]) -> Forked:
        """Fork, and run ``pytest ARGS`` in the child, its output to ``log``."""
        import gc

        for stream in (sys.stdout, sys.stderr, log):
            if stream is not None:
                stream.flush()  # nothing of planner's written twice
        gc.freeze()  # planner's objects: the child's collector leaves their pages shared
        try:
            pid = os.fork()  # OSError (no memory, a process limit) goes to the caller, which starts pytest anew
            if pid == 0:  # pragma: no cover - the child: measured by the tests of planner run, not here
                _child(args, cwd=os.fspath(cwd), env=env, log=log.fileno())
        finally:
            gc.unfreeze()
        return cls(pid)

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if timeout is None:
            while self.returncode is None:
                _, status = os.waitpid(self.pid, 0)
                self.returncode = os.waitstatus_to_exitcode(status)
            return self.returncode
        deadline = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(["pytest"], timeout)
            time.sleep(0.01)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, number: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, number)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def _child(args: Sequence[str], *, cwd: str, env: Mapping[str, str], log: int) -> None:  # pragma: no cover
    """The forked process: become ``python -m pytest ARGS`` in ``cwd``, and exit with its code."""
    code: object = 1
    interrupted = False
    try:
        import atexit
        import io

        os.setsid()  # a Ctrl-C in the terminal reaches planner only; pytest gets its SIGINT from planner
        signal.signal(signal.SIGINT, signal.default_int_handler)
        atexit._clear()  # planner's exit handlers are planner's
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.dup2(log, 1)
        os.dup2(log, 2)
        _close_inherited()  # as subprocess does: the session sees only its standard streams
        # The streams a new interpreter would have on a file: stdout block-buffered, stderr line-buffered.
        encoding, errors = sys.stdout.encoding if sys.stdout else "utf-8", sys.stdout.errors if sys.stdout else "strict"
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding=encoding)
        sys.stdout = io.TextIOWrapper(
            io.BufferedWriter(io.FileIO(1, "w", closefd=False)), encoding=encoding, errors=errors
        )
        sys.stderr = io.TextIOWrapper(
            io.BufferedWriter(io.FileIO(2, "w", closefd=False)),
            encoding=encoding,
            errors="backslashreplace",
            line_buffering=True,
        )
        _as_python_m_pytest(args, cwd, env)
        import pytest

        code = pytest.console_main()
    except SystemExit as exc:
        code = exc.code
    except BaseException as exc:  # noqa: BLE001 - whatever pytest raises, the child must end here
        import traceback

        traceback.print_exc()
        interrupted = isinstance(exc, KeyboardInterrupt)
        code = 1
    finally:
        code = _finish(code)
        if interrupted:  # as an interpreter ends on a KeyboardInterrupt nothing caught: by SIGINT
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)
        os._exit(code)


def _close_inherited() -> None:  # pragma: no cover - the child
    """Close every file descriptor above the standard streams that planner's process had open."""
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return
    import contextlib

    for name in names:
        if name.isdigit() and int(name) > 2:
            with contextlib.suppress(OSError):  # the directory's own descriptor, closed already
                os.close(int(name))


def _as_python_m_pytest(args: Sequence[str], cwd: str, env: Mapping[str, str]) -> None:  # pragma: no cover
    """``sys.path``, ``sys.argv``, ``__main__`` and the imported packages as ``python -m pytest ARGS`` has them.

    ``sys.path`` starts with the working directory, then the environment's ``PYTHONPATH``, then
    the interpreter's own directories. The packages outside the standard library that planner's
    process imported are forgotten (:func:`_forget_packages`). ``__main__``
    is pytest's, so that a test starting processes the ``spawn`` way re-imports pytest's main
    module in them, not planner's command.
    """
    import importlib.machinery
    import types

    python_path = [entry for entry in env.get("PYTHONPATH", "").split(os.pathsep) if entry]
    sys.path[:] = list(dict.fromkeys([cwd, *python_path, *sys.path[1:]]))
    _forget_packages()
    main_spec = importlib.machinery.PathFinder.find_spec("pytest", sys.path)
    main = types.ModuleType("__main__")
    if main_spec is not None and main_spec.submodule_search_locations:
        main.__file__ = os.path.join(main_spec.submodule_search_locations[0], "__main__.py")
        main.__spec__ = importlib.machinery.ModuleSpec("pytest.__main__", None, origin=main.__file__)
    sys.modules["__main__"] = main
    sys.argv = [getattr(main, "__file__", "pytest"), *args]
    sys.orig_argv = [sys.executable, "-m", "pytest", *args]  # /proc/self/cmdline stays planner's


def _forget_packages() -> None:  # pragma: no cover - the child
    """Forget the packages outside the standard library that planner's process imported (planner
    itself, above all), so that pytest imports them as a new interpreter would: its plugin
    manager marks the packages of pytest plugins for assertion rewriting and warns about one
    imported already (an error under ``filterwarnings = error``), and a checkout of a package
    tested with planner must get its own copy. A package with a compiled extension module is
    kept: such a module cannot always be initialised twice in one process."""
    stdlib = sys.stdlib_module_names
    packages: dict[str, list[str]] = {}
    for module in list(sys.modules):
        top = module.partition(".")[0]
        if top not in stdlib and top not in sys.builtin_module_names and top != "__main__":
            packages.setdefault(top, []).append(module)
    for modules in packages.values():
        files = [getattr(sys.modules[m], "__file__", None) or "" for m in modules]
        if all(not name or name.endswith(".py") for name in files):
            for module in modules:
                del sys.modules[module]


def _finish(code: object) -> int:  # pragma: no cover - the child's end
    """Run what an interpreter runs at its end (threads joined, exit handlers, streams flushed); the exit code.

    Nothing may escape: the child must reach ``os._exit``, never planner's code after the fork."""
    import atexit
    import contextlib
    import threading

    if code is not None and not isinstance(code, int):
        with contextlib.suppress(BaseException):
            print(code, file=sys.stderr)  # sys.exit("message"): printed before the end, as an interpreter does
    # An exit handler's failure is printed by atexit itself, as at an interpreter's end.
    with contextlib.suppress(BaseException):
        shutdown = getattr(threading, "_shutdown", None)
        if shutdown is not None:
            shutdown()
        atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BaseException):  # a closed or broken stream: nothing more to say
            if stream is not None:
                stream.flush()
    if code is None:
        return 0
    return code & 0xFF if isinstance(code, int) else 1
