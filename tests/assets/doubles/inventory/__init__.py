"""A small inventory: items, a store that holds them, and reports over a store.

The package re-exports what callers use, as packages do.
"""

from inventory.items import Item, ItemError, Kind
from inventory.store import Store as Store

__all__ = ["Item", "ItemError", "Kind", "Store"]
__version__ = "0.3.1"
