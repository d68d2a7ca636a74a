"""The namespace of a stub being written: which names it binds, and to what.

A stub module mirrors expressions of the real source (defaults, annotations,
bases, constants). Each name such an expression reads must be bound in the
stub to the same thing it is bound to in the real module:

- a builtin: nothing to do (unless the module shadows it);
- a standard-library import: the stub repeats the import (in a ``try`` with a
  stand-in for modules that exist on some platforms only);
- an import from the project or a third party: a stand-in class or module
  (:func:`planner.doubles.runtime.reference`), whose ``repr`` is the real
  one's, so annotations read the same; a base class or a re-exported name is
  mirrored instead, from the module that defines it;
- a definition of the module: its mirror, written before.

:class:`Namespace` answers whether an expression can be copied (nothing
unbound, no call but of the side-effect-free ones in
:mod:`planner.doubles.policy`), and binds what it needs when it is copied.
Where a mirrored definition of another module needs a name the stub binds to
something else, the expression is kept as text instead.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Callable
from dataclasses import dataclass, field

from planner.doubles.policy import PLATFORM_MODULES, call_allowed, canonical, names_in
from planner.doubles.source import ModuleSource, Origin
from planner.doubles.text import requote, string_literal

__all__ = ["HIDDEN", "VALUE", "MODULE_REF", "PROPERTY", "REF", "Namespace", "Scope"]

VALUE, MODULE_REF, REF, PROPERTY, HIDDEN = "value", "module-ref", "ref", "property", ""
"""What a bound name is: a real value (attributes may be read), a stand-in module (one
attribute level gives a stand-in class), a stand-in (usable only as it is), a
property the class body defined (a real value too, whose ``setter`` a later method uses),
or, in a class body, a name bound to something the stub cannot bind (an import of the
project inside the class): it hides the module's name of the same spelling."""

_BUILTINS = frozenset(dir(builtins))

Key = tuple[str, ...]


@dataclass
class Scope:
    """A class body being written: the names it binds so far, and their kinds."""

    names: dict[str, str] = field(default_factory=dict)


