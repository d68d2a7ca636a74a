from decimal import Decimal

import pytest

from shop.money import CurrencyMismatch, Money


def test_amounts_are_rounded_to_the_cent():
    assert Money(Decimal("1.005")).amount == Decimal("1.00")
    assert Money(Decimal("1.015")).amount == Decimal("1.02")


def test_arithmetic():
    a, b = Money.parse("2.50 EUR"), Money.parse("1.25 EUR")
    assert a + b == Money(Decimal("3.75"))
    assert a - b == Money(Decimal("1.25"))
    assert 3 * b == b * 3 == Money(Decimal("3.75"))
    assert str(a.percent(10)) == "0.25 EUR"


def test_currencies_do_not_mix():
    with pytest.raises(CurrencyMismatch):
        Money.parse("1 EUR") + Money.parse("1 USD")
    with pytest.raises(TypeError):
        Money.parse("1 EUR") + 1


@pytest.mark.parametrize("bad", [("x", "EUR"), ("1", "EURO"), ("1", "E1R")])
def test_bad_amounts_are_refused(bad):
    with pytest.raises(ValueError):
        Money(bad[0], bad[1])


def test_comparison_and_text():
    assert Money.zero() < Money.parse("0.01 EUR") <= Money.parse("0.01 EUR")
    assert str(Money.parse("7 usd")) == "7.00 USD"
