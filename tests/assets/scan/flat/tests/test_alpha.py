from alpha import core


def test_core():
    assert core.run() == 42
