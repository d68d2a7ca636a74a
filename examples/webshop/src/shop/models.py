"""The shop's records. Prices and totals are :class:`~shop.money.Money`."""

from __future__ import annotations

from dataclasses import dataclass, field

from shop.money import Money

__all__ = ["Order", "OrderLine", "Product", "User"]


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    price: Money
    stock: int = 0

    def __post_init__(self) -> None:
        if not self.sku or not self.sku.isalnum():
            raise ValueError(f"bad sku {self.sku!r}")
        if self.stock < 0:
            raise ValueError("stock cannot be negative")


@dataclass(frozen=True)
class User:
    user_id: int
    name: str
    email: str

    def __post_init__(self) -> None:
        if "@" not in self.email:
            raise ValueError(f"bad e-mail address {self.email!r}")


@dataclass(frozen=True)
class OrderLine:
    product: Product
    quantity: int

    @property
    def subtotal(self) -> Money:
        return self.product.price * self.quantity


@dataclass(frozen=True)
class Order:
    order_id: int
    user: User
    lines: tuple[OrderLine, ...] = field(default_factory=tuple)
    payment: str = ""

    @property
    def total(self) -> Money:
        currency = self.lines[0].product.price.currency if self.lines else "EUR"
        result = Money.zero(currency)
        for line in self.lines:
            result = result + line.subtotal
        return result
