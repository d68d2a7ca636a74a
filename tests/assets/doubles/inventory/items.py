"""Items and how to make them."""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import overload

DEFAULT_PRICE = Decimal("0.00")
_SEPARATOR = ":"


class Kind(enum.Enum):
    """What an item is."""

    GOOD = "good"
    SERVICE = "service"


class ItemError(ValueError):
    """An item that cannot be made: says which and why."""

    def __init__(self, sku: str, reason: str = "unknown") -> None:
        super().__init__(f"{sku}: {reason}")
        self.sku = sku
        self.reason = reason


@dataclass(frozen=True)
class Item:
    """One item: a stock-keeping unit, a name and a price."""

    sku: str
    name: str
    price: Decimal = DEFAULT_PRICE
    kind: Kind = Kind.GOOD
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        """``sku: name``."""
        return f"{self.sku}{_SEPARATOR} {self.name}"

    @classmethod
    def parse(cls, text: str, *, kind: Kind = Kind.GOOD) -> Item:
        """``Item.parse("A1: Apple")``."""
        sku, _, name = text.partition(_SEPARATOR)
        return cls(sku.strip(), name.strip(), kind=kind)

    @staticmethod
    def normalize(sku: str, /) -> str:
        return sku.strip().upper()

    def with_price(self, price: Decimal | int) -> Item:
        return Item(self.sku, self.name, Decimal(price), self.kind, self.tags)


@overload
def make_item(sku: str) -> Item: ...
@overload
def make_item(sku: str, name: str) -> Item: ...
def make_item(sku: str, name: str = "", *tags: str, price: Decimal = DEFAULT_PRICE, **extra: object) -> Item:
    """An item; ``extra`` is ignored (kept for old callers).

    Refuses an empty ``sku`` with :class:`ItemError` ("\\"quoted\\"" and \\back\\slashed text stay as written).
    """
    if not sku:
        raise ItemError(sku, "empty sku")
    return Item(Item.normalize(sku), name or sku, price, tags=tuple(tags))


@functools.lru_cache(maxsize=32)
def kind_of(value: str) -> Kind:
    return Kind(value)


async def fetch_price(sku: str, timeout: float = 2.5) -> Decimal:
    return DEFAULT_PRICE
