"""Stub modules: the real signatures, nothing of the project imported, loud when unconfigured."""

from __future__ import annotations

import ast
import collections.abc
import inspect
import json
import os
import re
import sys
from typing import Any

import pytest

from planner.doubles import runtime
from planner.doubles._state import state as runtime_state

FEATURES = '''
"""Every kind of signature a module can have."""

from __future__ import annotations

import enum
import typing as t
from dataclasses import dataclass, field
from decimal import Decimal

LIMIT = 10
_SENTINEL = object()


class Colour(enum.Enum):
    RED = 1
    BLUE = 2


class Problem(LookupError):
    """Something is wrong with ``key``."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(key)
        self.key = key


class SubProblem(Problem):
    pass


@dataclass(frozen=True)
class Point:
    """A point."""

    x: float
    y: float = 0.0
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def norm(self) -> float:
        return (self.x**2 + self.y**2) ** 0.5

    @classmethod
    def origin(cls, *, dims: int = 2) -> Point:
        return cls(0.0)

    @staticmethod
    def parse(text: str, /, sep: str = ",") -> Point:
        x, y = text.split(sep)
        return Point(float(x), float(y))

    def moved(self, dx: float = 0, dy: float = 0, *more: float, **options: t.Any) -> Point:
        return Point(self.x + dx, self.y + dy)


class Shape:
    """A shape made of points."""

    sides = LIMIT - 7

    def __init__(self, points: list[Point] | None = None, colour: Colour = Colour.RED) -> None:
        self.points = points or []

    def area(self, unit: str = "m2", default: t.Any = _SENTINEL) -> Decimal:
        return Decimal(0)

    def __len__(self) -> int:
        return len(self.points)


class Square(Shape):
    pass


def scale(factor: float, *shapes: Shape, inplace: bool = False, cache: dict[str, t.Any] | None = None) -> list[Shape]:
    return list(shapes)


def clear() -> None:
    pass


async def fetch(url: str, timeout: float = 1.5) -> bytes:
    return b""
'''

EVALUATED = '''
"""Annotations evaluated at definition time (no __future__ import)."""

import typing as t
from decimal import Decimal

from pkg.shapes import Point, Shape


def nearest(points: t.Sequence[Point], to: t.Optional[Point] = None) -> t.Optional[Point]:
    return None


def total(shapes: t.List["Shape"], start: Decimal = Decimal("0")) -> Decimal:
    return start


class Registry(t.Generic[t.TypeVar("T")]):
    def register(self, shape: Shape, *, name: t.Optional[str] = None) -> None:
        pass
'''


@pytest.fixture
def features(mirror: Any) -> Any:
    return mirror({"pkg/__init__.py": '"""A package."""\n', "pkg/shapes.py": FEATURES, "pkg/evaluated.py": EVALUATED})


@pytest.mark.parametrize("unit", ["pkg.shapes", "pkg.evaluated"])
def test_every_signature_is_the_real_one(features: Any, unit: str) -> None:
    real = features.signatures(unit, real=True)
    ours = features.signatures(unit)
    assert ours == real
    assert len(real) > 3


def test_docstrings_and_constants_are_kept(features: Any) -> None:
    real = features.load("pkg.shapes", real=True)
    docs = {n: inspect.getdoc(getattr(real, n)) for n in ("Problem", "Point", "Shape")} | {"": real.__doc__}
    stub = features.load("pkg.shapes")
    assert {n: inspect.getdoc(getattr(stub, n)) if n else stub.__doc__ for n in docs} == docs
    assert stub.LIMIT == 10 and stub.Shape.sides == 3
    assert [c.name for c in stub.Colour] == ["RED", "BLUE"]


def test_a_stub_imports_nothing_of_the_project(mirror: Any) -> None:
    tree = mirror(
        {
            "pkg/__init__.py": "raise RuntimeError('the real package ran')\n",
            "pkg/side.py": "raise RuntimeError('the real side ran')\nVALUE = 1\n",
            "pkg/mod.py": "from pkg.side import VALUE\nimport pkg.side as side\n\ndef f(x=VALUE, y=side): ...\n",
        }
    )
    module = tree.load("pkg.mod")
    assert "pkg.side" not in sys.modules
    assert hasattr(module, "__planner_stub__")
    shown = "(x=<class 'pkg.side.VALUE'>, y=<module 'pkg.side' (named by pkg.mod, not imported)>)"
    assert str(inspect.signature(module.f)) == shown


