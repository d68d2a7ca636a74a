"""A cache of parse records, keyed by each file's content.

A record depends only on the bytes of a file (and on the Python version that
parsed it), so the key is a BLAKE2b digest of those bytes: a file touched but
unchanged stays cached, and a cache built on one machine is valid on another
(CI can share it).

Which digest a file has is known without reading it when the cache can prove
the file unchanged: its *signature* (size, modification and change times in
nanoseconds, inode, device) is the one recorded with the digest, and the record
was *settled* (git's rule for racy timestamps: the file had not been modified
or changed within :data:`RACY_NS` of the moment it was examined, so a later
change within the file system's timestamp resolution cannot go unseen). Any
other file is read and hashed. A checkout elsewhere (another inode, device or
change time) is hashed, never trusted.

Besides, the *resolved* result of the last scan of a root is kept with the
key of everything it was computed from (each module's name, path, kind and
content key, the namespace packages, the options that change edges, the
root as shown): a scan of an unchanged tree reads and hashes every file,
and then neither parses nor resolves anything.

All records of one scanned root live in one *pack* file (JSON, plain data, so
a cache from elsewhere can never run code), read in one go, since opening
thousands of small files would cost more than the lookups save. A pack is
written only when the scan parsed something new or dropped stale entries, to
a temporary file renamed over the old one: readers see the old pack or the
new one, never half of one, and two scans writing at once leave one of their
packs, each complete. An unreadable or foreign pack is ignored (the scan
parses again); a cache never makes a scan fail.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.loaders.scan.model import Binding, EdgeInfo, FileRecord, ImportRecord, ScanOptions, ScanReport
from planner.loaders.scan.proof import RACY_NS, Signature, default_cache_dir, settled, signature

__all__ = [
    "FORMAT",
    "RACY_NS",
    "ParseCache",
    "ResolvedResult",
    "Signature",
    "content_key",
    "decode",
    "default_cache_dir",
    "encode",
    "settled",
    "signature",
]

_KEY = re.compile(r"[0-9a-f]{32}")

FORMAT = f"planner-scan/3 py{sys.version_info[0]}.{sys.version_info[1]}"
"""Bump when the parser's output changes; the Python version is part of it
(what parses, and how, depends on it)."""


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: decoding builds many containers and no
    cycles, and the collector's passes over them would cost more than the decoding."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def content_key(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def encode(record: FileRecord) -> list[Any]:
    imports = [
        [i.kind, i.module, i.level, [[b.name, b.alias] for b in i.bindings], i.line, i.scope, i.statement, i.package]
        for i in record.imports
    ]
    uses = [[name, [list(chain) for chain in chains]] for name, chains in record.uses]
    error = None if record.error is None else list(record.error)
    return [imports, list(record.defines), uses, error]


def decode(data: Any) -> FileRecord:
    """The record ``encode`` gave; raises ``ValueError``/``TypeError``/... on a bad one."""
    imports, defines, uses, error = data
    return FileRecord(
        imports=tuple(
            ImportRecord(
                str(kind),
                str(module),
                int(level),
                tuple(Binding(str(n), str(a)) for n, a in bindings),
                int(line),
                str(scope),
                str(statement),
                None if package is None else str(package),
            )
            for kind, module, level, bindings, line, scope, statement, package in imports
        ),
        defines=tuple(map(str, defines)),
        uses=tuple((str(name), tuple(tuple(map(str, chain)) for chain in chains)) for name, chains in uses),
        error=None if error is None else (None if error[0] is None else int(error[0]), str(error[1])),
    )


@dataclass(frozen=True)
class ResolvedResult:
    """What a scan resolved: modules that failed to parse, edges, externals, reports."""

    failed: tuple[str, ...]
    edges: tuple[EdgeInfo, ...]
    externals: tuple[str, ...]
    reports: tuple[ScanReport, ...]


def result_key(
    shown: str, options: ScanOptions, files: Iterable[tuple[str, str, str, str]], namespaces: Iterable[str]
) -> str:
    """The key of a resolved result: a digest of everything it depends on."""
    payload = [
        FORMAT,
        shown,
        sorted(options.scopes),
        options.external,
        options.through_init,
        sorted(files),
        sorted(namespaces),
    ]
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class ParseCache:
    """The pack of one scanned root in ``directory``, and its last resolved result."""

    def __init__(self, directory: str | os.PathLike[str], root: Path, shown: str | None = None) -> None:
        self.directory = Path(directory)
        # The pack is named after the tree as given and its directory's name, not its
        # absolute path, so that CI machines checking out at different places share it.
        # Correctness never depends on the name: entries are keyed by content, the
        # resolved result by all its inputs.
        label = f"{str(root) if shown is None else shown}\0{root.resolve().name}"
        digest = hashlib.blake2b(label.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
        self.path = self.directory / f"scan-{digest}.json"
        self.result_path = self.directory / f"result-{digest}.json"
        self.stats_path = self.directory / f"stat-{digest}.json"
        self.companion_path = self.directory / f"companion-{digest}.json"
        self.loaded: dict[str, Any] = {}
        self.loaded_stats: dict[str, tuple[Signature, str]] = {}

    def load_stats(self) -> dict[str, tuple[Signature, str]]:
        """The settled signatures and content keys, by path relative to the root; an entry
        that is not five integers and a key is left out (that file is hashed)."""
        try:
            with open(self.stats_path, "rb") as handle:
                data = json.loads(handle.read())
            if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data["files"], dict):
                return {}
        except (OSError, ValueError, KeyError, RecursionError):
            return {}
        found: dict[str, tuple[Signature, str]] = {}
        for path, entry in data["files"].items():
            if (
                type(entry) is list
                and len(entry) == 6
                and all(type(n) is int for n in entry[:5])
                and type(entry[5]) is str
                and _KEY.fullmatch(entry[5])
            ):
                found[path] = ((entry[0], entry[1], entry[2], entry[3], entry[4]), entry[5])
        self.loaded_stats = found
        return found

    def save_stats(self, entries: dict[str, tuple[Signature, str]]) -> None:
        """Record the settled signatures, if they changed."""
        if entries != self.loaded_stats:
            files = {path: [*sig, key] for path, (sig, key) in entries.items()}
            self._write(self.stats_path, {"format": FORMAT, "files": files})

    def load_result(self, key: str) -> ResolvedResult | None:
        """The resolved result stored under ``key``, if that is the one stored (and sound)."""
        try:
            with open(self.result_path, "rb") as handle, paused_gc():
                data = json.loads(handle.read())
            if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
                return None
            failed, edges, externals, reports = data["result"]
            with paused_gc():
                return self._resolved(failed, edges, externals, reports)
        except (OSError, ValueError, TypeError, KeyError, IndexError, RecursionError):
            return None

    @staticmethod
    def _resolved(failed: Any, edges: Any, externals: Any, reports: Any) -> ResolvedResult:
        return ResolvedResult(
            failed=tuple(map(str, failed)),
            edges=tuple(
                EdgeInfo(
                    str(u),
                    str(v),
                    tuple(map(str, names)),
                    tuple(map(int, lines)),
                    tuple(map(str, scopes)),
                    tuple(map(str, statements)),
                )
                for u, v, names, lines, scopes, statements in edges
            ),
            externals=tuple(map(str, externals)),
            reports=tuple(
                ScanReport(str(path), None if line is None else int(line), str(message))
                for path, line, message in reports
            ),
        )

    def load_companion(self, key: str, name: str) -> Any:
        """The value stored as ``name`` with the result ``key``, or ``None``."""
        try:
            with open(self.companion_path, "rb") as handle:
                data = json.loads(handle.read())
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(data, dict) or [data.get(k) for k in ("format", "key", "name")] != [FORMAT, key, name]:
            return None
        return data.get("value")

    def save_companion(self, key: str, name: str, value: Any) -> None:
        self._write(self.companion_path, {"format": FORMAT, "key": key, "name": name, "value": value})

    def save_result(self, key: str, result: ResolvedResult) -> None:
        edges = [[e.importer, e.imported, e.names, e.lines, e.scopes, e.statements] for e in result.edges]
        reports = [[r.path, r.line, r.message] for r in result.reports]
        payload = [result.failed, edges, result.externals, reports]
        self._write(self.result_path, {"format": FORMAT, "key": key, "result": payload})

    def load(self) -> dict[str, Any]:
        """The encoded records of the pack, by content key (empty if none or unreadable)."""
        try:
            with open(self.path, "rb") as handle:
                data = json.loads(handle.read())
        except (OSError, ValueError, RecursionError):
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("records"), dict):
            return {}
        self.loaded = data["records"]
        return self.loaded

    def save(self, records: dict[str, Any]) -> None:
        """Write the pack if it would change; failures are ignored (it is only a cache)."""
        if records.keys() == self.loaded.keys():
            return
        self._write(self.path, {"format": FORMAT, "records": records})

    def _write(self, path: Path, data: Any) -> None:
        text = json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        tmp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".scan-", suffix=".tmp", dir=self.directory)
            with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as handle:
                handle.write(text)
            os.replace(tmp, path)
            tmp = None
        except OSError:
            pass
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
