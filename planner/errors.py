"""The exception tree of planner.

Every error planner raises on purpose derives from :class:`PlannerError` and
carries what a user needs to fix the problem (a file, a line, a node)::

    PlannerError
    ├── UsageError                a request that cannot be honoured as asked
    │   │                         (unknown strategy, target layer out of range)
    │   └── ConfigError           [tool.planner] in pyproject.toml: unknown key,
    │                             wrong type, a path out of the project
    ├── InputError                a file the user gave is wrong
    │   ├── GraphLoadError        graph file: syntax, unknown kind, self-loop, ...
    │   ├── SourceError           Python source tree that cannot be scanned
    │   ├── PlanFileError         plan file: unknown schema, missing key, ...
    │   └── TestSuiteError        a test suite pytest cannot collect or run
    │                             (collection error, pytest refusing its options)
    ├── PlanningError             the input is fine but no answer exists
    │   └── UnbreakableCycleError a cycle closed only by unbreakable dependencies
    ├── OutputError               an output cannot be written (exists without
    │                             ``--force``, or the write failed)
    ├── DependencyError           a feature needs an optional dependency that
    │                             is not installed (``pip install 'integration-planner[exact]'``)
    └── RenderError               a picture cannot be drawn
        └── GraphvizMissingError  Graphviz's ``dot`` is not installed

``str(error)`` is always one line, ``path:line: message`` where a path and a
line are known. An error about a parameter names it (``parameter``) as the library
calls it (``time_limit must be ...``); the command line shows its flag instead
(``--time-limit must be ...``, see :mod:`planner.cli._flags`). The command line maps
:class:`UsageError` to exit code 2 and every other :class:`PlannerError` to exit code 1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

__all__ = [
    "ConfigError",
    "DependencyError",
    "GraphLoadError",
    "GraphvizMissingError",
    "InputError",
    "OutputError",
    "PlanFileError",
    "PlannerError",
    "PlanningError",
    "RenderError",
    "SourceError",
    "TestSuiteError",
    "UnbreakableCycleError",
    "UsageError",
]


class PlannerError(Exception):
    """Base of every error planner raises on purpose.

    ``parameter`` names the parameter (or parameters) at fault as the library calls them
    (``max_nodes``); the message writes each as ``{max_nodes}``. ``str(error)`` reads the
    library's name ("max_nodes must be ..."); the command line shows its flag instead
    (``error.worded(flag)``: "--max-nodes must be ...").
    """

    def __init__(self, message: str, *, parameter: str | Sequence[str] | None = None) -> None:
        self.parameters: tuple[str, ...] = (parameter,) if isinstance(parameter, str) else tuple(parameter or ())
        self.template = message
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The message with the library's names of the parameters (without where it is)."""
        return self._text()

    @message.setter
    def message(self, text: str) -> None:
        # A loader adds where it was to a builder's message (``edges[3]: ...``): the
        # parameters the message named stay parameters.
        self.template = text.replace(self._text(), self.template) if self.parameters else text

    @property
    def parameter(self) -> str | None:
        """The (first) parameter at fault, or None."""
        return self.parameters[0] if self.parameters else None

    def worded(self, name: Callable[[str], str] | None = None) -> str:
        """The error on one line, after where it is (a file, a line), each parameter named by
        ``name`` (default: the library's own name)."""
        return _one_line(self._where() + self._text(name))

    def _text(self, name: Callable[[str], str] | None = None) -> str:
        text = self.template
        for parameter in self.parameters:
            text = text.replace("{" + parameter + "}", parameter if name is None else name(parameter))
        return text

    def _where(self) -> str:
        return ""

    def __str__(self) -> str:
        return self.worded()


class UsageError(PlannerError):
    """The request cannot be honoured as asked (an option's value is wrong)."""


class ConfigError(UsageError):
    """The project's configuration is wrong: ``path`` names the file, ``key`` the key at fault
    (as ``[tool.planner.plan] strategy``), where there is one."""

    def __init__(self, message: str, *, path: str, key: str | None = None) -> None:
        self.path = path
        self.key = key
        super().__init__(message)

    def _where(self) -> str:
        return f"{self.path}: {self.key}: " if self.key is not None else f"{self.path}: "


class InputError(PlannerError):
    """A file the user gave is wrong; ``path`` and, where known, ``line`` say where."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        parameter: str | Sequence[str] | None = None,
    ) -> None:
        self.path = path
        self.line = line
        super().__init__(message, parameter=parameter)

    def _where(self) -> str:
        if self.path is None:
            return ""
        return (self.path if self.line is None else f"{self.path}:{self.line}") + ": "


class GraphLoadError(InputError):
    """A graph file cannot be loaded: bad syntax, unknown edge kind, self-loop, ..."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        node: str | None = None,
    ) -> None:
        super().__init__(message, path=path, line=line)
        self.node = node


class SourceError(InputError):
    """A Python source tree cannot be scanned into a graph."""


class PlanFileError(InputError):
    """A plan file cannot be read: unknown schema version, missing or bad key."""


class TestSuiteError(InputError):
    """pytest cannot collect (or start on) the test suite: ``path`` names the file at fault."""

    __test__ = False  # a class named Test*: not a test class for pytest


class PlanningError(PlannerError):
    """The input is well formed but no plan satisfies it."""


class UnbreakableCycleError(PlanningError):
    """A dependency cycle that only unbreakable edges close, so no stub may break it."""

    def __init__(self, cycle: Sequence[tuple[str, str, str]]) -> None:
        self.cycle = tuple(cycle)
        path = "".join(f"{u} -{kind}-> " for u, _, kind in self.cycle) + self.cycle[0][0]
        super().__init__(
            f"cycle closed only by unbreakable dependencies: {path}; no stub may break it "
            "(mark one of these edges breakable, or plan with {cycles} cluster)",
            parameter="cycles",
        )


class OutputError(PlannerError):
    """An output file cannot be written."""

    def __init__(self, message: str, *, path: str, parameter: str | Sequence[str] | None = None) -> None:
        self.path = path
        super().__init__(message, parameter=parameter)

    def _where(self) -> str:
        return f"{self.path}: "


class DependencyError(PlannerError):
    """A feature needs an optional dependency that is not installed."""


class RenderError(PlannerError):
    """A picture cannot be drawn (Graphviz failed, or is missing)."""


class GraphvizMissingError(RenderError):
    """Graphviz's ``dot`` program, needed for this output format, is not installed."""


def _one_line(text: str) -> str:
    return " ".join(text.split())
