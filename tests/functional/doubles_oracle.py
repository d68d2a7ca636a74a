"""Stubs of real packages against the real packages: do they import, do the signatures match?

For a package downloaded from PyPI as a source distribution (pinned, cached in
``.cache/sdists`` like the scanner's oracle), :func:`compare` writes the stub of
every module, imports every stub in a fresh interpreter started without
site-packages (so the real package, even if installed, cannot be imported),
imports the real modules in another interpreter from the unpacked sdist, and
compares ``inspect.signature`` of every public function, class and method
each module defines. Every mismatch gets a reason (:data:`REASONS`).

Run it for a report (the numbers quoted in docs/doubles.md)::

    python -m tests.functional.doubles_oracle click itsdangerous attrs
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from planner.doubles.index import ProjectIndex
from planner.doubles.sources import read_tree
from planner.doubles.stubs import write_stub
from planner.loaders.python import graph_from_scan
from planner.loaders.scan import ScanOptions, scan
from tests import sdists

ROOT = Path(__file__).resolve().parents[2]

# package: (PyPI name, version, directory of the packages inside the sdist, top-level packages)
PACKAGES = {
    "click": ("click", "8.1.7", "src", ("click",)),
    "itsdangerous": ("itsdangerous", "2.2.0", "src", ("itsdangerous",)),
    "attrs": ("attrs", "24.2.0", "src", ("attr", "attrs")),
}
# The packages of issue 15, whose stubs are also derived from the real modules at run time.
MORE = {
    "werkzeug": ("werkzeug", "3.1.3", "src", ("werkzeug",)),
    "requests": ("requests", "2.32.3", "src", ("requests",)),
    "httpx": ("httpx", "0.28.1", ".", ("httpx",)),
    "rich": ("rich", "13.9.4", ".", ("rich",)),
}
ALL = {**PACKAGES, **MORE}

# What one interpreter reports: module -> {qualname: [signature, facts]} or {"!": error}.
PROBE = r"""
import importlib, inspect, json, re, sys
sys.path[:0] = json.loads(sys.argv[1])
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")

def sig(obj):
    try:
        return ADDRESS.sub(" at 0x...", str(inspect.signature(obj)))
    except (TypeError, ValueError) as exc:
        return "<no signature: %s>" % type(exc).__name__

def facts(obj):
    return {"wrapped": hasattr(obj, "__wrapped__") and not hasattr(obj, "__planner_procedure__"),
            "builtin": inspect.isbuiltin(obj) or type(obj).__name__ in ("method_descriptor", "wrapper_descriptor")}

out = {}
STUB = sys.argv[3] == "stub"
for name in json.loads(sys.argv[2]):
    try:
        module = importlib.import_module(name)
    except BaseException as exc:
        out[name] = {"!": "%s: %s" % (type(exc).__name__, exc)}
        continue
    found = {}
    for attr, obj in sorted(vars(module).items()):
        # the names the module defines (the stub's side: also those it mirrors from elsewhere,
        # where the real package rewrites __module__ at import time, as httpx does)
        if attr.startswith("_") or (getattr(obj, "__module__", None) != name and not STUB):
            continue
        if "__planner_in__" in getattr(obj, "__dict__", {}):
            continue  # a stand-in for another module's object, not a mirror
        if inspect.isfunction(obj):
            found[attr] = [sig(obj), facts(obj)]
        elif inspect.isclass(obj):
            found[attr] = [sig(obj), facts(obj)]
            for key, raw in sorted(vars(obj).items()):
                if key.startswith("_"):
                    continue
                if isinstance(raw, (staticmethod, classmethod)) or inspect.isfunction(raw):
                    member = getattr(obj, key)
                    found[attr + "." + key] = [sig(member), facts(member)]
    out[name] = found
print(json.dumps(out))
"""

REASONS = (
    "real module not importable here",
    "decorator not mirrored",
    "functools.wraps",
    "class decorator builds the constructor",
    "made by a call in the class body",
    "constructor inherited from a class the stub cannot build",
    "default value repr",
    "annotation not evaluable in the stub",
    "missing from the stub",
)
"""Why a stub's signature may differ from the real one (the order is the order they are tried)."""


