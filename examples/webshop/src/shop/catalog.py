"""The products on sale."""

from __future__ import annotations

from decimal import Decimal

from shop import db
from shop.models import Product

__all__ = ["add_product", "find_product", "list_products", "restock"]

_TABLE = "products"


def add_product(product: Product) -> Product:
    db.store(_TABLE, product.sku, product)
    return product


def find_product(sku: str) -> Product:
    """The product ``sku``; ``LookupError`` if the catalog has none."""
    try:
        product: Product = db.fetch(_TABLE, sku)
    except KeyError:
        raise LookupError(f"no product {sku!r}") from None
    return product


def list_products(*, in_stock: bool = False, max_price: Decimal | None = None) -> list[Product]:
    products: list[Product] = db.fetch(_TABLE)
    if in_stock:
        products = [p for p in products if p.stock > 0]
    if max_price is not None:
        products = [p for p in products if p.price.amount <= max_price]
    return products


def restock(sku: str, delta: int) -> Product:
    """Add (or with a negative ``delta`` take) units of stock."""
    product = find_product(sku)
    if product.stock + delta < 0:
        raise ValueError(f"only {product.stock} of {sku} in stock")
    updated = Product(product.sku, product.name, product.price, product.stock + delta)
    db.store(_TABLE, sku, updated)
    return updated
