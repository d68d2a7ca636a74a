"""A small layered web shop: catalog, users, orders and payments over an in-memory db."""

__version__ = "1.0.0"
