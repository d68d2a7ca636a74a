"""A scan in two steps: :func:`prepare` walks the tree and knows every module's content
key (from the cache's settled signatures, or by hashing), hence the key of the result;
:meth:`PreparedScan.finish` answers from the cache or parses and resolves.

Between the two, a caller can look up what it derived from this very result before
(:meth:`PreparedScan.companion`): ``planner scan -o`` keeps the graph file it wrote, so
that on an unchanged tree it neither decodes the edges nor builds the graph again.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from planner.loaders.scan.cache import (
    ParseCache,
    ResolvedResult,
    Signature,
    content_key,
    decode,
    encode,
    paused_gc,
    result_key,
    settled,
    signature,
)
from planner.loaders.scan.discover import discover
from planner.loaders.scan.model import FileRecord, ModuleFile, ScanOptions, ScanReport, ScanResult, ScanStats
from planner.loaders.scan.resolve import resolve

__all__ = ["PreparedScan", "ScanListener", "prepare", "scan"]


class ScanListener:
    """What a scan tells while it runs (the command line shows a progress bar)."""

    def start(self, total: int) -> None:
        """``total`` files are to be parsed (the others came from the cache)."""

    def advance(self, count: int) -> None:
        """``count`` more files parsed."""


def scan(
    root: str | os.PathLike[str],
    *,
    options: ScanOptions | None = None,
    display: str | None = None,
    listener: ScanListener | None = None,
) -> ScanResult:
    """Scan the tree at ``root`` (a directory or one ``.py`` file)."""
    with paused_gc():  # a scan builds many small objects and no cycles
        return prepare(root, options=options, display=display).finish(listener)


def prepare(
    root: str | os.PathLike[str], *, options: ScanOptions | None = None, display: str | None = None
) -> PreparedScan:
    """Walk the tree at ``root`` and key every module's content (nothing is parsed yet)."""
    return PreparedScan(root, options if options is not None else ScanOptions(), display)


