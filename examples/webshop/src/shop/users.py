"""Customers of the shop."""

from __future__ import annotations

from shop import db
from shop.models import User

__all__ = ["find_user", "register"]

_TABLE = "users"


def register(name: str, email: str) -> User:
    """A new user; e-mail addresses are unique (case aside)."""
    email = email.strip().lower()
    for existing in db.fetch(_TABLE):
        if existing.email == email:
            raise ValueError(f"{email} is already registered")
    user = User(len(db.fetch(_TABLE)) + 1, name.strip(), email)
    db.store(_TABLE, str(user.user_id), user)
    return user


def find_user(user_id: int) -> User:
    try:
        user: User = db.fetch(_TABLE, str(user_id))
    except KeyError:
        raise LookupError(f"no user {user_id}") from None
    return user
