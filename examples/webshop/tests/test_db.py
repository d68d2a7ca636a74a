import pytest

from shop import config, db


def test_store_then_fetch_roundtrip():
    db.store("t", "k", {"x": 1})
    assert db.fetch("t", "k") == {"x": 1}
    assert db.fetch("t", "k", cached=False) == {"x": 1}
    assert db.fetch("t") == [{"x": 1}]


def test_fetch_of_a_missing_key():
    with pytest.raises(KeyError):
        db.fetch("t", "nope", cached=False)


def test_read_only_refuses_writes():
    config.override("db.readonly", "yes")
    with pytest.raises(db.ReadOnlyError):
        db.store("t", "k", 1)
    assert db._tables == {}  # white-box: nothing was written
