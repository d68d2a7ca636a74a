"""Static footprints and techniques, on a small hand-written project (planner.selection.static)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from planner.api import scan
from planner.selection.collected import Analysis, Collected, Collection
from planner.selection.static import analyse

FILES = {
    "src/app/__init__.py": "from .core import Engine\nfrom .util import *\n",
    "src/app/core.py": "from app import store\n\nclass Engine:\n    def run(self):\n        return store.save()\n\n"
    "def _secret():\n    return 1\n",
    "src/app/store.py": '_cache = {}\n\ndef save():\n    """>>> save()\n    1\n    """\n    return 1\n',
    "src/app/util.py": "def helper():\n    return 2\n",
    "src/app/sub/__init__.py": "",
    "src/app/sub/deep.py": "def go():\n    return 3\n",
    "tests/helpers.py": "from app.store import save\n\ndef make():\n    return save()\n",
    "tests/conftest.py": "import app.sub.deep\n",
    "tests/test_a.py": """
        from unittest import mock

        import app
        import app.sub.deep
        import helpers
        from app import Engine, core
        from app import *
        from app.store import _cache


        def test_engine():
            Engine().run()

        def test_core_private():
            core._secret()

        def test_grey(monkeypatch):
            core.Engine()
            monkeypatch.setattr(core, "Engine", None)

        def test_deep():
            app.sub.deep.go()

        def test_star():
            helper()

        def test_helper():
            helpers.make()

        def test_private_import():
            assert _cache == {}

        def test_patch_string():
            with mock.patch("app.store.save"):
                pass

        def test_nothing():
            assert 1 + 1 == 2

        class TestClass:
            def setup_method(self):
                self.engine = Engine()

            def test_method(self):
                assert self.engine
        """,
    "tests/test_b.py": "import app.sub.deep  # noqa: F401 - imported for its side effects\n\n"
    "def test_one():\n    pass\n\ndef test_two():\n    pass\n",
}

# test function -> (footprint, technique)
EXPECTED = {
    "test_engine": (("app.core",), "black-box"),
    "test_core_private": (("app.core",), "white-box"),
    "test_grey": (("app.core",), "grey-box"),
    "test_deep": (("app.sub.deep",), "black-box"),
    "test_star": (("app.util",), "black-box"),
    "test_helper": (("app.store",), "black-box"),
    "test_private_import": (("app.store",), "white-box"),
    "test_patch_string": (("app.store",), "white-box"),
    "test_nothing": ((), "black-box"),
    "TestClass::test_method": (("app.core",), "black-box"),
    # an import no test names (side effects): every test of the module has it
    "test_b.py::test_one": (("app.sub.deep",), "black-box"),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Analysis]]:
    root = tmp_path_factory.mktemp("static") / "proj"
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    graph = scan(root)
    items = [
        Collected(f"tests/test_a.py::{name}", str(root / "tests/test_a.py"), name.split("::")[-1], None)
        for name in EXPECTED
        if not name.startswith(("test_b", "TestClass"))
    ]
    items.append(
        Collected("tests/test_a.py::TestClass::test_method", str(root / "tests/test_a.py"), "test_method", "TestClass")
    )
    items += [Collected(f"tests/test_b.py::{n}", str(root / "tests/test_b.py"), n) for n in ("test_one", "test_two")]
    items.append(Collected("src/app/store.py::app.store.save", str(root / "src/app/store.py")))  # a doctest
    collection = Collection(str(root), (str(root / "tests"),), tuple(items))
    return root, analyse(graph, collection)


@pytest.mark.parametrize("name", EXPECTED)
def test_footprint_and_technique(project: tuple[Path, dict[str, Analysis]], name: str) -> None:
    _, analyses = project
    node_id = name if name.startswith("test_b") else f"test_a.py::{name}"
    found = analyses[f"tests/{node_id}"]
    assert (found.footprint, found.technique) == EXPECTED[name]
    assert found.method == "static" and found.indirect == ()


def test_a_doctest_exercises_the_unit_whose_file_it_is(project: tuple[Path, dict[str, Analysis]]) -> None:
    _, analyses = project
    assert analyses["src/app/store.py::app.store.save"].footprint == ("app.store",)


def test_conftest_imports_are_not_footprints(project: tuple[Path, dict[str, Analysis]]) -> None:
    _, analyses = project
    # conftest.py imports app.sub.deep: no test of test_a.py that does not name it has it
    assert "app.sub.deep" not in analyses["tests/test_a.py::test_engine"].footprint
