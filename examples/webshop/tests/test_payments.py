from decimal import Decimal

import pytest

from shop import config, payments
from shop.money import Money


def test_charge_adds_the_fee_and_records_it():
    reference = payments.charge(7, Money(Decimal("100")))
    assert reference == "PAY-00001"
    assert payments.ledger() == [("PAY-00001", 7, Money(Decimal("102")))]


def test_declines():
    with pytest.raises(payments.PaymentDeclined):
        payments.charge(1, Money(Decimal("1"), "USD"))
    with pytest.raises(payments.PaymentDeclined):
        payments.charge(1, Money.zero())
    config.override("payments.limit", "10")
    with pytest.raises(payments.PaymentDeclined):
        payments.charge(1, Money(Decimal("10")))
    assert payments._ledger == []  # white-box
