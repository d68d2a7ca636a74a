"""Writing output files safely: whole or not at all, never over a file without ``force``.

Only a regular file is ever replaced: a directory, a symbolic link, a FIFO, a
device or a socket at the output path is refused, with or without ``force``
(``--force -o /dev/full`` must not turn the device into a file). A replaced
file keeps its permission bits.

The data is written to a temporary file beside the output, named
``.NAME.<random>.planner-tmp``, which then takes the output's place. The
writer holds an exclusive ``flock`` on it for as long as it lives; a process
that dies however it dies (``kill -9`` included) drops the lock, and the next
write of ``NAME`` removes every such file nobody holds: a temporary file never
outlives its writer past the next run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

from planner.errors import OutputError

__all__ = [
    "TEMP_SUFFIX",
    "hold",
    "locked_temp_dir",
    "refuse_existing",
    "remove_stale",
    "write_bytes_atomic",
    "write_text_atomic",
]

TEMP_SUFFIX = ".planner-tmp"
"""The suffix of the temporary files :func:`write_bytes_atomic` writes beside its output."""

_KINDS = (
    (stat.S_ISDIR, "is a directory"),
    (stat.S_ISLNK, "is a symbolic link"),
    (stat.S_ISFIFO, "is a FIFO (named pipe)"),
    (stat.S_ISCHR, "is a character device"),
    (stat.S_ISBLK, "is a block device"),
    (stat.S_ISSOCK, "is a socket"),
)


def refuse_existing(path: str | Path, *, force: bool = False) -> os.stat_result | None:
    """Fail early, before any work, unless ``path`` may be written.

    Anything but a regular file at ``path`` is refused, whatever ``force``
    says; a regular file needs ``force``. Returns what is there (``lstat``),
    or ``None`` when nothing is.
    """
    display = str(path)
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", path=display) from None
    if not stat.S_ISREG(info.st_mode):
        what = next((text for test, text in _KINDS if test(info.st_mode)), "is not a regular file")
        hint = " (write to standard output with -o -)" if display.startswith("/dev/") else ""
        raise OutputError(f"{what}, not a regular file: refusing to replace it{hint}", path=display)
    if not force:
        raise OutputError("already exists; use {force} to overwrite it", path=display, parameter="force")
    return info


def write_text_atomic(path: str | Path, text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path`` as UTF-8 whole or not at all (see :func:`write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"), force=force)


def write_bytes_atomic(path: str | Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` whole or not at all.

    The data goes to a temporary file beside ``path`` that then takes its
    place, so a reader never sees half a file and a failed write leaves the old
    one. Without ``force`` an existing ``path`` is refused, atomically (a file
    appearing meanwhile is not overwritten either); with it, only a regular
    file is replaced, and it keeps its mode.
    """
    target = Path(path)
    display = str(path)
    refuse_existing(path, force=force)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        remove_stale(directory, target.name)
        fd, tmp = _locked_temp(directory, target.name)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", path=display) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            _publish(handle.fileno(), tmp, target, display, force=force)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", path=display) from None
    finally:
        # After a hard link, or a failure: gone already if another writer's clean-up took it.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _publish(fd: int, tmp: str, target: Path, display: str, *, force: bool) -> None:
    """Give the written temporary file ``target``'s name (still holding its lock)."""
    if force:
        # Looked at again just before: what is there now decides (a FIFO that
        # appeared since the early check is refused too), and its mode is kept.
        old = refuse_existing(target, force=True)
        os.fchmod(fd, stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~_umask())
        os.replace(tmp, target)
        return
    os.fchmod(fd, 0o666 & ~_umask())
    try:
        os.link(tmp, target)  # fails if target appeared meanwhile
    except FileExistsError:
        raise OutputError("already exists; use {force} to overwrite it", path=display, parameter="force") from None
    except OSError:  # file systems without hard links
        if os.path.lexists(target):
            raise OutputError("already exists; use {force} to overwrite it", path=display, parameter="force") from None
        os.replace(tmp, target)


def _locked_temp(directory: Path, name: str) -> tuple[int, str]:
    """A new temporary file for ``name`` in ``directory``, open and locked by this process."""
    while True:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=directory)
        if _lock_new(fd, tmp):
            return fd, tmp


def locked_temp_dir(directory: Path, name: str) -> tuple[int, Path]:
    """A new temporary directory for ``name`` in ``directory``, and a descriptor holding its lock.

    Close the descriptor only once the directory has taken its place or is removed: until
    then :func:`remove_stale` leaves it alone; after a crash, it removes it.
    """
    while True:
        tmp = tempfile.mkdtemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=directory)
        fd = os.open(tmp, os.O_RDONLY | os.O_DIRECTORY)
        if _lock_new(fd, tmp):
            return fd, Path(tmp)


def _lock_new(fd: int, path: str) -> bool:
    """Lock the just-made ``path`` open as ``fd``; ``False`` (and ``fd`` closed) if a clean-up took it."""
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)  # a concurrent writer's clean-up holds it, and will remove it: take another
        return False
    except OSError:
        return True  # a file system without locks: write unlocked, as before
    try:
        if os.path.samestat(os.fstat(fd), os.lstat(path)):
            return True
    except FileNotFoundError:
        pass  # a concurrent writer's clean-up removed it between its making and the lock
    os.close(fd)
    return False


def hold(path: str | Path) -> int | None:
    """Open and lock ``path`` (a file or directory about to become a temporary one); ``None`` if it cannot be."""
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    # Held by another writer, or no locks here: the descriptor is still the caller's to close.
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def remove_stale(directory: Path, name: str) -> None:
    """Remove the temporary files and directories of ``name`` that no living writer holds."""
    import fcntl

    prefix = f".{name}."
    try:
        entries = [e for e in os.scandir(directory) if e.name.startswith(prefix) and e.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return
    for entry in entries:
        try:
            fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            mode = os.fstat(fd).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                continue
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while its writer lives
            if not os.path.samestat(os.fstat(fd), os.lstat(entry.path)):
                continue
            if stat.S_ISDIR(mode):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
        except OSError:
            continue
        finally:
            os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