def test_unconfigured_calls_fail_loudly_naming_the_stub_and_the_step(
    features: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runtime_state, "step", 4)
    shapes = features.load("pkg.shapes")
    with pytest.raises(runtime.NotConfigured) as failure:
        shapes.scale(2.0, inplace=True)
    message = str(failure.value)
    assert "pkg.shapes.scale(2.0, inplace=True) was called" in message
    assert "the stub of pkg.shapes (in force at step 4)" in message
    assert isinstance(failure.value, Exception)  # an ordinary failure for pytest, in a fixture too
    assert shapes.clear() is None  # a procedure (-> None) has nothing to fake


def test_a_configured_stub_answers_and_records_its_calls(features: Any) -> None:
    shapes = features.load("pkg.shapes")
    runtime.configure("pkg.shapes.scale", return_value=["done"])
    assert shapes.scale(2.0, inplace=True) == ["done"]
    runtime.mock("pkg.shapes.scale").assert_called_once_with(2.0, inplace=True)
    with pytest.raises(TypeError):
        shapes.scale(2.0, colour="red")  # not in the real signature
    runtime.configure("pkg.shapes.scale", side_effect=ValueError("no"))
    with pytest.raises(ValueError, match="no"):
        shapes.scale(1.0)
    runtime.reset()
    with pytest.raises(runtime.NotConfigured):
        shapes.scale(1.0)


def test_classes_are_built_through_a_mock_or_for_real(features: Any) -> None:
    shapes = features.load("pkg.shapes")
    with pytest.raises(runtime.NotConfigured, match=r"pkg\.shapes\.Shape\(\) was called"):
        shapes.Shape()
    fake = runtime.instance("pkg.shapes.Shape", points=[1])
    runtime.configure("pkg.shapes.Shape", return_value=fake)
    assert shapes.Shape() is fake and isinstance(fake, shapes.Shape) and fake.points == [1]
    point = runtime.build("pkg.shapes.Point", 1.0, 2.0)
    assert (point.x, point.y, point.tags) == (1.0, 2.0, ())
    runtime.configure("pkg.shapes.Point.norm", return_value=5.0)
    assert point.norm == 5.0
    runtime.configure("pkg.shapes.Point.origin", return_value=point)
    assert shapes.Point.origin(dims=3) is point
    runtime.reset()  # what the plugin does after each test: a configured instance is dropped, not reset
    with pytest.raises(runtime.NotConfigured, match=r"pkg\.shapes\.Shape\(\) was called"):
        shapes.Shape()

    Shape: Any = shapes.Shape

    class Local(Shape):  # a class outside the stub, derived from a stub class: built normally
        def __init__(self) -> None:
            self.points: list[int] = []

    assert Local().points == []


def test_exceptions_are_real_exceptions(features: Any) -> None:
    shapes = features.load("pkg.shapes")
    error = shapes.SubProblem("k", detail="d")
    assert (error.key, error.detail, str(error)) == ("k", "d", "k") and isinstance(error, LookupError)
    with pytest.raises(shapes.Problem):
        raise error


def test_what_a_stub_cannot_compute_is_a_loud_stand_in(mirror: Any) -> None:
    tree = mirror({"pkg/__init__.py": "", "pkg/conf.py": "import os\nHOME = os.path.expanduser('~')\nSIZE = size()\n"})
    conf = tree.load("pkg.conf")
    assert os.path.expanduser("~") == conf.HOME  # os.path is free of side effects: copied
    assert repr(conf.SIZE) == "size()"
    with pytest.raises(runtime.StubError, match=re.escape("SIZE = size()")):
        conf.SIZE + 1
    runtime.configure("pkg.conf.SIZE", value=3)
    assert conf.SIZE == 3


