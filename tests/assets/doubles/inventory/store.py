"""A store of items, in memory.

This module evaluates its annotations (no ``from __future__ import annotations``),
as much older code does.
"""

import logging
import sys
import typing as t
from collections import OrderedDict

from inventory.items import Item, ItemError

logger = logging.getLogger(__name__)
_MISSING = object()
LIMITS: t.Dict[str, int] = {"items": 1000, "tags": 8}
BACKEND = __import__("os").environ.get("INVENTORY_BACKEND", "memory")


class StoreFull(ItemError):
    """The store holds as many items as it may."""


class Store:
    """Items by sku; adding one that is there replaces it."""

    backend: str = "memory"
    capacity = LIMITS["items"]

    def __init__(self, items: t.Optional[t.Iterable[Item]] = None, *, strict: bool = True) -> None:
        self._items: "OrderedDict[str, Item]" = OrderedDict()
        self.strict = strict
        for item in items or ():
            self.add(item)

    def add(self, item: Item) -> None:
        if len(self._items) >= self.capacity:
            raise StoreFull(item.sku, "full")
        self._items[item.sku] = item

    def get(self, sku: str, default: t.Optional[Item] = None) -> t.Optional[Item]:
        return self._items.get(sku, default)

    def pop(self, sku: str, default: t.Any = _MISSING) -> Item:
        if default is _MISSING:
            return self._items.pop(sku)
        return self._items.pop(sku, default)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> t.Iterator[Item]:
        return iter(self._items.values())


if sys.platform == "win32":

    def data_dir() -> str:
        return "%APPDATA%\\inventory"

else:

    def data_dir() -> str:
        return "~/.local/share/inventory"
