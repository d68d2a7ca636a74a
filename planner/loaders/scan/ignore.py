"""What the ``.gitignore`` files of a tree leave out of a scan, as git reads them.

The rules come from every ``.gitignore`` between the repository's top (the nearest
directory holding ``.git``, looking up from the scanned root) and the root, from the
repository's ``.git/info/exclude``, and from each ``.gitignore`` met while walking. As in
git, a deeper file's rule wins over a shallower one's (a ``!pattern`` there brings a path
back), and a pattern is relative to the directory of its file. Outside a repository only
the tree's own ``.gitignore`` files count. Matching is the pathspec library's
(:class:`pathspec.GitIgnoreSpec`), the one black and mypy use.

The root itself is never ignored: naming a directory on the command line scans it, with
its own rules only when the repository's would ignore it whole.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

__all__ = ["GitIgnore"]


class GitIgnore:
    """The ignore rules met so far, keyed by the directory they are relative to."""

    def __init__(self, root: str) -> None:
        self.specs: list[tuple[str, GitIgnoreSpec]] = []
        self.files: list[str] = []
        """The rule files read (their content shapes the scan: see :mod:`planner.loaders.scan.proof`)."""
        self.directories: list[str] = []
        """The directories above the root looked at for rule files and for ``.git``."""
        self._loaded: set[str] = set()
        top = os.path.abspath(root if os.path.isdir(root) else os.path.dirname(root) or ".")
        chain = [top]
        found_git = False
        while True:
            if os.path.exists(os.path.join(chain[-1], ".git")):
                found_git = True
                break
            parent = os.path.dirname(chain[-1])
            if parent == chain[-1]:
                break
            chain.append(parent)
        if found_git:
            # a rule file added above changes their listings (outside a repository, a .git that
            # appears above is not looked for again: the proof's one blind spot, as git's own)
            self.directories = chain[1:]
            self._read(chain[-1], os.path.join(chain[-1], ".git", "info", "exclude"))
            for directory in reversed(chain):
                self.load(directory)
            if any(self.ignored(directory, is_dir=True) for directory in chain[:-1]):
                # the root lies in an ignored directory (build/lib named on purpose): its own rules only
                self.specs, self._loaded = [], set()
                self.load(top)
        else:
            self.load(top)

    def load(self, directory: str) -> None:
        """Add the rules of ``directory``'s ``.gitignore``, if it has one (once)."""
        directory = os.path.abspath(directory)
        if directory in self._loaded:
            return
        self._loaded.add(directory)
        self._read(directory, os.path.join(directory, ".gitignore"))

    def _read(self, base: str, path: str) -> None:
        try:
            with open(path, encoding="utf-8", errors="surrogateescape") as handle:
                lines = handle.read().splitlines()
        except OSError:
            return
        from pathspec import GitIgnoreSpec

        self.files.append(path)
        spec = GitIgnoreSpec.from_lines(lines)
        if spec.patterns:
            self.specs.append((os.path.join(base, ""), spec))
            self.specs.sort(key=lambda item: item[0].count(os.sep))  # shallow first: the deepest decides

    def ignored(self, path: str, *, is_dir: bool) -> bool:
        """Whether git would ignore ``path`` (a file, or a directory with ``is_dir``)."""
        if not self.specs:
            return False
        full = os.path.abspath(path)
        verdict: bool | None = None
        for base, spec in self.specs:
            if not full.startswith(base):
                continue
            rel = full[len(base) :].replace(os.sep, "/") + ("/" if is_dir else "")
            result = spec.check_file(rel).include
            if result is not None:
                verdict = result
        return verdict is True
