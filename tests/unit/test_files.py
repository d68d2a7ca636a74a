"""Output files: only a regular file is ever replaced, it keeps its mode, no temporary file survives."""

from __future__ import annotations

import fcntl
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from planner.base.files import TEMP_SUFFIX, write_bytes_atomic, write_text_atomic
from planner.errors import OutputError
from tests.conftest import ROOT


def _temporaries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(TEMP_SUFFIX))


@pytest.mark.parametrize("force", [False, True])
def test_a_fifo_is_refused_and_left_a_fifo(tmp_path: Path, force: bool) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match=r"out\.json: is a FIFO \(named pipe\), not a regular file"):
        write_text_atomic(fifo, "{}\n", force=force)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _temporaries(tmp_path) == []


@pytest.mark.parametrize("force", [False, True])
def test_a_symbolic_link_is_refused_and_neither_it_nor_its_target_changes(tmp_path: Path, force: bool) -> None:
    real = tmp_path / "real.txt"
    real.write_text("mine\n")
    link = tmp_path / "out.txt"
    link.symlink_to(real)
    with pytest.raises(OutputError, match="is a symbolic link, not a regular file: refusing to replace it"):
        write_text_atomic(link, "theirs\n", force=force)
    assert link.is_symlink() and real.read_text() == "mine\n"


def test_a_dangling_symbolic_link_is_refused_too(tmp_path: Path) -> None:
    link = tmp_path / "out.txt"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputError, match="is a symbolic link"):
        write_text_atomic(link, "x", force=True)
    assert not (tmp_path / "nowhere").exists()


def test_a_device_is_refused_even_with_force() -> None:
    """As root, ``-o /dev/null --force`` used to turn the device into a regular file."""
    with pytest.raises(OutputError, match=r"^/dev/null: is a character device.*standard output with -o -\)$"):
        write_text_atomic("/dev/null", "x", force=True)
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory, not a regular file"):
        write_text_atomic(tmp_path, "x", force=True)


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "plan.json"
    target.write_text("old\n")
    target.chmod(mode)
    write_text_atomic(target, "new\n", force=True)
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_text_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_a_stale_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    stale = tmp_path / f".plan.json.abc123{TEMP_SUFFIX}"
    stale.write_text("half a plan")
    other = tmp_path / f".other.json.abc123{TEMP_SUFFIX}"  # another output's: not ours to judge
    other.write_text("x")
    write_text_atomic(tmp_path / "plan.json", "{}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["plan.json", other.name])


def test_a_temporary_file_its_writer_still_holds_is_kept(tmp_path: Path) -> None:
    held = tmp_path / f".plan.json.abc123{TEMP_SUFFIX}"
    held.write_text("being written")
    with open(held, "rb") as handle:  # a second open file description: flock conflicts as between processes
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        write_text_atomic(tmp_path / "plan.json", "{}\n")
        assert held.exists()
    write_text_atomic(tmp_path / "plan.json", "{}\n", force=True)
    assert not held.exists()


# The writer is paused inside its write (os.fsync, after the data went to the temporary file)
# so that the kill lands there every time, not by luck of timing.
_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from planner.base.files import write_bytes_atomic

    def paused(fd):
        print("writing", flush=True)
        time.sleep(600)

    os.fsync = paused
    write_bytes_atomic(sys.argv[1], b"new" * 100_000, force=True)
    """
)


def test_kill_9_while_writing_leaves_no_temporary_file_past_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_bytes(b"old\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(target)], stdout=subprocess.PIPE, text=True, env=env, cwd=tmp_path
    ) as writer:
        try:
            assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
            [temporary] = _temporaries(tmp_path)
            # While the writer lives, another write leaves its temporary file alone.
            write_bytes_atomic(target, b"meanwhile\n", force=True)
            assert _temporaries(tmp_path) == [temporary]
        finally:
            writer.send_signal(signal.SIGKILL)
            writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    assert target.read_bytes() == b"meanwhile\n", "the killed writer changed nothing"
    assert _temporaries(tmp_path) == [temporary], "kill -9 leaves the file (nothing can clean up in the process)"

    again = subprocess.run(
        [sys.executable, "-m", "planner", "plan", str(ROOT / "graphs/shop.dot"), "-o", str(target), "--force"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert again.stderr == f"planner: wrote {target}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_the_doubles_directory_clears_what_a_killed_run_left_but_not_what_a_live_one_holds(
    tmp_path: Path,
) -> None:
    from planner import api

    stale = tmp_path / f".doubles.abc123{TEMP_SUFFIX}"
    (stale / "stubs").mkdir(parents=True)
    (stale / "stubs" / "half.py").write_text("# half written\n")
    live = tmp_path / f".doubles.def456{TEMP_SUFFIX}"
    live.mkdir()
    holder = os.open(live, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        doubles = api.make_doubles(api.make_plan(ROOT / "examples/webshop"), source=ROOT / "examples/webshop")
        api.write_doubles(doubles, tmp_path / "doubles")
        assert not stale.exists() and live.exists()
        api.write_doubles(doubles, tmp_path / "doubles", force=True)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["doubles", live.name])
    finally:
        os.close(holder)


def test_concurrent_writers_of_one_output_neither_fail_nor_leave_temporary_files(tmp_path: Path) -> None:
    """Each writer's clean-up runs while the others write: it must take none of their files."""
    from concurrent.futures import ThreadPoolExecutor

    target = tmp_path / "plan.json"
    payloads = [f"writer {k}\n".encode() * 1000 for k in range(4)]

    def write(k: int) -> None:
        for _ in range(30):
            write_bytes_atomic(target, payloads[k], force=True)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, range(4)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]
    assert target.read_bytes() in payloads
