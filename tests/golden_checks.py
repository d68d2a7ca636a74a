"""Golden files: what a command printed or wrote, compared with the file kept in tests/golden."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

__all__ = ["check_golden"]


def check_golden(path: Path, text: str) -> None:
    """Fail with a diff unless ``text`` is the content of ``path``; with UPDATE_GOLDEN=1 set,
    write ``text`` there first (then read the diff in git before committing it)."""
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    want = path.read_text(encoding="utf-8")
    if text != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), text.splitlines(True), str(path), "output"))
        pytest.fail(f"output differs from {path} (UPDATE_GOLDEN=1 regenerates it):\n{diff}")
