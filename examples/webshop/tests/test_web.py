from shop.web import handle


def test_products_routes(products):
    status, body = handle("GET", "/products?in_stock=1")
    assert status == 200 and [p["sku"] for p in body] == ["MUG2", "TEA1"]
    assert handle("GET", "/products/TEA1") == (
        200,
        {"sku": "TEA1", "name": "Green tea", "price": "4.50 EUR", "stock": 10},
    )
    assert handle("GET", "/products/NOPE")[0] == 404


def test_users_and_orders(products):
    assert handle("POST", "/users", {"name": "Ada", "email": "ada@example.org"}) == (201, {"id": 1})
    assert handle("GET", "/users/1")[1]["email"] == "ada@example.org"
    status, body = handle("POST", "/orders", {"user": 1, "items": {"TEA1": 2}})
    assert status == 201 and body["total"] == "9.00 EUR"


def test_errors_are_responses():
    assert handle("DELETE", "/products")[0] == 405
    assert handle("GET", "/nowhere")[0] == 404
    assert handle("POST", "/users", {"name": "x"})[0] == 400
