"""Parse many files, in worker processes when that pays.

:mod:`ast` holds the GIL, so threads would not help: the files go to a pool
of processes in batches balanced by size (largest first), and the records
come back in the cache's plain encoding. Small scans parse in-process, since
starting workers costs more than it saves below a megabyte or two. Any
failure of the pool (no ``/dev/shm``, a worker killed) falls back to
parsing in-process: the result is the same, only slower.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

from planner.loaders.scan.cache import decode, encode, paused_gc
from planner.loaders.scan.model import FileRecord
from planner.loaders.scan.parse import parse_source

__all__ = ["PARALLEL_BYTES", "parse_many"]

PARALLEL_BYTES = 1_500_000
"""Below this much source, parsing in-process is faster than starting workers."""


def _parse_batch(batch: Sequence[bytes]) -> list[Any]:
    with paused_gc():  # the trees hold no cycles; the collector's passes over them are waste
        return [encode(parse_source(data)) for data in batch]


def parse_many(
    sources: Sequence[bytes], *, jobs: int = 0, progress: Callable[[int], None] | None = None
) -> list[FileRecord]:
    """The record of each source, in order. ``progress(n)`` is told of each ``n`` files done."""
    workers = jobs or os.cpu_count() or 1
    if workers > 1 and len(sources) > 1 and (jobs > 1 or sum(map(len, sources)) >= PARALLEL_BYTES):
        try:
            return _in_pool(sources, workers, progress)
        except (OSError, ImportError, RuntimeError):
            pass  # BrokenProcessPool is a RuntimeError: parse here instead
    records = []
    for data in sources:
        records.append(parse_source(data))
        if progress is not None:
            progress(1)
    return records


def _in_pool(sources: Sequence[bytes], workers: int, progress: Callable[[int], None] | None) -> list[FileRecord]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    order = sorted(range(len(sources)), key=lambda i: -len(sources[i]))
    count = min(len(sources), workers * 4)
    batches: list[list[int]] = [[] for _ in range(count)]
    sizes = [0] * count
    for i in order:  # greedy: the largest file goes to the lightest batch
        k = sizes.index(min(sizes))
        batches[k].append(i)
        sizes[k] += len(sources[i]) + 1
    method = None
    if sys.platform.startswith("linux"):
        # fork is cheap and safe while this process runs one thread
        method = "fork" if threading.active_count() == 1 else "forkserver"
    context = multiprocessing.get_context(method)
    results: list[FileRecord | None] = [None] * len(sources)
    with ProcessPoolExecutor(max_workers=min(workers, count), mp_context=context) as pool:
        futures = {pool.submit(_parse_batch, [sources[i] for i in batch]): batch for batch in batches if batch}
        for future in as_completed(futures):
            batch = futures[future]
            for i, encoded in zip(batch, future.result(), strict=True):
                results[i] = decode(encoded)
            if progress is not None:
                progress(len(batch))
    assert all(record is not None for record in results)
    return [record for record in results if record is not None]