def test_names_dependants_use_that_the_source_lacks(mirror: Any) -> None:
    tree = mirror(
        {"pkg/__init__.py": "", "pkg/db.py": "def fetch(key): ...\n"},
        used={"pkg.db": {"fetch": ["pkg.app"], "flush": ["pkg.app", "pkg.cli"], "not a name": ["pkg.app"]}},
    )
    db = tree.load("pkg.db")
    with pytest.raises(runtime.StubError, match=re.escape("used by pkg.app, pkg.cli")):
        db.flush()
    reports = tree.reports()
    assert "pkg.db: pkg.app, pkg.cli use flush, which the source does not define; a loud stand-in" in reports
    assert any("'not a name', which is not a Python name" in r for r in reports)


ODD = r'''"""Ends a docstring early? \"\"\" no; a backslash \\ and a quote \" stay."""
__all__ = ["ok", "x\nimport os; os.system('boom')"]
PATTERN = "line\n\"\"\"break"


def ok(text: str = "\"\"\"\nimport os") -> None:
    """\"\"\" here too"""
'''


def test_untrusted_text_stays_data(mirror: Any) -> None:
    tree = mirror({"pkg/__init__.py": "", "pkg/odd.py": ODD})
    text = tree.text("pkg.odd")
    statements = ast.parse(text).body
    allowed = (ast.Expr, ast.ImportFrom, ast.Import, ast.Assign, ast.AnnAssign, ast.FunctionDef, ast.ClassDef)
    assert all(isinstance(s, allowed) for s in statements)
    assert not any(isinstance(s, ast.Import) for s in statements)
    real = tree.load("pkg.odd", real=True)
    expected = (real.__doc__, real.__all__, real.PATTERN, real.ok.__doc__, str(inspect.signature(real.ok)))
    assert '"""' in real.__doc__ and "\n" in real.__all__[1]
    stub = tree.load("pkg.odd")
    assert (stub.__doc__, stub.__all__, stub.PATTERN, stub.ok.__doc__, str(inspect.signature(stub.ok))) == expected


def test_platform_modules_are_imported_where_they_exist(mirror: Any) -> None:
    source = (
        "import msvcrt\nimport termios\n\n\ndef lock(mode: int = msvcrt.LK_LOCK, flags: int = termios.TCSANOW): ...\n"
    )
    tree = mirror({"pkg/__init__.py": "", "pkg/lock.py": source})
    assert "try:\n    import msvcrt\nexcept ImportError:" in tree.text("pkg.lock")
    lock = tree.load("pkg.lock")
    assert "mode: int = " in str(inspect.signature(lock.lock))


def test_definitions_under_a_condition(mirror: Any) -> None:
    source = """
        import sys

        if sys.version_info >= (3, 0):
            def f(a): ...
        else:
            def f(a, b): ...

        if FLAG:
            def g(a): ...
        else:
            def g(a, b): ...
    """
    tree = mirror({"pkg/__init__.py": "", "pkg/cond.py": source})
    assert "if sys.version_info >= (3, 0):" in tree.text("pkg.cond")
    cond = tree.load("pkg.cond")
    assert str(inspect.signature(cond.f)) == "(a)"
    assert str(inspect.signature(cond.g)) == "(a)"  # the test cannot be evaluated: the first branch


def test_a_package_stub_mirrors_what_it_reexports(mirror: Any) -> None:
    tree = mirror(
        {
            "pkg/__init__.py": "from pkg.shapes import Point as Point, scale\nfrom pkg import shapes\n",
            "pkg/shapes.py": FEATURES,
        }
    )
    real = tree.load("pkg", real=True)
    expected = {n: str(inspect.signature(getattr(real, n))) for n in ("Point", "scale")}
    stub = tree.load("pkg")
    assert {n: str(inspect.signature(getattr(stub, n))) for n in expected} == expected
    assert stub.Point.__module__ == "pkg.shapes"
    assert "pkg.shapes" not in sys.modules


def test_a_class_body_may_alias_and_extend_its_properties(mirror: Any) -> None:
    """django does both (``q = p``; ``@p.setter``): the stub keeps the property objects."""
    source = """
        class C:
            @property
            def p(self) -> int:
                return 1

            q = p

            @p.setter
            def p(self, value: int) -> None: ...
    """
    stub = mirror({"pkg/__init__.py": "", "pkg/props.py": source}).load("pkg.props")
    assert isinstance(stub.C.q, property) and stub.C.p.fset is not None


