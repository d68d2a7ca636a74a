"""Members a class gets while it is built: mirrored from the source with their real signatures."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest

from planner.doubles import runtime

CLASS_IMPORTS = """
    from .other import helper

    class Builder:
        import json
        from textwrap import dedent as _dedent

        json_dumps = staticmethod(json.dumps)
        json_loads = staticmethod(json.loads)
        del json, json_loads

        from .other import helper
        shown = helper

        def build(self, data: dict) -> str:
            return self.json_dumps(data)
"""


def test_a_class_body_import_and_del_are_mirrored(mirror: Any) -> None:
    """werkzeug's ``EnvironBuilder``: ``import json`` in the body, ``json_dumps = staticmethod(json.dumps)``,
    ``del json``."""
    tree = mirror({"pkg/__init__.py": "", "pkg/other.py": "def helper(): ...\n", "pkg/builder.py": CLASS_IMPORTS})
    real = tree.signatures("pkg.builder", real=True)
    assert real["Builder.json_dumps"] == str(inspect.signature(json.dumps))
    project = {"Builder.helper", "Builder.shown"}  # a function of the project, imported in the body: not mirrored
    assert tree.signatures("pkg.builder") == {k: v for k, v in real.items() if k not in project}
    stub = tree.load("pkg.builder")
    assert stub.Builder.json_dumps is json.dumps  # the standard library's own, as in the real class
    assert not hasattr(stub.Builder, "json") and not hasattr(stub.Builder, "json_loads")  # deleted, as there
    # an import of the project in the class body hides the module's name: a loud stand-in, not the module's
    assert "shown = _planner.source(" in tree.text("pkg.builder")


FACTORY = """
    from __future__ import annotations

    import typing as t


    def _repr_maker(left: str, right: str, limit: int = 8) -> t.Callable[..., str]:
        def proxy(self: Generator, obj: t.Iterable[t.Any], recursive: bool = False) -> str:
            return left + right

        return proxy


    def _closure_maker(limit: int) -> t.Callable[..., str]:
        def proxy(self, obj, limit=limit):
            return str(limit)

        return proxy


    class Generator:
        list_repr = _repr_maker("[", "]")
        tuple_repr = _repr_maker("(", ")", limit=4)
        limited = _closure_maker(3)

        def repr(self, obj: object) -> str:
            return "?"
"""


def test_a_method_made_by_a_factory_has_the_real_signature(mirror: Any) -> None:
    """werkzeug's ``DebugReprGenerator.list_repr = _sequence_repr_maker("[", "]", list)``."""
    tree = mirror({"pkg/__init__.py": "", "pkg/debug.py": FACTORY})
    real = tree.signatures("pkg.debug", real=True)
    ours = tree.signatures("pkg.debug")
    shown = "(self: 'Generator', obj: 't.Iterable[t.Any]', recursive: 'bool' = False) -> 'str'"
    assert real["Generator.list_repr"] == real["Generator.tuple_repr"] == shown
    assert {k: v for k, v in ours.items() if k != "Generator.limited"} == {
        k: v for k, v in real.items() if k != "Generator.limited"
    }
    tree.load("pkg.debug")
    generator = runtime.instance("pkg.debug.Generator")
    with pytest.raises(runtime.NotConfigured, match=r"pkg\.debug\.Generator\.list_repr\(.*\) was called"):
        generator.list_repr([1, 2], False)
    runtime.configure("pkg.debug.Generator.list_repr", return_value="[1, 2]")
    assert generator.list_repr([1, 2], recursive=False) == "[1, 2]"
    with pytest.raises(TypeError):
        generator.list_repr([1, 2], colour="red")  # checked against the real signature
    runtime.reset()


def test_a_factory_made_method_the_mirror_cannot_write_is_a_loud_double(mirror: Any) -> None:
    """Its default reads the factory's own argument: a double taking anything, not a silent value."""
    tree = mirror({"pkg/__init__.py": "", "pkg/debug.py": FACTORY})
    assert tree.signatures("pkg.debug")["Generator.limited"] == "(*args, **kwargs)"
    tree.load("pkg.debug")
    generator = runtime.instance("pkg.debug.Generator")
    with pytest.raises(runtime.NotConfigured, match=r"pkg\.debug\.Generator\.limited\(.*\) was called"):
        generator.limited("x")
    runtime.reset()


