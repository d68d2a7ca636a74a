"""Writing output files safely: whole or not at all, never over a file without ``force``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from planner.errors import OutputError

__all__ = ["write_text_atomic"]


def write_text_atomic(path: str | Path, text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path`` whole or not at all.

    The text goes to a temporary file beside ``path`` that then takes its
    place, so a reader never sees half a file and a failed write leaves the old
    one. Without ``force`` an existing ``path`` is refused, atomically (a file
    appearing meanwhile is not overwritten either).
    """
    target = Path(path)
    display = str(path)
    if target.is_dir():
        raise OutputError("is a directory", path=display)
    if not force and target.exists():
        raise OutputError("already exists; use --force to overwrite it", path=display)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", path=display) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
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
