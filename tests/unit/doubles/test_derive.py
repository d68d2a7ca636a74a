"""Stubs derived from the real module: behaviour replaced once imports are done, data kept real."""

from __future__ import annotations

import enum
import inspect
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from planner.doubles import derive, runtime

UNIT = '''
import enum
import os
from typing import NamedTuple

try:
    import no_such_module_anywhere  # noqa
    HAS_IT = True
except ImportError:
    HAS_IT = False

CAN_FORK = hasattr(os, "fork")
CALLS = []


def register(func):
    """A decorator run at import time by the importers."""
    CALLS.append(func.__name__)
    return func


def fetch(table: str, key: str | None = None, *, cached: bool = True) -> dict:
    return {"real": table}


def clear() -> None:
    CALLS.clear()


class Level(enum.IntEnum):
    def __new__(cls, value, label):
        obj = int.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    LOW = (1, "low")
    HIGH = (2, "high")


class Triplet(NamedTuple):
    red: int
    green: int
    blue: int


class Store:
    def __init__(self, path: str, *, strict: bool = False) -> None:
        self.path = path
        self.strict = strict

    def add(self, item: object, force: bool = False) -> int:
        return 1

    @classmethod
    def empty(cls, size: int = 0) -> "Store":
        return cls("")

    @property
    def size(self) -> int:
        return 0
'''

USER = """
from derivedunit import fetch, register, Store

@register
def handler():
    return fetch("users")

STORE = Store("x")
"""


@pytest.fixture
def modules(tmp_path: Path) -> Iterator[tuple[ModuleType, ModuleType]]:
    (tmp_path / "derivedunit.py").write_text(textwrap.dedent(UNIT), encoding="utf-8")
    (tmp_path / "derivedusers.py").write_text(textwrap.dedent(USER), encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    import derivedunit  # type: ignore[import-not-found]

    derive.register(derivedunit, origin=str(tmp_path / "derivedunit.py"))
    import derivedusers  # type: ignore[import-not-found]

    yield derivedunit, derivedusers
    derive.uninstall()
    sys.path.remove(str(tmp_path))
    for name in ("derivedunit", "derivedusers", "derivedlate"):
        sys.modules.pop(name, None)


def test_until_imports_are_done_the_real_functions_answer(modules: tuple[ModuleType, ModuleType]) -> None:
    unit, users = modules
    assert unit.CALLS == ["handler"]  # the decorator ran for real while importing
    assert users.STORE.path == "x"
    assert users.fetch("t") == {"real": "t"}


def test_functions_become_strict_doubles_with_the_real_signature(modules: tuple[ModuleType, ModuleType]) -> None:
    unit, users = modules
    real = unit.fetch
    derive.install()
    assert unit.fetch is not real and users.fetch is unit.fetch  # the importer's name rebound
    assert inspect.signature(unit.fetch) == inspect.signature(real)
    with pytest.raises(runtime.NotConfigured, match=r"derivedunit\.fetch\('users'\) was called"):
        users.handler()
    with pytest.raises(TypeError):
        unit.fetch("t", "k", "too many")
    runtime.mock("derivedunit.fetch").assert_called_once_with("users")  # recorded, though it failed
    runtime.reset()
    runtime.configure("derivedunit.fetch", return_value={"fake": 1})
    assert users.handler() == {"fake": 1}
    runtime.mock("derivedunit.fetch").assert_called_once_with("users")
    assert unit.clear() is None  # a procedure returns None unconfigured
    runtime.reset()
    with pytest.raises(runtime.NotConfigured):
        users.handler()
    derive.uninstall()
    assert unit.fetch is real and users.fetch is real


def test_data_stays_real(modules: tuple[ModuleType, ModuleType]) -> None:
    unit, _ = modules
    derive.install()
    assert unit.HAS_IT is False and unit.CAN_FORK is True
    assert unit.Level.HIGH.label == "high" and isinstance(unit.Level.HIGH, enum.IntEnum)
    assert unit.Triplet(1, 2, 3).blue == 3
    assert issubclass(runtime.NotConfigured, Exception)


def test_methods_become_doubles_and_construction_only_where_asked(modules: tuple[ModuleType, ModuleType]) -> None:
    unit, _ = modules
    derive.install()
    store = unit.Store("p", strict=True)  # built for real: __init__ is data
    assert (store.path, store.strict) == ("p", True)
    assert str(inspect.signature(unit.Store.add)) == "(self, item: object, force: bool = False) -> int"
    with pytest.raises(runtime.NotConfigured, match=r"Store\.add"):
        store.add(1)
    with pytest.raises(runtime.NotConfigured):
        _ = store.size
    runtime.configure("derivedunit.Store.add", return_value=7)
    assert store.add(1, force=True) == 7
    fake = object()
    runtime.configure("derivedunit.Store", return_value=fake)
    assert unit.Store("q") is fake
    runtime.mock("derivedunit.Store").assert_called_once_with("q")
    runtime.reset()
    assert unit.Store("r").path == "r"  # unconfigured again: real construction


def test_a_module_imported_after_install_is_doubled_at_once(
    modules: tuple[ModuleType, ModuleType], tmp_path: Path
) -> None:
    derive.install()
    (tmp_path / "derivedlate.py").write_text("def late(x):\n    return x\n", encoding="utf-8")
    import derivedlate  # type: ignore[import-not-found]

    derive.register(derivedlate, origin="derivedlate.py")
    with pytest.raises(runtime.NotConfigured):
        derivedlate.late(1)
