"""git as a subprocess: the changed files of a branch, and the base revision's tree, safely."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from planner.change import git as changes
from planner.errors import UsageError

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x.invalid"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x.invalid"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "pkg").mkdir()
    for name in ("a.py", "b.py", "c.py"):
        (tmp_path / "pkg" / name).write_text(f"# {name}\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def test_a_branch_is_compared_with_its_merge_base(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "pkg" / "a.py").write_text("# changed on the branch\n")
    git(repo, "commit", "-q", "-am", "a")
    git(repo, "checkout", "-q", "main")
    (repo / "pkg" / "b.py").write_text("# changed on main since\n")
    git(repo, "commit", "-q", "-am", "b")
    git(repo, "checkout", "-q", "feature")
    found = changes.changed_since("main", cwd=repo)
    assert found.paths == ("pkg/a.py",)  # not what main gained meanwhile
    assert found.base == git(repo, "merge-base", "main", "HEAD").strip()


def test_the_working_tree_counts_untracked_and_deleted_files_too(repo: Path) -> None:
    (repo / "pkg" / "c.py").unlink()
    (repo / "pkg" / "new.py").write_text("")
    (repo / "pkg" / "a.py").write_text("# edited\n")
    found = changes.changed_since("HEAD", cwd=repo / "pkg")
    assert found.paths == ("a.py", "c.py", "new.py")  # relative to where planner runs
    assert found.missing == {"c.py"}


@pytest.mark.parametrize("ref", ["-x", "--output=/tmp/x", "", "a b", "HEAD\n", "a\x00b"])
def test_a_revision_that_could_be_an_option_is_refused(ref: str) -> None:
    with pytest.raises(UsageError, match="not a git revision"):
        changes.check_ref(ref)


def test_unknown_revisions_and_other_directories_are_usage_errors(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with pytest.raises(UsageError, match="no such commit here; in CI, fetch the history"):
        changes.changed_since("nope", cwd=repo)
    with pytest.raises(UsageError, match="is not in a git repository"):
        changes.changed_since("HEAD", cwd=tmp_path_factory.mktemp("bare"))


def test_the_base_tree_is_extracted(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    git(repo, "rm", "-q", "pkg/c.py")
    found = changes.changed_since("HEAD", cwd=repo)
    into = tmp_path_factory.mktemp("old")
    where = changes.extract_tree(found, repo / "pkg", into)
    assert where == into / "pkg" and sorted(p.name for p in where.iterdir()) == ["a.py", "b.py", "c.py"]
    assert changes.extract_tree(found, repo / "absent", tmp_path_factory.mktemp("none")) is None


def test_only_regular_files_inside_the_target_are_written(tmp_path: Path) -> None:
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as archive:
        for name in ("ok/a.py", "../evil.py", "/abs.py", "ok/../../evil2.py"):
            info = tarfile.TarInfo(name)
            info.size = 2
            archive.addfile(info, io.BytesIO(b"x\n"))
        link = tarfile.TarInfo("ok/link")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        archive.addfile(link)
    data.seek(0)
    into = tmp_path / "into"
    into.mkdir()
    with tarfile.open(fileobj=data, mode="r|") as archive:
        changes._extract_files(archive, into)
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert written == ["into", "into/ok", "into/ok/a.py"]
