"""Source distributions of real packages from PyPI, downloaded once and unpacked beside the
archive, for the slow tests and the benchmarks (``.cache/sdists``, gitignored;
``$PLANNER_SDIST_CACHE`` moves it)."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

__all__ = ["CACHE", "DownloadError", "unpacked"]

CACHE = Path(os.environ.get("PLANNER_SDIST_CACHE", Path(__file__).resolve().parents[1] / ".cache" / "sdists"))


class DownloadError(Exception):
    """pip could not download the sdist (no network, or no such version)."""


def unpacked(name: str, version: str) -> Path:
    """The unpacked sdist of ``name==version``, downloaded with pip the first time.

    The archive is unpacked into a fresh temporary directory first and renamed into
    place, so an interrupted run leaves no half-unpacked tree behind.
    """
    target = CACHE / f"{name}-{version}"
    if target.is_dir():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    # pytest-xdist's workers may ask for the same sdist at once: one downloads, the others wait
    with open(CACHE / f".{name}-{version}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.is_dir():
            return target
        return _download(name, version, target)


def _download(name: str, version: str, target: Path) -> Path:
    archives = _archives(name, version)
    if not archives:
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        done = subprocess.run(
            [*pip, f"{name}=={version}", "-d", str(CACHE)], capture_output=True, text=True, timeout=600, check=False
        )
        archives = _archives(name, version)
        if done.returncode != 0 or not archives:
            raise DownloadError(f"cannot download {name}=={version} from PyPI: {done.stderr.strip()[-300:]}")
    partial = Path(tempfile.mkdtemp(dir=CACHE, prefix=f".{name}-{version}."))
    with tarfile.open(archives[0]) as tar:
        _extract(tar, partial)
    (inner,) = partial.iterdir()
    inner.rename(target)
    partial.rmdir()
    return target


def _archives(name: str, version: str) -> list[Path]:
    """The archive, whatever the case of its name (``Django-5.1.4.tar.gz``)."""
    return sorted(p for p in CACHE.glob(f"*-{version}.tar.gz") if p.name.lower() == f"{name}-{version}.tar.gz".lower())


def _extract(tar: tarfile.TarFile, target: Path) -> None:
    """Unpack a downloaded archive, refusing anything that would land outside ``target``."""
    if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
        tar.extractall(target, filter="data")
        return
    safe = [
        member
        for member in tar.getmembers()
        if (member.isfile() or member.isdir())
        and not member.name.startswith("/")
        and ".." not in Path(member.name).parts
    ]
    tar.extractall(target, members=safe)