class PreparedScan:
    """A tree walked, its modules keyed; ``key`` names the result (``""`` without a cache)."""

    def __init__(self, root: str | os.PathLike[str], options: ScanOptions, display: str | None) -> None:
        self.started = time.perf_counter()
        self.examined = time.time_ns()  # before anything is looked at (see planner.loaders.scan.proof)
        self.options = options
        self.root = os.fspath(root)
        path = Path(root)
        self.shown = shown = str(root) if display is None else display
        self.found = found = discover(
            path,
            display=shown,
            exclude=options.exclude,
            include_tests=options.include_tests,
            gitignore=options.gitignore,
            packages=options.packages,
        )
        self.reports = list(found.reports)
        self.cache = ParseCache(options.cache_dir, path, shown) if options.cache_dir else None
        self.files = _Files(self.cache, self.examined, options.max_file_size)
        self.contents: list[tuple[ModuleFile, str, bytes | None]] = []
        for module in found.modules:
            try:
                key, data = self.files.key(module)
            except _TooLarge as exc:
                message = (
                    f"too large to parse ({exc.size:,} bytes; the limit is {options.max_file_size:,}): not a module"
                )
                self.reports.append(ScanReport(_shown(shown, module), None, message))
                continue
            except OSError as exc:
                self.reports.append(ScanReport(_shown(shown, module), None, f"cannot read: {exc.strerror}"))
                continue
            self.contents.append((module, key, data))
        self.key = self._result_key() if self.cache is not None else ""

    def _result_key(self) -> str:
        files = ((m.name, m.path, m.kind, k) for m, k, _ in self.contents)
        return result_key(self.shown, self.options, files, self.found.namespaces)

    def companion(self, name: str) -> Any:
        """What :meth:`keep` stored as ``name`` for this very result, or ``None`` (plain JSON
        data from the cache: check it before use)."""
        if self.cache is None:
            return None
        self.files.save()
        return self.cache.load_companion(self.key, name)

    def keep(self, name: str, value: Any) -> None:
        """Store ``value`` (plain JSON data derived from this result) as ``name``."""
        if self.cache is not None:
            self.cache.save_companion(self.key, name, value)

    def proof_paths(self) -> list[tuple[str, Signature]] | None:
        """Every directory listed and every module, with its settled signature; ``None``
        when one is not settled, or the result depends on more (see :mod:`planner.loaders.scan.proof`)."""
        if not self.found.provable or len(self.files.settled) != len(self.found.modules):
            return None
        paths = [(m.absolute, self.files.settled[m.path][0]) for m, _, _ in self.contents]
        try:
            for directory in self.found.directories:
                sig = signature(os.stat(directory))
                if not settled(sig, self.examined):
                    return None
                paths.append((directory, sig))
            for rules in self.found.ignore_files:  # edited in place, a .gitignore changes no listing
                sig = signature(os.stat(rules))
                if not settled(sig, self.examined):
                    return None
                paths.append((rules, sig))
        except OSError:
            return None
        return paths

    def stats(self, *, parsed: int) -> ScanStats:
        return ScanStats(
            files=self.found.files,
            parsed=parsed,
            cached=len(self.contents) - parsed,
            seconds=time.perf_counter() - self.started,
            hashed=self.files.hashed,
        )

    def merged(self, reports: tuple[ScanReport, ...]) -> tuple[ScanReport, ...]:
        """The walk's reports and ``reports`` (the resolved result's), sorted."""
        return tuple(sorted(set(self.reports) | set(reports)))

    def finish(self, listener: ScanListener | None = None) -> ScanResult:
        """The result: the cache's, or parsed and resolved."""
        cache = self.cache
        if cache is not None:
            hit = cache.load_result(self.key)
            if hit is not None:
                self.files.save()
                return self._result(hit, parsed=0)
        records, parsed = self._records(listener)
        failed: list[str] = []
        own_reports: list[ScanReport] = []
        for module, _, _ in self.contents:
            error = records[module.name].error
            if error is not None:
                failed.append(module.name)
                own_reports.append(ScanReport(_shown(self.shown, module), error[0], f"{error[1]}: not a module"))
        modules = {m.name: m for m, _, _ in self.contents if records[m.name].error is None}
        resolution = resolve(
            modules,
            self.found.namespaces,
            {name: records[name] for name in modules},
            scopes=self.options.scopes,
            external=self.options.external,
            through_init=self.options.through_init,
            display=self.shown,
        )
        resolved = ResolvedResult(
            failed=tuple(failed),
            edges=resolution.edges,
            externals=resolution.externals,
            reports=tuple(own_reports) + resolution.reports,
        )
        if cache is not None:
            self.files.save()
            # the key again: a file read late may have changed since its signature was taken
            self.key = self._result_key()
            cache.save_result(self.key, resolved)
        return self._result(resolved, parsed=parsed)

    def _records(self, listener: ScanListener | None) -> tuple[dict[str, FileRecord], int]:
        cache = self.cache
        packed = cache.load() if cache is not None else {}
        records: dict[str, FileRecord] = {}
        keep: dict[str, Any] = {}
        todo: list[tuple[ModuleFile, str, bytes]] = []
        for k, (module, content, data) in enumerate(self.contents):
            encoded = packed.get(content)
            if encoded is not None:
                try:
                    records[module.name] = decode(encoded)
                    keep[content] = encoded
                    continue
                except (ValueError, TypeError, IndexError, KeyError):
                    pass  # a damaged entry: parse the file again
            if data is None:  # proved unchanged by its signature, but not in the pack: read it now
                try:
                    content, data = self.files.read(module)
                except OSError as exc:
                    self.reports.append(ScanReport(_shown(self.shown, module), None, f"cannot read: {exc.strerror}"))
                    data = b""
                self.contents[k] = (module, content, data)
            todo.append((module, content, data))
        if listener is not None:
            listener.start(len(todo))
        from planner.loaders.scan.workers import parse_many  # ast and multiprocessing: not for a warm scan

        progress = listener.advance if listener is not None else None
        parsed = parse_many([data for _, _, data in todo], jobs=self.options.jobs, progress=progress)
        for (module, content, _), record in zip(todo, parsed, strict=True):
            records[module.name] = record
            if cache is not None:
                keep[content] = encode(record)
        if cache is not None:
            cache.save(keep)
        return records, len(todo)

    def _result(self, resolved: ResolvedResult, *, parsed: int) -> ScanResult:
        failed = set(resolved.failed)
        return ScanResult(
            root=self.shown,
            modules=tuple(m for m, _, _ in self.contents if m.name not in failed),
            edges=resolved.edges,
            externals=resolved.externals,
            reports=self.merged(resolved.reports),
            stats=self.stats(parsed=parsed),
            notes=self.found.notes,
        )


class _TooLarge(Exception):
    """A source file over the scan's ``max_file_size``: reported and not parsed."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class _Files:
    """Each module's content key: from the cache's settled signatures when they match
    (the file is not read), else read and hashed (see :mod:`planner.loaders.scan.cache`)."""

    def __init__(self, cache: ParseCache | None, examined: int, max_file_size: int) -> None:
        self.cache = cache
        self.examined = examined
        self.max_file_size = max_file_size
        self.known = cache.load_stats() if cache is not None else {}
        self.settled: dict[str, tuple[Signature, str]] = {}
        self.hashed = 0

    def key(self, module: ModuleFile) -> tuple[str, bytes | None]:
        if self.known:
            entry = self.known.get(module.path)
            if entry is not None and entry[0] == signature(os.stat(module.absolute)):
                if entry[0][0] > self.max_file_size:
                    raise _TooLarge(entry[0][0])
                self.settled[module.path] = entry
                return entry[1], None
        return self.read(module)

    def read(self, module: ModuleFile) -> tuple[str, bytes]:
        with open(module.absolute, "rb") as handle:
            sig = signature(os.fstat(handle.fileno()))
            # One byte more than the limit says whether the file is over it, whatever its size claims.
            data = handle.read(self.max_file_size + 1)
        if len(data) > self.max_file_size:
            raise _TooLarge(max(sig[0], len(data)))
        key = content_key(data)
        self.hashed += 1
        if self.cache is not None and settled(sig, self.examined):
            self.settled[module.path] = (sig, key)
        else:
            self.settled.pop(module.path, None)
        return key, data

    def save(self) -> None:
        if self.cache is not None:
            self.cache.save_stats(self.settled)


def _shown(display: str, module: ModuleFile) -> str:
    return Path(os.path.join(display, module.path)).as_posix() if module.path != Path(display).name else display
