"""Small hand-written packages, their stubs, and both imported in turn (never at once)."""

from __future__ import annotations

import importlib
import inspect
import re
import sys
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from planner.doubles.index import ModuleText, ProjectIndex
from planner.doubles.stubs import StubModule, write_stub

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


@dataclass
class Mirrored:
    """A package written twice: as given (``real``) and as stubs (``stubs``)."""

    real: Path
    stubs: Path
    index: ProjectIndex
    written: dict[str, StubModule]
    top: str

    def text(self, unit: str) -> str:
        return self.written[unit].text

    def reports(self) -> list[str]:
        return [r for stub in self.written.values() for r in stub.reports]

    def _forget(self) -> None:
        for name in [n for n in sys.modules if n == self.top or n.startswith(self.top + ".")]:
            del sys.modules[name]

    def load(self, unit: str, *, real: bool = False) -> ModuleType:
        """Import ``unit`` from the real tree or from the stubs (dropping the other first)."""
        root = str(self.real if real else self.stubs)
        other = str(self.stubs if real else self.real)
        self._forget()
        if other in sys.path:
            sys.path.remove(other)
        if root not in sys.path:
            sys.path.insert(0, root)
        return importlib.import_module(unit)

    def signatures(self, unit: str, *, real: bool = False) -> dict[str, str]:
        """``inspect.signature`` of every function, class and method the module defines."""
        module = self.load(unit, real=real)
        found = {}
        for name, obj in vars(module).items():
            if getattr(obj, "__module__", None) != unit or name.startswith("__"):
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                found[name] = _signature(obj)
            if inspect.isclass(obj):
                for key, raw in vars(obj).items():
                    if key.startswith("__"):
                        continue
                    if isinstance(raw, staticmethod | classmethod) or inspect.isfunction(raw):
                        found[f"{name}.{key}"] = _signature(getattr(obj, key))
        return found

    def cleanup(self) -> None:
        self._forget()
        for root in (str(self.real), str(self.stubs)):
            if root in sys.path:
                sys.path.remove(root)


def _signature(obj: Any) -> str:
    try:
        return _ADDRESS.sub(" at 0x...", str(inspect.signature(obj)))
    except (TypeError, ValueError):
        return "<none>"


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[Any]:
    """``mirror(files, used=...)``: write ``files`` (path -> source) and the stub of each module."""
    made: list[Mirrored] = []

    def make(files: Mapping[str, str], *, used: Mapping[str, Mapping[str, Sequence[str]]] | None = None) -> Mirrored:
        real = tmp_path / "real"
        texts = {}
        for path, source in files.items():
            target = real / path
            target.parent.mkdir(parents=True, exist_ok=True)
            text = textwrap.dedent(source).lstrip("\n")
            target.write_text(text, encoding="utf-8")
            parts = path.removesuffix(".py").split("/")
            package = parts[-1] == "__init__"
            name = ".".join(parts[:-1] if package else parts)
            texts[name] = ModuleText(text, f"real/{path}", package)
        index = ProjectIndex(texts)
        stubs = tmp_path / "stubs"
        written = {}
        for unit in sorted(texts):
            stub = write_stub(index, unit, used=(used or {}).get(unit, {}), header=["a test stub"])
            written[unit] = stub
            target = stubs / (unit.replace(".", "/") + ("/__init__.py" if texts[unit].package else ".py"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(stub.text, encoding="utf-8")
        mirrored = Mirrored(real, stubs, index, written, sorted(texts)[0].partition(".")[0])
        made.append(mirrored)
        return mirrored

    yield make
    for mirrored in made:
        mirrored.cleanup()
