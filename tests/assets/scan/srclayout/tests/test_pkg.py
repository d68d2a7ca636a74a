from pkg import a


def test_f():
    assert a.f() == 1
