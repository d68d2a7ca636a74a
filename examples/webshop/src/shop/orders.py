"""Placing orders: check the stock, charge the customer, record the order."""

from __future__ import annotations

from dataclasses import replace

from shop import db
from shop.catalog import find_product
from shop.models import Order, OrderLine
from shop.payments import charge

__all__ = ["find_order", "place_order"]

_TABLE = "orders"


def place_order(user_id: int, items: dict[str, int]) -> Order:
    """Order ``items`` (sku -> quantity) for ``user_id``: all or nothing."""
    if not items:
        raise ValueError("an order needs at least one item")
    user = db.fetch("users", str(user_id))
    lines = []
    for sku, quantity in sorted(items.items()):
        if quantity <= 0:
            raise ValueError(f"bad quantity {quantity} for {sku}")
        product = find_product(sku)
        if product.stock < quantity:
            raise ValueError(f"only {product.stock} of {sku} in stock")
        lines.append(OrderLine(product, quantity))
    draft = Order(len(db.fetch(_TABLE)) + 1, user, tuple(lines))
    reference = charge(user_id, draft.total)
    order = Order(draft.order_id, user, draft.lines, reference)
    for line in lines:
        product = line.product
        db.store("products", product.sku, replace(product, stock=product.stock - line.quantity))
    db.store(_TABLE, str(order.order_id), order)
    return order


def find_order(order_id: int) -> Order:
    try:
        order: Order = db.fetch(_TABLE, str(order_id))
    except KeyError:
        raise LookupError(f"no order {order_id}") from None
    return order
