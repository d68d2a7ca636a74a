"""Reports over a store: what callers of the store and of the items do."""

from decimal import Decimal

from inventory import store
from inventory.items import Item, make_item


def restock(target: store.Store, skus: list[str]) -> int:
    """Add an item per sku that the store lacks; how many were added."""
    added = 0
    for sku in skus:
        if target.get(sku) is None:
            target.add(make_item(sku, sku.lower(), price=Decimal("1.00")))
            added += 1
    return added


def summary(items: list[str]) -> str:
    shop = store.Store(strict=False)
    for text in items:
        shop.add(Item.parse(text))
    first = shop.pop("A1", None)
    return f"{len(shop)} items, first {first.label if first else '-'}"
