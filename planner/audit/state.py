"""The state file that makes an audit resumable: one JSON line per mutant run, appended as it ends.

It lives in planner's cache directory (``audit/<key>.jsonl``), keyed by the plan file's content
and what the request changes in the figures (mutants per unit, seed, test selection), so that
``--resume`` never mixes the results of two different audits.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import asdict
from pathlib import Path

from planner.audit.model import FATES, MutantResult
from planner.errors import OutputError

__all__ = ["State", "state_key"]


def state_key(plan_text: bytes, *, per_unit: int, seed: int, all_tests: bool) -> str:
    digest = hashlib.sha256(plan_text)
    digest.update(f"\0{per_unit}\0{seed}\0{all_tests}".encode())
    return digest.hexdigest()[:20]


class State:
    """The results of one audit, read back on ``--resume`` and appended to as mutants end."""

    def __init__(self, path: Path, *, resume: bool) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.done: dict[tuple[str, int, str], MutantResult] = {}
        self.baseline_failing: tuple[str, ...] = ()
        if resume and path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                baseline = _baseline(line)
                if baseline is not None:
                    self.baseline_failing = baseline
                    continue
                result = _result(line)
                if result is not None:
                    self.done[(result.unit, result.index, result.digest)] = result
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not resume:
                path.write_text("", encoding="utf-8")
            elif not path.exists():
                path.touch()
        except OSError as exc:
            raise OutputError(
                f"cannot write the audit's state file ({exc.strerror or exc}): give another {{state_dir}}",
                path=str(path),
                parameter="state_dir",
            ) from exc

    def add_baseline(self, failing: tuple[str, ...]) -> None:
        """The tests failing before any mutant (a resumed audit that runs no mutant reports them)."""
        self.baseline_failing = failing
        with self.lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"baseline_failing": list(failing)}) + "\n")

    def add(self, result: MutantResult) -> None:
        with self.lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(result), sort_keys=True) + "\n")


def _baseline(line: str) -> tuple[str, ...] | None:
    try:
        data = json.loads(line)
        failing = data["baseline_failing"] if isinstance(data, dict) else None
    except (ValueError, KeyError):
        return None
    if not isinstance(failing, list) or not all(isinstance(node, str) for node in failing):
        return None
    return tuple(failing)


def _result(line: str) -> MutantResult | None:
    """A line written by :meth:`State.add`, or None for a line cut short or of another version."""
    try:
        data = json.loads(line)
        if data["fate"] not in FATES:
            return None
        dependency = data.get("dependency")
        return MutantResult(
            **{
                **data,
                "units": tuple(data.get("units") or ()),
                "dependency": tuple(dependency) if dependency else None,
            }
        )
    except (ValueError, KeyError, TypeError):
        return None