def test_a_mock_instance_uses_the_class_stubs_and_fails_loudly(features: Any) -> None:
    shapes = features.load("pkg.shapes")
    fake = runtime.instance("pkg.shapes.Shape", points=[1])
    with pytest.raises(runtime.NotConfigured, match=r"pkg\.shapes\.Shape\.area\(.*\) was called"):
        fake.area("cm2")
    runtime.configure("pkg.shapes.Shape.area", return_value=3)
    assert fake.area("cm2") == 3
    runtime.mock("pkg.shapes.Shape.area").assert_called_with(fake, "cm2")
    assert inspect.signature(fake.area) == inspect.signature(runtime.build("pkg.shapes.Shape").area)
    assert isinstance(fake, shapes.Shape)
    point = runtime.instance("pkg.shapes.Point", x=1.0)
    with pytest.raises(runtime.NotConfigured, match=r"Point\.norm"):
        _ = point.norm
    runtime.configure("pkg.shapes.Point.origin", return_value=point)
    assert point.origin(dims=3) is point and point.x == 1.0
    other = runtime.instance("pkg.shapes.Point", norm=2.0)  # given: not the stub
    assert other.norm == 2.0


def test_a_star_import_of_the_tree_is_mirrored_as_the_re_export_it_is(mirror: Any) -> None:
    """attrs/converters.py is ``from attr.converters import *``: its stub must offer the same names."""
    tree = mirror(
        {
            "pkg/__init__.py": "",
            "pkg/core.py": "__all__ = ['optional']\n\ndef optional(converter, *, strict=False):\n    return converter\n"
            "\n\ndef hidden():\n    pass\n",
            "pkg/public.py": "from pkg.core import *\n",
            "pkg/loose.py": "def shown(a, b=1):\n    pass\n\n\ndef _private():\n    pass\n",
            "pkg/again.py": "from .loose import *\n",
        }
    )
    public = tree.load("pkg.public")
    assert str(inspect.signature(public.optional)) == "(converter, *, strict=False)"
    assert not hasattr(public, "hidden")  # not in pkg.core.__all__
    again = tree.load("pkg.again")
    assert str(inspect.signature(again.shown)) == "(a, b=1)" and not hasattr(again, "_private")


COMPUTED_AT_IMPORT = {
    "pkg/__init__.py": "",
    "pkg/compat.py": (
        "import os\n"
        "from collections.abc import Mapping\n"
        "builtin_str = str\n"
        "str = str\n"
        "can_fork = hasattr(os, 'fork')\n"
        "if can_fork:\n"
        "    def fork_it(n: int) -> int: ...\n"
    ),
    "pkg/codes.py": (
        "from enum import IntEnum\n"
        "class codes(IntEnum):\n"
        "    def __new__(cls, value: int, phrase: str = ''):\n"
        "        obj = int.__new__(cls, value)\n"
        "        obj._value_ = value\n"
        "        obj.phrase = phrase\n"
        "        return obj\n"
        "    OK = 200, 'OK'\n"
        "    NOT_FOUND = 404, 'Not Found'\n"
    ),
    "pkg/mixins.py": (
        "from pkg.missing_base import Base\n"
        "class UpdateDictMixin(Base):\n"
        "    def on_update(self) -> None: ...\n"
        "Alias = UpdateDictMixin[int]\n"
        "Other = Base[int]\n"
    ),
}


def test_what_a_module_computes_at_import_time_is_mirrored_right(mirror: Any) -> None:
    tree = mirror(COMPUTED_AT_IMPORT, used={"pkg.compat": {"Mapping": ["pkg.app"]}})
    compat = tree.load("pkg.compat")
    assert compat.str is str and compat.builtin_str is str  # not shadowed by stand-ins
    assert compat.can_fork is hasattr(os, "fork") and hasattr(compat, "fork_it") is compat.can_fork
    from collections.abc import Mapping

    assert compat.Mapping is Mapping  # a standard-library name it re-exports: the real one
    codes = tree.load("pkg.codes").codes
    assert codes.NOT_FOUND == 404 and codes(200).phrase == "OK"  # an IntEnum with its own __new__
    mixins = tree.load("pkg.mixins")  # a class mirrored without its base, then subscripted
    assert mixins.Alias is mixins.UpdateDictMixin


