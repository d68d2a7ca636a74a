"""A tiny request router: ``handle(method, path, body)`` -> ``(status, payload)``.

Routes::

    GET  /products              the catalog (?in_stock=1 for what is in stock)
    GET  /products/<sku>        one product
    POST /users                 {"name": ..., "email": ...}
    GET  /users/<id>            one user
    POST /orders                {"user": id, "items": {"sku": quantity}}
"""

from __future__ import annotations

from typing import Any

from shop.catalog import find_product, list_products
from shop.orders import place_order
from shop.users import find_user, register

__all__ = ["handle"]

Response = tuple[int, Any]


def _product(product: Any) -> dict[str, Any]:
    return {"sku": product.sku, "name": product.name, "price": str(product.price), "stock": product.stock}


def _get(path: str, query: dict[str, str]) -> Response:
    parts = [p for p in path.split("/") if p]
    if parts == ["products"]:
        products = list_products(in_stock=query.get("in_stock") == "1")
        return 200, [_product(p) for p in products]
    if len(parts) == 2 and parts[0] == "products":
        return 200, _product(find_product(parts[1]))
    if len(parts) == 2 and parts[0] == "users" and parts[1].isdigit():
        user = find_user(int(parts[1]))
        return 200, {"id": user.user_id, "name": user.name, "email": user.email}
    return 404, {"error": f"no route GET {path}"}


def _post(path: str, body: dict[str, Any]) -> Response:
    if path == "/users":
        user = register(str(body["name"]), str(body["email"]))
        return 201, {"id": user.user_id}
    if path == "/orders":
        order = place_order(int(body["user"]), {str(k): int(v) for k, v in dict(body["items"]).items()})
        return 201, {"id": order.order_id, "total": str(order.total), "payment": order.payment}
    return 404, {"error": f"no route POST {path}"}


def handle(method: str, path: str, body: dict[str, Any] | None = None) -> Response:
    """Answer one request; errors become 4xx responses, never exceptions."""
    path, _, raw_query = path.partition("?")
    query = dict(item.partition("=")[::2] for item in raw_query.split("&") if item)
    try:
        if method == "GET":
            return _get(path, query)
        if method == "POST":
            return _post(path, body or {})
        return 405, {"error": f"method {method} not allowed"}
    except KeyError as exc:  # a missing field of the body (KeyError is a LookupError: first)
        return 400, {"error": f"missing {exc}"}
    except LookupError as exc:
        return 404, {"error": str(exc).strip("'\"")}
    except (TypeError, ValueError) as exc:
        return 400, {"error": str(exc).strip("'\"")}
    except Exception as exc:  # a declined payment and the like: the client's problem, said as such
        return 402, {"error": str(exc)}
