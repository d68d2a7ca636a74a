"""Amounts of money: exact decimal arithmetic, one currency per amount."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

__all__ = ["CurrencyMismatch", "Money"]

_CENT = Decimal("0.01")


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were combined."""


@dataclass(frozen=True, order=False)
class Money:
    amount: Decimal
    currency: str = "EUR"

    def __post_init__(self) -> None:
        try:
            amount = Decimal(self.amount).quantize(_CENT, rounding=ROUND_HALF_EVEN)
        except InvalidOperation:
            raise ValueError(f"not an amount: {self.amount!r}") from None
        if len(self.currency) != 3 or not self.currency.isalpha():
            raise ValueError(f"not a currency code: {self.currency!r}")
        object.__setattr__(self, "amount", amount)
        object.__setattr__(self, "currency", self.currency.upper())

    @classmethod
    def parse(cls, text: str) -> Money:
        """``Money.parse("12.50 EUR")``."""
        amount, _, currency = text.strip().partition(" ")
        return cls(Decimal(amount), currency or "EUR")

    @classmethod
    def zero(cls, currency: str = "EUR") -> Money:
        return cls(Decimal(0), currency)

    def _check(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency}")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._check(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._check(other).amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
            return NotImplemented
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._check(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._check(other).amount

    def percent(self, rate: Decimal | int) -> Money:
        """``rate`` per cent of this amount, rounded to the cent."""
        return Money(self.amount * Decimal(rate) / 100, self.currency)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"
