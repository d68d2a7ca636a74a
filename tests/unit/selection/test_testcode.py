"""What a test's own code uses, read from its AST (planner.selection.testcode)."""

from __future__ import annotations

import textwrap

import pytest

from planner.selection.testcode import CodeUsage, is_private, parse_module, usage

MODULE = textwrap.dedent(
    """
    import pytest
    from shop import db, config
    from shop.catalog import find_product, _index
    import shop.money

    TABLE = db.TABLE_NAME

    def helper():
        return find_product("x")

    @pytest.fixture
    def stored():
        return db.store("t", "k", 1)

    @pytest.fixture(autouse=True)
    def _reset():
        config.reset()

    @pytest.fixture(name="renamed")
    def _renamed_fixture():
        return shop.money.Money(1)

    def test_public():
        assert db.fetch("t", "k")

    def test_helper_and_constant():
        assert helper() and TABLE

    def test_fixture(stored, renamed):
        assert stored

    def test_private_and_patch(monkeypatch):
        monkeypatch.setattr(db, "fetch", lambda *a: 1)
        monkeypatch.setattr("shop.catalog.find_product", None)
        assert _index

    def test_local_private():
        order = find_product("x")
        assert order._lines

    def test_assign_on_a_module():
        db.fetch = None

    def test_getattr_literal():
        return getattr(config, "_DEFAULTS")

    @pytest.mark.usefixtures("stored")
    def test_usefixtures():
        pass

    def test_local_import():
        from shop import users
        users.register("a")

    class TestThings:
        runner = shop.money.Money

        def setup_method(self):
            config.load()

        def _make(self):
            return db.Row()

        def test_method(self):
            assert self._make() and self.runner
    """
)


@pytest.fixture(scope="module")
def code():  # type: ignore[no-untyped-def]
    parsed = parse_module(MODULE)
    assert parsed is not None
    return parsed


def reads(found: CodeUsage) -> set[str]:
    return {".".join((root, *chain)) for root, chain in found.reads}


@pytest.mark.parametrize(
    ("function", "expected"),
    [
        ("test_public", {"db.fetch", "config.reset"}),  # config: the module's autouse fixture
        ("test_helper_and_constant", {"find_product", "db.TABLE_NAME", "config.reset"}),
        ("test_fixture", {"db.store", "shop.money.Money"}),
        ("test_usefixtures", {"db.store"}),
    ],
)
def test_the_names_a_test_reads_include_its_helpers_and_fixtures(code, function: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    found = usage(code, function, None)
    assert found.found
    assert expected <= reads(found)


def test_module_bindings_read_through_attributes_are_not_bare_reads(code) -> None:  # type: ignore[no-untyped-def]
    found = usage(code, "test_public", None)
    assert ("db", ("fetch",)) in found.reads and ("db", ()) not in found.reads


def test_patches_and_assignments_are_writes(code) -> None:  # type: ignore[no-untyped-def]
    patched = usage(code, "test_private_and_patch", None)
    assert ("db", ("fetch",)) in patched.writes
    assert patched.patched == frozenset({"shop.catalog.find_product"})
    assert ("_index", ()) in patched.reads
    assert not patched.private_local  # monkeypatch's own state is not a unit's
    assert ("db", ("fetch",)) in usage(code, "test_assign_on_a_module", None).writes
    assert ("config", ("_DEFAULTS",)) in usage(code, "test_getattr_literal", None).reads


def test_private_attributes_of_local_objects(code) -> None:  # type: ignore[no-untyped-def]
    assert usage(code, "test_local_private", None).private_local
    assert not usage(code, "test_public", None).private_local


def test_an_import_inside_the_test_is_in_its_spans(code) -> None:  # type: ignore[no-untyped-def]
    found = usage(code, "test_local_import", None)
    assert ("users", ("register",)) in found.reads
    line = next(n for n, text in enumerate(MODULE.splitlines(), 1) if "from shop import users" in text)
    assert found.covers(line)
    assert not usage(code, "test_public", None).covers(line)


def test_methods_take_their_class_setup_members_and_attributes(code) -> None:  # type: ignore[no-untyped-def]
    found = usage(code, "test_method", "TestThings")
    assert {"config.load", "db.Row", "shop.money.Money"} <= reads(found)
    assert not found.private_local  # self._make is the test's own


def test_an_unknown_function_falls_back_to_the_whole_module(code) -> None:  # type: ignore[no-untyped-def]
    found = usage(code, "test_not_there", None)
    assert not found.found and {"db.fetch", "config.load"} <= reads(found)
    assert not usage(code, "test_method", "NoSuchClass").found


def test_unparsable_source() -> None:
    assert parse_module("def broken(:\n") is None


@pytest.mark.parametrize(
    ("name", "private"),
    [("_x", True), ("__x", True), ("x", False), ("__init__", False), ("__dict__", True), ("__version__", False)],
)
def test_private_names(name: str, private: bool) -> None:
    assert is_private(name) is private
