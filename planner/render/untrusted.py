"""Typed reading of untrusted JSON: each failure is one line naming the file and the key path.

>>> reader = Reader("a.json")
>>> reader.count({"n": 3}, "totals", "n")
3
>>> str(reader.fail("totals.n", "expected a count"))
'a.json: totals.n: expected a count'
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from planner.errors import InputError

__all__ = ["Reader", "join"]


class Reader:
    """Typed access to untrusted JSON; each failure names the file and the key path."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, key: str, message: str) -> InputError:
        return InputError(f"{key}: {message}" if key else message, path=self.path)

    def found(self, value: object) -> str:
        """``value`` as JSON, cut to 40 characters, for a message."""
        text = json.dumps(value, ensure_ascii=True)
        return text if len(text) <= 40 else text[:37] + "..."

    def obj(self, value: object, key: str) -> Mapping[str, object]:
        if not isinstance(value, dict):
            raise self.fail(key, f"expected an object, found {self.found(value)}")
        return value

    def get(self, data: Mapping[str, object], key: str, name: str) -> object:
        if name not in data:
            raise self.fail(f"{key}.{name}" if key else name, "missing")
        return data[name]

    def text(self, data: Mapping[str, object], key: str, name: str) -> str:
        value = self.get(data, key, name)
        if not isinstance(value, str):
            raise self.fail(join(key, name), f"expected a string, found {self.found(value)}")
        return value

    def integer(self, data: Mapping[str, object], key: str, name: str, *, null: bool = False) -> int | None:
        value = self.get(data, key, name)
        if value is None and null:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31:
            wanted = "a count or null" if null else "a count"
            raise self.fail(join(key, name), f"expected {wanted}, found {self.found(value)}")
        return value

    def count(self, data: Mapping[str, object], key: str, name: str) -> int:
        value = self.integer(data, key, name)
        assert value is not None
        return value

    def flag(self, data: Mapping[str, object], key: str, name: str) -> bool:
        value = self.get(data, key, name)
        if not isinstance(value, bool):
            raise self.fail(join(key, name), f"expected true or false, found {self.found(value)}")
        return value

    def items(self, data: Mapping[str, object], key: str, name: str) -> list[object]:
        value = self.get(data, key, name)
        if not isinstance(value, list):
            raise self.fail(join(key, name), f"expected a list, found {self.found(value)}")
        return value

    def texts(self, data: Mapping[str, object], key: str, name: str) -> tuple[str, ...]:
        values = self.items(data, key, name)
        for k, value in enumerate(values):
            if not isinstance(value, str):
                raise self.fail(f"{join(key, name)}[{k}]", f"expected a string, found {self.found(value)}")
        return tuple(str(v) for v in values)


def join(key: str, name: str) -> str:
    """The path of key ``name`` inside ``key`` (``mutants[3].step``)."""
    return f"{key}.{name}" if key else name
