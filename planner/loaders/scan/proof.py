"""Proving a tree unchanged from the file system's own records, without reading it.

A file's *signature* is its size, modification and change times (nanoseconds), inode and
device. A signature proves a file unchanged since it was taken when it was *settled*,
git's rule for racy timestamps: the file had been neither modified nor changed within
:data:`RACY_NS` of the moment it was examined, so no later change can fall within the
same timestamp unseen (the change time cannot be set back by a program, so restoring a
modification time does not hide a change). A directory's signature changes when an entry
is added, removed or renamed in it.

:class:`~planner.loaders.scan.cache.ParseCache` uses signatures to know a file's content key
without reading it. ``planner scan -o`` goes further with a *proof*: after writing the
graph file, it records the settled signature of every directory whose listing the
discovery read and of every module, with the graph text and what was reported, under a
key of the options, the tree and the Python and planner versions. The next run stats
those directories and files (no listing, no reading, no hashing) and, when every
signature is the one recorded, writes the recorded text: nothing the result depends on can
have changed. Otherwise, or after a symbolic link (whose target may change unseen), the
scan runs as usual. A damaged or foreign proof is ignored; a tampered one can change what
the scan says (as any cache can: share a cache directory only between jobs that trust
each other), but it cannot put a control character into the output.

Only the standard library's ``os``, ``json`` and ``binascii`` are imported: this runs before
anything else of the scanner is.
"""

from __future__ import annotations

import binascii
import contextlib
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from planner._version import __version__

__all__ = [
    "RACY_NS",
    "Signature",
    "default_cache_dir",
    "UNSHAPING",
    "option_parts",
    "proof_path",
    "prove",
    "record",
    "settled",
    "signature",
    "sound_text",
]

RACY_NS = 2_000_000_000
"""Two seconds: the coarsest timestamp resolution of a common file system (FAT). A file
modified or changed less than this before it was examined may change again unseen
within the same timestamp, so its signature proves nothing and it is hashed next time."""

Signature = tuple[int, int, int, int, int]
"""``(size, mtime_ns, ctime_ns, inode, device)`` of a file or directory."""

_FORMAT = f"planner-proof/1 planner {__version__} py{sys.version_info[0]}.{sys.version_info[1]}"


def signature(stat: os.stat_result) -> Signature:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev)


def settled(sig: Signature, examined_ns: int) -> bool:
    """Whether ``sig``, taken at or after ``examined_ns`` (wall clock), can prove the file
    unchanged later: neither modified nor changed within :data:`RACY_NS` before then."""
    return max(sig[1], sig[2]) + RACY_NS <= examined_ns


def default_cache_dir() -> str:
    """``$PLANNER_CACHE_DIR``, else ``$XDG_CACHE_HOME/planner``, else ``~/.cache/planner``."""
    explicit = os.environ.get("PLANNER_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "planner")


def sound_text(text: object) -> bool:
    """Whether ``text`` (JSON from a cache) is one line of printable characters ending in a
    newline, escaping nothing but quotes and backslashes: it carries no control character,
    raw or escaped."""
    if type(text) is not str or not text.endswith("\n") or not text[:-1].isprintable():
        return False
    return "\\" not in text.replace("\\\\", "").replace('\\"', "")


def option_parts(what: str, shaping: Mapping[str, object]) -> list[Any]:
    """What shapes ``what`` is recorded (say ``"graph-json"``), as plain data: ``shaping``
    holds the scanner options that shape the result (every field of
    :class:`~planner.loaders.scan.model.ScanOptions` but ``strict``, ``cache_dir`` and ``jobs``), so
    that an option added there is part of the key on both sides, or the proof never matches."""

    def plain(value: object) -> object:
        if isinstance(value, frozenset | set):
            return sorted(value)
        return list(value) if isinstance(value, tuple) else value

    return [what, sorted([name, plain(value)] for name, value in shaping.items())]


UNSHAPING = frozenset({"strict", "cache_dir", "jobs"})
"""The :class:`~planner.loaders.scan.model.ScanOptions` fields that do not change what a scan finds."""


def proof_path(cache_dir: str, root: str, display: str) -> str:
    """The proof file of ``root`` (shown as ``display``) in ``cache_dir``."""
    # A CRC is enough for a name (hashlib would cost more to import than the whole check):
    # two trees whose names collide overwrite each other's proof, and the key inside tells.
    label = f"{display}\0{os.path.realpath(root)}".encode("utf-8", "surrogateescape")
    return os.path.join(cache_dir, f"proof-{binascii.crc32(label):08x}-{len(label)}.json")


def _key(root: str, display: str, parts: Sequence[Any]) -> list[Any]:
    return [_FORMAT, display, os.path.realpath(root), *parts]


def prove(cache_dir: str, root: str, display: str, parts: Sequence[Any]) -> Any:
    """The value recorded for ``root`` with ``parts`` (the options, as plain data), if every
    directory and file it depends on has the signature recorded; else ``None``. The value
    is plain JSON data from the cache: check it before use."""
    try:
        with open(proof_path(cache_dir, root, display), "rb") as handle:
            data = json.loads(handle.read())
        if type(data) is not dict or data.get("key") != _key(root, display, parts):
            return None
        stat = os.stat
        now: list[int] = []
        for path in data["paths"]:
            st = stat(path)
            now += (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        return data["value"] if now == data["signatures"] else None
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return None  # damaged, foreign, or a path that is gone: no proof


def record(
    cache_dir: str,
    root: str,
    display: str,
    parts: Sequence[Any],
    paths: Iterable[tuple[str, Signature]],
    value: Any,
) -> None:
    """Record ``value`` as what ``root`` gives while ``paths`` keep their (settled) signatures;
    failures are ignored (it is only a cache)."""
    import tempfile

    listed = list(paths)
    data = {
        "key": _key(root, display, parts),
        "paths": [path for path, _ in listed],
        "signatures": [n for _, sig in listed for n in sig],  # five numbers a path, flat: quicker to read
        "value": value,
    }
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    tmp = None
    try:
        os.makedirs(cache_dir, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".proof-", suffix=".tmp", dir=cache_dir)
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as handle:
            handle.write(text)
        os.replace(tmp, proof_path(cache_dir, root, display))
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
