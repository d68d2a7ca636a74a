"""Which expressions of the real source a stub may copy and run, and which decorators it keeps.

A stub mirrors signatures, so it must evaluate the same defaults, annotations
(in modules without ``from __future__ import annotations``), base classes and
constants as the real module, but it must not run the real module's code nor
import anything of the project. An expression is copied only when it is made
of literals, names the stub can bind (builtins, standard-library imports, the
stub's own definitions and stand-ins), operators, subscripts, and calls of a
short list of side-effect-free callables (type constructors, ``typing``,
``dataclasses.field``, ``re.compile``, ...). Everything else is kept as text:
a string annotation, or a placeholder whose ``repr`` is the source text.

These are the module's own expressions, rendered by :func:`ast.unparse` from
its syntax tree (so no text can break out of the expression); nothing is
evaluated while generating.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator

__all__ = [
    "CLASS_DECORATORS",
    "FUNCTION_DECORATORS",
    "PLATFORM_MODULES",
    "call_allowed",
    "canonical",
    "names_in",
]

_BUILTIN_CALLS = frozenset(
    {
        "object",
        "int",
        "float",
        "complex",
        "str",
        "bytes",
        "bytearray",
        "bool",
        "tuple",
        "list",
        "dict",
        "set",
        "frozenset",
        "type",
        "staticmethod",
        "classmethod",
        "property",
        "slice",
        "range",
        "len",
        "repr",
        "chr",
        "ord",
        "abs",
        "min",
        "max",
        "isinstance",
        "issubclass",
        "hasattr",  # ``can_fork = hasattr(os, "fork")``: of a module the stub imports (the standard library)
        "callable",
        "TypeError",
        "ValueError",
        "NotImplementedError",
    }
)

_STDLIB_CALL_MODULES = frozenset(
    {
        "typing",
        "collections",
        "collections.abc",
        "enum",
        "dataclasses",
        "functools",
        "re",
        "decimal",
        "fractions",
        "datetime",
        "string",
        "types",
        "abc",
        "numbers",
        "weakref",
        "threading",
        "contextvars",
        "struct",
        "codecs",
        "logging",
        "math",
        "pathlib",
        "uuid",
        "ipaddress",
        "textwrap",
        "operator",
        "os.path",
        "posixpath",
        "ntpath",
    }
)

_DENIED_PATHS = frozenset({"functools.reduce", "logging.basicConfig", "logging.disable", "logging.captureWarnings"})

_CALL_PATHS = frozenset(
    {
        "os.environ.get",
        "os.getenv",
        "os.fspath",
        "sys.getdefaultencoding",
        "sys.getfilesystemencoding",
        "sys.platform.startswith",
        "sys.intern",
        "codecs.lookup",
    }
)

PLATFORM_MODULES = frozenset(
    {
        "msvcrt",
        "winreg",
        "winsound",
        "_winapi",
        "_overlapped",
        "nt",
        "posix",
        "pwd",
        "grp",
        "spwd",
        "fcntl",
        "termios",
        "tty",
        "pty",
        "resource",
        "syslog",
        "curses",
        "_curses",
        "readline",
        "crypt",
        "nis",
        "ossaudiodev",
        "_posixsubprocess",
        "ctypes.wintypes",
        "ctypes.windll",
        "ctypes.oledll",
        "ctypes.WinDLL",
        "ctypes.OleDLL",
        "ctypes.WINFUNCTYPE",
        "ctypes.HRESULT",
        "ctypes.FormatError",
        "ctypes.GetLastError",
        "ctypes.WinError",
        "ctypes.get_last_error",
        "ctypes.set_last_error",
    }
)
"""Standard-library modules (and names) that exist on some platforms only: a stub imports
them in a ``try`` and puts a stand-in in their place where they are missing."""

FUNCTION_DECORATORS = frozenset(
    {
        "builtins.staticmethod",
        "builtins.classmethod",
        "builtins.property",
        "functools.cached_property",
        "abc.abstractmethod",
        "typing.final",
        "typing.no_type_check",
    }
)
"""Decorators a stub keeps on methods and functions: they shape how the function is reached
(``typing.overload`` makes the stub skip the definition; any other decorator is left out)."""

CLASS_DECORATORS = frozenset(
    {
        "dataclasses.dataclass",
        "enum.unique",
        "typing.final",
        "typing.runtime_checkable",
    }
)
"""Decorators a stub keeps on classes: they make the constructor, compare or check the class."""

_ALLOWED_NODES = (
    ast.Constant,
    ast.Name,
    ast.Attribute,
    ast.Subscript,
    ast.Slice,
    ast.Tuple,
    ast.List,
    ast.Dict,
    ast.Set,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.keyword,
    ast.Starred,
    ast.JoinedStr,
    ast.FormattedValue,
    ast.Load,
    ast.operator,
    ast.unaryop,
    ast.boolop,
    ast.cmpop,
    ast.expr_context,
)


def canonical(expr: ast.expr, resolve: Callable[[str], str | None]) -> str | None:
    """The dotted path a ``Name``/``Attribute`` chain stands for, or ``None``.

    ``resolve`` maps a bare name to what it is bound to (``t`` -> ``typing``,
    ``field`` -> ``dataclasses.field``, ``int`` -> ``builtins.int``).
    """
    attrs: list[str] = []
    while isinstance(expr, ast.Attribute):
        attrs.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    base = resolve(expr.id)
    if base is None:
        return None
    return ".".join([base, *reversed(attrs)])


def call_allowed(path: str) -> bool:
    """Whether calling ``path`` (a canonical dotted path) is free of side effects."""
    if path.startswith("builtins."):
        return path.removeprefix("builtins.") in _BUILTIN_CALLS
    if path in _CALL_PATHS:
        return True
    if path in _DENIED_PATHS:
        return False
    module = path.rpartition(".")[0]
    while module:
        if module in _STDLIB_CALL_MODULES:
            return True
        module = module.rpartition(".")[0]
    return False


def names_in(expr: ast.expr) -> Iterator[ast.Name] | None:
    """The names an expression reads, or ``None`` if it holds anything a stub may not copy
    (lambdas, comprehensions, walrus, ``await``, ``yield``)."""
    names = []
    for node in ast.walk(expr):
        if not isinstance(node, _ALLOWED_NODES):
            return None
        if isinstance(node, ast.Name):
            names.append(node)
    return iter(names)
