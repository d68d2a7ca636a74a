import pytest

from shop import config


def test_defaults_and_overrides():
    assert config.get("currency") == "EUR"
    config.override("currency", "USD")
    assert config.get("currency") == "USD"
    config.override("currency", None)
    assert config.get("currency") == "EUR"


def test_environment_overrides_the_defaults(monkeypatch):
    monkeypatch.setenv("SHOP_CACHE_SIZE", "7")
    assert config.get("cache.size") == "7"


def test_unknown_settings():
    assert config.get("no.such", "fallback") == "fallback"
    with pytest.raises(KeyError):
        config.get("no.such")


def test_private_defaults_hold_every_documented_key():
    # white-box: the defaults table itself
    assert {"app.name", "currency", "cache.size", "db.readonly"} <= set(config._DEFAULTS)
