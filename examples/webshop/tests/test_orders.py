from decimal import Decimal

import pytest

from shop.catalog import find_product
from shop.money import Money
from shop.orders import find_order, place_order
from shop.payments import PaymentDeclined
from shop.users import register


def test_place_order_charges_and_takes_the_stock(products):
    user = register("Ada", "ada@example.org")
    order = place_order(user.user_id, {"TEA1": 2, "MUG2": 1})
    assert order.total == Money(Decimal("17.00"))
    assert order.payment == "PAY-00001"
    assert find_order(order.order_id) == order
    assert find_product("TEA1").stock == 8 and find_product("MUG2").stock == 1


@pytest.mark.parametrize("items", [{}, {"POT3": 1}, {"MUG2": 3}, {"TEA1": 0}])
def test_refused_orders_change_nothing(products, items):
    user = register("Ada", "ada@example.org")
    with pytest.raises(ValueError):
        place_order(user.user_id, items)
    assert find_product("MUG2").stock == 2


def test_a_declined_payment_leaves_no_order(products):
    from shop import config

    user = register("Ada", "ada@example.org")
    config.override("payments.limit", "5")
    with pytest.raises(PaymentDeclined):
        place_order(user.user_id, {"MUG2": 1})
    with pytest.raises(LookupError):
        find_order(1)
