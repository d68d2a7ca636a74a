"""Across the layers: requests through the router down to the db and back."""

from shop import cache, db
from shop.web import handle


def test_shopping_session(products):
    assert handle("POST", "/users", {"name": "Ada", "email": "ada@example.org"})[0] == 201
    assert handle("POST", "/orders", {"user": 1, "items": {"TEA1": 3, "MUG2": 2}})[0] == 201
    stock = {p["sku"]: p["stock"] for p in handle("GET", "/products")[1]}
    assert stock == {"MUG2": 0, "POT3": 0, "TEA1": 7}
    assert handle("POST", "/orders", {"user": 1, "items": {"MUG2": 1}})[0] == 400


def test_the_cache_stays_coherent_with_the_db(products):
    handle("GET", "/products/TEA1")
    handle("POST", "/users", {"name": "Ada", "email": "ada@example.org"})
    handle("POST", "/orders", {"user": 1, "items": {"TEA1": 1}})
    # grey-box: the cached record and the stored one agree after the write
    assert cache.get("products", "TEA1") == db.fetch("products", "TEA1", cached=False)
    assert cache.get("products", "TEA1").stock == 9
