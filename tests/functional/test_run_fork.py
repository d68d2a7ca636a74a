"""``planner run``'s pytest, a fork of planner's process on Linux, looks to the tests as ``python -m pytest`` does.

A test of a small project records what a test can see of the process it runs in
(``sys.argv[0]``, ``sys.path``, the working directory, ``__main__``, the SIGINT
handler, the environment), starts a process the ``spawn`` way (which re-imports
``__main__`` in the new process), and the project's conftest registers an exit
handler that writes a file; warnings are errors (pytest warns at its start when the package
of a plugin it loads was imported already: planner's, in a fork that kept it). The same test
runs under plain ``python -m pytest``
and under ``planner run``: the records must be equal, and the exit handler must
have run in both. ``PLANNER_NO_FORK=1`` starts a new interpreter instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.functional.test_run_faults import env

FILES = {
    # filterwarnings = error: pytest warns at its start about a plugin's package imported already
    "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["src"]\nfilterwarnings = ["error"]\n',
    "src/probe/__init__.py": "def square(x):\n    return x * x\n",
    "tests/conftest.py": (
        "import atexit\nimport os\n\n\n"
        "def _bye():\n"
        "    with open(os.environ['PROBE_OUT'] + '.atexit', 'w') as handle:\n"
        "        handle.write('ran')\n\n\n"
        "atexit.register(_bye)\n"
    ),
    "tests/test_probe.py": (
        "import json\nimport multiprocessing\nimport os\nimport signal\nimport sys\n\n"
        "from probe import square\n\n\n"
        "def test_the_process_as_python_m_pytest_makes_it():\n"
        "    with multiprocessing.get_context('spawn').Pool(1) as pool:\n"
        "        assert pool.map(square, [3]) == [9]\n"
        "    seen = {\n"
        "        'argv0': sys.argv[0],\n"
        "        'path': sys.path,\n"
        "        'cwd': os.getcwd(),\n"
        "        'main': sys.modules['__main__'].__spec__.name,\n"
        "        'sigint': signal.getsignal(signal.SIGINT) is signal.default_int_handler,\n"
        "        'probe_env': os.environ.get('PROBE_ENV'),\n"
        "        'session': os.getsid(0) == os.getpid(),\n"
        "    }\n"
        "    with open('/proc/self/cmdline', 'rb') as handle:\n"
        "        seen['command'] = handle.read().split(b'\\0')[1:3] == [b'-m', b'planner']\n"
        "    with open(os.environ['PROBE_OUT'], 'w') as handle:\n"
        "        json.dump(seen, handle)\n"
    ),
}


@pytest.mark.skipif(sys.platform != "linux", reason="planner forks its pytest on Linux only")
def test_the_forked_pytest_sees_what_python_m_pytest_sees(tmp_path: Path) -> None:
    root = tmp_path / "probe"
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)

    def run(*argv: str, out: Path, **more: str) -> subprocess.CompletedProcess[str]:
        extra = env(PROBE_OUT=str(out), PROBE_ENV="kept", **more)
        return subprocess.run(
            [sys.executable, *argv], cwd=root, env=extra, capture_output=True, text=True, timeout=300, check=False
        )

    made = run("-m", "planner", "plan", "src", "--tests", "tests", "--no-cache", "-o", "plan.json", out=tmp_path / "x")
    assert made.returncode == 0, made.stderr
    plain = run("-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", out=tmp_path / "plain.json")
    assert plain.returncode == 0, plain.stdout + plain.stderr
    planned = run("-m", "planner", "run", "plan.json", "--", "-p", "no:cacheprovider", out=tmp_path / "run.json")
    assert planned.returncode == 0, planned.stdout + planned.stderr
    assert "1 passed" in planned.stdout

    seen_plain = json.loads((tmp_path / "plain.json").read_text())
    seen_run = json.loads((tmp_path / "run.json").read_text())
    assert seen_plain["main"] == "pytest.__main__" and seen_plain["sigint"] and seen_plain["probe_env"] == "kept"
    assert seen_plain["command"] is False
    assert seen_run["command"] is True  # a fork of planner's process: no interpreter started for pytest
    assert seen_run == {**seen_plain, "session": True, "command": True}  # pytest leads a session of its own
    assert (tmp_path / "plain.json.atexit").read_text() == "ran"
    assert (tmp_path / "run.json.atexit").read_text() == "ran"  # the session's exit handlers ran

    spawned = run("-m", "planner", "run", "plan.json", out=tmp_path / "spawned.json", PLANNER_NO_FORK="1")
    assert spawned.returncode == 0, spawned.stdout + spawned.stderr
    seen_spawned = json.loads((tmp_path / "spawned.json").read_text())
    assert seen_spawned == {**seen_plain, "session": True}  # a new interpreter, as asked
