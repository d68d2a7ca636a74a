from decimal import Decimal

import pytest

from shop.catalog import find_product, list_products, restock


def test_find_and_list(products):
    assert find_product("MUG2").name == "Mug"
    assert [p.sku for p in list_products()] == ["MUG2", "POT3", "TEA1"]
    assert [p.sku for p in list_products(in_stock=True)] == ["MUG2", "TEA1"]
    assert [p.sku for p in list_products(max_price=Decimal("5"))] == ["TEA1"]


def test_unknown_product(products):
    with pytest.raises(LookupError):
        find_product("NOPE")


def test_restock(products):
    assert restock("POT3", 4).stock == 4
    assert find_product("POT3").stock == 4
    with pytest.raises(ValueError):
        restock("MUG2", -3)
