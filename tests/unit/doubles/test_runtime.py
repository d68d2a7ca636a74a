"""check_interface: call sites against a real module's signatures, as a driver runs them."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.doubles import runtime

UNIT = """
from dataclasses import dataclass

def fetch(table, key=None, *, cached=True): ...
def only_kw(*, required): ...
def anything(*args, **kwargs): ...

class Store:
    def __init__(self, path, *, strict=False): ...
    def add(self, item, force=False): ...
    @classmethod
    def empty(cls, size=0): ...
    @staticmethod
    def check(item): ...
    @property
    def size(self): ...

@dataclass
class Row:
    key: str
    handler: object = None
"""


@pytest.fixture
def unit(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "drivenunit.py").write_text(textwrap.dedent(UNIT), encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    yield "drivenunit"
    sys.path.remove(str(tmp_path))
    sys.modules.pop("drivenunit", None)


def problems(unit: str, *calls: tuple[str, int, tuple[str, ...], int], names: tuple[str, ...] = ()) -> str:
    sites = [(10 + i, target, n, keywords, flags, f"call {i}") for i, (target, n, keywords, flags) in enumerate(calls)]
    try:
        runtime.check_interface(unit, path="src/caller.py", names=names, calls=sites)
    except AssertionError as exc:
        return str(exc)
    return ""


@pytest.mark.parametrize(
    "call",
    [
        ("fetch", 1, (), 0),
        ("fetch", 2, ("cached",), 0),
        ("fetch", 1, ("key",), 0),
        ("fetch", 0, (), 1),  # fetch(*args): may supply table
        ("only_kw", 0, (), 2),  # only_kw(**kw): may supply required
        ("anything", 5, ("x",), 0),
        ("Store", 1, ("strict",), 0),
        ("Store().add", 1, ("force",), 0),
        ("Store.add", 2, (), 0),  # explicit self, called on the class
        ("Store.empty", 1, (), 0),
        ("Store().check", 1, (), 0),
        ("Row", 1, ("handler",), 0),
        ("Row().handler", 3, (), 0),  # a field holding a callable: nothing known
        ("Store().size", 0, (), 0),  # calling what a property returns: nothing known
    ],
)
def test_calls_that_bind_pass(unit: str, call: tuple[str, int, tuple[str, ...], int]) -> None:
    assert problems(unit, call, names=("fetch", "Store")) == ""


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (("fetch", 0, (), 0), "missing a required argument: 'table'"),
        (("fetch", 3, (), 0), "too many positional arguments"),
        (("fetch", 1, ("cache",), 0), "got an unexpected keyword argument 'cache'"),
        (("fetch", 1, ("table",), 0), "multiple values for argument 'table'"),
        (("fetch", 3, (), 2), "takes 2 positional argument(s) but at least 3 were given"),
        (("only_kw", 0, (), 1), "missing a required keyword-only argument: 'required'"),
        (("Store().add", 0, (), 0), "missing a required argument: 'item'"),
        (("Store.empty", 2, (), 0), "too many positional arguments"),
        (("Store().remove", 1, (), 0), "drivenunit.Store has no attribute 'remove'"),
        (("flush", 0, (), 0), "drivenunit has no attribute 'flush'"),
    ],
)
def test_calls_that_do_not_bind_fail_naming_the_call_site(
    unit: str, call: tuple[str, int, tuple[str, ...], int], message: str
) -> None:
    found = problems(unit, call)
    assert found.startswith("1 interface problem(s) with drivenunit:\nsrc/caller.py:10: call 0: ")
    assert message in found


def test_every_problem_is_listed(unit: str) -> None:
    found = problems(unit, ("fetch", 0, (), 0), ("fetch", 1, (), 0), ("Store", 0, (), 0), names=("fetch", "gone"))
    assert found.splitlines() == [
        "3 interface problem(s) with drivenunit:",
        "drivenunit has no attribute 'gone'",
        "src/caller.py:10: call 0: missing a required argument: 'table' "
        "(calling drivenunit.fetch(table, key=None, *, cached=True))",
        "src/caller.py:12: call 2: missing a required argument: 'path' "
        "(calling drivenunit.Store(path, *, strict=False))",
    ]


def test_a_skeleton_test_is_reported_as_skipped_at_the_test() -> None:
    with pytest.raises(pytest.skip.Exception, match=r"driver to complete: exercise pkg\.f the way its missing callers"):
        runtime.todo("pkg.f")


PACKAGE = {
    "__init__.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .core import Engine\n",
    "core.py": (
        "class Engine:\n"
        "    def __init__(self, clock=None):\n"
        "        self.get_time = clock or (lambda: 0)\n"
        "    def run(self, n, *, fast=False): ...\n"
    ),
    "winonly.py": "import sys\nif sys.platform != 'win32':\n    raise ImportError('only on Windows')\n",
}


@pytest.fixture
def package(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "drivenpkg").mkdir()
    for name, text in PACKAGE.items():
        (tmp_path / "drivenpkg" / name).write_text(text, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    yield "drivenpkg"
    sys.path.remove(str(tmp_path))
    for name in [n for n in sys.modules if n.startswith("drivenpkg")]:
        del sys.modules[name]


def test_no_false_failures_on_untouched_code(package: str) -> None:
    # a submodule read as an attribute of its package, a name bound only for type checkers
    assert problems(package, names=("core", "Engine")) == ""
    # an attribute set in __init__, called on an instance: exists, its signature unknown
    assert problems("drivenpkg.core", ("Engine().get_time", 0, (), 0)) == ""
    # every real mismatch still caught
    found = problems("drivenpkg.core", ("Engine().run", 1, ("slow",), 0), names=("Motor",))
    assert "has no attribute 'Motor'" in found and "unexpected keyword argument 'slow'" in found


def test_a_module_of_another_platform_is_skipped_not_failed(package: str) -> None:
    with pytest.raises(pytest.skip.Exception, match=r"drivenpkg\.winonly cannot be imported here"):
        runtime.check_interface("drivenpkg.winonly", path="x.py", names=("f",))
    with pytest.raises(ModuleNotFoundError):  # a module that is gone is a failure
        runtime.check_interface("drivenpkg.gone", path="x.py", names=("f",))
