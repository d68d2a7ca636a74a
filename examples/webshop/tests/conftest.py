"""Every test starts from an empty shop: the db, the cache and the ledger are module state."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from shop import cache, config, db, payments
from shop.catalog import add_product
from shop.models import Product
from shop.money import Money


@pytest.fixture(autouse=True)
def _empty_shop() -> Iterator[None]:
    db.clear()
    cache.clear()
    payments.clear()
    yield
    for key in ("cache.size", "db.readonly", "payments.limit", "currency"):
        config.override(key, None)


@pytest.fixture
def products() -> list[Product]:
    """Three products in the catalog."""
    items = [
        Product("TEA1", "Green tea", Money(Decimal("4.50")), stock=10),
        Product("MUG2", "Mug", Money(Decimal("8.00")), stock=2),
        Product("POT3", "Teapot", Money(Decimal("25.00")), stock=0),
    ]
    for item in items:
        add_product(item)
    return items
