import pytest

from shop.users import find_user, register


def test_register_and_find():
    ada = register(" Ada ", "Ada@Example.org")
    assert (ada.user_id, ada.name, ada.email) == (1, "Ada", "ada@example.org")
    assert register("Bob", "bob@example.org").user_id == 2
    assert find_user(1) == ada


def test_addresses_are_unique():
    register("Ada", "ada@example.org")
    with pytest.raises(ValueError):
        register("Ada again", "ADA@example.org")


def test_unknown_user():
    with pytest.raises(LookupError):
        find_user(42)
