import pytest

from shop import cache, config, db


def test_a_miss_loads_from_the_db_and_a_hit_does_not():
    db.store("t", "k", "v")
    cache.clear()
    assert cache.get("t", "k") == "v"
    assert cache.get("t", "k") == "v"
    assert cache.stats() == {"hits": 1, "misses": 1, "size": 1}


def test_missing_records_raise_key_error():
    with pytest.raises(KeyError):
        cache.get("t", "nothing")


def test_least_recently_used_goes_first():
    config.override("cache.size", "2")
    for key in "abc":
        cache.put("t", key, key.upper())
    # white-box: look at the entries themselves
    assert list(cache._entries) == [("t", "b"), ("t", "c")]