COMPAT = """
from collections.abc import Mapping

has_fastjson = False
try:
    import planner_no_such_fastjson as json

    has_fastjson = True
except ImportError:
    try:
        import planner_no_such_otherjson as json
    except ModuleNotFoundError:
        import json

try:
    import planner_no_such_speedup
except ImportError:
    planner_no_such_speedup = None

if has_fastjson:
    MODE = "fast"
else:
    MODE = "plain"

try:
    from pkg.fast import loads  # the project's own: not kept whole (a mirror imports none of it)
except ImportError:
    loads = None
"""


def test_an_import_guard_is_kept_as_written(mirror: Any) -> None:
    """requests.compat's pattern: the flags come out as the real module's, not as if every
    import succeeded; standard-library names it re-exports are the real ones."""
    tree = mirror(
        {"pkg/__init__.py": "", "pkg/compat.py": COMPAT, "pkg/fast.py": "def loads(text): ...\n"},
        used={"pkg.compat": {"json": ["pkg.models"], "Mapping": ["pkg.utils"]}},
    )
    text = tree.text("pkg.compat")
    # as written, laid out as ruff format lays it out: a blank line between the import and the flag
    assert "try:\n    import planner_no_such_fastjson as json\n\n    has_fastjson = True\nexcept ImportError:\n" in text
    real, stub = tree.load("pkg.compat", real=True), tree.load("pkg.compat")
    for module in (real, stub):
        assert (module.has_fastjson, module.MODE, module.planner_no_such_speedup) == (False, "plain", None)
        assert module.json is json and module.Mapping is collections.abc.Mapping
    assert "planner_no_such_fastjson as json" not in text.split("try:", 1)[0]  # not flattened before the block


def test_type_aliases_of_other_modules_read_as_the_real_ones(mirror: Any) -> None:
    """rich's pattern: annotations naming another module's aliases (``StyleType``), and a
    ``Literal`` taken from typing or typing_extensions by Python version."""
    tree = mirror(
        {
            "pkg/__init__.py": "",
            "pkg/style.py": 'from typing import Union\n\n\nclass Style: ...\n\n\nStyleType = Union[str, "Style"]\n',
            "pkg/align.py": (
                "import sys\n\nif sys.version_info >= (3, 8):\n    from typing import Literal\n"
                "else:\n    from planner_no_such_typing_extensions import Literal\n\n"
                'AlignMethod = Literal["left", "right"]\n'
            ),
            "pkg/text.py": (
                "from typing import Optional\n\nfrom .align import AlignMethod\nfrom .style import StyleType\n\n\n"
                'def styled(text: str, style: StyleType = "", align: Optional[AlignMethod] = None) -> None: ...\n'
            ),
        }
    )
    real = tree.signatures("pkg.text", real=True)
    assert real["styled"] == (
        "(text: str, style: Union[str, ForwardRef('Style')] = '', align: Optional[Literal['left', 'right']] = None)"
        " -> None"
    )
    assert tree.signatures("pkg.text") == real


def test_a_class_deriving_from_a_stub_mixin_and_a_real_class_keeps_the_real_signature(mirror: Any) -> None:
    """werkzeug's ``ImmutableList(ImmutableListMixin, list)``: ``(iterable=(), /)``, as the real one."""
    source = """
        class FrozenMixin:
            def append(self, item): ...

        class FrozenList(FrozenMixin, list):
            pass

        class Made:
            def __new__(cls, size, *, fill=0): ...

        class MadeMore(Made, dict):
            pass
    """
    tree = mirror({"pkg/__init__.py": "", "pkg/frozen.py": source})
    real = tree.signatures("pkg.frozen", real=True)
    assert real["FrozenList"] == "(iterable=(), /)"
    assert tree.signatures("pkg.frozen") == real
    stub = tree.load("pkg.frozen")
    assert isinstance(stub.FrozenList([1, 2]), list)  # built for real, through the mixin's constructor
