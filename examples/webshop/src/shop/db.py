"""An in-memory table store, read through :mod:`shop.cache`.

Tables map string keys to records. ``fetch`` reads through the cache unless
told not to; ``store`` writes the table and keeps the cache coherent.
"""

from __future__ import annotations

from typing import Any

from shop import cache, config

__all__ = ["ReadOnlyError", "clear", "fetch", "store"]

_tables: dict[str, dict[str, Any]] = {}


class ReadOnlyError(RuntimeError):
    """A write while the config says ``db.readonly``."""


def fetch(table: str, key: str | None = None, *, cached: bool = True) -> Any:
    """The record at ``key`` (``KeyError`` if absent), or with no key all records of the table, by key."""
    if key is None:
        rows = _tables.get(table, {})
        return [rows[k] for k in sorted(rows)]
    if cached:
        return cache.get(table, key)
    try:
        return _tables[table][key]
    except KeyError:
        raise KeyError(f"{table}/{key}") from None


def store(table: str, key: str, record: Any) -> None:
    if config.get("db.readonly") in ("yes", "true", "1"):
        raise ReadOnlyError(f"cannot write {table}/{key}: the db is read-only")
    _tables.setdefault(table, {})[key] = record
    cache.put(table, key, record)


def clear() -> None:
    _tables.clear()
