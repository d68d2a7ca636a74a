"""Writing the doubles directory: whole or not at all, and never outside it.

Every file goes into a fresh temporary directory beside ``DIR``, which then
takes ``DIR``'s place with a rename: a failure leaves ``DIR`` as it was, and
a reader never sees half of it. The temporary directories are locked while
their writer lives, and the next write of ``DIR`` removes those a killed one
left (:mod:`planner.base.files`). An existing ``DIR`` is replaced only with
``force``, and only if it holds a manifest (it was written by ``planner
doubles``): a directory of something else is never removed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from planner.base.files import TEMP_SUFFIX, hold, locked_temp_dir, remove_stale
from planner.doubles.generate import MANIFEST, Doubles
from planner.errors import OutputError

__all__ = ["write_doubles"]


def write_doubles(doubles: Doubles, directory: str | Path, *, force: bool = False) -> None:
    """Write ``doubles`` into ``directory`` (see the module docstring)."""
    target = Path(directory)
    display = str(directory)
    if target.exists() or target.is_symlink():
        if target.is_symlink() or not target.is_dir():  # --force would not help: say so at once
            raise OutputError("exists and is not a directory; refusing to replace it", path=display)
        if not force:
            raise OutputError("already exists; use {force} to replace it", path=display, parameter="force")
        if any(target.iterdir()) and not (target / MANIFEST).is_file():
            raise OutputError(
                f"exists and was not written by planner doubles (no {MANIFEST}); refusing to replace it",
                path=display,
            )
    parent = target.parent if str(target.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        remove_stale(parent, target.name)  # what a killed run left (planner.base.files)
        lock, staging = locked_temp_dir(parent, target.name)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", path=display) from None
    old: Path | None = None
    held: int | None = None
    try:
        for item in doubles.files:
            path = _inside(staging, item.path, display)
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(item.text)
        os.chmod(staging, 0o777 & ~_umask())
        if target.exists():
            held = hold(target)  # its lock goes with it: no clean-up takes it while it may come back
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=parent))
            os.rmdir(old)
            os.rename(target, old)
        os.rename(staging, target)
    except OSError as exc:
        if old is not None and old.exists() and not target.exists():
            os.rename(old, target)
        raise OutputError(f"cannot write: {exc.strerror}", path=display) from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        os.close(lock)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    if held is not None:
        os.close(held)


def _inside(root: Path, relative: str, display: str) -> Path:
    """``root / relative``, refusing any path that would lead out of ``root``."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise OutputError(f"refusing to write {relative!r}: outside the output directory", path=display)
    return root.joinpath(*pure.parts)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