ATTRS = """
    import typing
    import attr
    import attrs
    from attr import attrib, attrs as make


    @make(eq=False, frozen=True)
    class VersionInfo:
        year = attrib(type=int)
        minor = attrib(type=int)
        releaselevel = attrib(type=str, default="final")


    @attr.s
    class Options:
        name = attr.ib()
        _secret = attr.ib(default=None)
        tags = attr.ib(factory=list)
        cache = attr.ib(init=False, default=None)
        renamed = attr.ib(default=0, alias="size")
        strict = attr.ib(default=False, kw_only=True)


    @attrs.define
    class Point:
        x: int
        y: int = 0
        label: str = attrs.field(default="", kw_only=True)
        seen: typing.ClassVar[int] = 0


    @attrs.frozen
    class Point3(Point):
        z: int = attrs.field(factory=int)


    @attr.s(auto_attribs=True, kw_only=True)
    class Settings:
        debug: bool = False
        level: int = 1


    @attrs.define(init=False)
    class Manual:
        value: int

        def __init__(self, raw: str) -> None:
            self.value = int(raw)
"""


def test_an_attrs_constructor_has_the_signature_attrs_makes(mirror: Any) -> None:
    """attrs' own ``VersionInfo`` (``@attrs(...)``, ``attrib(type=int)``) and the other spellings: fields in
    order, a base class's first, ``init=False`` left out, ``kw_only``, private names and ``alias``."""
    tree = mirror({"pkg/__init__.py": "", "pkg/version.py": ATTRS})
    real = tree.signatures("pkg.version", real=True)
    assert real["VersionInfo"] == "(year: int, minor: int, releaselevel: str = 'final') -> None"
    assert real["Point3"] == "(x: int, y: int = 0, z: int = NOTHING, *, label: str = '') -> None"
    assert tree.signatures("pkg.version") == real
    stub = tree.load("pkg.version")
    assert "made in the source by the attrs class decorator" in tree.text("pkg.version")
    version = runtime.build("pkg.version.VersionInfo", 24, 2)  # the mirrored constructor takes the fields
    assert isinstance(version, stub.VersionInfo)
    with pytest.raises(TypeError):
        runtime.build("pkg.version.VersionInfo", 24, 2, "final", "extra")


FIELDS = """
    from collections import deque
    from dataclasses import dataclass, field


    def make_label() -> str:
        return "x"


    @dataclass
    class Task:
        id: int
        visible: bool = True
        _progress: deque = field(default_factory=lambda: deque(maxlen=1000), init=False, repr=False)
        label: str = field(default=make_label(), kw_only=True)
"""


def test_a_dataclass_field_whose_default_the_stub_cannot_compute_keeps_its_place(mirror: Any) -> None:
    """rich's ``Task._progress = field(default_factory=lambda: deque(maxlen=1000), init=False)``: not a
    parameter, as in the real class; the value each instance gets is a loud stand-in."""
    tree = mirror({"pkg/__init__.py": "", "pkg/tasks.py": FIELDS})
    real = tree.signatures("pkg.tasks", real=True)
    assert real["Task"] == "(id: int, visible: bool = True, *, label: str = 'x') -> None"
    ours = tree.signatures("pkg.tasks")
    assert ours["Task"] == "(id: int, visible: bool = True, *, label: str = make_label()) -> None"  # as written
    task = runtime.build("pkg.tasks.Task", 1)
    with pytest.raises(runtime.StubError, match="lambda: deque"):
        task._progress.append(1)


def test_an_annotated_attribute_too_long_for_its_line_opens_its_annotation(mirror: Any) -> None:
    """itsdangerous's ``default_fallback_signers: list[...] = []``, as ruff format writes it at 88
    columns; the stub still reads as the real class."""
    source = """
        from __future__ import annotations

        import typing as t


        class Signer: ...


        class Serializer:
            default_fallback_signers: list[dict[str, t.Any] | tuple[type[Signer], dict[str, t.Any]] | type[Signer]] = []
            short: t.Any
            long_without_value: dict[str, t.Any] | tuple[type[Signer], dict[str, t.Any]] | type[Signer] | None
    """
    tree = mirror({"pkg/__init__.py": "", "pkg/serializer.py": source})
    text = tree.text("pkg.serializer")
    assert (
        "    default_fallback_signers: list[\n"
        "        dict[str, t.Any] | tuple[type[Signer], dict[str, t.Any]] | type[Signer]\n"
        "    ] = []\n"
    ) in text
    assert (
        "    long_without_value: (\n"
        "        dict[str, t.Any] | tuple[type[Signer], dict[str, t.Any]] | type[Signer] | None\n"
        "    )\n"
    ) in text
    assert [line for line in text.splitlines() if len(line) > 88 and not line.startswith("# ")] == []
    assert tree.load("pkg.serializer").Serializer.default_fallback_signers == []
