"""Settings of the shop, read with ``get(key)``; environment variables override them."""

from __future__ import annotations

import os

__all__ = ["get", "override"]

_DEFAULTS: dict[str, str] = {
    "app.name": "webshop",
    "currency": "EUR",
    "cache.size": "128",
    "db.readonly": "no",
    "payments.fee_percent": "2",
    "payments.limit": "1000.00",
}
_overrides: dict[str, str] = {}


def get(key: str, default: str | None = None) -> str:
    """The setting ``key``: an override, else ``SHOP_<KEY>`` from the environment, else the default."""
    if key in _overrides:
        return _overrides[key]
    env = "SHOP_" + key.upper().replace(".", "_")
    if env in os.environ:
        return os.environ[env]
    if key in _DEFAULTS:
        return _DEFAULTS[key]
    if default is not None:
        return default
    raise KeyError(f"unknown setting {key!r}")


def override(key: str, value: str | None) -> None:
    """Set (or with ``None`` drop) an override, for tests and the command line."""
    if value is None:
        _overrides.pop(key, None)
    else:
        _overrides[key] = value
