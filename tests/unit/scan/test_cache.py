"""The content-keyed parse cache: warm scans, changed files, damaged packs, concurrent writers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner.loaders.scan import ScanOptions, scan
from planner.loaders.scan.cache import FORMAT, ParseCache

ROOT = Path(__file__).parents[3]


def make_tree(root: Path, count: int = 30) -> Path:
    package = root / "pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    for i in range(count):
        body = f"from pkg import m{i - 1}\nx = m{i - 1}.f\n" if i else ""
        (package / f"m{i}.py").write_text(body + f"def f():\n    return {i}\n")
    return root


def test_a_warm_scan_parses_nothing_and_gives_the_same_result(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    options = ScanOptions(cache_dir=str(tmp_path / "cache"))
    cold = scan(tree, options=options)
    warm = scan(tree, options=options)
    assert (cold.stats.parsed, cold.stats.cached) == (31, 0)
    assert (warm.stats.parsed, warm.stats.cached) == (0, 31)
    assert warm.edges == cold.edges and warm.modules == cold.modules
    assert scan(tree).edges == cold.edges  # and the same as no cache at all


def test_only_changed_content_is_parsed_again(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    options = ScanOptions(cache_dir=str(tmp_path / "cache"))
    scan(tree, options=options)
    touched = tree / "pkg" / "m3.py"
    os.utime(touched, (1, 1))  # a new modification time, the same content: still cached
    changed = tree / "pkg" / "m5.py"
    changed.write_text("import pkg.m1\n")
    result = scan(tree, options=options)
    assert (result.stats.parsed, result.stats.cached) == (1, 30)
    assert ("pkg.m5", "pkg.m1") in {(e.importer, e.imported) for e in result.edges}
    assert ("pkg.m5", "pkg.m4") not in {(e.importer, e.imported) for e in result.edges}


def test_a_damaged_or_foreign_pack_is_ignored(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree", count=3)
    options = ScanOptions(cache_dir=str(tmp_path / "cache"))
    good = scan(tree, options=options)
    cache = ParseCache(tmp_path / "cache", tree)
    pack = cache.path
    cache.result_path.unlink()  # or the resolved result would answer without the pack
    for damage in (
        "{not json",
        json.dumps({"format": "other", "records": {}}),
        json.dumps({"format": FORMAT, "records": {"k": 1}}),
    ):
        pack.write_text(damage)
        cache.result_path.unlink(missing_ok=True)
        again = scan(tree, options=options)
        assert again.edges == good.edges
    data = json.loads(pack.read_text())
    key = next(iter(data["records"]))
    data["records"][key] = ["broken"]  # a damaged entry: that file is parsed again
    pack.write_text(json.dumps(data))
    cache.result_path.write_text("{damaged")
    again = scan(tree, options=options)
    assert again.edges == good.edges and again.stats.parsed == 1


def test_concurrent_scans_share_a_cache_safely(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree", count=200)
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "planner", "scan", str(tree), "--cache-dir", str(cache), "-f", "json"]
    runs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1
    written = ParseCache(cache, tree)
    # no temporary file (the signatures are there if the files had settled meanwhile)
    expected = {p.name for p in (written.result_path, written.path, written.companion_path)}
    assert expected <= {p.name for p in cache.iterdir()} <= expected | {written.stats_path.name}
    warm = scan(tree, options=ScanOptions(cache_dir=str(cache)))
    assert warm.stats.parsed == 0


def test_the_cache_directory_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    tree = make_tree(tmp_path / "tree", count=2)
    result = scan(tree, options=ScanOptions(cache_dir=str(blocker / "cache")))  # not a directory: no cache
    assert len(result.edges) == 1


def test_worker_processes_give_what_parsing_here_gives() -> None:
    from planner.loaders.scan.parse import parse_source
    from planner.loaders.scan.workers import parse_many

    sources = [path.read_bytes() for path in sorted((ROOT / "planner").rglob("*.py"))]
    done: list[int] = []
    assert parse_many(sources, jobs=2, progress=done.append) == [parse_source(data) for data in sources]
    assert sum(done) == len(sources)


def test_the_resolved_result_answers_an_unchanged_tree(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree", count=5)
    (tree / "pkg" / "bad.py").write_text("def (:\n")
    options = ScanOptions(cache_dir=str(tmp_path / "cache"))
    cold = scan(tree, options=options)
    cache = ParseCache(tmp_path / "cache", tree)
    cache.path.unlink()  # the records are gone: only the resolved result can answer
    warm = scan(tree, options=options)
    assert (warm.edges, warm.modules, warm.reports) == (cold.edges, cold.modules, cold.reports)
    assert warm.reports[0].message.startswith("syntax error")
    assert warm.stats.parsed == 0
    # other options that change edges, or another file, are another key: resolved again
    deferred = scan(tree, options=ScanOptions(cache_dir=str(tmp_path / "cache"), scopes=frozenset({"deferred"})))
    assert deferred.edges == () and deferred.stats.parsed == 7
    (tree / "pkg" / "m1.py").write_text("")
    assert len(scan(tree, options=options).edges) == len(cold.edges) - 1  # m1 -> m0 is gone


def test_checkouts_at_different_places_share_the_cache(tmp_path: Path) -> None:
    # as CI runners do: the same project checked out under different absolute paths
    first = make_tree(tmp_path / "runner1" / "project", count=4)
    second = make_tree(tmp_path / "runner2" / "project", count=4)
    options = ScanOptions(cache_dir=str(tmp_path / "cache"))
    cold = scan(first, options=options, display="project")
    warm = scan(second, options=options, display="project")
    assert (cold.stats.parsed, warm.stats.parsed) == (5, 0)
    assert warm.edges == cold.edges


def test_files_just_written_are_hashed_until_their_timestamps_settle(tmp_path: Path) -> None:
    # git's racy-timestamp rule: a signature taken within RACY_NS of the file's last
    # modification proves nothing (the file may change again within the same timestamp)
    tree = make_tree(tmp_path / "tree", count=3)
    options = ScanOptions(cache_dir=str(tmp_path / "cache"))
    assert scan(tree, options=options).stats.hashed == 4
    assert scan(tree, options=options).stats.hashed == 4  # written just now: not trusted
    assert not ParseCache(tmp_path / "cache", tree).stats_path.exists()


def test_settled_files_are_proved_unchanged_by_size_times_inode_and_device(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planner.loaders.scan.proof

    monkeypatch.setattr(planner.loaders.scan.proof, "RACY_NS", -(10**12))  # as if examined much later
    tree = make_tree(tmp_path / "tree", count=3)
    options = ScanOptions(cache_dir=str(tmp_path / "cache"))
    cold = scan(tree, options=options)
    warm = scan(tree, options=options)
    assert (cold.stats.hashed, warm.stats.hashed, warm.stats.parsed) == (4, 0, 0)
    assert warm.edges == cold.edges
    # the same size and modification time, put back: the change time still tells
    changed = tree / "pkg" / "m2.py"
    before = changed.stat()
    changed.write_text(changed.read_text().replace("from pkg import m1", "from pkg import m0"))
    os.utime(changed, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert changed.stat().st_size == before.st_size and changed.stat().st_mtime_ns == before.st_mtime_ns
    again = scan(tree, options=options)
    assert (again.stats.hashed, again.stats.parsed) == (1, 1)
    assert ("pkg.m2", "pkg.m0") in {(e.importer, e.imported) for e in again.edges}
    # a copy elsewhere (other inodes) is hashed, and found by content
    copy = tmp_path / "elsewhere" / "tree"
    shutil.copytree(tree, copy)
    elsewhere = scan(copy, options=options, display=str(tree))
    assert (elsewhere.stats.hashed, elsewhere.stats.parsed) == (4, 0)


@pytest.mark.parametrize(
    "damage",
    [
        "{not json",
        '{"format": "other", "files": {}}',
        '{"format": "%s", "files": []}',
        '{"format": "%s", "files": {"pkg/m1.py": [1, 2, 3]}}',
        '{"format": "%s", "files": {"pkg/m1.py": [1, 2, 3, 4, 5, "\\u0007not a key"]}}',
        '{"format": "%s", "files": {"pkg/m1.py": [true, 2, 3, 4, 5, "%s"]}}',
    ],
)
def test_a_damaged_signature_file_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    import planner.loaders.scan.proof

    monkeypatch.setattr(planner.loaders.scan.proof, "RACY_NS", -(10**12))
    tree = make_tree(tmp_path / "tree", count=3)
    options = ScanOptions(cache_dir=str(tmp_path / "cache"))
    good = scan(tree, options=options)
    cache = ParseCache(tmp_path / "cache", tree)
    cache.stats_path.write_text(damage.replace("%s", FORMAT, 1).replace("%s", "0" * 32))
    again = scan(tree, options=options)
    assert again.edges == good.edges and again.stats.hashed >= 3