class Namespace:
    """The names a stub binds at module level, and the imports and stand-ins it needs.

    ``mirror`` is called back to write a definition of another module that
    an expression needs (a base class, a constant); it returns whether it did.
    """

    def __init__(
        self,
        target: ModuleSource,
        runtime: str,
        mirror: Callable[[ModuleSource, str], bool],
        *,
        modules: frozenset[str] = frozenset(),
        resolve: Callable[[str, str], tuple[str, ...] | None] = lambda module, name: None,
        alias: Callable[[str, Key, bool], bool] = lambda name, key, commit: False,
    ) -> None:
        self.target = target
        self.modules = modules
        self._resolve = resolve
        self.alias = alias
        self.runtime = runtime
        self.mirror = mirror
        self.bound: dict[str, Key] = {}
        self.kinds: dict[str, str] = {}
        self.stdlib: dict[str, Origin] = {}
        self.refs: dict[str, str] = {}

    # --- binding --------------------------------------------------------------------------

    def key(self, name: str, origin: Origin, env: ModuleSource) -> Key:
        """What a name stands for, the same however it was reached: a definition of the project
        is keyed by its defining module and name, whether imported or defined."""
        if origin.kind == "local":
            return ("local", env.name, name)
        if origin.kind == "project" and origin.attr is not None:
            found = self._resolve(origin.module, origin.attr)
            if found is not None and found[0] != "module":
                return found
        return (origin.kind, origin.module, origin.attr or "", origin.written)

    def bind(self, name: str, key: Key, kind: str) -> None:
        """Record that the stub binds ``name`` (a definition or value it writes)."""
        self.bound[name] = key
        self.kinds[name] = kind

    def own(self, name: str, kind: str) -> None:
        """The stub writes its own module's ``name``."""
        self.bind(name, ("local", self.target.name, name), kind)

    def _conflicts(self, name: str, key: Key) -> bool:
        if name in self.bound:
            return self.bound[name] != key
        origin = self.target.env.get(name)
        return origin is not None and self.key(name, origin, self.target) != key

    def lookup(self, name: str, env: ModuleSource, scope: Scope | None, *, commit: bool) -> str | None:
        """The kind ``name`` (read in ``env``'s code) has in the stub, binding it if ``commit``;
        ``None`` if the stub cannot bind it to the same thing."""
        if scope is not None and name in scope.names:
            return scope.names[name] or None  # HIDDEN: the class body binds it to what the stub cannot
        origin = env.env.get(name)
        if origin is None:
            if name in _BUILTINS and name not in self.bound and name not in self.target.env:
                return VALUE
            if name == "__name__" and env is self.target:
                return VALUE
            return None
        key = self.key(name, origin, env)
        if name in self.bound:
            return self.kinds[name] if self.bound[name] == key else None
        if env is self.target and origin.kind == "local":
            if name in _BUILTINS:
                return VALUE  # ``str = str`` (requests.compat): read before the module binds it, the builtin
            return None  # not written (yet): a later definition, or a branch left out
        if self._conflicts(name, key):
            return None
        if origin.kind == "project" and key[0] == "stdlib":
            # the project imports it from the standard library: so does the stub
            origin = Origin("stdlib", key[1], key[2] or None, origin.guarded, key[3])
        if origin.kind == "stdlib":
            kind = self._stdlib_kind(origin)
            if commit:
                self.stdlib[name] = origin
                self.bind(name, key, kind)
            return kind
        if origin.kind == "project" and key[0] == "local" and self.alias(name, key, commit):
            return VALUE  # a type alias of another module, mirrored: annotations read as the real ones
        if origin.kind in ("project", "external"):
            kind = MODULE_REF if origin.attr is None or self._is_module(origin) else REF
            if commit:
                self.refs[name] = self.reference_code(origin, module_ref=kind == MODULE_REF, env=env)
                self.bind(name, key, kind)
            return kind
        # a definition of another module, needed by one of its definitions mirrored here
        if not commit:
            return VALUE
        return VALUE if self.mirror(env, name) else None

    def _is_module(self, origin: Origin) -> bool:
        return origin.attr is not None and f"{origin.module}.{origin.attr}" in self.modules

    def _stdlib_kind(self, origin: Origin) -> str:
        if origin.guarded or _platform(origin):
            return MODULE_REF if origin.attr is None else REF
        return VALUE

    def reference_code(self, origin: Origin, *, module_ref: bool, env: ModuleSource) -> str:
        """The stand-in for an imported object: ``_planner.reference("click.core", "Context", ...)``."""
        within = string_literal(self.target.name)
        if module_ref:
            module = origin.module if origin.attr is None else f"{origin.module}.{origin.attr}"
            return f"{self.runtime}.module_reference({string_literal(module)}, within={within})"
        assert origin.attr is not None
        return (
            f"{self.runtime}.reference({string_literal(origin.module)}, {string_literal(origin.attr)}, within={within})"
        )

    # --- expressions ----------------------------------------------------------------------

    def resolve(self, name: str, env: ModuleSource, scope: Scope | None) -> str | None:
        """The canonical dotted path ``name`` stands for (for calls and decorators)."""
        if scope is not None and name in scope.names:
            return None
        origin = env.env.get(name)
        if origin is None:
            return f"builtins.{name}" if name in _BUILTINS else None
        if origin.kind == "local":
            return f"{env.name}.{name}"
        if origin.attr is None:
            return origin.module
        return f"{origin.module}.{origin.attr}"

    def canonical(self, expr: ast.expr, env: ModuleSource, scope: Scope | None) -> str | None:
        return canonical(expr, lambda name: self.resolve(name, env, scope))

    def code(self, expr: ast.expr, env: ModuleSource, scope: Scope | None, *, commit: bool = True) -> str | None:
        """``expr`` as code the stub can run, binding what it reads (unless not ``commit``);
        ``None`` if it cannot."""
        names = names_in(expr)
        if names is None:
            return None
        parents: dict[int, ast.AST] = {}
        for node in ast.walk(expr):
            for child in ast.iter_child_nodes(node):
                parents[id(child)] = node
            if isinstance(node, ast.Call) and not self._call_ok(node, env, scope):
                return None
        found = list(names)
        for name in found:
            kind = self.lookup(name.id, env, scope, commit=False)
            if kind is None or not _depth_ok(name, kind, parents):
                return None
        for name in found if commit else ():
            if self.lookup(name.id, env, scope, commit=True) is None:
                return None
        return requote(ast.unparse(expr))

    def _call_ok(self, call: ast.Call, env: ModuleSource, scope: Scope | None) -> bool:
        func = call.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Constant):
            return isinstance(func.value.value, str | bytes)
        path = self.canonical(func, env, scope)
        return path is not None and call_allowed(path)

    def text(self, expr: ast.expr) -> str:
        """``expr`` as one line of source text (for string annotations and placeholders)."""
        return " ".join(ast.unparse(expr).split())


def _platform(origin: Origin) -> bool:
    if origin.module in PLATFORM_MODULES or origin.module.partition(".")[0] in PLATFORM_MODULES:
        return True
    return origin.attr is not None and f"{origin.module}.{origin.attr}" in PLATFORM_MODULES


def _depth_ok(name: ast.Name, kind: str, parents: dict[int, ast.AST]) -> bool:
    """Stand-ins fail when their attributes are read: allow none on a stand-in, one on a module."""
    allowed = {VALUE: None, PROPERTY: None, MODULE_REF: 1, REF: 0}[kind]
    if allowed is None:
        return True
    depth = 0
    node: ast.AST = name
    while True:
        parent = parents.get(id(node))
        if not isinstance(parent, ast.Attribute) or parent.value is not node:
            return depth <= allowed
        depth += 1
        node = parent
