"""The scanner on small hand-written packages (tests/assets/scan), with every expected edge
written out: relative imports at any depth, ``from pkg import name`` (module or not),
``import a.b.c``, star imports, aliases, re-exports (and seeing through them), string
imports, every scope, bad files, namespace packages, layouts, excludes and tests dirs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner.loaders.scan import DEFAULT_SCOPES, SCOPES, ScanOptions, ScanReport, ScanResult, scan

ASSETS = Path(__file__).parents[2] / "assets" / "scan"
FLAT = ASSETS / "flat"

# (importer, imported): (names, scopes) for tests/assets/scan/flat, every scope, --external.
FLAT_EDGES = {
    ("alpha", "alpha.core"): ("run", "import-time"),  # from .core import run (a re-export)
    ("alpha", "alpha.models"): ("*", "import-time"),  # from .models import *
    ("alpha", "alpha.util"): ("", "import-time"),  # from . import util: a module, no attribute read
    ("alpha.core", "beta.deep.leaf"): ("value", "import-time"),  # import a.b.c; a.b.c.value()
    ("alpha.sub.inner.mod", "alpha.core"): ("run", "import-time"),  # from ...core import run
    ("alpha.sub.inner.mod", "alpha.sub.helpers"): ("VALUE", "import-time"),  # from .. import helpers
    ("alpha.sub.inner.mod", "alpha.sub.inner.sibling"): ("thing", "import-time"),
    ("alpha.util", "alpha"): ("Model run", "import-time"),  # from alpha import run: not a module
    ("alpha.util", "alpha.core"): ("run", "import-time"),  # import alpha.core as ac; ac.run()
    ("beta.deep", "alpha"): ("", "string"),  # __import__("alpha")
    ("beta.deep", "beta.deep.leaf"): ("", "string"),  # import_module(".leaf", __package__)
    ("gamma", "alpha.core"): ("*", "import-time"),
    ("gamma", "requests"): ("get", "import-time"),  # external, kept with --external
    ("gamma", "yaml"): ("safe_load", "import-time"),
    ("legacy.old", "alpha"): ("", "import-time"),
    ("nsp.part", "nsp.other"): ("", "import-time"),  # namespace package, absolute and relative
    ("scopes", "alpha.models"): ("", "import-time"),  # under a module-level if
    ("scopes", "alpha.sub.helpers"): ("", "import-time"),  # in a class body
    ("scopes", "alpha.sub.inner.mod"): ("go", "deferred"),  # in a function
    ("scopes", "beta"): ("Thing", "type-checking"),  # under if TYPE_CHECKING
    ("scopes", "beta.deep"): ("", "guarded"),  # try: ... except ImportError
    ("scopes", "beta.deep.leaf"): ("", "string"),  # importlib.import_module("beta.deep.leaf")
    ("scopes", "gamma"): ("", "import-time"),  # the else of if TYPE_CHECKING
}

FLAT_REPORTS = [
    ("bad-name.py", None, "file name is not a Python identifier"),
    ("broken.py", 3, "syntax error"),
    ("delta.py", None, "module delta is also delta/__init__.py"),
    ("latin.py", 1, "cannot decode"),
    ("my-scripts", None, "directory name is not a Python identifier"),
    ("toplevel_rel.py", 1, "relative import '.' goes above the top-level package"),
]


def edges(result: ScanResult) -> dict[tuple[str, str], tuple[str, str]]:
    return {(e.importer, e.imported): (" ".join(e.names), e.scope) for e in result.edges}


def test_every_case_of_the_flat_tree() -> None:
    result = scan(FLAT, options=ScanOptions(scopes=frozenset(SCOPES), external=True))
    assert edges(result) == FLAT_EDGES
    assert result.externals == ("requests", "yaml")  # os is the standard library: dropped
    units = {m.name: (m.path, m.kind) for m in result.modules}
    assert units["alpha"] == ("alpha/__init__.py", "package")
    assert units["nsp.part"] == ("nsp/part.py", "module")
    assert "nsp" not in units  # a namespace package has no file: not a unit
    assert {"broken", "latin", "bad-name", "tests.test_alpha"}.isdisjoint(units)
    got = [(Path(r.path).relative_to(FLAT).as_posix(), r.line, r.message) for r in result.reports]
    assert len(got) == len(FLAT_REPORTS)
    for (path, line, message), (want_path, want_line, want_message) in zip(got, FLAT_REPORTS, strict=True):
        assert (path, line) == (want_path, want_line)
        assert message.startswith(want_message)


def test_default_scopes_leave_out_type_checking_and_externals() -> None:
    result = scan(FLAT)
    expected = {
        key: value
        for key, value in FLAT_EDGES.items()
        if value[1] in DEFAULT_SCOPES and key[1] not in ("requests", "yaml")
    }
    assert edges(result) == expected


@pytest.mark.parametrize("scope", SCOPES)
def test_each_scope_alone(scope: str) -> None:
    result = scan(FLAT, options=ScanOptions(scopes=frozenset({scope})))
    assert set(edges(result)) == {
        k for k, (_, s) in FLAT_EDGES.items() if s == scope and k[1] not in ("requests", "yaml")
    }


def test_an_edge_in_several_scopes_takes_the_strongest(tmp_path: Path) -> None:
    source = [
        "def f():",
        "    import b",
        "from typing import TYPE_CHECKING",
        "if TYPE_CHECKING:",
        "    import b",
        "try:",
        "    import b",
        "except ImportError:",
        "    pass",
    ]
    (tmp_path / "a.py").write_text("\n".join(source) + "\n")
    (tmp_path / "b.py").write_text("")
    (edge,) = scan(tmp_path, options=ScanOptions(scopes=frozenset(SCOPES))).edges
    assert edge.scopes == ("deferred", "guarded", "type-checking")
    assert edge.scope == "guarded"
    assert edge.lines == (2, 5, 7)
    (edge,) = scan(tmp_path, options=ScanOptions(scopes=frozenset({"deferred"}))).edges
    assert (edge.scope, edge.lines) == ("deferred", (2,))


def test_seeing_through_init_reexports() -> None:
    plain = edges(scan(FLAT))
    through = edges(scan(FLAT, options=ScanOptions(through_init=True)))
    # from alpha import run, Model: alpha re-exports run from .core and Model by a star import of .models
    assert plain[("alpha.util", "alpha")] == ("Model run", "import-time")
    assert ("alpha.util", "alpha") not in through
    assert through[("alpha.util", "alpha.core")] == ("run", "import-time")
    assert through[("alpha.util", "alpha.models")] == ("Model", "import-time")
    # __import__("alpha") names no attribute: it stays on the package
    assert through[("beta.deep", "alpha")] == ("", "string")


def test_tests_directories_are_skipped_unless_asked_for() -> None:
    assert ("tests.test_alpha", "alpha.core") not in edges(scan(FLAT))
    result = scan(FLAT, options=ScanOptions(include_tests=True))
    assert edges(result)[("tests.test_alpha", "alpha.core")] == ("run", "import-time")


def test_exclude_globs_match_paths_and_names() -> None:
    by_name = {m.name for m in scan(FLAT, options=ScanOptions(exclude=("legacy",))).modules}
    all_names = {m.name for m in scan(FLAT).modules}
    by_path = {m.name for m in scan(FLAT, options=ScanOptions(exclude=("alpha/sub/*", "beta"))).modules}
    assert "legacy.old" not in by_name and "gamma" in by_name
    assert all_names - by_path == {
        "alpha.sub",  # its __init__.py matches alpha/sub/*
        "alpha.sub.helpers",
        "alpha.sub.inner",
        "alpha.sub.inner.mod",
        "alpha.sub.inner.sibling",
        "beta",
        "beta.deep",
        "beta.deep.leaf",
    }
    assert scan(FLAT, options=ScanOptions(exclude=("*.py",))).modules == ()
    slashes = {m.name for m in scan(FLAT, options=ScanOptions(exclude=("/legacy/", "alpha/sub/inner/"))).modules}
    assert all_names - slashes == {"legacy.old", "alpha.sub.inner", "alpha.sub.inner.mod", "alpha.sub.inner.sibling"}
    reports = scan(FLAT, options=ScanOptions(exclude=("broken.py", "latin.py"))).reports
    assert {Path(r.path).name for r in reports} == {"bad-name.py", "delta.py", "my-scripts", "toplevel_rel.py"}


def test_src_layout() -> None:
    result = scan(ASSETS / "srclayout")
    assert edges(result) == {
        ("pkg", "pkg.a"): ("f", "import-time"),
        ("pkg.b", "pkg.a"): ("f", "import-time"),
        ("solo", "pkg.b"): ("", "import-time"),
    }
    assert {m.name: m.path for m in result.modules}["pkg.a"] == "src/pkg/a.py"
    assert "setup" not in {m.name for m in result.modules}  # only src/ is the code
    assert result.notes == ("src layout: 1 .py file outside src/ left out (setup.py)",)  # and said so
    assert not result.reports  # a note, not a report: --strict does not fail on it
    with_tests = scan(ASSETS / "srclayout", options=ScanOptions(include_tests=True))
    assert edges(with_tests)[("tests.test_pkg", "pkg.a")] == ("f", "import-time")


def test_a_package_directory_is_named_from_its_package() -> None:
    result = scan(FLAT / "alpha" / "sub")
    assert {m.name for m in result.modules} == {
        "alpha.sub",
        "alpha.sub.helpers",
        "alpha.sub.inner",
        "alpha.sub.inner.mod",
        "alpha.sub.inner.sibling",
    }
    assert {m.path for m in result.modules} >= {"__init__.py", "inner/mod.py"}
    # alpha.core is outside the tree, and not external either: dropped even with --external
    assert set(edges(scan(FLAT / "alpha" / "sub", options=ScanOptions(external=True)))) == {
        ("alpha.sub.inner.mod", "alpha.sub.helpers"),
        ("alpha.sub.inner.mod", "alpha.sub.inner.sibling"),
    }


def test_one_file() -> None:
    result = scan(FLAT / "gamma.py", options=ScanOptions(external=True))
    assert [(m.name, m.path) for m in result.modules] == [("gamma", "gamma.py")]
    # alone, gamma's alpha is outside the tree: a third-party package as far as the scan knows
    assert edges(result) == {
        ("gamma", "alpha"): ("core.*", "import-time"),
        ("gamma", "requests"): ("get", "import-time"),
        ("gamma", "yaml"): ("safe_load", "import-time"),
    }


def test_symbolic_links_out_of_the_tree_are_skipped_and_reported(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(ASSETS / "srclayout", tree)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text("import pkg\n")
    (tree / "src" / "pkg" / "linked.py").symlink_to(outside / "secret.py")
    (tree / "src" / "elsewhere").symlink_to(outside, target_is_directory=True)
    (tree / "src" / "pkg" / "inside.py").symlink_to(tree / "src" / "pkg" / "a.py")
    (tree / "src" / "pkg" / "loop").symlink_to(tree / "src" / "pkg", target_is_directory=True)
    result = scan(tree)
    names = {m.name for m in result.modules}
    assert "pkg.inside" in names  # a link inside the tree is followed
    assert not any("linked" in n or "elsewhere" in n or "secret" in n for n in names)
    outside_reports = [r for r in result.reports if "outside the project tree" in r.message]
    assert sorted(Path(r.path).name for r in outside_reports) == ["elsewhere", "linked.py"]
    assert not any(n.startswith("pkg.loop") for n in names)  # a directory link: scanned where it points


def test_reports_are_values() -> None:
    report = ScanReport("a/b.py", 3, "syntax error")
    assert str(report) == "a/b.py:3: syntax error"
    assert str(ScanReport("a", None, "x")) == "a: x"
    with pytest.raises(AttributeError):
        report.line = 4  # type: ignore[misc]


def test_one_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad-name.py"
    bad.write_text("import os\n")
    result = scan(bad)
    assert result.modules == ()
    assert [str(r) for r in result.reports] == [
        f"{bad}: file name is not a Python identifier: not importable as a module"
    ]


def test_an_import_of_a_module_the_tree_lacks_is_reported(tmp_path: Path) -> None:
    """It would fail when it runs; a guarded one (an optional extension) is expected to."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text(
        "import pkg.nosuch\n"
        "from pkg.ghost import x\n"
        "try:\n    from pkg import _speedups\nexcept ImportError:\n    pass\n"
        "try:\n    import pkg._cext\nexcept ImportError:\n    pass\n"
        "def later():\n    from .gone import y\n"
    )
    reports = scan(tmp_path).reports
    assert [(Path(r.path).name, r.line, r.message.split(",")[0]) for r in reports] == [
        ("a.py", 1, "imports pkg.nosuch"),
        ("a.py", 2, "imports pkg.ghost"),
        ("a.py", 12, "imports pkg.gone"),  # deferred: it fails when later() runs
    ]
