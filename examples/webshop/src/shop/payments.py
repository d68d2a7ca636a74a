"""Charging customers. A fee (``payments.fee_percent``) is added to each charge,
and no charge may pass ``payments.limit``."""

from __future__ import annotations

from decimal import Decimal

from shop import config
from shop.money import Money

__all__ = ["PaymentDeclined", "charge", "ledger"]

_ledger: list[tuple[str, int, Money]] = []


class PaymentDeclined(Exception):
    pass


def charge(user_id: int, amount: Money) -> str:
    """Charge ``amount`` plus the fee to ``user_id``; returns the payment reference."""
    if amount.currency != config.get("currency"):
        raise PaymentDeclined(f"cannot charge in {amount.currency}")
    total = amount + amount.percent(Decimal(config.get("payments.fee_percent")))
    limit = Money(Decimal(config.get("payments.limit")), amount.currency)
    if limit < total:
        raise PaymentDeclined(f"{total} is over the limit of {limit}")
    if total.amount <= 0:
        raise PaymentDeclined("nothing to charge")
    reference = f"PAY-{len(_ledger) + 1:05d}"
    _ledger.append((reference, user_id, total))
    return reference


def ledger() -> list[tuple[str, int, Money]]:
    return list(_ledger)


def clear() -> None:
    _ledger.clear()
