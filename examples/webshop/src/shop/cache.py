"""A bounded read-through cache in front of :mod:`shop.db`.

``get`` answers from memory, and on a miss loads the record from the db (which
is why the two modules import each other: the db keeps the cache coherent on
writes, the cache reads from the db on misses). Least recently used records go
first when the cache is full (``cache.size`` in the config).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from shop import config

__all__ = ["clear", "get", "put", "stats"]

_entries: OrderedDict[tuple[str, str], Any] = OrderedDict()
_stats = {"hits": 0, "misses": 0}


def _capacity() -> int:
    return max(1, int(config.get("cache.size")))


def put(table: str, key: str, record: Any) -> None:
    _entries[table, key] = record
    _entries.move_to_end((table, key))
    while len(_entries) > _capacity():
        _entries.popitem(last=False)


def get(table: str, key: str) -> Any:
    """The record, from memory or loaded from the db; ``KeyError`` if there is none."""
    if (table, key) in _entries:
        _stats["hits"] += 1
        _entries.move_to_end((table, key))
        return _entries[table, key]
    _stats["misses"] += 1
    from shop import db  # deferred: db imports this module

    record = db.fetch(table, key, cached=False)
    put(table, key, record)
    return record


def stats() -> dict[str, int]:
    return dict(_stats, size=len(_entries))


def clear() -> None:
    _entries.clear()
    _stats.update(hits=0, misses=0)
