from decimal import Decimal

import pytest

from shop.models import Order, OrderLine, Product, User
from shop.money import Money


def test_order_total_sums_the_lines():
    tea = Product("TEA1", "Green tea", Money(Decimal("4.50")), stock=3)
    mug = Product("MUG2", "Mug", Money(Decimal("8.00")), stock=1)
    order = Order(1, User(1, "Ada", "ada@example.org"), (OrderLine(tea, 2), OrderLine(mug, 1)))
    assert order.total == Money(Decimal("17.00"))
    assert Order(2, User(1, "Ada", "ada@example.org")).total == Money.zero()


@pytest.mark.parametrize(("sku", "stock"), [("", 1), ("a-b", 1), ("OK1", -1)])
def test_bad_products(sku, stock):
    with pytest.raises(ValueError):
        Product(sku, "x", Money.zero(), stock)


def test_bad_email():
    with pytest.raises(ValueError):
        User(1, "Bob", "not-an-address")
