"""Writing output files safely: whole or not at all, never over a file without ``force``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from planner.errors import OutputError

__all__ = ["refuse_existing", "write_bytes_atomic", "write_text_atomic"]


def refuse_existing(path: str | Path, *, force: bool = False) -> None:
    """Fail early, before any work, if ``path`` exists and ``force`` is off."""
    target = Path(path)
    if target.is_dir():
        raise OutputError("is a directory", path=str(path))
    if not force and target.exists():
        raise OutputError("already exists; use --force to overwrite it", path=str(path))


def write_text_atomic(path: str | Path, text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path`` as UTF-8 whole or not at all (see :func:`write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"), force=force)


def write_bytes_atomic(path: str | Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` whole or not at all.

    The data goes to a temporary file beside ``path`` that then takes its
    place, so a reader never sees half a file and a failed write leaves the old
    one. Without ``force`` an existing ``path`` is refused, atomically (a file
    appearing meanwhile is not overwritten either).
    """
    target = Path(path)
    display = str(path)
    refuse_existing(path, force=force)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", path=display) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        if force:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)  # fails if target appeared meanwhile
            except FileExistsError:
                raise OutputError("already exists; use --force to overwrite it", path=display) from None
            except OSError:  # file systems without hard links
                if target.exists():
                    raise OutputError("already exists; use --force to overwrite it", path=display) from None
                os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", path=display) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