@dataclass
class Report:
    package: str
    modules: int = 0
    imported: int = 0
    import_failures: list[str] = field(default_factory=list)
    compared: int = 0
    matched: int = 0
    shape_matched: int = 0  # names, kinds and which parameters have a default (the measure)
    mismatches: list[tuple[str, str, str, str]] = field(default_factory=list)  # name, reason, real, stub
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.matched / self.compared if self.compared else 1.0

    @property
    def shape_rate(self) -> float:
        """The share whose parameters agree in name, kind and presence of a default."""
        return self.shape_matched / self.compared if self.compared else 1.0

    def reasons(self) -> Counter[str]:
        return Counter(reason for _, reason, _, _ in self.mismatches)


def unpacked(package: str) -> Path:
    """The unpacked sdist of ``package`` (downloaded once with pip into the cache)."""
    name, version, _, _ = ALL[package]
    return sdists.unpacked(name, version)


def write_all_stubs(index: ProjectIndex, out: Path) -> list[str]:
    """The stub of every module of ``index`` under ``out`` (an import root); their names."""
    for unit in sorted(index.texts):
        stub = write_stub(index, unit, used={}, header=["the oracle's stub"])
        path = out / (unit.replace(".", "/") + ("/__init__.py" if index.texts[unit].package else ".py"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(stub.text, encoding="utf-8")
    return sorted(index.texts)


def probe(paths: list[str], modules: list[str], *, isolated: bool) -> dict[str, dict[str, object]]:
    """Signatures of ``modules`` as seen by a fresh interpreter with ``paths`` first on sys.path.

    ``isolated``: without site-packages (``-S``) and without PYTHONPATH (``-E``), so that only
    ``paths`` and the standard library can be imported.
    """
    flags = ["-S", "-E"] if isolated else ["-E"]
    result = subprocess.run(
        [sys.executable, *flags, "-c", PROBE, json.dumps(paths), json.dumps(modules), "stub" if isolated else "real"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=paths[0],
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data: dict[str, dict[str, object]] = json.loads(result.stdout)
    return data


def compare(package: str, out: Path) -> Report:
    """Stub every module of ``package``, import the stubs, and compare their signatures."""
    root = unpacked(package)
    _, _, inner, tops = ALL[package]
    report = Report(package)
    for top in tops:
        graph = graph_from_scan(scan(root / inner / top, options=ScanOptions()))
        index = read_tree(graph)
        stubs = out / top
        modules = write_all_stubs(index, stubs)
        report.modules += len(modules)
        ours = probe([str(stubs), str(ROOT)], modules, isolated=True)
        real = probe([str(root / inner)], modules, isolated=False)
        for module in modules:
            stub_side, real_side = ours[module], real[module]
            if "!" in stub_side:
                report.import_failures.append(f"{module}: {stub_side['!']}")
                continue
            report.imported += 1
            if "!" in real_side:
                report.skipped.append((module, f"real module not importable here: {real_side['!']}"))
                continue
            for name, value in sorted(real_side.items()):
                real_sig, real_facts = cast(tuple[str, dict[str, bool]], value)  # [signature, facts] from PROBE's JSON
                if str(real_sig).startswith("<no signature"):
                    report.skipped.append((f"{module}.{name}", str(real_sig)))
                    continue
                report.compared += 1
                stub_value = stub_side.get(name)
                if stub_value is None:
                    report.mismatches.append((f"{module}.{name}", "missing from the stub", str(real_sig), "-"))
                    continue
                stub_sig = stub_value[0]  # type: ignore[index]
                if stub_sig == real_sig:
                    report.matched += 1
                    report.shape_matched += 1
                    continue
                if shape(str(real_sig)) == shape(str(stub_sig)):
                    report.shape_matched += 1
                reason = _reason(index, module, name, str(real_sig), str(stub_sig), real_facts)
                report.mismatches.append((f"{module}.{name}", reason, str(real_sig), str(stub_sig)))
    return report


def _definition(index: ProjectIndex, module: str, qualname: str) -> ast.AST | None:
    source = index.module(module)
    if source is None:
        return None
    nodes: list[ast.stmt] = list(source.tree.body)
    found: ast.AST | None = None
    for part in qualname.split("."):
        found = None
        for node in _flat(nodes):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.name == part:
                found = node
        if found is None:
            return None
        nodes = list(getattr(found, "body", []))
    return found


def _flat(body: list[ast.stmt]) -> list[ast.stmt]:
    out: list[ast.stmt] = []
    for node in body:
        if isinstance(node, ast.If | ast.Try):
            out += _flat(node.body) + _flat(getattr(node, "orelse", []))
            for handler in getattr(node, "handlers", []):
                out += _flat(handler.body)
        else:
            out.append(node)
    return out


_KEPT = {"staticmethod", "classmethod", "property", "abstractmethod", "final", "dataclass", "unique", "cached_property"}


def _made_by_call(index: ProjectIndex, module: str, name: str) -> bool:
    """Whether ``Cls.attr`` is assigned the result of a call in the class body (a factory's function)."""
    owner, _, attr = name.rpartition(".")
    cls = _definition(index, module, owner) if owner else None
    if not isinstance(cls, ast.ClassDef):
        return False
    return any(
        isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and any(isinstance(t, ast.Name) and t.id == attr for t in node.targets)
        for node in _flat(cls.body)
    )


def _reason(index: ProjectIndex, module: str, name: str, real: str, stub: str, facts: dict[str, bool]) -> str:
    node = _definition(index, module, name)
    if node is None and _made_by_call(index, module, name):
        return "made by a call in the class body"  # the mirror writes the factory's function where it can
    decorators = []
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            text = target.attr if isinstance(target, ast.Attribute) else ast.unparse(target)
            if text not in _KEPT:
                decorators.append(text)
    if facts.get("wrapped"):
        return "functools.wraps"
    if isinstance(node, ast.ClassDef):
        if decorators:
            return "class decorator builds the constructor"
        if not any(isinstance(n, ast.FunctionDef) and n.name in ("__init__", "__new__") for n in node.body):
            return "constructor inherited from a class the stub cannot build"
    elif decorators:
        return "decorator not mirrored"
    if _without(real, "default") == _without(stub, "default"):
        return "default value repr"
    if _without(real, "annotation") == _without(stub, "annotation"):
        if sorted(real) == sorted(stub):
            return "typing.Union members in another order"
        return "annotation not evaluable in the stub"
    return "unexplained"


def _split(text: str, separator: str) -> list[str]:
    """``text`` split at each ``separator`` outside brackets, quotes and ``<...>`` reprs."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote and text[i - 1] != "\\" else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{<":
            depth += 1
        elif ch in ")]}>" and not (ch == ">" and text[i - 1] == "-"):
            depth -= 1
        elif ch == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def shape(signature: str) -> str:
    """A signature's parameters by name, kind and whether they have a default: no default values,
    no annotations."""
    return _without(_without(signature, "default"), "annotation")


def _without(signature: str, what: str) -> str:
    """A signature's text with its defaults (or annotations) left out, to see what else differs."""
    params, returns = signature, ""
    if ") -> " in signature:
        params, _, returns = signature.rpartition(") -> ")
        params += ")"
    inner = params[1:-1]
    out = []
    for param in _split(inner, ","):
        name, *default = _split(param, "=")
        if what == "default" and default:
            default = ["..."]
        if what == "annotation":
            name = _split(name, ":")[0]
        out.append("=".join([name.strip(), *(d.strip() for d in default)]))
    return "(" + ", ".join(out) + ")" + ("" if what == "annotation" or not returns else " -> " + returns)


def markdown(reports: list[Report]) -> str:
    """The reports as the tables of docs/doubles.md."""
    lines = [
        "| package | modules | stubs imported | signatures compared | matched | match rate |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in reports:
        lines.append(
            f"| {r.package} | {r.modules} | {r.imported} | {r.compared} | {r.matched} | {100 * r.rate:.1f} % |"
        )
    lines += ["", "| package | callable | reason | real | stub |", "| --- | --- | --- | --- | --- |"]
    for r in reports:
        for name, reason, real, stub in r.mismatches:
            lines.append(f"| {r.package} | `{name}` | {reason} | `{real}` | `{stub}` |")
    skipped = [(r.package, what, why) for r in reports for what, why in r.skipped]
    if skipped:
        lines += ["", "Not compared:", ""]
        lines += [f"- {package}: `{what}`: {why}" for package, what, why in skipped]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        found = [compare(name, Path(tmp) / name) for name in (sys.argv[1:] or list(PACKAGES))]
    sys.stdout.write(markdown(found))
