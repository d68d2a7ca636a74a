"""The proof that a tree is unchanged: ``planner scan -o`` replays its graph file only
while every directory and module it depends on keeps its settled signature."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import planner.loaders.scan.proof
from planner.cli._scan_run import fast_scan
from planner.loaders.scan import proof

ROOT = Path(__file__).parents[3]


@pytest.fixture
def settled_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled (as if examined much later)."""
    monkeypatch.setattr(planner.loaders.scan.proof, "RACY_NS", -(10**12))


def make_tree(root: Path) -> Path:
    package = root / "pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg import b\n")
    (package / "b.py").write_text("import os\n")
    (package / "sub").mkdir()
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "c.py").write_text("from .. import a\n")
    return package


def scan_to(tree: Path, out: Path, cache: Path, *extra: str) -> str:
    assert fast_scan([str(tree), "-o", str(out), "--force", "--cache-dir", str(cache), *extra])
    return out.read_text()


def replayable(tree: Path, cache: Path, **options: object) -> bool:
    shaping = {"scopes": proof_scopes(), "external": False, "exclude": (), "include_tests": False}
    from planner.loaders.scan.scopes import DEFAULT_MAX_FILE_SIZE

    shaping.update(through_init=False, max_file_size=DEFAULT_MAX_FILE_SIZE, gitignore=True, packages=(), **options)
    parts = proof.option_parts("graph-json", shaping)
    return proof.prove(str(cache), str(tree), str(tree), parts) is not None


def proof_scopes() -> frozenset[str]:
    from planner.loaders.scan.scopes import DEFAULT_SCOPES

    return DEFAULT_SCOPES


def edges(text: str) -> set[tuple[str, str]]:
    return {(e["source"], e["target"]) for e in json.loads(text)["edges"]}


@pytest.mark.usefixtures("settled_now")
@pytest.mark.parametrize(
    "change",
    ["edit a module", "add a module", "remove a module", "rename a directory", "add a file that is no module"],
)
def test_any_change_the_result_depends_on_breaks_the_proof(
    tmp_path: Path, change: str, capsys: pytest.CaptureFixture[str]
) -> None:
    tree = make_tree(tmp_path / "tree")
    cache, out = tmp_path / "cache", tmp_path / "g.json"
    cold = scan_to(tree, out, cache)
    assert replayable(tree, cache)
    assert scan_to(tree, out, cache) == cold  # replayed
    if change == "edit a module":
        (tree / "b.py").write_text("from pkg.sub import c\n")
    elif change == "add a module":
        (tree / "d.py").write_text("from pkg import a\n")
    elif change == "remove a module":
        (tree / "a.py").unlink()
    elif change == "rename a directory":
        (tree / "sub").rename(tree / "inner")
    else:
        (tree / "bad-name.py").write_text("")
    assert not replayable(tree, cache)
    capsys.readouterr()
    again = scan_to(tree, out, cache)
    assert again == scan_to(tree, tmp_path / "fresh.json", tmp_path / "fresh-cache")  # as if never cached
    assert again != cold or change == "add a file that is no module"
    told = capsys.readouterr().err
    assert ("bad-name.py" in told) == (change == "add a file that is no module")


@pytest.mark.usefixtures("settled_now")
def test_other_options_and_symbolic_links_are_not_proved(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    cache, out = tmp_path / "cache", tmp_path / "g.json"
    scan_to(tree, out, cache)
    assert replayable(tree, cache) and not replayable(tree, cache, external=True)
    deferred = scan_to(tree, out, cache, "--scope", "deferred")
    assert edges(deferred) == set()
    os.symlink(tree / "b.py", tree / "link.py")
    scan_to(tree, out, cache)
    assert not replayable(tree, cache)  # a link's target may change unseen: never proved


def test_the_key_holds_every_option_that_shapes_the_graph() -> None:
    from dataclasses import fields

    from planner.loaders.scan.model import ScanOptions

    shaping = {f.name for f in fields(ScanOptions)} - proof.UNSHAPING
    # what the command line passes when it looks for a proof (planner.cli._scan_run.run_scan)
    assert shaping == {
        "scopes",
        "external",
        "exclude",
        "include_tests",
        "through_init",
        "max_file_size",
        "gitignore",
        "packages",
    }


@pytest.mark.usefixtures("settled_now")
def test_editing_a_gitignore_breaks_the_proof(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A .gitignore edited in place changes no directory listing, yet it changes the graph."""
    tree = make_tree(tmp_path / "tree")
    (tree / ".gitignore").write_text("nothing-here/\n")
    cache, out = tmp_path / "cache", tmp_path / "g.json"
    cold = scan_to(tree, out, cache)
    assert replayable(tree, cache)
    assert ("pkg.sub.c", "pkg.a") in edges(cold)
    (tree / ".gitignore").write_text("sub/\n")  # the same size would do: the signature holds the times
    assert not replayable(tree, cache)
    assert ("pkg.sub.c", "pkg.a") not in edges(scan_to(tree, out, cache))
    assert "pkg.sub.c" in scan_to(tree, out, cache, "--no-gitignore")


@pytest.mark.usefixtures("settled_now")
def test_a_tampered_proof_is_ignored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = make_tree(tmp_path / "tree")
    cache, out = tmp_path / "cache", tmp_path / "g.json"
    cold = scan_to(tree, out, cache)
    path = Path(proof.proof_path(str(cache), str(tree), str(tree)))
    data = json.loads(path.read_text())
    text, reports, notes, summary = data["value"]
    for value in (
        [text.replace("pkg.a", "pkg\\u001b[31ma"), reports, notes, summary],  # an escaped control character
        [text.replace("pkg.a", "pkg\u0007a"), reports, notes, summary],  # a raw one
        [text, ["\u001b[2Jcleared"], notes, summary],  # in what is printed
        [text, reports, notes, summary.replace("0.00 s)", "")],
        "not a list",
    ):
        path.write_text(json.dumps({**data, "value": value}))
        capsys.readouterr()
        assert scan_to(tree, out, cache) == cold
        assert "\u001b" not in capsys.readouterr().err
    path.write_text("{damaged")
    assert scan_to(tree, out, cache) == cold


def test_files_just_written_are_never_proved(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    cache, out = tmp_path / "cache", tmp_path / "g.json"
    scan_to(tree, out, cache)
    assert not replayable(tree, cache)
